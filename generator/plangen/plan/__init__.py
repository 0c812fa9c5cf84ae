"""The plan stage: load YAML with positions, validate it against the schemas and the checks,
and keep plan files in canonical layout."""
