"""Benchmarks: run by hand, tables in bench/README.md."""
