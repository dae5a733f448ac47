"""A test DOUBLE of the `mlrun` package (never shipped; the real SDK cannot be installed in the test environment).

It implements the few entry points MLRun Secrets' local runner script and MLRun's job pods use —
`code_to_function`, `new_task` / `with_secrets`, `fn.run(local=True)`, `get_secret_or_env`, the context's
`get_secret` / `logger` / `log_result`, and `python -m mlrun run --from-env` — following MLRun's semantics for secret
sources (SecretsStore, §3.2 of docs/mlrun-facts.md) for the MLRun version it plays (env `MLRUN_DOUBLE_VERSION`,
config.py: 1.7 reads `MLRUN_K8S_SECRET__<KEY>`, 1.8+ the key itself), and records how it was called: one JSON line
per call in the file named by env `MLRUN_DOUBLE_RECORD` (names, paths and sources only — never a value).
"""
import importlib.util
import json
import os
import sys
import uuid

from .config import VERSION
from .execution import MLClientCtx
from .runtimes.utils import RunError
from .secrets import SecretsStore, get_secret_or_env

__version__ = VERSION
__double__ = True


def record(event, **fields):
    path = os.environ.get("MLRUN_DOUBLE_RECORD")
    if not path:
        return
    entry = {"event": event, **fields}
    entry["secret_env_names"] = sorted(k for k in os.environ if k.startswith("MLRUN_K8S_SECRET__"))
    entry["mlrun_version"] = VERSION
    with open(path, "a", encoding="utf-8") as fp:
        fp.write(json.dumps(entry, default=str) + "\n")


class _Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)


class RunTemplate:
    def __init__(self, name="", project="", handler="", params=None):
        self.metadata = _Obj(name=name, project=project, uid=None, labels={})
        self.spec = _Obj(handler=handler, parameters=dict(params or {}), secret_sources=[])

    def with_secrets(self, kind, source):
        if kind == "vault" and isinstance(source, list):
            source = {"project": self.metadata.project, "secrets": source}
        self.spec.secret_sources.append({"kind": kind, "source": source})
        record("with_secrets", kind=kind, source=source)
        return self

    def to_dict(self):
        return {
            "metadata": {"name": self.metadata.name, "project": self.metadata.project, "uid": self.metadata.uid},
            "spec": {"handler": self.spec.handler, "parameters": self.spec.parameters, "secret_sources": self.spec.secret_sources},
        }


def new_task(name=None, project=None, handler=None, params=None, **kwargs):
    record("new_task", name=name, project=project, handler=handler, params=params, kwargs=sorted(kwargs))
    return RunTemplate(name or "", project or "", handler or "", params)


class RunObject:
    def __init__(self, metadata, spec, state, results, error=None):
        self.metadata = metadata
        self.spec = spec
        self.status = _Obj(state=state, results=results, error=error)

    def state(self):
        return self.status.state


def load_module(filename):
    path = os.path.abspath(filename)
    stem = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[stem] = module
    spec.loader.exec_module(module)
    return module


def run_handler(filename, handler_name, task_dict, project):
    """What MLRun's local runtime does in-process: context from the run dict, handler call, state."""
    metadata = dict(task_dict.get("metadata") or {})
    metadata.setdefault("project", project)
    metadata["uid"] = metadata.get("uid") or uuid.uuid4().hex
    spec = dict(task_dict.get("spec") or {})
    context = MLClientCtx.from_dict({"metadata": metadata, "spec": spec})
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    module = load_module(filename)
    handler = getattr(module, handler_name)
    try:
        handler(context, **(spec.get("parameters") or {}))
    except Exception as error:  # the run ends in state "error", as MLRun's does
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        return RunObject(_Obj(**metadata), _Obj(**spec), "error", context.results, str(error))
    return RunObject(_Obj(**metadata), _Obj(**spec), "completed", context.results)


class _Function:
    kind = "job"

    def __init__(self, name, project, filename, handler, image):
        self.metadata = _Obj(name=name, project=project)
        self.spec = _Obj(image=image, default_handler=handler, build=_Obj(origin_filename=filename))

    def run(self, runspec=None, handler=None, local=False, artifact_path=None, **kwargs):
        record("run", local=local, artifact_path=artifact_path, handler=handler, task=runspec.to_dict() if runspec else None, kwargs=sorted(kwargs))
        if not local:
            raise RuntimeError("the mlrun double only runs local=True")
        task = runspec.to_dict() if runspec else {"metadata": {}, "spec": {}}
        task["spec"]["handler"] = handler or task["spec"].get("handler") or self.spec.default_handler
        task["metadata"]["name"] = task["metadata"].get("name") or f"{self.metadata.name}-{task['spec']['handler']}"
        run = run_handler(self.spec.build.origin_filename, task["spec"]["handler"], task, self.metadata.project)
        if run.status.state == "error":
            raise RunError(f"run {run.metadata.uid} failed: {run.status.error}")
        return run


def code_to_function(name="", project="", filename="", handler="", kind="", image=None, with_doc=True, **kwargs):
    record("code_to_function", name=name, project=project, filename=filename, handler=handler, kind=kind, image=image, with_doc=with_doc, kwargs=sorted(kwargs), cwd=os.getcwd())
    return _Function(name, project or "default", filename, handler, image or "")


__all__ = ["MLClientCtx", "RunError", "SecretsStore", "code_to_function", "get_secret_or_env", "new_task"]
