"""`mlrun.secrets` of the DOUBLE: SecretsStore and get_secret_or_env with MLRun's semantics (§3.2, §4.3), and the
variable name of a project secret for the version the double plays (config.py): `MLRUN_K8S_SECRET__<KEY>` up to
MLRun 1.7, the key itself from 1.8."""
import ast
import os

from .config import UPPER_CASES_KEYS, config
from .utils.helpers import list2dict


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
                value = os.environ.get(self.k8s_env_variable_name_for_secret(name))
                if value:
                    self._hidden_secrets[prefix + name] = value
            self._hidden_sources.append({"kind": kind, "source": source})

    def get(self, key, default=None):
        return (
            self._secrets.get(key)
            or self._hidden_secrets.get(key)
            or os.environ.get(self.k8s_env_variable_name_for_secret(key))
            or default
        )

    def to_serial(self):
        return [{"kind": "inline", "source": self._secrets.copy()}] + self._hidden_sources

    @staticmethod
    def k8s_env_variable_name_for_secret(secret_name):
        prefix = config.secret_stores.kubernetes.env_variable_prefix
        return prefix + (secret_name.upper() if UPPER_CASES_KEYS else secret_name)

    def get_k8s_secrets(self):
        for source in self._hidden_sources:
            if source["kind"] == "kubernetes":
                return {secret: self.k8s_env_variable_name_for_secret(secret) for secret in source["source"]}
        return None


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
    return os.getenv(key) or os.getenv(SecretsStore.k8s_env_variable_name_for_secret(key)) or default
