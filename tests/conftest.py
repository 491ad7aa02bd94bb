"""Shared fixtures: where the example library and the evaluation data are; a small disk."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import create_engine

from sopflow.library.attachments import attach_files
from sopflow.library.documents import save_document
from sopflow.library.scratch import ServerUnavailableError, scratch_postgres_database
from sopflow.library.store import Library, open_library
from sopflow.library.sync import read_sources
from sopflow.model import WorkInstruction

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
EVAL = REPO.parent / "shared" / "eval"
MEDIA = REPO / "tests" / "fixtures" / "media"
CHROMIUM = Path("/usr/bin/chromium")
SHIPPING = REPO / "tests" / "fixtures" / "parallel" / "SOP-LOG-009-ship-an-order.yaml"


@pytest.fixture
def examples() -> Path:
    """The example library shipped in the repository."""
    return EXAMPLES


@pytest.fixture
def shipping_sop() -> Path:
    """SOP-LOG-009: pack the goods and invoice in parallel (the invoice split again into
    printing and e-mailing it), a decision inside the packing branch and one after the join."""
    return SHIPPING


@pytest.fixture
def eval_dir() -> Path:
    """The public evaluation data beside the checkout; tests skip when it is absent."""
    if not EVAL.is_dir():
        pytest.skip(f"evaluation data not found at {EVAL} (it sits beside the checkout)")
    return EVAL


# --- The library's databases: every storage test runs on SQLite and on PostgreSQL. ---


@contextmanager
def _fresh_postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards; skips when no server answers."""
    with ExitStack() as stack:
        try:
            url = stack.enter_context(scratch_postgres_database(prefix))
        except ServerUnavailableError as error:
            pytest.skip(str(error))
        yield url


@pytest.fixture(scope="session")
def postgres_library_url() -> Iterator[str]:
    """One PostgreSQL database for the test session, with the library schema."""
    with _fresh_postgres_database("sopflow_test") as url:
        open_library(url, create=True).close()
        yield url


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    """A PostgreSQL database of its own for one test, without any schema."""
    with _fresh_postgres_database("sopflow_empty") as url:
        yield url


EVERY_LIBRARY_TABLE = (
    "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables "
    "WHERE schemaname = 'public' AND tablename NOT IN ('alembic_version', 'audit_entries')"
)
"""Every table a migration made, so a new table is emptied between tests without a list."""

EMPTY_AUDIT = (
    "ALTER TABLE audit_entries DISABLE TRIGGER USER; TRUNCATE audit_entries; "
    "ALTER TABLE audit_entries ENABLE TRIGGER USER"
)
"""The audit table refuses TRUNCATE (append-only); the test database's owner lifts that."""


@pytest.fixture(scope="session")
def sqlite_library_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite library migrated once for the session: running the migrations costs
    about half a second a library, copying the file a millisecond."""
    path = tmp_path_factory.mktemp("template") / "library.sqlite3"
    open_library(f"sqlite:///{path}", create=True).close()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def library_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty library, on SQLite (a new file, a copy of the session's migrated
    template) and on PostgreSQL (emptied); on both the schema is already there."""
    if request.param == "sqlite":
        path = tmp_path / "library.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_library_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_library_url")
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = connection.exec_driver_sql(EVERY_LIBRARY_TABLE).scalar_one()
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        connection.exec_driver_sql(EMPTY_AUDIT)
    engine.dispose()
    return url


@pytest.fixture
def library(library_url: str) -> Iterator[Library]:
    """An open, empty library on each database."""
    with open_library(library_url, create=True) as opened:
        yield opened


def _png() -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (16, 10), (0, 120, 0)).save(stream, format="PNG")
    return stream.getvalue()


PNG = _png()
"""A small green picture, a screenshot as the library stores one."""


def store_with_image(library: Library, examples: Path, image: str) -> None:
    """The Stripe WI stored with a screenshot at path image on its first step, as a row an
    older version or a hand edit of the database could have left (no rule checked it)."""
    (wi,) = read_sources([examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"])
    assert isinstance(wi, WorkInstruction)
    steps = (wi.steps[0].model_copy(update={"image": image}), *wi.steps[1:])
    with library.transaction() as connection:
        document = wi.model_copy(update={"steps": steps})
        save_document(connection, document=document, author="ada", summary="x", base=None)
        attach_files(connection, code=wi.code, number=1, files={image: PNG})


@pytest.fixture
def media() -> Path:
    """Small generated recordings (scripts/make_walkthrough.py): speech in every container,
    narrated videos with their event logs, and bad files."""
    return MEDIA


@pytest.fixture
def spoken() -> dict[str, list[str]]:
    """What was said in each media fixture, sentence by sentence."""
    data: dict[str, list[str]] = json.loads((MEDIA / "transcripts.json").read_text())
    return data


# --- A browser: one Chromium for the whole session (a second Playwright would find the
# first one's event loop running), shared by the web and the print tests. ---


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium under Playwright, headless; skips when it is not installed."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("Chromium is not installed (scripts/system-packages.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 2 MB tmpfs, unmounted afterwards."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command here")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=False)
