"""MLRun Secrets' fallback job runner (bundled with the extension as dist/jobs/runner.py).

Used for "Run Job with Secrets..." on the local target when `import mlrun` does not work with the chosen
interpreter. It is NOT MLRun: it imports the handler's file and calls the handler with a small context offering
`get_secret`, `logger`, `log_result` / `log_results`, `get_param` and the run's name, project and uid, and it puts a
minimal stand-in `mlrun` module (`MLClientCtx`, `get_secret_or_env`) into `sys.modules` so that files which
`import mlrun` load. Install mlrun in the interpreter to run the job through MLRun's own local runner instead.

Secrets come only from the environment the extension gave this process: each value under both names MLRun's pods
use — `MLRUN_K8S_SECRET__<KEY>` (upper-cased, MLRun 1.7 and earlier) and the key itself (MLRun 1.8 and later), as
no MLRun version can be known here (the plain name is left out where it would replace a variable such as PATH).
Lookups follow `mlrun.get_secret_or_env`. Nothing is written to disk.

Usage (by the extension): python -u runner.py '<json: filename, handler, project, name, uid, params>'
"""
import datetime
import importlib.util
import inspect
import json
import os
import sys
import traceback
import types

PREFIX = "MLRUN_K8S_SECRET__"
TAG = "[MLRun Secrets fallback runner]"


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")


def get_secret_or_env(key, secret_provider=None, default=None, prefix=None):
    """`mlrun.get_secret_or_env`: provider, then env `key`, then env `MLRUN_K8S_SECRET__<KEY>`, then `default`."""
    if prefix:
        key = f"{prefix}_{key}"
    if secret_provider:
        if isinstance(secret_provider, dict):
            value = secret_provider.get(key)
        elif hasattr(secret_provider, "get"):
            value = secret_provider.get(key)
        else:
            value = secret_provider(key)
        if value:
            return value
    return os.getenv(key) or os.getenv(PREFIX + key.upper()) or default


class _Secrets:
    """What a `SecretsStore` with a kubernetes source gives a job: `MLRUN_K8S_SECRET__<KEY>`, and nothing else."""

    def get(self, key, default=None):
        return os.environ.get(PREFIX + key.upper()) or default


class _Logger:
    def __init__(self, name):
        self.name = name

    def _log(self, level, message, *args, **kwargs):
        text = str(message) % args if args else str(message)
        if kwargs:
            text += " " + json.dumps(kwargs, default=str)
        print(f"> {_now()} [{self.name}:{level}] {text}", flush=True)

    def debug(self, message, *args, **kwargs):
        self._log("debug", message, *args, **kwargs)

    def info(self, message, *args, **kwargs):
        self._log("info", message, *args, **kwargs)

    def warning(self, message, *args, **kwargs):
        self._log("warning", message, *args, **kwargs)

    warn = warning

    def error(self, message, *args, **kwargs):
        self._log("error", message, *args, **kwargs)

    def exception(self, message, *args, **kwargs):
        self._log("error", message, *args, **kwargs)


class MLClientCtx:
    """A small stand-in for MLRun's `MLClientCtx` (fallback runner only)."""

    def __init__(self, name="", project="", uid="", parameters=None):
        self.name = name
        self.project = project
        self.uid = uid
        self.iteration = 0
        self.parameters = dict(parameters or {})
        self.labels = {}
        self.annotations = {}
        self.artifact_path = ""
        self.out_path = ""
        self.in_path = ""
        self.logger = _Logger("mlrun")
        self._results = {}
        self._secrets_manager = _Secrets()

    def get_secret(self, key):
        return get_secret_or_env(key, secret_provider=self._secrets_manager)

    def get_param(self, key, default=None):
        if key not in self.parameters:
            self.parameters[key] = default
        return self.parameters[key]

    def set_label(self, key, value, replace=True):
        if replace or key not in self.labels:
            self.labels[key] = str(value)

    def set_annotation(self, key, value, replace=True):
        if replace or key not in self.annotations:
            self.annotations[key] = str(value)

    def log_result(self, key, value, commit=False):
        self._results[str(key)] = value

    def log_results(self, results, commit=False):
        if not isinstance(results, dict):
            raise ValueError("log_results needs a dict")
        for key, value in results.items():
            self.log_result(key, value)

    @property
    def results(self):
        return dict(self._results)

    def log_artifact(self, item, *args, **kwargs):
        name = getattr(item, "key", None) or (item if isinstance(item, str) else type(item).__name__)
        self.logger.warning(f"log_artifact({name!r}) is not supported by the fallback runner; install mlrun to store artifacts")
        return None

    log_dataset = log_artifact
    log_model = log_artifact

    def get_input(self, key, url=""):
        raise NotImplementedError("inputs are not supported by the fallback runner; install mlrun")

    def commit(self, message="", completed=False):
        pass


def _stand_in_mlrun():
    module = types.ModuleType("mlrun", "Stand-in for mlrun provided by MLRun Secrets' fallback runner (not MLRun).")
    module.MLClientCtx = MLClientCtx
    module.get_secret_or_env = get_secret_or_env
    module.__mlrun_secrets_fallback__ = True

    def __getattr__(name):
        raise AttributeError(
            f"mlrun.{name} is not available: mlrun is not installed for {sys.executable}, so MLRun Secrets runs this "
            "job with its fallback runner, which offers only MLClientCtx and get_secret_or_env. Install mlrun."
        )

    module.__getattr__ = __getattr__
    return module


def _load(filename):
    path = os.path.abspath(filename)
    stem = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(stem, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {filename}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[stem] = module
    spec.loader.exec_module(module)
    return module


def _call(handler, context, params):
    kwargs = dict(params)
    signature = inspect.signature(handler)
    names = list(signature.parameters)
    if "context" in signature.parameters:
        kwargs["context"] = context
        return handler(**kwargs)
    if names and names[0] not in kwargs:
        return handler(context, **kwargs)
    return handler(**kwargs)


def main(argv):
    config = json.loads(argv[1])
    filename, handler_name = config["filename"], config["handler"]
    print(
        f"{TAG} mlrun is not installed for {sys.executable} (Python {sys.version.split()[0]}): running "
        f"{filename}:{handler_name} with a minimal context (get_secret, logger, log_result). "
        "Install mlrun to run it through MLRun's local runner.",
        flush=True,
    )
    sys.modules.setdefault("mlrun", _stand_in_mlrun())
    cwd = os.getcwd()
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    context = MLClientCtx(config.get("name", ""), config.get("project", ""), config.get("uid", ""), config.get("params"))
    try:
        module = _load(filename)
        handler = getattr(module, handler_name, None)
        if not callable(handler):
            raise AttributeError(f"{filename} has no function {handler_name!r}")
        returned = _call(handler, context, context.parameters)
    except BaseException as error:  # noqa: BLE001 - report every failure of the user's code, then exit 1
        if isinstance(error, KeyboardInterrupt):
            print(f"{TAG} interrupted", flush=True)
            return 130
        # The user's frames only (the runner's own are skipped), on stdout so it stays in order with the output.
        tb = error.__traceback__
        while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) == os.path.abspath(__file__):
            tb = tb.tb_next
        traceback.print_exception(type(error), error, tb, file=sys.stdout)
        print(f"{TAG} state: error ({type(error).__name__})", flush=True)
        return 1
    if returned is not None:
        print(f"{TAG} the handler returned {returned!r}", flush=True)
    print(f"{TAG} state: completed; results: {json.dumps(context.results, default=str)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
