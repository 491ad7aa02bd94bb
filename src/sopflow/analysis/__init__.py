"""Analysis of documents: the quick test, lint, split, graph checks and revision diffs."""
