"""`mlrun.runtimes` of the DOUBLE."""
