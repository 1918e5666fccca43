"""The snippet record, its schema, loading it from YAML, and the indexes every request reads."""
