"""Pure Python: the canonical plan file (schema, reading, writing) and document importers."""
