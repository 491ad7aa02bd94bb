"""Web load benchmark: simulated people reading the library through the real server.

Run from the repository root, for example:

    .venv/bin/python -m bench.web_load --documents 100000
    .venv/bin/python -m bench.web_load --documents 100000 --databases sqlite --users 100

It builds the library of bench/library_corpus.py (or reuses one kept with --keep), starts
`sopflow serve` on loopback as its own process, signs in --users simulated readers and lets
each, for --seconds, repeat: open a document page, search on the library page, read a
document or a search through the API with a token — each followed by a think time of 1
to 5 s (uniform, the common choice of load-testing tools), as a person reading would.
Prints a Markdown table of medians and 95th percentiles per kind of request, throughput and
errors; not a test, nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.library_bench import database, import_generated, percentile
from bench.library_corpus import Corpus
from sopflow.library.store import open_library
from sopflow.services import users
from sopflow.services.access import Actor, Role

PASSWORD = "bench-reader-pass"
THINK = (1.0, 5.0)
KINDS = ("document page", "search page", "API document", "API search")
WEIGHTS = (4, 3, 2, 1)


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prepare(url: str, total: int, readers: int) -> tuple[list[str], str]:
    """Fill the library when it is empty; accounts for the readers; codes and a token."""
    with open_library(url, create=True) as library:
        with library.reading() as connection:
            count = connection.exec_driver_sql("SELECT count(*) FROM documents").scalar_one()
        if count == 0:
            rate = import_generated(library, total)
            print(f"imported {total} documents at {rate:.0f} docs/s", file=sys.stderr)
        if library.engine.dialect.name == "postgresql":
            with library.transaction() as connection:  # as autovacuum soon would: plans
                connection.exec_driver_sql("ANALYZE")  # for tables of this size
        local = Actor.local()
        known = {user.name for user in users.list_users(library=library, actor=local)}
        for name in (f"reader{n}" for n in range(readers)):
            if name not in known:
                users.add_user(
                    library=library, actor=local, name=name, password=PASSWORD, roles=[Role.READER]
                )
        token = users.create_token(library=library, actor=local, user="reader0", name="bench")
        with library.reading() as connection:
            codes = list(
                connection.exec_driver_sql(
                    "SELECT code FROM documents ORDER BY id LIMIT 5000"
                ).scalars()
            )
    return codes, token.secret


@contextmanager
def server(url: str, home: Path, port: int) -> Iterator[str]:
    """`sopflow serve` on loopback in its own process group; its base URL."""
    environment = {**os.environ, "SOPFLOW_DATABASE_URL": url, "SOPFLOW_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "sopflow", "serve", "--port", str(port)],
        env=environment,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)


@dataclass(frozen=True)
class Plan:
    """What every simulated person shares: the server, what to read, when to stop."""

    base: str
    codes: list[str]
    words: list[str]
    token: str
    until: float


@dataclass
class Tally:
    """Latencies in ms per kind of request, and the failures."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))


async def sign_in(base: str, index: int) -> httpx.AsyncClient:
    """A signed-in browser-like client for reader number index."""
    client = httpx.AsyncClient(base_url=base, timeout=30)
    form = {"name": f"reader{index}", "password": PASSWORD, "next": "/"}
    signed = await client.post("/login", data=form)
    if signed.status_code != 303:
        await client.aclose()
        raise RuntimeError(f"reader{index} could not sign in: {signed.status_code}")
    return client


async def reader(plan: Plan, client: httpx.AsyncClient, index: int, tally: Tally) -> None:
    """One person reading and searching until the time is up, thinking between requests."""
    rng = random.Random(index)
    api = {"Authorization": f"Bearer {plan.token}"}
    await asyncio.sleep(rng.uniform(*THINK))  # people do not all click at the same moment
    while time.monotonic() < plan.until:
        kind = rng.choices(KINDS, WEIGHTS)[0]
        code, word = rng.choice(plan.codes), rng.choice(plan.words)
        path, params, headers = {
            "document page": (f"/documents/{code}", {}, {}),
            "search page": ("/library", {"q": word}, {}),
            "API document": (f"/api/v1/documents/{code}", {}, api),
            "API search": ("/api/v1/search", {"q": word}, api),
        }[kind]
        start = time.perf_counter()
        try:
            response = await client.get(path, params=params, headers=headers)
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        elapsed = (time.perf_counter() - start) * 1000
        if ok:
            tally.samples[kind].append(elapsed)
        else:
            tally.errors[kind] += 1
        await asyncio.sleep(rng.uniform(*THINK))


async def load(base: str, codes: list[str], token: str, people: int, seconds: float) -> Tally:
    """Run the simulated people against base; what they measured."""
    tally = Tally()
    words = [*Corpus().subjects[:300], "check", "approve", "invoice", "refund"]
    clients = [await sign_in(base, n) for n in range(people)]  # not measured
    plan = Plan(base, codes, words, token, time.monotonic() + seconds)
    try:
        await asyncio.gather(*(reader(plan, clients[n], n, tally) for n in range(people)))
    finally:
        for client in clients:
            await client.aclose()
    return tally


def report(kind: str, tally: Tally, seconds: float) -> list[str]:
    """Markdown rows: one per kind of request."""
    rows = []
    for name in KINDS:
        samples = tally.samples.get(name, [])
        if not samples:
            rows.append(f"| {kind} | {name} | 0 | - | - | - | {tally.errors.get(name, 0)} |")
            continue
        rows.append(
            f"| {kind} | {name} | {len(samples)} | {statistics.median(samples):.1f} | "
            f"{percentile(samples, 0.95):.1f} | {percentile(samples, 0.99):.1f} | "
            f"{tally.errors.get(name, 0)} |"
        )
    answered = [value for samples in tally.samples.values() for value in samples]
    every = answered or [0.0]
    rows.append(
        f"| {kind} | all ({len(answered) / seconds:.0f} req/s) | {len(answered)} | "
        f"{statistics.median(every):.1f} | {percentile(every, 0.95):.1f} | "
        f"{percentile(every, 0.99):.1f} | {sum(tally.errors.values())} |"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument(
        "--keep", type=Path, help="Folder to keep (and reuse) the SQLite library in."
    )
    arguments = parser.parse_args()
    rows = [
        "| database | request | count | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in arguments.databases:
        with tempfile.TemporaryDirectory() as scratch:
            folder = arguments.keep if (arguments.keep and kind == "sqlite") else Path(scratch)
            folder.mkdir(parents=True, exist_ok=True)
            with database(kind, folder) as url:
                codes, token = prepare(url, arguments.documents, arguments.users)
                with server(url, Path(scratch) / "home", free_port()) as base:
                    tally = asyncio.run(
                        load(base, codes, token, arguments.users, arguments.seconds)
                    )
                rows.extend(report(kind, tally, arguments.seconds))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
