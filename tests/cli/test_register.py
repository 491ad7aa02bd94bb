"""`sopflow register` and `sopflow external`, run as a user runs them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.cli.conftest import Run


def test_the_register_lists_and_exports(sopflow: Run, examples: Path, tmp_path: Path) -> None:
    assert sopflow("import", examples).returncode == 0
    shown = sopflow("register", "--kind", "wi")
    assert shown.returncode == 0, shown.stderr
    assert "WI-PAY-003" in shown.stdout
    assert "none" in shown.stdout  # "none in force", wrapped to the terminal
    assert "SOP-FIN-003" not in shown.stdout
    exported = sopflow("register", "--format", "csv", "--text", "refund")
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [row["code"] for row in rows][:2] == ["POL-FIN-001", "SOP-FIN-003"]
    assert rows[1]["revision in force"] == "none in force"
    for form in ("xlsx", "pdf"):
        written = sopflow("register", "--format", form, "-o", tmp_path / f"register.{form}")
        assert written.returncode == 0, written.stderr
        assert (tmp_path / f"register.{form}").stat().st_size > 1000


def test_register_mistakes_are_named(sopflow: Run, examples: Path) -> None:
    sopflow("import", examples)
    bad = sopflow("register", "--state", "live")
    assert bad.returncode == 1
    assert "state: 'live' is not a revision state" in bad.stderr
    missing = sopflow("register", "--format", "xlsx")
    assert missing.returncode == 1
    assert "--output: give a file" in missing.stderr
    assert "Traceback" not in bad.stderr + missing.stderr


def test_external_documents_are_added_listed_and_removed(sopflow: Run) -> None:
    added = sopflow(
        "external",
        "add",
        "EXT-ISO-9001",
        "--issuer",
        "ISO",
        "--reference",
        "ISO 9001",
        "--revision",
        "2015",
        "--date",
        "2015-09-15",
    )
    assert added.returncode == 0, added.stderr
    assert "registered EXT-ISO-9001" in added.stdout
    listed = sopflow("external", "list")
    assert "EXT-ISO-9001" in listed.stdout
    assert "2015-09-15" in listed.stdout
    again = sopflow(
        "external", "add", "EXT-ISO-9001", "--issuer", "ISO", "--reference", "x", "--revision", "y"
    )
    assert again.returncode != 0
    assert "EXT-ISO-9001 is registered already" in again.stderr
    bad_date = sopflow(
        "external",
        "add",
        "EXT-X-1",
        "--issuer",
        "a",
        "--reference",
        "b",
        "--revision",
        "c",
        "--date",
        "15/09/2015",
    )
    assert "--date: '15/09/2015' is not a date" in bad_date.stderr
    assert sopflow("external", "remove", "EXT-ISO-9001").returncode == 0
    gone = sopflow("external", "remove", "EXT-ISO-9001")
    assert gone.returncode != 0
    assert "no external document EXT-ISO-9001" in gone.stderr
