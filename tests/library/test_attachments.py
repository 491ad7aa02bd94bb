"""Screenshots stored with the revisions that refer to them, once each, kept across edits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from sopflow.library.attachments import attach_files, revision_files_data
from sopflow.library.documents import get_revision, save_document
from sopflow.library.drafts import save_drafts
from sopflow.library.store import Library
from sopflow.library.sync import read_sources
from sopflow.library.tables import attachments
from sopflow.model import WorkInstruction
from sopflow.model.media import media_paths


def _png(colour: tuple[int, int, int]) -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (16, 10), colour).save(stream, format="PNG")
    return stream.getvalue()


RED, BLUE = _png((200, 0, 0)), _png((0, 0, 200))


@pytest.fixture
def captured(examples: Path) -> WorkInstruction:
    """The Stripe WI as a capture leaves it: a placeholder code, screenshots on two steps."""
    (wi,) = read_sources([examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"])
    assert isinstance(wi, WorkInstruction)
    steps = list(wi.steps)
    steps[0] = steps[0].model_copy(update={"image": "WI-PAY-001-draft.media/step-01.png"})
    steps[1] = steps[1].model_copy(update={"image": "WI-PAY-001-draft.media/step-02.png"})
    return wi.model_copy(update={"code": "WI-PAY-001", "steps": tuple(steps)})


FILES = {"WI-PAY-001-draft.media/step-01.png": RED, "WI-PAY-001-draft.media/step-02.png": RED}


def test_a_saved_draft_keeps_its_screenshots_under_its_new_code(
    library: Library, captured: WorkInstruction
) -> None:
    with library.transaction() as connection:
        (info,) = save_drafts(connection, drafts=[captured], author="capture", files=FILES)
        stored = get_revision(connection, code=info.code).document
        files = revision_files_data(connection, code=info.code, number=1)
        stored_once = connection.execute(select(func.count()).select_from(attachments)).scalar()
    assert media_paths(stored) == (
        f"{info.code}.media/step-01.png",
        f"{info.code}.media/step-02.png",
    )
    assert files == dict.fromkeys(media_paths(stored), RED)
    assert stored_once == 1  # the same picture twice is stored once


def test_a_new_revision_keeps_the_files_it_does_not_bring_and_names_the_missing(
    library: Library, captured: WorkInstruction
) -> None:
    with library.transaction() as connection:
        (info,) = save_drafts(connection, drafts=[captured], author="capture", files=FILES)
        first = get_revision(connection, code=info.code).document
        assert isinstance(first, WorkInstruction)
        third = first.steps[2].model_copy(update={"image": f"{info.code}.media/new.png"})
        edited = first.model_copy(
            update={
                "title": "Refund a card payment",
                "steps": (*first.steps[:2], third, *first.steps[3:]),
            }
        )
        saved = save_document(connection, document=edited, author="ana", summary="edit", base=1)
        report = attach_files(
            connection,
            code=info.code,
            number=saved.revision.number,
            files={f"{info.code}.media/step-02.png": BLUE, "unreferenced.png": BLUE},
        )
        files = revision_files_data(connection, code=info.code, number=2)
        again = attach_files(connection, code=info.code, number=2, files={})
    assert report.stored == [f"{info.code}.media/step-02.png"]
    assert report.kept == [f"{info.code}.media/step-01.png"]
    assert report.missing == [f"{info.code}.media/new.png"]
    assert files == {f"{info.code}.media/step-01.png": RED, f"{info.code}.media/step-02.png": BLUE}
    assert again.stored == again.kept == []


def test_bytes_that_are_not_an_image_are_not_stored(
    library: Library, captured: WorkInstruction
) -> None:
    with library.transaction() as connection:
        (info,) = save_drafts(
            connection,
            drafts=[captured],
            author="capture",
            files={"WI-PAY-001-draft.media/step-01.png": b"#!/bin/sh\n"},
        )
        assert revision_files_data(connection, code=info.code, number=1) == {}


def test_a_revision_past_draft_takes_no_more_files(
    library: Library, captured: WorkInstruction
) -> None:
    from sopflow.model.revisions import RevisionState

    with library.transaction() as connection:
        save_document(
            connection,
            document=captured,
            author="qa",
            summary="approved",
            base=None,
            state=RevisionState.EFFECTIVE,
        )
        report = attach_files(connection, code="WI-PAY-001", number=1, files=FILES)
        assert report.stored == report.kept == report.missing == []
        assert revision_files_data(connection, code="WI-PAY-001", number=1) == {}
