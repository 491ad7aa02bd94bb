"""Fault scenario: `sopflow import` killed with SIGKILL at random moments.

Run: .venv/bin/python -m bench.kill_import [--database sqlite|postgresql] [--documents N]
[--kills K] [--seed S]

A library holds N generated documents (bench/library_corpus.py). Two folders hold the same
N documents with another owner; each round starts `sopflow import` of the other folder and
kills it with SIGKILL after a random delay within the time a whole import takes. After every
kill: the library opens, `sopflow check` and `sopflow audit verify` pass, and the import is
whole or absent: either every document moved to that folder's content or none did. An import
is one transaction, so there is no third outcome; this scenario proves it.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from bench.library_bench import database
from bench.library_corpus import Corpus
from sopflow.formats.yaml_write import write_document
from sopflow.library.store import open_library
from sopflow.library.tables import revisions


@dataclass
class Round:
    """One kill: after how long, and what the library then held."""

    delay_s: float
    revisions: int
    outcome: str  # "absent" or "whole" (anything else is a failure)
    checks: str  # "pass" or the failing command's last line


@dataclass
class Report:
    """Every round, and the time a whole import took."""

    documents: int
    full_import_s: float
    rounds: list[Round] = field(default_factory=list)


def _write_folders(folders: tuple[Path, Path], *, documents: int) -> None:
    """The same documents twice: the second folder's each with another owner, so that
    importing one folder over the other revises every document."""
    for folder in folders:
        folder.mkdir(parents=True)
    for document in Corpus(seed=11).documents(documents):
        write_document(document, folders[0] / f"{document.code}.yaml")
        acting = document.model_copy(update={"owner": f"{document.owner} (acting)"})
        write_document(acting, folders[1] / f"{document.code}.yaml")


def _sopflow(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOPFLOW_DATABASE_URL": url}
    command = [sys.executable, "-m", "sopflow", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def _revision_count(url: str) -> int:
    with open_library(url, create=False) as library, library.reading() as connection:
        return int(connection.execute(select(func.count()).select_from(revisions)).scalar_one())


def _checks(url: str) -> str:
    for args in (("check",), ("audit", "verify")):
        done = _sopflow(url, *args)
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines() or ["(no output)"]
            return f"sopflow {' '.join(args)}: {lines[-1]}"
    return "pass"


def _killed_import(url: str, folder: Path, delay_s: float) -> bool:
    """Start an import of folder, SIGKILL it after delay_s; True when it finished first."""
    env = {**os.environ, "SOPFLOW_DATABASE_URL": url}
    command = [sys.executable, "-m", "sopflow", "import", str(folder), "-m", "kill round"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay_s)
        return True
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return False


def run(url: str, work: Path, *, documents: int, kills: int, seed: int) -> Report:
    """The scenario on the library at url (empty), with its folders under work."""
    folders = (work / "a", work / "b")
    _write_folders(folders, documents=documents)
    for folder in folders:  # the second import, revising every document, is timed
        started = time.perf_counter()
        done = _sopflow(url, "import", str(folder), "-m", "whole")
        if done.returncode != 0:
            raise SystemExit(f"an import to start from failed: {done.stderr.strip()}")
    report = Report(documents, time.perf_counter() - started)
    chance = random.Random(seed)
    held = 1  # the folder whose content the library holds
    for _ in range(kills):
        before = _revision_count(url)
        delay = chance.uniform(0.2, 1.2 * report.full_import_s)
        finished = _killed_import(url, folders[1 - held], delay)
        after = _revision_count(url)
        if after == before and not finished:
            outcome = "absent"
        elif after == before + documents:  # committed before the kill, or finished
            outcome, held = "whole", 1 - held
        else:
            outcome = f"partial: {after - before} of {documents} revisions"
        report.rounds.append(Round(delay, after, outcome, _checks(url)))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as scratch,
        database(options.database, Path(scratch), prefix="sopflow_kill_import") as url,
    ):
        report = run(
            url, Path(scratch), documents=options.documents, kills=options.kills, seed=options.seed
        )
    print(
        f"{options.database}: {report.documents} documents; a whole import takes "
        f"{report.full_import_s:.1f} s; load average {os.getloadavg()[0]:.1f}\n"
    )
    print("| round | killed after | revisions then | import | check and audit verify |")
    print("|---:|---:|---:|---|---|")
    for number, done in enumerate(report.rounds, 1):
        print(
            f"| {number} | {done.delay_s:.2f} s | {done.revisions} | {done.outcome} | "
            f"{done.checks} |"
        )


if __name__ == "__main__":
    main()
