"""`sopflow validate`, `schema` and `summary`, run as a user runs them: a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sopflow import __version__


def sopflow(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI the way a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "sopflow", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_version() -> None:
    result = sopflow("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"sopflow {__version__}"


def test_the_examples_are_valid(examples: Path) -> None:
    result = sopflow("validate", str(examples))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "8 document(s) valid" in result.stderr


def test_a_yaml_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("sopflow: 1\nkind: sop\ntitle: 'unterminated\n", encoding="utf-8")
    result = sopflow("validate", str(path))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{path}:4:1: YAML syntax:")
    assert "Traceback" not in result.stderr


def test_a_decision_leading_nowhere_names_file_line_and_column(
    tmp_path: Path, examples: Path
) -> None:
    source = examples / "refunds" / "SOP-FIN-003-customer-refund.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "          next: refund-bank", "          next: refund-by-cheque"
    )
    path = tmp_path / "SOP-FIN-003.yaml"
    path.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index("          next: refund-by-cheque")
    result = sopflow("validate", str(path))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:{line}:17: decision 'payment-method' option 'Bank transfer' leads to "
        "'refund-by-cheque', which does not exist"
    )
    assert "Traceback" not in result.stderr


def test_json_output_lists_problems(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    result = sopflow("validate", "--json", str(path), str(tmp_path / "missing.yaml"))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert [(p["file"], p["rule"]) for p in report["problems"]] == [
        (str(tmp_path / "missing.yaml"), "io"),
        (str(path), "shape"),
    ]


@pytest.mark.parametrize("target", ["missing-folder", "empty-folder"])
def test_nothing_to_validate_is_an_error(tmp_path: Path, target: str) -> None:
    (tmp_path / "empty-folder").mkdir()
    result = sopflow("validate", str(tmp_path / target))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_schema_prints_json_schema() -> None:
    result = sopflow("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["$defs"]) >= {"Sop", "WorkInstruction", "Policy", "Workflow", "Step"}


def test_summary_lists_every_example(examples: Path) -> None:
    result = sopflow("summary", "--json", str(examples))
    assert result.returncode == 0
    rows = {row["code"]: row for row in json.loads(result.stdout)["documents"]}
    assert sorted(rows) == [
        "POL-FIN-001",
        "SOP-FIN-003",
        "SOP-HR-001",
        "SOP-LOG-001",
        "WF-FIN-001",
        "WI-IT-001",
        "WI-PAY-003",
        "WI-PAY-004",
    ]
    refund = rows["SOP-FIN-003"]
    assert (refund["steps"], refund["decisions"], refund["roles"], refund["outcomes"]) == (
        8,
        2,
        3,
        3,
    )
    assert refund["references"] == "POL-FIN-001, WI-PAY-003, WI-PAY-004"
