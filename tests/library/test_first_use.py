"""Many processes opening a new library at once: the first-use migrations run exactly once.

A fleet started together (capture workers, app servers, `sopflow capture --save` in a
script) all find an empty database; each must wait for the one that migrates it, then use it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from sopflow.library.migrations import head_revision

PROCESSES = 10

OPEN_AT = """
import sys, time
from sqlalchemy import text
from sopflow.library.store import open_library
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
with open_library(sys.argv[1], create=True) as library, library.reading() as connection:
    print(connection.execute(text("SELECT version_num FROM alembic_version")).scalar())
"""
"""One process: wait for the common start time, open the library, print its revision."""


def open_together(url: str) -> list[subprocess.CompletedProcess[str]]:
    """Start the processes, all opening the library at the same moment, and wait for them."""
    start = time.time() + 6  # long enough for every interpreter to import SQLAlchemy
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AT, url, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return done


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_processes_opening_a_new_library_at_once_all_succeed(
    database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'new.sqlite3'}"
        if database == "sqlite"
        else request.getfixturevalue("empty_postgres_url")
    )
    results = open_together(url)
    failures = [result.stderr.strip().splitlines()[-1] for result in results if result.returncode]
    assert failures == []
    assert [result.stdout.strip() for result in results] == [head_revision()] * PROCESSES
