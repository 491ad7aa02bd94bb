"""The WI editor's and the BPMN upload's use cases on both databases: where a WI is used,
screenshots named safely and stored with the revision, a save that waits for the where-used
confirmation, and an SOP imported from uploaded bytes with its report."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.services.conftest import AUTHOR, READER
from tests.web.test_wi_editor import png

from sopflow.errors import InvalidInputError, PermissionDeniedError
from sopflow.formats.yaml_write import document_data
from sopflow.library.documents import RevisionConflictError
from sopflow.library.store import Library
from sopflow.services import bpmn_import, documents, wi_editing

BPMN = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "two-pools.bpmn"
CODE = "WI-PAY-003"


def test_used_in_names_the_sop_steps_that_reference_the_wi(stocked: Library) -> None:
    used = wi_editing.used_in(library=stocked, actor=AUTHOR, code=CODE)
    assert [(item.code, item.kind) for item in used] == [("SOP-FIN-003", "sop")]
    assert used[0].steps == (("refund-card", "Refund the card payment in Stripe."),)
    opened = wi_editing.open_wi(library=stocked, actor=AUTHOR, code=CODE)
    assert opened.base == 1
    assert opened.used_in == used
    fresh = wi_editing.open_wi(library=stocked, actor=AUTHOR, code="WI-OPS-900")
    assert fresh.base is None
    assert fresh.document is None
    with pytest.raises(PermissionDeniedError):
        wi_editing.open_wi(library=stocked, actor=READER, code=CODE)
    with pytest.raises(InvalidInputError, match="not a work instruction code"):
        wi_editing.open_wi(library=stocked, actor=AUTHOR, code="SOP-FIN-003")


@pytest.mark.parametrize(
    "name",
    ["../x.png", "a/b.png", "a\\b.png", "..png", ".x.png", "", "x\x00.png", "a" * 120 + ".png"],
)
def test_a_screenshot_name_that_is_not_a_plain_file_name_is_refused(name: str) -> None:
    with pytest.raises(InvalidInputError, match="not a plain file name") as caught:
        wi_editing.screenshot_path(CODE, name, png(), field="image_file-r1")
    assert caught.value.field == "image_file-r1"


def test_a_screenshot_path_is_named_by_its_bytes() -> None:
    first = wi_editing.screenshot_path(CODE, "Search Box.PNG", png(), field="f")
    assert first.startswith(f"{CODE}.media/search-box-")
    assert first.endswith(".png")
    assert wi_editing.screenshot_path(CODE, "Search Box.PNG", png(shade=10), field="f") != first
    with pytest.raises(InvalidInputError, match="not a PNG"):
        wi_editing.screenshot_path(CODE, "x.png", b"GIF8", field="f")


def test_a_save_waits_for_where_used_and_keeps_the_screenshot(stocked: Library) -> None:
    stored = documents.get_revision(library=stocked, actor=AUTHOR, code=CODE)
    data = document_data(stored.document)
    shot = wi_editing.screenshot_path(CODE, "payments.png", png(), field="f")
    data["steps"][0]["image"] = shot
    arguments = {"library": stocked, "actor": AUTHOR, "code": CODE, "data": data, "base": 1}
    with pytest.raises(InvalidInputError, match="SOP-FIN-003") as caught:
        wi_editing.save_wi(**arguments, summary="Shot", files={shot: png()}, seen_used=[])
    assert caught.value.field == "confirm_used"
    saved = wi_editing.save_wi(
        **arguments, summary="Shot", files={shot: png()}, seen_used=["SOP-FIN-003"]
    )
    assert saved.revision.number == 2
    kept = documents.revision_file(library=stocked, actor=AUTHOR, code=CODE, number=2, path=shot)
    assert kept.data == png()
    with pytest.raises(RevisionConflictError):
        wi_editing.save_wi(**arguments, summary="Again", files={}, seen_used=["SOP-FIN-003"])


def test_an_sop_is_imported_from_uploaded_bytes(stocked: Library) -> None:
    done = bpmn_import.new_from_bpmn(
        library=stocked,
        actor=AUTHOR,
        filename="C:\\models\\two-pools.bpmn",
        data=BPMN.read_bytes(),
        code="SOP-OPS-046",
    )
    assert done.saved.revision.number == 1
    assert done.saved.new_document
    assert done.not_kept == ("1 × dataStoreReference ('Stock'): has no place in an SOP flow",)
    sop = documents.get_revision(library=stocked, actor=AUTHOR, code="SOP-OPS-046").document
    assert sop.title == "Customer"
    assert done.saved.revision.summary == "Imported from the BPMN model two-pools.bpmn"
    with pytest.raises(InvalidInputError, match="not an SOP code"):
        bpmn_import.new_from_bpmn(
            library=stocked, actor=AUTHOR, filename="m.bpmn", data=b"<x/>", code="WI-OPS-046"
        )
    with pytest.raises(PermissionDeniedError):
        bpmn_import.new_from_bpmn(
            library=stocked, actor=READER, filename="m.bpmn", data=b"<x/>", code="SOP-OPS-047"
        )
