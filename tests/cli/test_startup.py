"""The command line imports only what a command uses: `--help` lists every command without
importing one, and rendering a file never loads the library layer. Checked by running the
real command in a fresh interpreter and reading its `sys.modules`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sopflow.cli.app import COMMANDS, SUMMARIES, load_command

REPO = Path(__file__).resolve().parents[2]
REFUND = REPO / "examples" / "refunds" / "SOP-FIN-003-customer-refund.yaml"
HEAVY = ("sqlalchemy", "alembic", "spacy", "weasyprint", "av", "faster_whisper", "docx")

PROBE = """
import json, runpy, sys
sys.argv = ["sopflow", *sys.argv[1:]]
try:
    runpy.run_module("sopflow", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def imported_by(*arguments: str | Path) -> set[str]:
    """The modules loaded by `sopflow ARGUMENTS` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, arguments)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=REPO,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY}


def test_help_imports_no_command_module_and_no_heavy_library() -> None:
    modules = imported_by("--help")
    commands = {module for module, _ in COMMANDS.values()}
    assert modules & commands == set()
    assert heavy(modules) == set()


def test_rendering_a_file_does_not_import_the_library_layer() -> None:
    modules = imported_by("render", REFUND, "--to", "md")
    assert "sopflow.formats.render.markdown" in modules or "sopflow.cli.render" in modules
    assert heavy(modules) == set()
    assert not any(m.startswith("sopflow.library") for m in modules)


def test_validating_a_file_imports_no_heavy_library() -> None:
    assert heavy(imported_by("validate", REFUND)) == set()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_help_list_says_what_each_command_says(name: str) -> None:
    own = " ".join((load_command(name).help or "").split("\n\n")[0].split())
    assert SUMMARIES[name] == own
