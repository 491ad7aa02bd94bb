# The two commands of the README: `make demo` and `make test`. Both install what they need.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := .venv/bin/python
SOPFLOW := .venv/bin/sopflow

.PHONY: demo test lint typecheck pytest install uv clean

uv:
	@$(UV) --version >/dev/null 2>&1 || { \
		echo "installing uv (the package manager sopflow uses) with pip"; \
		python3 -m pip install --quiet uv \
		|| python3 -m pip install --quiet --user --break-system-packages uv; }

install: uv
	@bash scripts/system-packages.sh || echo "sopflow: could not install Graphviz; the SVG swimlane will be unavailable"
	@$(UV) sync --frozen --quiet

demo: install
	$(SOPFLOW) validate examples/
	$(SOPFLOW) summary examples/

lint: install
	$(UV) run --frozen ruff check src tests bench
	$(UV) run --frozen ruff format --check src tests bench

typecheck: install
	$(UV) run --frozen mypy src

pytest: install
	$(UV) run --frozen pytest

test: lint typecheck pytest

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache .hypothesis
