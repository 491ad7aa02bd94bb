"""The library commands, end to end: a real process for the main path and the failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.cli.conftest import Run
from typer.testing import CliRunner

from sopflow.cli.app import app
from sopflow.errors import SopflowError
from sopflow.library.migrations import head_revision


@pytest.fixture
def env(library_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment of a user whose library is at library_url."""
    monkeypatch.setenv("SOPFLOW_DATABASE_URL", library_url)
    monkeypatch.setenv("SOPFLOW_HOME", str(tmp_path / "home"))
    return {
        **os.environ,
        "SOPFLOW_DATABASE_URL": library_url,
        "SOPFLOW_HOME": str(tmp_path / "home"),
    }


def sopflow(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sopflow", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def invoke(*args: str) -> tuple[int, str, str]:
    """The command run in this process; a SopflowError is raised as main() would print it."""
    result = CliRunner().invoke(app, list(args))
    if isinstance(result.exception, SopflowError):
        raise result.exception
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_import_then_search_and_where_used(env: dict[str, str], examples: Path) -> None:
    imported = sopflow("import", str(examples), env=env)
    assert imported.returncode == 0, imported.stderr
    assert "8 new, 0 revised, 0 unchanged" in imported.stderr
    found = sopflow("search", "refund", env=env)
    assert found.returncode == 0, found.stderr
    assert "SOP-FIN-003  sop  Customer refund" in found.stdout
    assert "[refund]" in found.stdout.lower()
    used = sopflow("where-used", "WI-PAY-003", env=env)
    assert used.stdout.splitlines() == ["SOP-FIN-003\tsop\tCustomer refund"]


def test_search_json_and_filters(env: dict[str, str], examples: Path) -> None:
    invoke("import", str(examples))
    code, stdout, _ = invoke("search", "refund", "--kind", "wi", "--json")
    assert code == 0
    hits = json.loads(stdout)["hits"]
    assert {hit["code"] for hit in hits} == {"WI-PAY-003", "WI-PAY-004"}
    assert all(any(f["highlighted"] for f in hit["fragments"]) for hit in hits)


def test_where_used_all_and_check(env: dict[str, str], examples: Path) -> None:
    invoke("import", str(examples / "refunds" / "SOP-FIN-003-customer-refund.yaml"))
    code, stdout, _ = invoke("check")
    assert code == 1
    assert "SOP-FIN-003: refers to WI-PAY-003, which is not in the library" in stdout
    invoke("import", str(examples))
    assert invoke("check")[0] == 0
    _, stdout, _ = invoke("where-used", "--all", "--json", "WI-PAY-003")
    assert [d["code"] for d in json.loads(stdout)["dependants"]] == [
        "SOP-FIN-003",
        "POL-FIN-001",
        "WF-FIN-001",
    ]


def test_export_show_list_history(env: dict[str, str], examples: Path, tmp_path: Path) -> None:
    invoke("import", str(examples))
    code, stdout, _ = invoke("export", str(tmp_path / "out"))
    assert code == 0
    assert len(stdout.splitlines()) == 8
    _, shown, _ = invoke("show", "WI-PAY-003")
    assert shown == (tmp_path / "out" / "work-instructions" / "WI-PAY-003.yaml").read_text(
        encoding="utf-8"
    )
    _, listed, _ = invoke("list", "--json", "--kind", "sop")
    assert [row["code"] for row in json.loads(listed)["documents"]] == [
        "SOP-FIN-003",
        "SOP-HR-001",
        "SOP-LOG-001",
    ]
    _, revisions, _ = invoke("history", "SOP-FIN-003", "--json")
    assert [r["number"] for r in json.loads(revisions)["revisions"]] == [1]


def test_reading_commands_need_a_library(tmp_path: Path) -> None:
    env = {**os.environ, "SOPFLOW_HOME": str(tmp_path / "home")}
    env.pop("SOPFLOW_DATABASE_URL", None)
    result = sopflow("search", "refund", env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("sopflow: library ")
    assert "no such file; add documents with `sopflow import PATH`" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("corrupt", "not a usable sopflow library: file is not a database"),
        (
            "postgresql://postgres@127.0.0.1:1/nothing",
            "the database server does not answer (connection failed",
        ),
    ],
)
def test_a_broken_database_is_one_line_and_exit_1(tmp_path: Path, url: str, message: str) -> None:
    if url == "corrupt":
        corrupt = tmp_path / "library.sqlite3"
        corrupt.write_bytes(b"\x00garbage" * 1000)
        url = f"sqlite:///{corrupt}"
    result = sopflow("list", env={**os.environ, "SOPFLOW_DATABASE_URL": url})
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr


