"""Fault scenario: PostgreSQL crashes and comes back under a stream of requests.

Run (as root): .venv/bin/python -m bench.restart_database [--outages N] [--down S]
[--mode immediate|fast] [--clients C]

The library lives on a PostgreSQL cluster of the scenario's own (bench/faults.py), so
stopping it disturbs nobody else. One `sopflow serve` process serves it while C clients
read and save documents through the API without pause. N times the server is stopped
(`immediate`: a crash, with recovery at the next start; `fast`: an orderly shutdown), kept
down S seconds and started again. Counted: answers by kind (2xx, 503 with Retry-After, any
other error, which must be none), requests that got no answer at all (must be none), how
long after the database was back the first request succeeded, that every save answered is
stored, that `sopflow check` and `sopflow audit verify` pass, and that the same server
process (same PID) served throughout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.faults import (
    PrivatePostgres,
    Saver,
    Server,
    library_checks,
    private_postgres,
    stocked_library,
    stored_revisions,
)
from sopflow.library.scratch import scratch_postgres_database


@dataclass
class Outage:
    """One stop and start of the database: when it was down, and the first success after."""

    down_at: float
    up_at: float
    recovered_s: float | None = None


@dataclass
class Report:
    """What the clients got through every outage."""

    outages: list[Outage] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)
    no_answer: int = 0
    lost_saves: int = 0
    checks: str = ""
    same_process: bool = False


def _stream(saver: Saver, stop: threading.Event, offset: int, failures: list[str]) -> None:
    """Read and save, one after the other, until told to stop."""
    with saver.client() as client:
        number = offset
        while not stop.is_set():
            try:
                saver.read_once(client, number)
                saver.save_once(client, number)
            except httpx.TransportError as error:
                failures.append(f"{type(error).__name__}: {error}")
                time.sleep(0.1)
            number += 1


def _outage(database: PrivatePostgres, *, mode: str, down_s: float) -> Outage:
    down_at = time.monotonic()
    database.stop(mode)
    time.sleep(down_s)
    database.start()
    return Outage(down_at, time.monotonic())


def _tally(report: Report, savers: list[Saver]) -> None:
    """Sort the answers, and time each recovery: the first success sent after the start."""
    answers = [answer for saver in savers for answer in saver.answers]
    for answer in answers:
        if answer.status < 400 or answer.status == 412:
            kind = "2xx" if answer.status < 400 else "412 (an earlier save had been stored)"
        elif answer.status == 503:
            kind = "503 with Retry-After" if answer.retry_after else "503 without Retry-After"
        else:
            kind = f"other {answer.status}"
        report.answers[kind] = report.answers.get(kind, 0) + 1
    for outage in report.outages:
        after = [a.at for a in answers if a.at >= outage.up_at and a.status < 400]
        outage.recovered_s = min(after) - outage.up_at if after else None


def run(
    database: PrivatePostgres,
    work: Path,
    *,
    outages: int,
    down_s: float,
    mode: str,
    clients: int,
    settle_s: float = 2.0,
    checks: Callable[[str], str] = library_checks,
) -> Report:
    """The scenario on a new library on database's server: settle_s of requests before each
    outage and after the last; checks runs `sopflow check` and `sopflow audit verify`."""
    report = Report()
    with scratch_postgres_database("sopflow_restart", admin=database.url) as url:
        token, stored = stocked_library(url, documents=4 * clients)
        server = Server(url, work / "home")
        pid = server.process.pid
        savers = [Saver(server.base, token, stored[i::clients], {}) for i in range(clients)]
        for saver in savers:
            saver.latest.update({document.code: 1 for document in saver.documents})
        stop, failures = threading.Event(), list[str]()
        threads = [
            threading.Thread(target=_stream, args=(saver, stop, 1000 * i, failures))
            for i, saver in enumerate(savers, 1)
        ]
        for thread in threads:
            thread.start()
        try:
            for _ in range(outages):
                time.sleep(settle_s)
                report.outages.append(_outage(database, mode=mode, down_s=down_s))
            time.sleep(settle_s)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        report.same_process = server.process.poll() is None and server.process.pid == pid
        server.stop()
        found = stored_revisions(url)
        report.lost_saves = sum(
            1
            for saver in savers
            for attempt in saver.attempts
            if attempt.answered and found.get((attempt.code, attempt.revision)) != attempt.content
        )
        report.no_answer = len(failures)
        report.checks = checks(url)
    _tally(report, savers)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outages", type=int, default=5)
    parser.add_argument("--down", type=float, default=3.0)
    parser.add_argument("--mode", choices=["immediate", "fast"], default="immediate")
    parser.add_argument("--clients", type=int, default=4)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, private_postgres() as database:
        report = run(
            database,
            Path(scratch),
            outages=options.outages,
            down_s=options.down,
            mode=options.mode,
            clients=options.clients,
        )
    recovered = [o.recovered_s for o in report.outages if o.recovered_s is not None]
    print(
        f"{options.mode} stop, {options.outages} outages of {options.down:.0f} s, "
        f"{options.clients} clients; load average {os.getloadavg()[0]:.1f}\n"
    )
    for kind, count in sorted(report.answers.items()):
        print(f"- {kind}: {count}")
    print(f"- requests with no answer: {report.no_answer}")
    print(f"- saves answered but not stored: {report.lost_saves}")
    print(
        f"- recovered after the database was back: median "
        f"{statistics.median(recovered):.2f} s, slowest {max(recovered):.2f} s "
        f"({len(recovered)} of {len(report.outages)} outages)"
        if recovered
        else "- never recovered"
    )
    print(f"- same server process throughout: {report.same_process}")
    print(f"- check and audit verify after: {report.checks}")


if __name__ == "__main__":
    main()
