"""Following documents: the pure run engine over a revision, and where runs are kept."""
