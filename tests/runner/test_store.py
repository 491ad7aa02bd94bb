"""The folder run store: runs and the revisions they follow, in plain files."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sopflow.errors import SopflowError
from sopflow.model.runs import RevisionRef, Run
from sopflow.runner.store import FolderRunStore

REVISION = RevisionRef(code="SOP-FIN-003", sha256="b" * 64, source="refund.yaml")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def a_run(run_id: str, code: str = "SOP-FIN-003", minutes: int = 0) -> Run:
    revision = REVISION.model_copy(update={"code": code})
    return Run(
        id=run_id, revision=revision, started_by="ana", started_at=T0 + timedelta(minutes=minutes)
    )


def test_runs_are_saved_replaced_and_listed_oldest_first(tmp_path: Path) -> None:
    store = FolderRunStore(tmp_path)
    store.save(a_run("late", minutes=5))
    store.save(a_run("early"))
    store.save(a_run("other", code="SOP-HR-001"))
    store.save(a_run("early").model_copy(update={"state": "paused"}))
    assert [run.id for run in store.runs("SOP-FIN-003")] == ["early", "late"]
    assert store.get("early").state == "paused"
    assert store.has("late")
    assert not store.has("../etc")
    assert store.runs("SOP-XX-001") == []


def test_a_revision_is_kept_once_by_its_hash(tmp_path: Path) -> None:
    store = FolderRunStore(tmp_path)
    assert store.revision_text(REVISION) is None
    store.keep_revision(REVISION, "first text")
    store.keep_revision(REVISION, "second text")
    assert store.revision_text(REVISION) == "first text"


def test_bad_ids_and_damaged_files_are_named(tmp_path: Path) -> None:
    store = FolderRunStore(tmp_path)
    with pytest.raises(SopflowError, match="no run abc"):
        store.get("abc")
    with pytest.raises(SopflowError, match="is not a run id"):
        store.get("../x")
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "bad.json").write_text("{not json")
    with pytest.raises(SopflowError, match=r"bad\.json: not a saved run"):
        store.get("bad")
    newer = json.loads(json.dumps({"run_format": 9}))
    (tmp_path / "runs" / "newer.json").write_text(json.dumps(newer))
    with pytest.raises(
        SopflowError, match=r"newer\.json: not a valid saved run:\nrun format version 9"
    ):
        store.get("newer")
