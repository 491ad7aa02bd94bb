"""The tables of bench/load_cluster.py: every topology measured, side by side."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from bench.library_bench import percentile
from bench.load_mix import KINDS, Tally, Uploads, Writers

LABELS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


@dataclass(frozen=True)
class Result:
    """What one topology measured, from the mix to the checks after it."""

    name: str
    servers: int
    workers: int
    users: int
    seconds: float
    tally: Tally
    writers: Writers
    summaries: list[str]
    uploads: Uploads
    claims: list[int]
    checks: dict[str, str]
    load: tuple[tuple[float, ...], ...]

    def label(self) -> str:
        """The topology's column heading."""
        name = LABELS.get(self.name, self.name)
        if self.workers:
            return f"{name}, {self.servers} app processes, {self.workers} workers"
        return f"{name}, {self.servers} process"

    def lost(self) -> list[str]:
        """Saves answered as landed whose revision the library does not hold."""
        return sorted(set(self.writers.landed) - set(self.summaries))

    def unanswered(self) -> list[str]:
        """Revisions stored that no writer was told had landed."""
        return sorted(set(self.summaries) - set(self.writers.landed))

    def raw(self) -> dict[str, Any]:
        """The figures as JSON-ready data."""
        return {
            "topology": self.label(),
            "samples": {kind: len(values) for kind, values in self.tally.samples.items()},
            "conflicts": dict(self.tally.conflicts),
            "errors": {f"{kind}: {cause}": n for (kind, cause), n in self.tally.errors.items()},
            "said": {f"{kind}: {cause}": text for (kind, cause), text in self.tally.said.items()},
            "writers": {
                "landed": len(self.writers.landed),
                "conflicts": self.writers.conflicts,
                "failed": self.writers.failed,
                "revisions": len(self.summaries),
                "lost": self.lost(),
                "unanswered": self.unanswered(),
            },
            "uploads": {
                "jobs": len(self.uploads.jobs),
                "refused": self.uploads.refused,
                "states": self.uploads.states,
                "drafts": self.uploads.drafts,
                "claims": self.claims,
                "seconds": self.uploads.seconds,
            },
            "lag": self.tally.lag,
            "checks": self.checks,
            "load": self.load,
        }


def figures(samples: list[float]) -> str:
    """count | p50 | p95 | p99 of latencies in ms."""
    if not samples:
        return "0 | - | - | -"
    return (
        f"{len(samples):,} | {statistics.median(samples):.0f} | "
        f"{percentile(samples, 0.95):.0f} | {percentile(samples, 0.99):.0f}"
    )


def mix_table(results: list[Result]) -> list[str]:
    """Latency per kind of request, one group of columns per topology."""
    head = " | ".join(f"{r.label()}: count | p50 ms | p95 ms | p99 ms" for r in results)
    rows = [f"| request | {head} |", "|---" * (1 + 4 * len(results)) + "|"]
    for kind in KINDS:
        cells = " | ".join(figures(r.tally.samples.get(kind, [])) for r in results)
        rows.append(f"| {kind} | {cells} |")
    every = " | ".join(
        figures([v for values in r.tally.samples.values() for v in values]) for r in results
    )
    rows.append(f"| all | {every} |")
    return rows


def outcome_table(results: list[Result]) -> list[str]:
    """Throughput, conflicts, errors, the writers, the uploads and the checks."""
    rows = ["| | " + " | ".join(r.label() for r in results) + " |"]
    rows.append("|---" * (1 + len(results)) + "|")

    def row(name: str, cells: list[str]) -> None:
        rows.append(f"| {name} | " + " | ".join(cells) + " |")

    row("people × seconds", [f"{r.users} × {r.seconds:.0f} s" for r in results])
    row(
        "requests answered (per second)",
        [
            f"{sum(map(len, r.tally.samples.values())):,} "
            f"({sum(map(len, r.tally.samples.values())) / r.seconds:.0f}/s)"
            for r in results
        ],
    )
    row(
        "conflicts (412 stale save / 409 run answer)",
        [f"{r.tally.conflicts['save']} / {r.tally.conflicts['run step']}" for r in results],
    )
    row("errors, by kind", [errors(r.tally) for r in results])
    writers_rows(results, row)
    uploads_rows(results, row)
    for check in ("audit verify", "check"):
        row(f"`sopflow {check}` after", [r.checks.get(check, "-") for r in results])
    row(
        "load generator's event-loop lag p50 / p95 ms",
        [lag(r.tally.lag or [0.0]) for r in results],
    )
    row(
        "load average before / end of mix / end",
        [" / ".join(f"{load[0]:.1f}" for load in r.load) for r in results],
    )
    return rows


def lag(samples: list[float]) -> str:
    """Median and p95 of the event loop's lateness."""
    return f"{statistics.median(samples):.0f} / {percentile(samples, 0.95):.0f}"


def errors(tally: Tally) -> str:
    """Every error with its kind and cause, or 0."""
    if not tally.errors:
        return "0"
    parts = [f"{n} {kind} ({cause})" for (kind, cause), n in sorted(tally.errors.items())]
    return f"{tally.error_count()}: " + ", ".join(parts)


def writers_rows(results: list[Result], row: Any) -> None:
    """The concurrent writers' rows."""
    row(
        "writers: saves landed / refused stale / failed",
        [f"{len(r.writers.landed)} / {r.writers.conflicts} / {r.writers.failed}" for r in results],
    )
    row(
        "writers: revisions counted in the library / lost / stored unanswered",
        [f"{len(r.summaries)} / {len(r.lost())} / {len(r.unanswered())}" for r in results],
    )


def uploads_rows(results: list[Result], row: Any) -> None:
    """The uploads' rows."""
    row(
        "uploads: accepted / refused / finished done / with drafts",
        [
            f"{len(r.uploads.jobs)} / {len(r.uploads.refused)} / "
            f"{sum(state == 'done' for state in r.uploads.states.values())} / "
            f"{sum(count > 0 for count in r.uploads.drafts.values())}"
            for r in results
        ],
    )
    row(
        "uploads: drafted once (one claim) / all ended in",
        [
            f"{sum(claim == 1 for claim in r.claims)} of {len(r.claims)} / "
            f"{r.uploads.seconds:.0f} s"
            for r in results
        ],
    )


def report(results: list[Result]) -> str:
    """Both tables as Markdown."""
    return "\n".join([*mix_table(results), "", *outcome_table(results)])
