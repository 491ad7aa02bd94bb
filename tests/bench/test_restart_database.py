"""The scenario of bench/restart_database.py, one short outage: while PostgreSQL is down
the server answers 503 with Retry-After and nothing else, and the same process serves again
once it is back, having lost no save it answered."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> tuple[ModuleType, ModuleType]:
    """bench/faults.py and bench/restart_database.py (run from the repository)."""
    monkeypatch.syspath_prepend(str(REPO))
    import bench.faults
    import bench.restart_database

    reason = bench.faults.private_postgres_reason()
    if reason is not None:
        pytest.skip(reason)
    return bench.faults, bench.restart_database


@pytest.mark.postgres
def test_a_database_crash_is_503s_then_the_same_server_recovers(
    tmp_path: Path, faults: tuple[ModuleType, ModuleType]
) -> None:
    helpers, scenario = faults
    with helpers.private_postgres() as database:
        report = scenario.run(
            database,
            tmp_path,
            outages=1,
            down_s=1.0,
            mode="immediate",
            clients=2,
            settle_s=0.5,
            checks=helpers.library_checks_in_process,
        )
    assert report.answers.get("503 with Retry-After", 0) > 0
    assert set(report.answers) <= {
        "2xx",
        "503 with Retry-After",
        "412 (an earlier save had been stored)",
    }
    assert report.no_answer == 0
    assert report.lost_saves == 0
    assert report.outages[0].recovered_s is not None
    assert report.same_process
    assert report.checks == "pass"
