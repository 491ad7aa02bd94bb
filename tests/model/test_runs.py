"""Run records: their format version key and the named migrations that upgrade saved runs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from sopflow.model.runs import (
    RUN_FORMAT_KEY,
    RevisionRef,
    Run,
    RunFormatError,
    migrate_run_data,
    run_from_data,
    run_to_data,
)

REVISION = RevisionRef(code="SOP-FIN-003", number=2, sha256="a" * 64)


def a_run() -> Run:
    return Run(
        id="r1", revision=REVISION, started_by="ana", started_at=datetime(2026, 3, 2, tzinfo=UTC)
    )


def test_saved_data_round_trips_and_carries_its_version_first() -> None:
    data = run_to_data(a_run())
    assert next(iter(data)) == RUN_FORMAT_KEY
    assert run_from_data(data) == a_run()


@pytest.mark.parametrize(
    ("version", "message"),
    [(None, "missing the run format version"), ("1", "must be a version number"), (99, "newer")],
)
def test_a_bad_or_newer_version_is_refused(version: Any, message: str) -> None:
    data = run_to_data(a_run())
    data[RUN_FORMAT_KEY] = version
    with pytest.raises(RunFormatError, match=message):
        migrate_run_data(data)


def test_older_data_goes_through_the_named_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    """As it will when the format changes again: version 2 data renamed a field in version 3."""
    from sopflow.model import runs

    def rename_operator_to_started_by(data: Any) -> Any:
        data["started_by"] = data.pop("operator")
        return data

    monkeypatch.setattr(runs.RUN_FORMAT, "current", 3)
    monkeypatch.setitem(runs.RUN_MIGRATIONS, 2, rename_operator_to_started_by)
    old = run_to_data(a_run())
    old["operator"] = old.pop("started_by")
    upgraded = migrate_run_data(old)
    assert upgraded["started_by"] == "ana"
    assert upgraded[RUN_FORMAT_KEY] == 3


def test_a_version_1_run_reads_unchanged() -> None:
    """Run format 2 added the branch taken at a parallel node; version 1 runs have none."""
    old = run_to_data(a_run())
    old[RUN_FORMAT_KEY] = 1
    for entry in old["path"]:
        del entry["branch"]
    for transition in old["history"]:
        del transition["branch"]
    assert run_from_data(old) == a_run()


def test_a_revision_reads_as_code_number_and_short_hash() -> None:
    assert str(REVISION) == "SOP-FIN-003 revision 2 (sha256 aaaaaaaaaaaa)"
    with pytest.raises(ValueError, match=r"should match pattern"):
        RevisionRef(code="SOP-FIN-003", sha256="not a hash")