def test_a_bad_file_imports_nothing(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sopflow: 1\nkind: wi\ncode: WI-PAY-1\ntitle: x\n", encoding="utf-8")
    with pytest.raises(SopflowError, match=r"bad\.yaml:3:7: .*is not a document code"):
        invoke("import", str(bad))


def test_a_code_that_belongs_to_another_document_imports_nothing(
    env: dict[str, str], examples: Path, tmp_path: Path
) -> None:
    assert invoke("import", str(examples / "refunds"))[0] == 0
    held = (examples / "refunds" / "WI-PAY-004-bank-transfer-refund.yaml").read_text()
    other = tmp_path / "new" / "reset.yaml"
    other.parent.mkdir()
    other.write_text(
        "sopflow: 1\nkind: wi\ncode: WI-PAY-004\ntitle: Reset a password\n"
        "steps:\n  - action: Open the account page\n  - action: Click Reset password\n"
    )
    fresh = tmp_path / "new" / "WI-PAY-099.yaml"
    fresh.write_text(
        "sopflow: 1\nkind: wi\ncode: WI-PAY-099\ntitle: Something new\n"
        "steps:\n  - action: Open the new page\n"
    )
    result = sopflow("import", str(tmp_path / "new"), env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"{other}: code WI-PAY-004 already belongs to 'Make a bank-transfer refund'"
        in result.stderr
    )
    assert "give this document another code" in result.stderr
    listed = json.loads(invoke("list", "--json")[1])["documents"]
    assert "WI-PAY-099" not in [item["code"] for item in listed]
    assert "Reset a password" not in invoke("show", "WI-PAY-004")[1]
    assert [line.split("\t")[0] for line in invoke("history", "WI-PAY-004")[1].splitlines()] == [
        "1"
    ]

    revised = tmp_path / "edit" / "WI-PAY-004.yaml"
    revised.parent.mkdir()
    revised.write_text(held.replace("  - action: ", "  - action: Then ", 1))
    assert invoke("import", str(revised.parent))[:2] == (0, "WI-PAY-004\trevised\n")


def test_sopflow_home_holds_the_default_library(
    tmp_path: Path, examples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOPFLOW_DATABASE_URL", raising=False)
    monkeypatch.setenv("SOPFLOW_HOME", str(tmp_path / "home"))
    assert invoke("import", str(examples / "refunds"))[0] == 0
    assert (tmp_path / "home" / "library.sqlite3").is_file()
    _, stdout, _ = invoke("list", "--json")
    assert len(json.loads(stdout)["documents"]) == 5


WALKTHROUGHS = Path(__file__).resolve().parents[2] / "examples" / "walkthroughs"


def test_capture_save_stores_drafts_under_library_codes(
    env: dict[str, str], examples: Path, tmp_path: Path
) -> None:
    invoke("import", str(examples))
    code, stdout, _ = invoke(
        "capture",
        str(WALKTHROUGHS / "refund-mixed.md"),
        "--area",
        "FIN",
        "--save",
        "--out",
        str(tmp_path / "drafts"),
    )
    assert code == 0
    lines = [line.split("\t") for line in stdout.splitlines()]
    assert [(line[0], line[2]) for line in lines] == [
        ("SOP-FIN-004", "draft revision 1"),  # after the imported SOP-FIN-003
        ("WI-FIN-001", "draft revision 1"),
    ]
    assert not (tmp_path / "drafts").exists()
    _, used, _ = invoke("where-used", "WI-FIN-001")
    assert used.startswith("SOP-FIN-004\tsop\t")
    _, history, _ = invoke("history", "SOP-FIN-004")
    assert "\tdraft\t" in history


def test_import_stores_the_screenshots_beside_a_file_and_names_the_missing(
    env: dict[str, str], examples: Path, tmp_path: Path
) -> None:
    from PIL import Image

    folder = tmp_path / "drafts"
    (folder / "WI-PAY-003.media").mkdir(parents=True)
    Image.new("RGB", (20, 12), (0, 120, 0)).save(folder / "WI-PAY-003.media" / "one.png")
    text = (examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml").read_text()
    text = text.replace("  - action: ", "  - image: WI-PAY-003.media/one.png\n    action: ", 1)
    text = text.replace("  - action: ", "  - image: WI-PAY-003.media/two.png\n    action: ", 1)
    (folder / "WI-PAY-003.yaml").write_text(text)
    imported = sopflow("import", str(folder), env=env)
    assert imported.returncode == 0, imported.stderr
    assert "WI-PAY-003: screenshot WI-PAY-003.media/two.png not found beside its file" in (
        imported.stderr
    )
    assert "1 new, 0 revised, 0 unchanged, 1 screenshot(s) stored" in imported.stderr
    exported = sopflow("export", str(tmp_path / "out"), env=env)
    assert exported.returncode == 0, exported.stderr
    written = tmp_path / "out" / "work-instructions" / "WI-PAY-003.media" / "one.png"
    assert written.read_bytes() == (folder / "WI-PAY-003.media" / "one.png").read_bytes()


def test_a_captured_step_that_follows_a_library_document_refers_to_its_code(
    env: dict[str, str], examples: Path, tmp_path: Path
) -> None:
    invoke("import", str(examples))
    told = tmp_path / "told.txt"
    told.write_text(
        "The agent opens the ticket. The agent follows the bank-transfer refund instruction. "
        "Then the agent closes the ticket.\n"
    )
    code, stdout, _ = invoke("capture", str(told), "--area", "FIN", "--save", "--kind", "sop")
    assert code == 0
    saved = stdout.split("\t")[0]
    _, used, _ = invoke("where-used", "WI-PAY-004")  # "Make a bank-transfer refund"
    assert f"{saved}\tsop\tTold" in used.splitlines()


def test_db_upgrade_makes_the_library_then_finds_it_current(sopflow: Run, tmp_path: Path) -> None:
    made = sopflow("db", "upgrade")
    assert made.returncode == 0, made.stderr
    assert f"made, schema at {head_revision()}" in made.stdout
    assert (tmp_path / "library.db").exists()
    again = sopflow("db", "upgrade")
    assert again.returncode == 0, again.stderr
    assert f"schema already at {head_revision()}" in again.stdout


def test_import_refuses_a_screenshot_path_out_of_its_folder_and_reads_nothing(
    env: dict[str, str], examples: Path, tmp_path: Path
) -> None:
    from PIL import Image

    secret = tmp_path / "secret.png"
    Image.new("RGB", (4, 4), (200, 0, 0)).save(secret)
    folder = tmp_path / "drafts"
    folder.mkdir()
    text = (examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml").read_text()
    text = text.replace("  - action: ", "  - image: ../secret.png\n    action: ", 1)
    (folder / "WI-PAY-003.yaml").write_text(text)
    imported = sopflow("import", str(folder), env=env)
    assert imported.returncode != 0
    assert (
        f"{folder / 'WI-PAY-003.yaml'}:16:12: image '../secret.png' leads outside the "
        "document's folder" in imported.stderr
    )
    assert "Traceback" not in imported.stderr
    assert sopflow("history", "WI-PAY-003", env=env).returncode != 0  # nothing was stored
