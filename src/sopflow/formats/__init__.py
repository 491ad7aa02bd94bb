"""Reading and writing files: the YAML source format, its JSON Schema, and the views."""
