"""Run analytics for one document: how many runs, how many finish, which options people
choose at each decision, how long each step takes, and where unfinished runs stopped.

Pure: it reads run records (from any store) and, when given, the SOP for the order of nodes
and the wording of questions. Time paused is not counted as time spent on a step.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sopflow.model import Sop
from sopflow.model.runs import PathEntry, Run


@dataclass(frozen=True)
class OptionShare:
    """How often one option was chosen at a decision."""

    label: str
    count: int
    share: float


@dataclass(frozen=True)
class DecisionStats:
    """The answers given at one decision, over all runs that reached it."""

    decision: str
    question: str | None
    answered: int
    options: tuple[OptionShare, ...]


@dataclass(frozen=True)
class StepTime:
    """The median time from arriving at a node to finishing it."""

    node: str
    median_seconds: float
    samples: int


@dataclass(frozen=True)
class PathCount:
    """One way through the SOP that finished runs took, and how often."""

    nodes: tuple[str, ...]
    """Every node walked, the outcome last."""
    answers: tuple[tuple[str, str], ...]
    """(decision id, option label) in the order the decisions came."""
    outcome: str
    count: int
    share: float
    """Of the finished runs."""


@dataclass(frozen=True)
class RunStats:
    """Everything `sopflow stats` reports for one document."""

    code: str
    runs: int
    finished: int
    outcomes: dict[str, int]
    decisions: tuple[DecisionStats, ...]
    step_times: tuple[StepTime, ...]
    stopped_at: dict[str, int]
    """Node id -> how many unfinished runs are at it (paused or abandoned there)."""
    revisions: dict[str, int]
    """Revision (number, or the first 12 characters of its SHA-256) -> runs that followed it."""
    paths: tuple[PathCount, ...] = ()
    """The paths finished runs took, the most frequent first."""

    @property
    def completion_rate(self) -> float:
        """Finished runs as a share of all runs; 0 when there are none."""
        return self.finished / self.runs if self.runs else 0.0

    def as_json(self) -> dict[str, Any]:
        """The statistics as a JSON object for `--json` output."""
        return {
            "code": self.code,
            "runs": self.runs,
            "finished": self.finished,
            "completion_rate": round(self.completion_rate, 4),
            "outcomes": self.outcomes,
            "decisions": [
                {
                    "decision": d.decision,
                    "question": d.question,
                    "answered": d.answered,
                    "options": [
                        {"label": o.label, "count": o.count, "share": round(o.share, 4)}
                        for o in d.options
                    ],
                }
                for d in self.decisions
            ],
            "median_seconds_per_step": {t.node: t.median_seconds for t in self.step_times},
            "step_samples": {t.node: t.samples for t in self.step_times},
            "stopped_at": self.stopped_at,
            "revisions": self.revisions,
            "paths": [
                {
                    "nodes": list(p.nodes),
                    "answers": [{"decision": d, "label": label} for d, label in p.answers],
                    "outcome": p.outcome,
                    "count": p.count,
                    "share": round(p.share, 4),
                }
                for p in self.paths
            ],
        }


def paused_intervals(run: Run) -> list[tuple[datetime, datetime]]:
    """The spans of time a run spent paused (an open pause lasts until its last transition)."""
    spans: list[tuple[datetime, datetime]] = []
    since: datetime | None = None
    for transition in run.history:
        if transition.kind == "pause":
            since = transition.at
        elif transition.kind == "resume" and since is not None:
            spans.append((since, transition.at))
            since = None
    return spans


def active_seconds(entry: PathEntry, pauses: Sequence[tuple[datetime, datetime]]) -> float | None:
    """Seconds from arriving at a node to finishing it, less any time paused in between."""
    if entry.done_at is None:
        return None
    total = (entry.done_at - entry.arrived_at).total_seconds()
    for start, end in pauses:
        overlap = (min(end, entry.done_at) - max(start, entry.arrived_at)).total_seconds()
        total -= max(overlap, 0.0)
    return max(total, 0.0)


def _revision_name(run: Run) -> str:
    number = run.revision.number
    return f"revision {number}" if number is not None else run.revision.sha256[:12]


def path_counts(finished: Sequence[Run]) -> tuple[PathCount, ...]:
    """The distinct paths of finished runs with their counts, the most frequent first (ties
    in the order first taken)."""
    counts: Counter[tuple[str, ...]] = Counter()
    examples: dict[tuple[str, ...], Run] = {}
    for run in finished:
        nodes = tuple(entry.node for entry in run.path)
        counts[nodes] += 1
        examples.setdefault(nodes, run)
    total = len(finished)
    return tuple(
        PathCount(
            nodes=nodes,
            answers=tuple(
                (entry.node, entry.answer)
                for entry in examples[nodes].path
                if entry.answer is not None
            ),
            outcome=examples[nodes].outcome or nodes[-1],
            count=count,
            share=count / total,
        )
        for nodes, count in counts.most_common()
    )


def run_stats(code: str, runs: Iterable[Run], sop: Sop | None = None) -> RunStats:
    """The statistics of the runs of one document; sop orders nodes and names questions."""
    chosen = [run for run in runs if run.code == code]
    finished = [run for run in chosen if run.state == "finished"]
    outcomes = Counter(run.outcome for run in finished if run.outcome)
    answers: dict[str, Counter[str]] = {}
    durations: dict[str, list[float]] = {}
    for run in chosen:
        for decision, label in run.answers.items():
            answers.setdefault(decision, Counter())[label] += 1
        pauses = paused_intervals(run)
        for entry in run.path:
            seconds = active_seconds(entry, pauses)
            if seconds is not None and entry.type != "outcome":
                durations.setdefault(entry.node, []).append(seconds)
    order = [node.id for node in sop.flow.nodes] if sop else []
    rank = {node_id: index for index, node_id in enumerate(order)}

    def by_flow(node_id: str) -> tuple[int, str]:
        return (rank.get(node_id, len(rank)), node_id)

    decisions = []
    for decision in sorted(answers, key=by_flow):
        counts = answers[decision]
        total = sum(counts.values())
        node = sop.flow.node(decision) if sop else None
        labels = (
            [o.label for o in node.options] if node is not None and node.type == "decision" else []
        )
        labels += [label for label in counts if label not in labels]
        question = node.question if node is not None and node.type == "decision" else None
        decisions.append(
            DecisionStats(
                decision,
                question,
                total,
                tuple(OptionShare(label, counts[label], counts[label] / total) for label in labels),
            )
        )
    stopped = Counter(run.path[-1].node for run in chosen if run.state != "finished" and run.path)
    return RunStats(
        code=code,
        runs=len(chosen),
        finished=len(finished),
        outcomes=dict(outcomes.most_common()),
        decisions=tuple(decisions),
        step_times=tuple(
            StepTime(node, statistics.median(durations[node]), len(durations[node]))
            for node in sorted(durations, key=by_flow)
        ),
        stopped_at=dict(stopped.most_common()),
        revisions=dict(Counter(_revision_name(run) for run in chosen).most_common()),
        paths=path_counts(finished),
    )
