"""`mlrun.secrets` of the DOUBLE: SecretsStore and get_secret_or_env with MLRun's semantics (§3.2, §4.3)."""
import ast
import os

from .utils.helpers import list2dict

PREFIX = "MLRUN_K8S_SECRET__"


class SecretsStore:
    def __init__(self):
        self._secrets = {}
        self._hidden_secrets = {}
        self._hidden_sources = []

    @classmethod
    def from_list(cls, src_list):
        store = cls()
        if src_list and isinstance(src_list, list):
            for src in src_list:
                store.add_source(src["kind"], src.get("source"), src.get("prefix", ""))
        return store

    def add_source(self, kind, source="", prefix=""):
        if kind == "inline":
            if isinstance(source, str):
                source = ast.literal_eval(source)
            if not isinstance(source, dict):
                raise ValueError("inline secrets must be of type dict")
            for k, v in source.items():
                self._secrets[prefix + k] = str(v)
        elif kind == "file":
            with open(str(source)) as fp:
                lines = fp.read().splitlines()
                for k, v in list2dict(lines).items():
                    self._secrets[prefix + k] = str(v)
        elif kind == "env":
            for key in source.split(","):
                k = key.strip()
                self._secrets[prefix + k] = os.environ.get(k)
        elif kind == "azure_vault":
            if isinstance(source, str):
                source = ast.literal_eval(source)
            if not isinstance(source, dict) or "name" not in source:
                raise ValueError("azure_vault source must be a dict with a name")
            # The double cannot reach Key Vault: it records the source only.
            self._hidden_sources.append({"kind": kind, "source": source})
        elif kind == "kubernetes":
            if isinstance(source, str):
                source = ast.literal_eval(source)
            if not isinstance(source, list):
                raise ValueError("k8s secrets must be of type list")
            for name in source:
                value = os.environ.get(PREFIX + name.upper())
                if value:
                    self._hidden_secrets[prefix + name] = value
            self._hidden_sources.append({"kind": kind, "source": source})

    def get(self, key, default=None):
        return self._secrets.get(key) or self._hidden_secrets.get(key) or os.environ.get(PREFIX + key.upper()) or default

    def to_serial(self):
        return [{"kind": "inline", "source": self._secrets.copy()}] + self._hidden_sources


def get_secret_or_env(key, secret_provider=None, default=None, prefix=None):
    if prefix:
        key = f"{prefix}_{key}"
    if secret_provider:
        if isinstance(secret_provider, (dict, SecretsStore)):
            value = secret_provider.get(key)
        else:
            value = secret_provider(key)
        if value:
            return value
    return os.getenv(key) or os.getenv(PREFIX + key.upper()) or default
