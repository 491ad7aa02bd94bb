"""Lint, diff and the runner on drafts as `sopflow capture` writes them (in fixtures/captured)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sopflow.analysis.diff import diff_documents
from sopflow.analysis.lint import lint_files
from sopflow.formats.yaml_source import parse_document
from sopflow.runner import engine
from sopflow.runner.answers import autoplay
from sopflow.runner.routes import routes
from sopflow.runner.sources import followed_from_file

CAPTURED = Path(__file__).resolve().parents[1] / "fixtures" / "captured"
SOP = CAPTURED / "SOP-GEN-001-refund-call-teams.yaml"
WI = CAPTURED / "WI-GEN-001-refund-a-card-payment-in-stripe.yaml"


def test_lint_asks_a_reviewer_for_what_a_recording_does_not_say() -> None:
    results = lint_files([CAPTURED])
    sop = {(f.rule, f.line) for f in results[str(SOP)]}
    assert {rule for rule, _ in sop} == {
        "purpose-missing",
        "scope-missing",
        "trigger-missing",
        "records-missing",
        "responsibilities-missing",
    }
    assert ("responsibilities-missing", 7) in sop  # the first role, where the draft names it
    assert [f.rule for f in results[str(WI)]] == ["purpose-missing"]
    assert all(f.severity == "warning" for found in results.values() for f in found)


def test_diff_of_a_draft_and_its_review() -> None:
    text = SOP.read_text(encoding="utf-8")
    reviewed = text.replace(
        "title: Refund call teams\n",
        "title: Refund call teams\npurpose: Refund customers consistently.\n",
    ).replace("instruction: Handle a refund request.", "instruction: Take the refund request.")
    old = parse_document(text, "draft").document
    new = parse_document(reviewed, "reviewed").document
    assert old is not None
    assert new is not None
    summaries = [change.summary for change in diff_documents(old, new).changes]
    assert summaries == [
        "purpose: (none) -> Refund customers consistently.",
        "step 'handle-a-refund-request' reworded: [-Handle-]{+Take+} [-a-]{+the+} refund request.",
    ]


def test_a_captured_draft_runs_down_every_route() -> None:
    followed = followed_from_file(SOP)
    found = list(routes(followed.sop))
    assert len(found) == 4
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for number, route in enumerate(found):
        run = engine.start(followed, run_id=f"r{number}", who="ana", at=at)
        run = autoplay(followed, run, dict(route.answers), who="ana", now=lambda: at)
        assert run.outcome == route.outcome
        assert tuple(entry.node for entry in run.path) == route.nodes
