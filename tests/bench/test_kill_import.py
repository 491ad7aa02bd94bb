"""The kill scenario of bench/kill_import.py, small: `sopflow import` killed with SIGKILL
at random moments leaves every import whole or absent, and the library checks pass."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def kill_import(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """bench/kill_import.py (the benchmarks are run from the repository, not installed)."""
    monkeypatch.syspath_prepend(str(REPO))
    import bench.kill_import

    return bench.kill_import


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_a_killed_import_is_whole_or_absent(
    database: str, tmp_path: Path, request: pytest.FixtureRequest, kill_import: ModuleType
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'library.sqlite3'}"
        if database == "sqlite"
        else request.getfixturevalue("empty_postgres_url")
    )
    report = kill_import.run(url, tmp_path, documents=40, kills=4, seed=3)
    assert len(report.rounds) == 4
    assert {done.outcome for done in report.rounds} <= {"absent", "whole"}
    assert [done.checks for done in report.rounds] == ["pass"] * 4
