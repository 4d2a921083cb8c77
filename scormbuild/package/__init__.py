"""Package stage: one sorted list of entries feeds the manifest and the zip."""
