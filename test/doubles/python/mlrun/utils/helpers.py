"""`mlrun.utils.helpers.list2dict` of the DOUBLE: MLRun's code (mlrun/utils/helpers.py at c43870ff), verbatim in
behaviour: split at the first "=", strip both sides, expand variables in the value, skip lines without "="."""
from os import path


def list2dict(lines: list):
    out = {}
    for line in lines:
        i = line.find("=")
        if i == -1:
            continue
        key, value = line[:i].strip(), line[i + 1 :].strip()
        if key is None:
            raise ValueError("cannot find key in line (key=value)")
        value = path.expandvars(value)
        out[key] = value
    return out
