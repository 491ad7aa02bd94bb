"""The lint rules, one module per family; `sopflow.analysis.lint` runs them all."""
