"""Load on the deployment's topology: several app servers and workers on PostgreSQL, beside
one SQLite process. Run from the repository root, for example:

    .venv/bin/python -m bench.load_cluster                       # both, 200 users, 120 s
    .venv/bin/python -m bench.load_cluster --topology sqlite --users 20 --seconds 15

For each topology it makes a fresh library (PostgreSQL: a scratch database on the local
server, dropped afterwards; SQLite: a file in a scratch folder), starts it with the commands
of docs/deployment.md as processes of their own (`sopflow db upgrade`, `sopflow user add`,
`sopflow import`, `sopflow serve --workers 4`, two `sopflow worker` on Redis; for SQLite one
`sopflow serve` running capture jobs itself), and then:

1. the mix of bench/load_mix.py: --users people reading, searching, running SOPs and saving
   revisions for --seconds;
2. --writers people saving revisions of one document at once: every save must land or be
   refused as stale, and the revisions stored must be exactly the saves that landed;
3. --uploads capture uploads at once, each followed to its end: each job drafted once;
4. `sopflow audit verify` and `sopflow check` on the library after the load.

Prints Markdown tables (and writes them to --out); nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import text

from bench.faults import stop_group, wait_until_up
from bench.library_corpus import Corpus
from bench.load_mix import Plan, Tally, Uploads, Writers, mix, uploads, writers
from bench.load_report import Result, report
from bench.web_load import free_port
from sopflow.formats.yaml_write import write_document
from sopflow.library import jobs as job_rows
from sopflow.library.scratch import scratch_postgres_database
from sopflow.library.store import open_library
from sopflow.services import users
from sopflow.services.access import Actor, Role

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = [REPO / "examples" / name for name in ("refunds", "onboarding", "orders")]
WALKTHROUGHS = [
    REPO / "examples" / "walkthroughs" / "refund-mixed.md",
    REPO / "examples" / "walkthroughs" / "refund-call-teams.vtt",
]
PASSWORD = "load-bench-pass-42"
WRITTEN = "SOP-LOG-001"
"""The document the concurrent writers all save."""


@dataclass(frozen=True)
class Topology:
    """Where the library lives and how the processes are started."""

    name: str
    url: str
    env: dict[str, str]
    servers: int
    workers: int


def sopflow(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    """Run one sopflow command to its end; its output, or an error naming it."""
    done = subprocess.run(
        [sys.executable, "-m", "sopflow", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"sopflow {' '.join(args)}: {done.stderr or done.stdout}")
    return done.stdout + done.stderr


@contextmanager
def topology(name: str, scratch: Path, redis_db: int) -> Iterator[Topology]:
    """The library and the environment of the processes for name (postgresql or sqlite)."""
    env = {
        **os.environ,
        "SOPFLOW_HOME": str(scratch / "home"),
        "SOPFLOW_JOB_FILES": str(scratch / "files"),
    }
    if name == "sqlite":
        url = f"sqlite:///{scratch / 'library.sqlite3'}"
        yield Topology(name, url, {**env, "SOPFLOW_DATABASE_URL": url}, 1, 0)
        return
    broker, queue = f"redis://127.0.0.1:6379/{redis_db}", f"sopflow-load-{uuid.uuid4().hex[:12]}"
    with scratch_postgres_database("load_cluster") as url:
        env |= {"SOPFLOW_DATABASE_URL": url, "SOPFLOW_BROKER_URL": broker}
        env["SOPFLOW_JOB_QUEUE"] = queue
        try:
            yield Topology(name, url, env, 4, 2)
        finally:  # the queue's keys, as the scratch database, go with the run
            client = redis.Redis.from_url(broker)
            for key in client.scan_iter(match=f"*{queue}*"):
                client.delete(key)
            client.close()


def seed(place: Topology, scratch: Path, total: int, people: int) -> tuple[list[str], str]:
    """Schema, administrator, documents and people, by the commands an operator types; the
    people's API tokens (one each) and an administrator's."""
    sopflow(place.env, "db", "upgrade")
    sopflow(place.env, "user", "add", "ada", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    sopflow(place.env, "import", *map(str, EXAMPLES), "--author", "ada")
    taken = set(library_codes(place.url)[0])  # the generated codes count from 001 too
    folder = scratch / "sources"
    for document in Corpus(seed=17).documents(total):
        if document.code not in taken:
            write_document(document, folder / f"{document.code}.yaml")
    sopflow(place.env, "import", str(folder), "--author", "ada")
    local = Actor.local()
    tokens = []
    with open_library(place.url, create=False) as library:
        for n in range(people):
            name = f"person{n}"
            users.add_user(
                library=library, actor=local, name=name, password=PASSWORD, roles=[Role.AUTHOR]
            )
            tokens.append(
                users.create_token(library=library, actor=local, user=name, name="load").secret
            )
        admin = users.create_token(library=library, actor=local, user="ada", name="load")
        if library.engine.dialect.name == "postgresql":
            with library.transaction() as connection:
                connection.exec_driver_sql("ANALYZE")
    return tokens, admin.secret


def library_codes(url: str) -> tuple[list[str], list[str]]:
    """Every document's code, and the SOPs' (the ones people run)."""
    with open_library(url, create=False) as library, library.reading() as connection:
        rows = connection.exec_driver_sql("SELECT code, kind FROM documents ORDER BY code").all()
    return [code for code, _ in rows], [code for code, kind in rows if kind == "sop"]


@contextmanager
def processes(place: Topology, scratch: Path, serving: list[str]) -> Iterator[str]:
    """The app servers and workers as the deployment page starts them; the base URL."""
    port = free_port()
    commands = [["serve", "--host", "127.0.0.1", "--port", str(port)]]
    if place.servers > 1:
        commands[0] += ["--workers", str(place.servers)]
    commands[0] += serving
    commands += [["worker", "--name", f"capture-{n + 1}"] for n in range(place.workers)]
    started = []
    with ExitStack() as stack:
        for number, command in enumerate(commands):
            log = stack.enter_context((scratch / f"{command[0]}-{number}.log").open("wb"))
            started.append(
                subprocess.Popen(
                    [sys.executable, "-m", "sopflow", *command],
                    env=place.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, started[0], seconds=180)
            yield base
        finally:
            for process in started:
                stop_group(process, seconds=60)


def stored_summaries(url: str, code: str) -> list[str]:
    """The change summaries of every revision the library holds of code, oldest first."""
    with open_library(url, create=False) as library, library.reading() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT r.summary FROM revisions r JOIN documents d ON d.id = r.document_id "
                    "WHERE d.code = :code ORDER BY r.number"
                ),
                {"code": code},
            ).scalars()
        )


def attempts(url: str, jobs: list[str]) -> list[int]:
    """How many times each job was claimed (1: drafted once)."""
    with open_library(url, create=False) as library, library.reading() as connection:
        found = [job_rows.find_job(connection, job_id=job) for job in jobs]
    return [row.attempt if row is not None else 0 for row in found]


def after(place: Topology) -> dict[str, str]:
    """The checks run on the library once the load is over: their last line and code."""
    out = {}
    for label, args in (("audit verify", ("audit", "verify")), ("check", ("check",))):
        done = subprocess.run(
            [sys.executable, "-m", "sopflow", *args],
            env=place.env,
            capture_output=True,
            text=True,
            check=False,
        )
        last = (done.stdout + done.stderr).strip().splitlines() or [""]
        out[label] = f"exit {done.returncode}: {last[-1][:160]}"
    return out


def measure(name: str, options: argparse.Namespace) -> Result:
    """One topology from an empty library to the checks after the load."""
    with (
        tempfile.TemporaryDirectory() as folder,
        topology(name, Path(folder), options.redis_db) as place,
    ):
        scratch = Path(folder)
        people = max(options.users, options.writers)
        tokens, admin = seed(place, scratch, options.documents, people)
        codes, sops = library_codes(place.url)
        words = [*Corpus().common_words()[:40], "refund", "invoice", "order"]
        serving = ["--keep-alive", str(options.keep_alive)] if options.keep_alive else []
        with processes(place, scratch, serving) as base:
            load_before = os.getloadavg()
            plan = Plan(base, tokens[: options.users], codes, sops, sops[:20], words, 0.0)
            tally: Tally = asyncio.run(mix(plan, options.seconds))
            load_during = os.getloadavg()
            before = len(stored_summaries(place.url, WRITTEN))
            wrote: Writers = asyncio.run(
                writers(base, tokens[: options.writers], WRITTEN, options.rounds)
            )
            summaries = stored_summaries(place.url, WRITTEN)[before:]
            sent: Uploads = asyncio.run(uploads(base, admin, WALKTHROUGHS, options.uploads))
            claims = attempts(place.url, sent.jobs)
        checks = after(place)
    return Result(
        name=name,
        servers=place.servers,
        workers=place.workers,
        users=options.users,
        seconds=options.seconds,
        tally=tally,
        writers=wrote,
        summaries=summaries,
        uploads=sent,
        claims=claims,
        checks=checks,
        load=(load_before, load_during, os.getloadavg()),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topology", nargs="+", default=["postgresql", "sqlite"])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4, help="Saves each writer tries.")
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--redis-db", type=int, default=13, help="Redis database number.")
    parser.add_argument(
        "--keep-alive", type=int, help="Passed to `sopflow serve` (default: its own)."
    )
    parser.add_argument("--out", type=Path, help="Also write the tables and the raw figures.")
    options = parser.parse_args()
    results = []
    for name in options.topology:
        results.append(measure(name, options))
        print(report(results[-1:]), file=sys.stderr)  # kept should a later topology fail
    text = report(results)
    print(text)
    if options.out:
        options.out.write_text(text + "\n")
        raw: list[dict[str, Any]] = [result.raw() for result in results]
        options.out.with_suffix(".json").write_text(json.dumps(raw, indent=1))


if __name__ == "__main__":
    main()
