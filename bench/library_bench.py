"""Library benchmark: import throughput, search, get-by-code and where-used latency, size.

Run from the repository root, for example:

    .venv/bin/python -m bench.library_bench --documents 100000
    .venv/bin/python -m bench.library_bench --documents 20000 --databases sqlite

It generates a realistic library (bench/library_corpus.py), imports it into a fresh SQLite
file and a fresh PostgreSQL database (postgres@127.0.0.1:5432, or SOPFLOW_TEST_POSTGRES_URL),
then measures each operation as a command would run it: one read transaction per call.
Prints a Markdown table of medians and 95th percentiles; not a test, nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import make_url, text

from bench.library_corpus import Corpus
from sopflow.formats.yaml_write import write_document
from sopflow.library.documents import get_revision
from sopflow.library.links import where_used
from sopflow.library.scratch import scratch_postgres_database
from sopflow.library.search import optimize_index, search
from sopflow.library.store import Library, open_library
from sopflow.library.sync import import_documents, read_sources

BATCH = 1000


def percentile(samples: list[float], fraction: float) -> float:
    """The value below which fraction of the samples lie (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(calls: list[Callable[[], object]]) -> tuple[float, float]:
    """p50 and p95 in milliseconds of running each call once."""
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


@contextmanager
def database(kind: str, folder: Path, *, prefix: str = "sopflow_bench") -> Iterator[str]:
    """A fresh, empty database URL of that kind (sqlite: a file in folder; postgresql: a
    scratch database named from prefix), removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    with scratch_postgres_database(prefix) as url:
        yield url


def import_generated(library: Library, total: int) -> float:
    """Documents per second of storing the generated library (generation not counted).

    The final merge of the search index and the commit are counted: a user waits for both.
    """
    corpus = Corpus()
    stream = corpus.documents(total)
    spent = 0.0
    with library.transaction() as connection:
        while batch := [document for _, document in zip(range(BATCH), stream, strict=False)]:
            start = time.perf_counter()
            import_documents(connection, docs=batch, author="bench", summary="generated")
            spent += time.perf_counter() - start
        start = time.perf_counter()
        optimize_index(connection)  # as one import of them all would
    spent += time.perf_counter() - start  # the merge and the commit
    return total / spent


def import_yaml(kind: str, folder: Path, total: int) -> float:
    """Documents per second of `sopflow import` on YAML files: read, check, store."""
    sources = folder / "yaml"
    for document in Corpus(seed=11).documents(total):
        write_document(document, sources / f"{document.code}.yaml")
    with database(kind, folder / "yaml-db") as url, open_library(url, create=True) as library:
        start = time.perf_counter()
        docs = read_sources([sources])
        with library.transaction() as connection:
            import_documents(connection, docs=docs, author="bench", summary="yaml")
        return total / (time.perf_counter() - start)


def size_per_document(library: Library, kind: str, total: int, url: str) -> float:
    """Bytes of database per document."""
    if kind == "sqlite":
        library.close()
        path = Path(str(make_url(url).database))
        with closing(sqlite3.connect(path, isolation_level=None)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return path.stat().st_size / total
    with library.engine.connect() as connection:
        size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
    return float(size or 0) / total


def run(kind: str, total: int, queries: int, yaml_sample: int) -> dict[str, str]:
    """The measurements for one database, as table cells."""
    rng = random.Random(3)
    corpus = Corpus()
    common = corpus.common_words()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "yaml-db").mkdir()
        with database(kind, folder) as url, open_library(url, create=True) as library:
            per_second = import_generated(library, total)
            if kind == "postgresql":
                with library.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                ) as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE")
            with library.reading() as connection:
                codes = list(connection.execute(text("SELECT code, title FROM documents")).tuples())
            sample = rng.sample(codes, min(queries, len(codes)))
            wis = [code for code, _ in codes if code.startswith("WI-")]
            sops = [code for code, _ in codes if code.startswith("SOP-")]

            def searching(query: str) -> Callable[[], object]:
                def call() -> object:
                    with library.reading() as connection:
                        return search(connection, query=query, limit=20)

                return call

            def reading(call: Callable[..., object], **kwargs: object) -> Callable[[], object]:
                def wrapped() -> object:
                    with library.reading() as connection:
                        return call(connection, **kwargs)

                return wrapped

            one = timed([searching(rng.choice(corpus.subjects)) for _ in range(queries)])
            frequent = timed([searching(rng.choice(common)) for _ in range(queries // 4)])
            three_words = [  # the title's subject and two more of its words
                " ".join([title.split()[2], *rng.sample(title.lower().split()[3:], 2)])
                for _, title in sample
            ]
            three = timed([searching(query) for query in three_words])
            get = timed([reading(get_revision, code=code) for code, _ in sample])
            used = timed([reading(where_used, code=rng.choice(wis)) for _ in range(queries)])
            used_all = timed(
                [
                    reading(where_used, code=rng.choice(sops), transitive=True)
                    for _ in range(queries)
                ]
            )
            size = size_per_document(library, kind, total, url)
        from_yaml = import_yaml(kind, folder, yaml_sample)
    return {
        "database": kind,
        "documents": f"{total:,}",
        "import (docs/s, generated)": f"{per_second:,.0f}",
        f"import (docs/s, {yaml_sample:,} YAML files)": f"{from_yaml:,.0f}",
        "search 1 word p50/p95 (ms)": f"{one[0]:.1f} / {one[1]:.1f}",
        "search 3 words p50/p95 (ms)": f"{three[0]:.1f} / {three[1]:.1f}",
        "search common word p50/p95 (ms)": f"{frequent[0]:.1f} / {frequent[1]:.1f}",
        "get by code p50/p95 (ms)": f"{get[0]:.1f} / {get[1]:.1f}",
        "where-used p50/p95 (ms)": f"{used[0]:.1f} / {used[1]:.1f}",
        "where-used --all p50/p95 (ms)": f"{used_all[0]:.1f} / {used_all[1]:.1f}",
        "size per document (KiB)": f"{size / 1024:.1f}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--yaml-sample", type=int, default=1000)
    args = parser.parse_args()
    printed = False
    for kind in args.databases.split(","):
        row = run(kind, args.documents, args.queries, args.yaml_sample)
        if not printed:
            print("| " + " | ".join(row) + " |")
            print("|" + "---|" * len(row))
            printed = True
        print("| " + " | ".join(row.values()) + " |", flush=True)


if __name__ == "__main__":
    main()
