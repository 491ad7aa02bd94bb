"""The scenario of bench/kill_serve.py, one round: `sopflow serve` killed with SIGKILL in
the middle of saves loses no answered save and leaves no partial revision; the library's
checks pass."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def kill_serve(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """bench/kill_serve.py (the benchmarks are run from the repository, not installed)."""
    monkeypatch.syspath_prepend(str(REPO))
    import bench.kill_serve

    return bench.kill_serve


def test_a_killed_server_loses_no_answered_save(tmp_path: Path, kill_serve: ModuleType) -> None:
    url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    from bench.faults import library_checks_in_process as checks

    (done,) = kill_serve.run(url, tmp_path, rounds=1, savers=2, documents=6, seed=2, checks=checks)
    assert done.answered > 0  # the kill came in the middle of saving, not before it
    assert done.outcomes["kept"] == done.answered
    assert done.outcomes["lost"] == 0
    assert done.outcomes["partial"] == 0
    assert done.outcomes["absent"] + done.outcomes["whole"] == 2  # one save in flight each
    assert done.checks == "pass"
