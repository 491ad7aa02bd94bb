"""Saving revisions with optimistic concurrency, importing and exporting, through the
application layer on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import store_with_image
from tests.services.conftest import AUTHOR, READER, REVIEWER

from sopflow.errors import InvalidInputError, PermissionDeniedError, SopflowError
from sopflow.formats.yaml_write import document_data
from sopflow.library.documents import RevisionConflictError
from sopflow.library.engine import LibraryError
from sopflow.library.store import Library
from sopflow.services import documents, revisions


def _sop(library: Library) -> dict[str, object]:
    """SOP-FIN-003 as plain data, as a JSON body would carry it."""
    stored = documents.get_revision(library=library, actor=AUTHOR, code="SOP-FIN-003")
    return document_data(stored.document)


def test_an_author_saves_a_revision_on_the_latest(stocked: Library) -> None:
    data = _sop(stocked)
    data["title"] = "Customer refund requests"
    saved = revisions.save_revision(
        library=stocked,
        actor=AUTHOR,
        document=revisions.parse_document(data),
        base=1,
        summary="Clearer title",
    )
    assert (saved.revision.number, saved.created, saved.new_document) == (2, True, False)
    assert (saved.revision.author, saved.revision.summary) == ("arthur", "Clearer title")
    again = revisions.save_revision(
        library=stocked,
        actor=AUTHOR,
        document=revisions.parse_document(data),
        base=2,
        summary="Same again",
    )
    assert (again.revision.number, again.created) == (2, False)


def test_a_stale_save_names_both_revisions_and_stores_nothing(stocked: Library) -> None:
    first, second = _sop(stocked), _sop(stocked)
    first["title"] = "Refunds, first edit"
    second["title"] = "Refunds, second edit"
    revisions.save_revision(
        library=stocked,
        actor=AUTHOR,
        document=revisions.parse_document(first),
        base=1,
        summary="first",
    )
    with pytest.raises(RevisionConflictError) as conflict:
        revisions.save_revision(
            library=stocked,
            actor=AUTHOR,
            document=revisions.parse_document(second),
            base=1,
            summary="second",
        )
    assert (conflict.value.base, conflict.value.latest) == (1, 2)
    assert "based on revision 1, but the latest is revision 2" in str(conflict.value)
    infos = documents.history(library=stocked, actor=AUTHOR, code="SOP-FIN-003")
    assert [info.summary for info in infos] == ["Imported from YAML", "first"]


def test_a_save_without_a_base_of_a_document_that_exists_is_refused(stocked: Library) -> None:
    with pytest.raises(revisions.BaseRevisionRequiredError) as refused:
        revisions.save_revision(
            library=stocked,
            actor=AUTHOR,
            document=revisions.parse_document(_sop(stocked)),
            base=None,
            summary="blind",
        )
    assert refused.value.latest == 1


def test_a_new_document_is_saved_as_revision_1(stocked: Library) -> None:
    data = _sop(stocked)
    data["code"] = "SOP-FIN-077"
    saved = revisions.save_revision(
        library=stocked,
        actor=AUTHOR,
        document=revisions.parse_document(data),
        base=None,
        summary="New",
    )
    assert (saved.revision.code, saved.revision.number, saved.new_document) == (
        "SOP-FIN-077",
        1,
        True,
    )


def test_only_those_who_edit_may_save_or_import(stocked: Library, examples: Path) -> None:
    document = revisions.parse_document(_sop(stocked))
    for actor in (READER, REVIEWER):
        with pytest.raises(PermissionDeniedError, match="edit permission"):
            revisions.save_revision(
                library=stocked, actor=actor, document=document, base=1, summary="x"
            )
        with pytest.raises(PermissionDeniedError):
            revisions.import_documents(
                library=stocked,
                actor=actor,
                sources=revisions.read_import([examples]),
                summary="again",
            )
    assert documents.revision_info(library=stocked, actor=AUTHOR, code="SOP-FIN-003").number == 1


def test_an_empty_summary_is_refused(stocked: Library) -> None:
    with pytest.raises(InvalidInputError) as refused:
        revisions.save_revision(
            library=stocked,
            actor=AUTHOR,
            document=revisions.parse_document(_sop(stocked)),
            base=1,
            summary="  ",
        )
    assert refused.value.field == "summary"


def test_invalid_content_names_the_field_in_the_model_s_words(stocked: Library) -> None:
    data = _sop(stocked)
    flow = data["flow"]
    assert isinstance(flow, dict)
    del flow["nodes"][0]["instruction"]
    with pytest.raises(InvalidInputError) as missing:
        revisions.parse_document(data)
    assert missing.value.field == "document.flow.nodes[0].instruction"
    assert "missing required field `instruction`" in str(missing.value)
    broken = _sop(stocked)
    broken_flow = broken["flow"]
    assert isinstance(broken_flow, dict)
    broken_flow["nodes"][0]["next"] = "nowhere"
    with pytest.raises(InvalidInputError) as graph:
        revisions.parse_document(broken)
    assert graph.value.field == "document.flow.nodes[0].next"
    assert "leads to 'nowhere', which does not exist" in str(graph.value)
    with pytest.raises(InvalidInputError) as shape:
        revisions.parse_document(["not", "a", "document"])
    assert shape.value.field == "document"


def test_an_import_is_all_or_nothing(stocked: Library, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("sopflow: 1\nkind: sop\ncode: SOP-FIN-009\ntitle: x\n")
    with pytest.raises(SopflowError, match="nothing imported"):
        revisions.read_import([tmp_path])


def test_an_export_writes_the_latest_revisions(stocked: Library, tmp_path: Path) -> None:
    exported = revisions.export_documents(library=stocked, actor=REVIEWER, folder=tmp_path / "out")
    assert len(exported.report.written) == 8
    assert (tmp_path / "out" / "sops" / "SOP-FIN-003.yaml").is_file()
    with pytest.raises(PermissionDeniedError):
        revisions.export_documents(library=stocked, actor=READER, folder=tmp_path / "other")


def test_an_export_refuses_a_screenshot_path_out_of_the_folder_before_writing_a_file(
    library: Library, examples: Path, tmp_path: Path
) -> None:
    store_with_image(library, examples, "../../../escape.png")
    out = tmp_path / "a" / "b" / "out"
    with pytest.raises(LibraryError, match=r"WI-PAY-003: screenshot path (\.\./){3}escape"):
        revisions.export_documents(library=library, actor=REVIEWER, folder=out)
    assert not out.exists()
    assert not list(tmp_path.rglob("escape.png"))
