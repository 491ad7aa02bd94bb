"""Runs kept in the library, on SQLite and PostgreSQL: saved, replaced, listed, and pinned to
the revision content they follow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import inspect

from sopflow.formats.yaml_source import load_document
from sopflow.library.documents import save_document
from sopflow.library.runs import LibraryRunStore, revision_to_follow
from sopflow.library.store import Library
from sopflow.model import Sop
from sopflow.model.revisions import RevisionState
from sopflow.runner import engine
from sopflow.runner.sources import followed_from_text

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def store_example(library: Library, examples: Path, state: RevisionState) -> Sop:
    sop = load_document(examples / "refunds" / "SOP-FIN-003-customer-refund.yaml")
    assert isinstance(sop, Sop)
    with library.transaction() as connection:
        save_document(connection, document=sop, author="ana", summary="first", base=None)
        newer = sop.model_copy(update={"title": "Customer refunds"})
        save_document(
            connection, document=newer, author="ana", summary="title", base=1, state=state
        )
    return sop


def test_the_runs_table_is_migrated(library: Library) -> None:
    with library.engine.connect() as connection:
        assert "runs" in inspect(connection).get_table_names()


def test_a_run_is_saved_replaced_listed_and_read_back(library: Library, examples: Path) -> None:
    store_example(library, examples, RevisionState.DRAFT)
    store = LibraryRunStore(library)
    with library.transaction() as connection:
        info, content = revision_to_follow(connection, code="SOP-FIN-003")
    assert info.number == 2
    followed = followed_from_text(content, "SOP-FIN-003@2", number=info.number)
    assert followed.revision.sha256 == info.sha256
    assert followed.revision.source is None
    first = engine.start(followed, run_id="run1", who="ana", at=T0)
    store.save(first)
    moved = engine.complete(followed, first, who="ana", at=T0 + timedelta(minutes=3))
    store.save(moved)
    store.save(engine.start(followed, run_id="run2", who="bo", at=T0 + timedelta(hours=1)))
    assert store.get("run1") == moved
    assert [run.id for run in store.runs("SOP-FIN-003")] == ["run1", "run2"]
    assert store.runs("SOP-HR-001") == []
    assert store.find("nope") is None
    assert store.revision_text(followed.revision) == content


def test_a_new_effective_revision_does_not_change_what_a_run_follows(
    library: Library, examples: Path
) -> None:
    store_example(library, examples, RevisionState.EFFECTIVE)
    with library.transaction() as connection:
        first, content = revision_to_follow(connection, code="SOP-FIN-003", number=1)
        chosen, _ = revision_to_follow(connection, code="SOP-FIN-003")
    assert chosen.number == 2
    assert chosen.state == RevisionState.EFFECTIVE
    followed = followed_from_text(content, "SOP-FIN-003@1", number=1)
    store = LibraryRunStore(library)
    store.save(engine.start(followed, run_id="run1", who="ana", at=T0))
    kept = store.get("run1").revision
    assert (kept.number, kept.sha256) == (1, first.sha256)
    assert store.revision_text(kept) == content
    stale = kept.model_copy(update={"sha256": "0" * 64})
    assert store.revision_text(stale) is None
