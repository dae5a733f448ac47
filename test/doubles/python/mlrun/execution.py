"""`mlrun.execution.MLClientCtx` of the DOUBLE: the parts handlers use."""
import datetime
import json

from .secrets import SecretsStore, get_secret_or_env


class _Logger:
    def _log(self, level, message, **kw):
        now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
        print(f"> {now} [mlrun:{level}] {message}" + (f" {json.dumps(kw, default=str)}" if kw else ""), flush=True)

    def info(self, message, **kw):
        self._log("info", message, **kw)

    def debug(self, message, **kw):
        self._log("debug", message, **kw)

    def warning(self, message, **kw):
        self._log("warning", message, **kw)

    def error(self, message, **kw):
        self._log("error", message, **kw)


class MLClientCtx:
    def __init__(self):
        self.name = ""
        self.project = ""
        self.uid = ""
        self.parameters = {}
        self.logger = _Logger()
        self._results = {}
        self._secrets_manager = SecretsStore()

    @classmethod
    def from_dict(cls, attrs):
        ctx = cls()
        meta = attrs.get("metadata") or {}
        spec = attrs.get("spec") or {}
        ctx.name = meta.get("name", "")
        ctx.project = meta.get("project", "")
        ctx.uid = meta.get("uid", "")
        ctx.parameters = dict(spec.get("parameters") or {})
        ctx._secrets_manager = SecretsStore.from_list(spec.get("secret_sources"))
        return ctx

    def get_secret(self, key):
        return get_secret_or_env(key, secret_provider=self._secrets_manager)

    def get_param(self, key, default=None):
        return self.parameters.get(key, default)

    def log_result(self, key, value, commit=False):
        self._results[str(key)] = value

    @property
    def results(self):
        return dict(self._results)
