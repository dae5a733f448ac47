"""`mlrun.config` of the DOUBLE: the MLRun version it plays and the config value that decides how project secrets
are named in job pods (mlrun/config.py, `secret_stores.kubernetes.env_variable_prefix`).

The version is selectable: env `MLRUN_DOUBLE_VERSION` (e.g. `1.7.0`, `1.8.0`; default `1.8.0`, a current release).
  - up to 1.7: the prefix defaults to `MLRUN_K8S_SECRET__` and `k8s_env_variable_name_for_secret` upper-cases the key;
  - from 1.8 (and development builds `0.0.0…`): the prefix defaults to "" and the key is used as it is.
Like MLRun's `read_env`, `MLRUN_SECRET_STORES__KUBERNETES__ENV_VARIABLE_PREFIX` overrides the prefix (JSON-decoded
when it is JSON).
"""
import json
import os
import re

VERSION = os.environ.get("MLRUN_DOUBLE_VERSION") or "1.8.0"


def _parse(version):
    m = re.match(r"v?(\d+)\.(\d+)", version)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


_MAJOR_MINOR = _parse(VERSION)
# MLRun 1.8 (PRs #6955, #7097) dropped the prefix and the upper-casing; development builds (0.0.0) follow it.
UPPER_CASES_KEYS = (0, 0) < _MAJOR_MINOR < (1, 8)


def _prefix():
    raw = os.environ.get("MLRUN_SECRET_STORES__KUBERNETES__ENV_VARIABLE_PREFIX")
    if raw is None:
        return "MLRUN_K8S_SECRET__" if UPPER_CASES_KEYS else ""
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return value if isinstance(value, str) else str(value)


class _Section:
    def __init__(self, **kw):
        self.__dict__.update(kw)


config = _Section(
    version=VERSION,
    secret_stores=_Section(kubernetes=_Section(env_variable_prefix=_prefix(), project_secret_name="mlrun-project-secrets-{project}")),
)
