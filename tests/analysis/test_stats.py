"""Run analytics over runs made with the engine at known times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sopflow.analysis.stats import run_stats
from sopflow.model.runs import RevisionRef, Run
from sopflow.runner import engine
from sopflow.runner.engine import Followed
from sopflow.runner.sources import followed_from_file

SOP = (
    Path(__file__).resolve().parents[2]
    / "examples"
    / "refunds"
    / "SOP-FIN-003-customer-refund.yaml"
)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def refunds() -> Followed:
    return followed_from_file(SOP)


def walk(followed: Followed, run_id: str, script: list[tuple[str, ...]], minutes: list[int]) -> Run:
    """Start a run at T0 and play the script; each action takes the given minutes."""
    at = T0
    run = engine.start(followed, run_id=run_id, who="ana", at=at)
    for (kind, *args), spent in zip(script, minutes, strict=True):
        at += timedelta(minutes=spent)
        if kind == "complete":
            run = engine.complete(followed, run, who="ana", at=at)
        elif kind == "answer":
            run = engine.answer(followed, run, args[0], who="ana", at=at)
        elif kind == "pause":
            run = engine.pause(run, who="ana", at=at)
        elif kind == "resume":
            run = engine.resume(run, who="ana", at=at)
    return run


CARD = [
    ("complete",),
    ("complete",),
    ("answer", "Eligible"),
    ("complete",),
    ("complete",),
    ("answer", "Card"),
    ("complete",),
    ("complete",),
    ("complete",),
]
DECLINED = [("complete",), ("complete",), ("answer", "Not eligible"), ("complete",)]


def test_counts_shares_times_and_where_runs_stop(refunds: Followed) -> None:
    runs = [
        walk(refunds, "a", CARD, [2, 4, 1, 1, 1, 1, 10, 1, 1]),
        walk(refunds, "b", DECLINED, [4, 6, 1, 3]),
        walk(refunds, "c", DECLINED, [6, 8, 1, 3]),
        # paused for an hour at find-order: the hour is not time spent on the step
        walk(refunds, "d", [("complete",), ("pause",), ("resume",), ("complete",)], [2, 1, 60, 1]),
        walk(refunds, "e", CARD[:5], [2, 2, 2, 2, 2]),
    ]
    stats = run_stats("SOP-FIN-003", runs, refunds.sop)
    assert (stats.runs, stats.finished) == (5, 3)
    assert stats.completion_rate == pytest.approx(0.6)
    assert stats.outcomes == {"refund-declined": 2, "refund-issued": 1}
    eligibility = stats.decisions[0]
    assert eligibility.decision == "check-eligibility"
    assert eligibility.answered == 4
    assert [(o.label, o.count) for o in eligibility.options] == [
        ("Eligible", 2),
        ("Not eligible", 2),
        ("Exception requested", 0),
    ]
    assert eligibility.options[0].share == pytest.approx(0.5)
    times = {t.node: (t.median_seconds, t.samples) for t in stats.step_times}
    assert times["log-request"] == (120.0, 5)
    assert times["find-order"] == (240.0, 5)
    assert times["refund-card"] == (600.0, 1)
    assert stats.stopped_at == {"check-eligibility": 1, "payment-method": 1}
    assert stats.revisions == {refunds.revision.sha256[:12]: 5}
    assert [t.node for t in stats.step_times][:3] == [
        "log-request",
        "find-order",
        "check-eligibility",
    ]


def test_runs_of_other_documents_and_revisions(refunds: Followed) -> None:
    second = Followed(refunds.sop, RevisionRef(code="SOP-FIN-003", number=2, sha256="a" * 64))
    runs = [walk(refunds, "a", DECLINED, [1, 1, 1, 1]), walk(second, "b", DECLINED, [1, 1, 1, 1])]
    stats = run_stats("SOP-FIN-003", runs)
    assert stats.revisions == {refunds.revision.sha256[:12]: 1, "revision 2": 1}
    assert stats.decisions[0].question is None
    assert run_stats("SOP-HR-001", runs).runs == 0
    assert run_stats("SOP-HR-001", runs).completion_rate == 0.0
