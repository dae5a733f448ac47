"""`mlrun.runtimes.utils` of the DOUBLE."""


class RunError(Exception):
    pass
