"""Analyses of documents: the quick test, splitting, and other checks beyond validation."""
