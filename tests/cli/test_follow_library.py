"""run, stats, lint and diff on documents in the library (SQLite): runs name the library
revision they follow and stay on it when a new revision arrives."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from sopflow.analysis.lint import lint_document
from sopflow.cli.app import app
from sopflow.cli.following import existing_library
from sopflow.cli.library_documents import library_lint_context, stored_revision
from sopflow.formats.yaml_source import load_document
from sopflow.library.documents import get_info, get_revision, save_document
from sopflow.library.runs import LibraryRunStore
from sopflow.model import Sop
from sopflow.model.revisions import RevisionState
from sopflow.runner.routes import routes

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SOPS = {"SOP-FIN-003": EXAMPLES / "refunds", "SOP-HR-001": EXAMPLES / "onboarding"}
cli = CliRunner()


@pytest.fixture
def library_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A library holding the examples, and the environment that points at it."""
    env = {
        "SOPFLOW_HOME": str(tmp_path / "home"),
        "SOPFLOW_DATABASE_URL": f"sqlite:///{tmp_path / 'library.sqlite3'}",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = cli.invoke(app, ["import", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    return {**os.environ, **env, "COLUMNS": "200"}


def revise(code: str, **changes: str) -> None:
    """Store a new revision of code with some fields changed."""
    with existing_library() as library:
        assert library is not None
        with library.transaction() as connection:
            stored = get_revision(connection, code=code)
            save_document(
                connection,
                document=stored.document.model_copy(update=changes),
                author="lead",
                summary="revised",
                base=stored.info.number,
                state=RevisionState.EFFECTIVE,
            )


def answer_file(tmp_path: Path, answers: dict[str, str]) -> str:
    file = tmp_path / f"answers-{len(list(tmp_path.iterdir()))}.json"
    file.write_text(json.dumps(answers))
    return str(file)


def test_every_example_runs_by_code_to_each_outcome(
    library_env: dict[str, str], tmp_path: Path
) -> None:
    for code, folder in SOPS.items():
        sop = load_document(next(folder.glob(f"{code}-*.yaml")))
        assert isinstance(sop, Sop)
        with existing_library() as library:
            assert library is not None
            with library.transaction() as connection:
                info = get_info(connection, code=code)
        outcomes = set()
        for route in routes(sop):
            answers = answer_file(tmp_path, dict(route.answers))
            result = cli.invoke(app, ["run", code, "--answers", answers, "--json", "--as", "ana"])
            assert result.exit_code == 0, result.output
            record = json.loads(result.stdout)
            assert record["revision"] == {
                "code": code,
                "number": info.number,
                "sha256": info.sha256,
                "source": None,
            }
            assert record["outcome"] == route.outcome
            outcomes.add(record["outcome"])
        assert outcomes == {outcome.id for outcome in sop.outcomes}
        stats = json.loads(cli.invoke(app, ["stats", code, "--json"]).stdout)
        assert stats["runs"] == stats["finished"] == len(list(routes(sop)))
        assert set(stats["outcomes"]) == outcomes
    with existing_library() as library:
        assert library is not None
        assert len(LibraryRunStore(library).runs("SOP-FIN-003")) == 4


def test_a_paused_run_resumes_on_its_revision_after_a_new_one(
    library_env: dict[str, str], tmp_path: Path
) -> None:
    partial = answer_file(tmp_path, {"check-eligibility": "Eligible"})
    stopped = cli.invoke(app, ["run", "SOP-FIN-003", "--answers", partial])
    assert stopped.exit_code != 0
    run_id = str(stopped.exception).rsplit("--resume ", 1)[1].rstrip("`")
    revise("SOP-FIN-003", title="Customer refunds (revised)")
    rest = answer_file(tmp_path, {"payment-method": "Card"})
    resumed = cli.invoke(app, ["run", "--resume", run_id, "--answers", rest, "--json"])
    assert resumed.exit_code == 0, resumed.output
    record = json.loads(resumed.stdout)
    assert record["revision"]["number"] == 1
    assert record["outcome"] == "refund-issued"
    fresh = cli.invoke(app, ["run", "SOP-FIN-003", "--answers", partial, "--json"])
    assert "run" in str(fresh.exception)
    with existing_library() as library:
        assert library is not None
        numbers = [run.revision.number for run in LibraryRunStore(library).runs("SOP-FIN-003")]
    assert numbers == [1, 2], "a new run follows the new effective revision"


def test_run_by_code_in_the_terminal(library_env: dict[str, str], sopflow_script: str) -> None:
    child = pexpect.spawn(
        sopflow_script,
        ["run", "SOP-HR-001", "--level", "expert"],
        env=library_env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 200),
    )
    for reply in ["", "", "No"]:
        child.expect([r"answer \[[^\n]*> ", r"pause[^\n]*> "])
        child.sendline(reply)
    child.expect(r"pause > ")
    assert "Agree a new start date" in (child.before or "")
    child.sendline("")
    child.expect("Finished: Start postponed or offer withdrawn")
    child.expect(pexpect.EOF)
    stats = json.loads(cli.invoke(app, ["stats", "SOP-HR-001", "--json"]).stdout)
    assert stats["outcomes"] == {"on-hold": 1}


def test_lint_and_diff_by_code(library_env: dict[str, str]) -> None:
    clean = cli.invoke(app, ["lint", "SOP-FIN-003", "WI-PAY-003@1"])
    assert clean.exit_code == 0, clean.output
    revise("SOP-FIN-003", purpose="", trigger="A customer asks for a refund.")
    found = cli.invoke(app, ["lint", "SOP-FIN-003", "--json"])
    data = json.loads(found.stdout)
    assert [(f["file"], f["rule"]) for f in data["findings"]] == [
        ("SOP-FIN-003@2", "purpose-missing")
    ]
    diff = json.loads(cli.invoke(app, ["diff", "SOP-FIN-003@1", "SOP-FIN-003", "--json"]).stdout)
    assert [change["element"] for change in diff["changes"]] == ["purpose", "trigger"]
    missing = cli.invoke(app, ["diff", "SOP-FIN-003@1", "SOP-FIN-003@7"])
    assert "no revision 7; the latest is revision 2" in str(missing.exception)


def test_overdue_review_from_the_effective_revision_date(library_env: dict[str, str]) -> None:
    revise("SOP-HR-001", title="Onboarding a new employee")
    stored = stored_revision("SOP-HR-001", None)
    in_time = library_lint_context("SOP-HR-001", stored.info.number, date.today())
    late = library_lint_context("SOP-HR-001", stored.info.number, date(2099, 1, 1))
    assert in_time.reviewed_on == stored.info.created_at.date()
    assert [f.rule for f in lint_document(stored.document, in_time)] == []
    assert [f.rule for f in lint_document(stored.document, late)] == ["review-overdue"]
    assert in_time.known is not None
    assert in_time.known["WI-IT-001"].status == "draft"
