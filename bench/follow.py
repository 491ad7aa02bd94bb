"""Benchmarks of following and checking: the run engine, saving runs, lint, diff, stats and
the `sopflow run` / `sopflow lint` commands end to end.

Run from the repository root: `.venv/bin/python -m bench.follow`. Prints a Markdown table of
medians (bench/README.md, section "Follow and check"). The machine is shared, so timings are
noisy; each figure is the median of several repeats.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.library_corpus import Corpus
from sopflow.analysis.diff import diff_documents
from sopflow.analysis.lint import lint_document, lint_files
from sopflow.analysis.stats import run_stats
from sopflow.library.runs import LibraryRunStore
from sopflow.library.store import open_library
from sopflow.model import Sop, Step
from sopflow.model.runs import Run, run_from_data, run_to_data
from sopflow.runner import engine
from sopflow.runner.answers import autoplay
from sopflow.runner.engine import Followed
from sopflow.runner.routes import routes
from sopflow.runner.sources import followed_from_file
from sopflow.runner.store import FolderRunStore

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
REFUNDS = EXAMPLES / "refunds" / "SOP-FIN-003-customer-refund.yaml"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def median_seconds(action: Callable[[], object], repeats: int = 7) -> float:
    """The median wall time of action over repeats."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def play_route(followed: Followed, answers: dict[str, str], run_id: str = "bench") -> Run:
    run = engine.start(followed, run_id=run_id, who="bench", at=T0)
    return autoplay(followed, run, answers, who="bench", now=lambda: T0)


def many_runs(followed: Followed, count: int) -> list[Run]:
    """count runs over every route, a minute per transition, some left unfinished."""
    found = list(routes(followed.sop))
    runs = []
    for number in range(count):
        route = found[number % len(found)]
        clock = iter(T0 + timedelta(minutes=m) for m in range(number, number + 100))
        run = engine.start(followed, run_id=f"r{number}", who="bench", at=next(clock))
        answers = dict(route.answers) if number % 10 else {}
        runs.append(autoplay(followed, run, answers, who="bench", now=lambda c=clock: next(c)))
    return runs


def edited(sop: Sop) -> Sop:
    """The SOP with its first step reworded and its last step dropped from the nodes' texts."""
    nodes = list(sop.flow.nodes)
    first = next(index for index, node in enumerate(nodes) if isinstance(node, Step))
    step = nodes[first]
    assert isinstance(step, Step)
    nodes[first] = step.model_copy(update={"instruction": step.instruction + " again, carefully"})
    return sop.model_copy(update={"flow": sop.flow.model_copy(update={"nodes": tuple(nodes)})})


def sopflow(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "sopflow", *args], check=True, capture_output=True)


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    followed = followed_from_file(REFUNDS)
    routes_found = [dict(route.answers) for route in routes(followed.sop)]
    transitions = sum(len(play_route(followed, a).history) - 1 for a in routes_found)
    seconds = median_seconds(lambda: [play_route(followed, a) for a in routes_found])
    rows.append(
        (
            "engine: one transition (SOP-FIN-003, all 4 routes)",
            f"{seconds / transitions * 1e6:.0f} µs",
            f"{transitions} transitions",
        )
    )
    finished = play_route(followed, routes_found[0])
    seconds = median_seconds(lambda: run_from_data(json.loads(json.dumps(run_to_data(finished)))))
    rows.append(
        (
            "run record: save to JSON and restore (finished run)",
            f"{seconds * 1e6:.0f} µs",
            f"{len(finished.history)} transitions",
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        store = FolderRunStore(Path(folder))
        seconds = median_seconds(lambda: store.save(finished), repeats=21)
        rows.append(("folder store: save a run (per transition)", f"{seconds * 1e3:.2f} ms", ""))
        with open_library(f"sqlite:///{folder}/library.sqlite3", create=True) as library:
            library_store = LibraryRunStore(library)
            seconds = median_seconds(lambda: library_store.save(finished), repeats=21)
            rows.append(
                (
                    "library store (SQLite): save a run (per transition)",
                    f"{seconds * 1e3:.2f} ms",
                    "",
                )
            )
    corpus = list(Corpus(seed=7).documents(600))
    sops = [document for document in corpus if isinstance(document, Sop)]
    seconds = median_seconds(lambda: [lint_document(d) for d in corpus], repeats=5)
    rows.append(
        (
            "lint: one generated document (rules only)",
            f"{seconds / len(corpus) * 1e3:.2f} ms",
            f"{len(corpus)} documents",
        )
    )
    seconds = median_seconds(lambda: lint_files([EXAMPLES]), repeats=5)
    rows.append(
        (
            "lint: the example library from YAML (parse, rules, locations)",
            f"{seconds * 1e3:.0f} ms",
            "7 files",
        )
    )
    pairs = [(sop, edited(sop)) for sop in sops]
    seconds = median_seconds(lambda: [diff_documents(a, b) for a, b in pairs], repeats=5)
    steps = statistics.median(len(sop.flow.nodes) for sop in sops)
    rows.append(
        (
            "diff: an SOP against a reworded copy",
            f"{seconds / len(pairs) * 1e3:.2f} ms",
            f"{len(pairs)} SOPs, median {steps:.0f} nodes",
        )
    )
    runs = many_runs(followed, 10_000)
    seconds = median_seconds(lambda: run_stats("SOP-FIN-003", runs, followed.sop), repeats=5)
    rows.append(("stats: summarise runs", f"{seconds * 1e3:.0f} ms", "10,000 runs"))
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.json"
        answers.write_text(json.dumps(routes_found[0]))
        os.environ["SOPFLOW_HOME"] = folder  # runs are saved in a temporary folder
        seconds = median_seconds(
            lambda: sopflow("run", str(REFUNDS), "--answers", str(answers)), repeats=5
        )
        rows.append(
            (
                "`sopflow run FILE --answers` end to end",
                f"{seconds * 1e3:.0f} ms",
                "process start included",
            )
        )
        seconds = median_seconds(lambda: sopflow("lint", str(EXAMPLES)), repeats=5)
        rows.append(
            (
                "`sopflow lint examples/` end to end",
                f"{seconds * 1e3:.0f} ms",
                "process start included",
            )
        )
    print("| measure | median | notes |")
    print("|---|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
