"""Fault scenario: the app server killed with SIGKILL in the middle of saves.

Run: .venv/bin/python -m bench.kill_serve [--database sqlite|postgresql] [--rounds N]
[--savers S] [--documents D] [--seed X]

A library holds D generated documents and an author with an API token. Each round starts
`sopflow serve`, lets S clients save revision after revision of their own documents through
`PUT /api/v1/documents/{code}` (each on top of the last one answered), and SIGKILLs the server
after a random 1 to 3 s. Then it reads every revision stored and sorts each save sent:
answered and stored whole (kept), answered and not stored (lost), unanswered and stored whole
(whole) or not stored (absent), or stored different from what was sent (partial); and runs
`sopflow check` and `sopflow audit verify`. A save is one transaction, so lost and partial
must be 0.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.faults import (
    Saver,
    Server,
    library_checks,
    stocked_library,
    stored_revisions,
)
from bench.library_bench import database
from sopflow.model import AnyDocument


@dataclass
class Round:
    """One kill: after how long, how many saves were answered, and how the saves sent
    came out."""

    delay_s: float
    answered: int
    outcomes: Counter[str]
    checks: str


def _stream(saver: Saver, stop: threading.Event, offset: int) -> None:
    """Save until told to stop or the server is gone."""
    with saver.client() as client:
        number = offset
        while not stop.is_set():
            try:
                saver.save_once(client, number)
            except httpx.TransportError:
                return
            number += 1


def _outcomes(savers: list[Saver], found: Mapping[tuple[str, int], object]) -> Counter[str]:
    """Each save sent, sorted by what the library holds of it."""
    counted: Counter[str] = Counter()
    for saver in savers:
        for attempt in saver.attempts:
            held = found.get((attempt.code, attempt.revision))
            if held is None:
                counted["lost" if attempt.answered else "absent"] += 1
            elif held != attempt.content:
                counted["partial"] += 1
            else:
                counted["kept" if attempt.answered else "whole"] += 1
    return counted


def one_round(
    url: str,
    home: Path,
    *,
    token: str,
    shares: list[list[AnyDocument]],
    delay_s: float,
    first_edit: int = 0,
    checks: Callable[[str], str] = library_checks,
) -> Round:
    """Start a server, save through it from one client per share, kill it after delay_s;
    edits are numbered from first_edit, so that every save of a round changes its document."""
    found = stored_revisions(url)
    latest: dict[str, int] = {}
    for code, number in found:
        latest[code] = max(number, latest.get(code, 0))
    server = Server(url, home)
    savers = [Saver(server.base, token, share, latest) for share in shares]
    stop = threading.Event()
    threads = [
        threading.Thread(target=_stream, args=(saver, stop, first_edit + 1000 * index))
        for index, saver in enumerate(savers, 1)
    ]
    for thread in threads:
        thread.start()
    time.sleep(delay_s)
    server.kill()
    stop.set()
    for thread in threads:
        thread.join()
    after = stored_revisions(url)
    answered = sum(attempt.answered for saver in savers for attempt in saver.attempts)
    return Round(delay_s, answered, _outcomes(savers, after), checks(url))


def run(
    url: str,
    work: Path,
    *,
    rounds: int,
    savers: int,
    documents: int,
    seed: int,
    checks: Callable[[str], str] = library_checks,
) -> list[Round]:
    """The scenario on an empty library at url, the servers' homes under work; checks runs
    `sopflow check` and `sopflow audit verify` after each kill."""
    token, stored = stocked_library(url, documents=documents)
    shares = [stored[index::savers] for index in range(savers)]
    chance = random.Random(seed)
    return [
        one_round(
            url,
            work / "home",
            token=token,
            shares=shares,
            delay_s=chance.uniform(1.0, 3.0),
            first_edit=100_000 * number,
            checks=checks,
        )
        for number in range(rounds)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--savers", type=int, default=4)
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as scratch,
        database(options.database, Path(scratch), prefix="sopflow_kill_serve") as url,
    ):
        done = run(
            url,
            Path(scratch),
            rounds=options.rounds,
            savers=options.savers,
            documents=options.documents,
            seed=options.seed,
        )
    print(f"{options.database}: load average {os.getloadavg()[0]:.1f}\n")
    print(
        "| round | killed after | saves answered | kept | lost | whole | absent | partial "
        "| check and audit verify |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for number, item in enumerate(done, 1):
        got = item.outcomes
        print(
            f"| {number} | {item.delay_s:.2f} s | {item.answered} | {got['kept']} | "
            f"{got['lost']} | {got['whole']} | {got['absent']} | {got['partial']} | "
            f"{item.checks} |"
        )


if __name__ == "__main__":
    main()
