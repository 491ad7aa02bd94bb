"""Documents and revisions: immutable snapshots, stable codes, optimistic locking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update

from sopflow.library.documents import (
    DocumentNotFoundError,
    RevisionConflictError,
    create_document,
    get_revision,
    history,
    list_documents,
    save_document,
)
from sopflow.library.revisions import canonical_json, content_hash
from sopflow.library.store import Library
from sopflow.library.sync import read_sources
from sopflow.library.tables import revisions
from sopflow.model import Sop, WorkInstruction
from sopflow.model.revisions import RevisionState


@pytest.fixture
def stripe_wi(examples: Path) -> WorkInstruction:
    document = read_sources([examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"])[0]
    assert isinstance(document, WorkInstruction)
    return document


def test_a_saved_document_reads_back_equal(library: Library, stripe_wi: WorkInstruction) -> None:
    with library.transaction() as connection:
        saved = save_document(
            connection, document=stripe_wi, author="ana", summary="First draft", base=None
        )
    assert saved.created
    info = saved.revision
    assert (info.code, info.number, info.author, info.summary) == (
        "WI-PAY-003",
        1,
        "ana",
        "First draft",
    )
    assert info.state is RevisionState.DRAFT
    assert info.sha256 == content_hash(canonical_json(stripe_wi))
    with library.transaction() as connection:
        stored = get_revision(connection, code="WI-PAY-003")
    assert stored.document == stripe_wi
    assert stored.info == info


def test_revisions_are_snapshots(library: Library, stripe_wi: WorkInstruction) -> None:
    changed = stripe_wi.model_copy(update={"title": "Refund a card payment in the Dashboard"})
    with library.transaction() as connection:
        save_document(connection, document=stripe_wi, author="ana", summary="v1", base=None)
        second = save_document(connection, document=changed, author="bo", summary="v2", base=1)
    assert second.revision.number == 2
    with library.transaction() as connection:
        assert get_revision(connection, code="WI-PAY-003", number=1).document == stripe_wi
        assert get_revision(connection, code="WI-PAY-003").document.title.endswith("Dashboard")
        assert [(i.number, i.author) for i in history(connection, code="WI-PAY-003")] == [
            (1, "ana"),
            (2, "bo"),
        ]
        assert list_documents(connection)[0].title == "Refund a card payment in the Dashboard"


def test_saving_the_same_content_adds_no_revision(
    library: Library, stripe_wi: WorkInstruction
) -> None:
    with library.transaction() as connection:
        save_document(connection, document=stripe_wi, author="ana", summary="v1", base=None)
        again = save_document(connection, document=stripe_wi, author="bo", summary="v2", base=1)
    assert not again.created
    assert again.revision.number == 1


def test_content_stored_in_an_older_format_version_is_the_same_content(
    library: Library, stripe_wi: WorkInstruction
) -> None:
    """A revision an older sopflow stored says `sopflow: 1`; saving the same document after
    the format upgrade changes only the version key, which is no new revision."""
    older = json.dumps({**json.loads(canonical_json(stripe_wi)), "sopflow": 1}, sort_keys=True)
    with library.transaction() as connection:
        save_document(connection, document=stripe_wi, author="ana", summary="v1", base=None)
        connection.execute(update(revisions).values(content=older, sha256=content_hash(older)))
        again = save_document(connection, document=stripe_wi, author="bo", summary="v2", base=1)
        assert get_revision(connection, code="WI-PAY-003").document == stripe_wi
    assert not again.created
    assert again.revision.sha256 == content_hash(older)
    changed = stripe_wi.model_copy(update={"title": "Refund a card payment in the Dashboard"})
    with library.transaction() as connection:
        assert save_document(
            connection, document=changed, author="bo", summary="v2", base=1
        ).created


def test_a_stale_save_is_a_conflict_naming_both_revisions(
    library: Library, stripe_wi: WorkInstruction
) -> None:
    first_edit = stripe_wi.model_copy(update={"title": "Edited by Ana"})
    second_edit = stripe_wi.model_copy(update={"title": "Edited by Bo"})
    with library.transaction() as connection:
        save_document(connection, document=stripe_wi, author="ana", summary="v1", base=None)
        save_document(connection, document=first_edit, author="ana", summary="v2", base=1)
    with (
        pytest.raises(
            RevisionConflictError, match="based on revision 1, but the latest is revision 2"
        ),
        library.transaction() as connection,
    ):
        save_document(connection, document=second_edit, author="bo", summary="v2", base=1)
    with library.transaction() as connection:
        assert get_revision(connection, code="WI-PAY-003").document.title == "Edited by Ana"


def test_creating_an_existing_code_as_new_is_a_conflict(
    library: Library, stripe_wi: WorkInstruction
) -> None:
    with library.transaction() as connection:
        save_document(connection, document=stripe_wi, author="ana", summary="v1", base=None)
    with (
        pytest.raises(RevisionConflictError, match="based on no revision"),
        library.transaction() as c,
    ):
        save_document(connection=c, document=stripe_wi, author="bo", summary="again", base=None)


def test_unknown_documents_and_revisions_are_named(
    library: Library, stripe_wi: WorkInstruction
) -> None:
    with library.transaction() as connection:
        with pytest.raises(DocumentNotFoundError, match="SOP-FIN-999: no such document"):
            get_revision(connection, code="SOP-FIN-999")
        save_document(connection, document=stripe_wi, author="ana", summary="v1", base=None)
        with pytest.raises(DocumentNotFoundError, match="no revision 4; the latest is revision 1"):
            get_revision(connection, code="WI-PAY-003", number=4)


def test_create_document_assigns_the_next_code_of_its_kind_and_area(
    library: Library, examples: Path
) -> None:
    sop = read_sources([examples / "refunds" / "SOP-FIN-003-customer-refund.yaml"])[0]
    assert isinstance(sop, Sop)
    with library.transaction() as connection:
        save_document(connection, document=sop, author="ana", summary="import", base=None)
        made = create_document(connection, document=sop, author="cam", summary="captured")
    assert made.revision.code == "SOP-FIN-004"
    with library.transaction() as connection:
        assert get_revision(connection, code="SOP-FIN-004").document.title == sop.title
