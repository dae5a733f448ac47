"""`mlrun.utils` of the DOUBLE."""
