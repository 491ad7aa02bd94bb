"""How long the test suite takes, part by part: the wall time of a pytest run of each path
and the CPU time of it and of every process it started (the `sopflow` commands, workers,
servers, the browser).

The machine is shared: wall time grows with the load, CPU time much less, so both are
printed with the load average; compare two trees (before and after a change) run at the
same time rather than against an old table.

    .venv/bin/python bench/suite_time.py tests/services tests/cli/test_render.py
    .venv/bin/python bench/suite_time.py --all          # every folder of tests/, one by one
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"


@dataclass(frozen=True)
class Timing:
    """One pytest run: what it ran, how it ended, wall and CPU seconds, the load after."""

    path: str
    summary: str
    wall_s: float
    cpu_s: float
    load: float


def every_part() -> list[str]:
    """Each folder of tests/ with tests in it, and the top-level test files together."""
    folders = sorted(
        str(folder.relative_to(REPO))
        for folder in TESTS.iterdir()
        if folder.is_dir() and any(folder.rglob("test_*.py"))
    )
    top = sorted(str(path.relative_to(REPO)) for path in TESTS.glob("test_*.py"))
    return [*folders, *top]


def time_pytest(path: str) -> Timing:
    """Run pytest on path in a process of its own; its wall and children's CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", path, "-q", "-p", "no:cacheprovider"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    summary = re.sub(r"=+", "", lines[-1]).strip() if lines else f"exit {done.returncode}"
    return Timing(path, summary, wall, cpu, os.getloadavg()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="test folders or files, each run on its own")
    parser.add_argument("--all", action="store_true", help="every folder of tests/")
    arguments = parser.parse_args()
    paths = every_part() if arguments.all else arguments.paths
    if not paths:
        parser.error("give test paths, or --all")
    print("| path | result | wall s | CPU s | load after |")
    print("|---|---|---|---|---|")
    for path in paths:
        timing = time_pytest(path)
        print(
            f"| {timing.path} | {timing.summary} | {timing.wall_s:.0f} | {timing.cpu_s:.0f} "
            f"| {timing.load:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
