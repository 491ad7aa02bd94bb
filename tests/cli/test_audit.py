"""`sopflow audit`: an import is recorded, verify passes, export ends with the head, and an
entry edited in SQL is named with exit status 1; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from sopflow.library.store import open_library


@pytest.fixture
def env(library_url: str, tmp_path: Path) -> dict[str, str]:
    """The environment of a user whose library is at library_url."""
    return {**os.environ, "SOPFLOW_DATABASE_URL": library_url, "SOPFLOW_HOME": str(tmp_path)}


def sopflow(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sopflow", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_import_is_recorded_verified_exported_and_tampering_named(
    env: dict[str, str], examples: Path, library_url: str, tmp_path: Path
) -> None:
    assert sopflow("import", str(examples), env=env).returncode == 0
    shown = sopflow("audit", "show", "--action", "revision.imported", "--limit", "3", env=env)
    assert shown.returncode == 0, shown.stderr
    assert len(shown.stdout.splitlines()) == 3
    assert "\trevision.imported\tWI-" in shown.stdout or "\trevision.imported\t" in shown.stdout
    verified = sopflow("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stderr
    assert "audit trail intact: 8 entries" in verified.stdout
    exported = sopflow("audit", "export", "-o", str(tmp_path / "audit.jsonl"), env=env)
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [line["seq"] for line in lines[:-1]] == list(range(1, 9))
    assert lines[-1] == {"head": {"seq": 8, "hash": lines[-2]["hash"]}}
    with open_library(library_url, create=False) as library, library.transaction() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_entries_no_update"))
        conn.execute(text("UPDATE audit_entries SET subject = 'SOP-XXX-001' WHERE seq = 5"))
    broken = sopflow("audit", "verify", env=env)
    assert broken.returncode == 1
    assert "audit trail broken: entry 5 was edited" in broken.stderr
    assert "Traceback" not in broken.stderr
