"""Lint, diff, the quick test, the split and the run statistics on an SOP with parallel
splits: each works on it, and says what changed in a parallel as it does for a decision."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sopflow.analysis.diff import diff_documents
from sopflow.analysis.lint import lint_text
from sopflow.analysis.quicktest import Stretch, classify
from sopflow.analysis.split import split_stretch
from sopflow.analysis.stats import run_stats
from sopflow.formats.yaml_source import load_document
from sopflow.model import Flow, Parallel, ParallelBranch, Role, Sop, Step, check_document
from sopflow.model.flow import Outcome
from sopflow.runner import engine
from sopflow.runner.answers import autoplay
from sopflow.runner.sources import followed_from_file


def loaded(path: Path) -> Sop:
    sop = load_document(path)
    assert isinstance(sop, Sop)
    return sop


def test_lint_finds_nothing_wrong_with_a_sound_parallel(shipping_sop: Path) -> None:
    findings = lint_text(shipping_sop.read_text(encoding="utf-8"), shipping_sop.name)
    assert [f for f in findings if f.severity == "error"] == []


def test_the_diff_names_changed_branches(shipping_sop: Path) -> None:
    old = loaded(shipping_sop)
    split = old.flow.node("split")
    assert isinstance(split, Parallel)
    relabelled = split.model_copy(
        update={
            "branches": (
                split.branches[0].model_copy(update={"label": "Pack it"}),
                split.branches[1],
            )
        }
    )
    nodes = tuple(relabelled if node.id == "split" else node for node in old.flow.nodes)
    new = old.model_copy(update={"flow": old.flow.model_copy(update={"nodes": nodes})})
    summaries = [change.summary for change in diff_documents(old, new).changes]
    assert summaries == [
        "parallel 'split' reworded: in parallel: Pack [-the goods-]{+it+}; invoice",
        """parallel 'split' branches: "Pack the goods" relabelled "Pack it\"""",
    ]


def test_the_quick_test_counts_a_parallel_as_branching() -> None:
    sop = Sop(
        code="SOP-TST-002",
        title="Close the month",
        roles=(Role(id="clerk", name="Clerk"),),
        flow=Flow(
            start="both",
            nodes=(
                Parallel(
                    id="both",
                    role="clerk",
                    branches=(ParallelBranch(next="report"), ParallelBranch(next="archive")),
                    join="done",
                ),
                Step(id="report", role="clerk", instruction="Send the report", next="done"),
                Step(id="archive", role="clerk", instruction="Archive the receipts", next="done"),
                Outcome(id="done", name="Month closed"),
            ),
        ),
    )
    result = classify(sop)
    decisions = next(signal for signal in result.signals if signal.name == "decisions")
    assert (decisions.value, decisions.points_to) == (1, "sop")
    assert decisions.detail == "decision points and parallel splits branch"
    assert result.kind == "sop"


def test_a_technical_stretch_at_the_start_of_a_branch_splits_out(shipping_sop: Path) -> None:
    sop = loaded(shipping_sop)
    result, wi = split_stretch(sop, Stretch(("print",), "office", None), "WI-LOG-001")
    assert check_document(result) == []
    inner = result.flow.node("invoice")
    assert isinstance(inner, Parallel)
    assert inner.branches[0].next == "follow-wi-log-001"
    assert [step.action for step in wi.steps] == ["Print the invoice"]


def test_run_statistics_count_runs_through_parallels(shipping_sop: Path) -> None:
    followed = followed_from_file(shipping_sop)
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    moments = (start + timedelta(minutes=n) for n in range(1000))
    runs = []
    for number, carried in enumerate(("Yes", "No")):
        run = engine.start(followed, run_id=f"r{number}", who="ana", at=next(moments))
        labels = {"fragile": "No", "ship": carried}
        runs.append(autoplay(followed, run, labels, who="ana", now=lambda: next(moments)))
    stats = run_stats("SOP-LOG-009", runs, followed.sop)
    assert (stats.runs, stats.finished) == (2, 2)
    assert stats.outcomes == {"shipped": 1, "returned": 1}
    assert {time.node for time in stats.step_times} >= {"print", "mail", "pack", "split"}
