from __future__ import annotations

import io

import docx

from sopflow.formats.render.context import Control, RenderContext
from sopflow.formats.render.docx import render
from sopflow.model import AnyDocument, Sop


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_headings_and_numbered_steps_are_real_word_styles(refund: Sop) -> None:
    word = _open(render(refund, RenderContext()))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert {"Roles and responsibilities", "Procedure", "Outcomes"} <= set(headings)
    numbered = [p.text for p in word.paragraphs if p.style.name == "List Number"]
    assert (
        numbered[0]
        == "Support agent: Open a refund ticket in the helpdesk for the customer's request."
    )
    assert len(numbered) == len(refund.flow.nodes)


def test_the_control_block_is_a_table_in_the_page_header(refund: Sop) -> None:
    control = Control(revision="2", state="effective", approver="CFO")
    word = _open(render(refund, RenderContext(control=control)))
    header = word.sections[0].header
    table = header.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["Code", "Title", "Revision"]
    assert [c.text for c in table.rows[1].cells][:3] == ["SOP-FIN-003", "Customer refund", "2"]
    page_cell = table.rows[1].cells[-1]._tc.xml
    assert "PAGE" in page_cell
    assert "NUMPAGES" in page_cell
    assert "UNCONTROLLED" not in "".join(p.text for p in header.paragraphs)


def test_a_draft_is_marked_uncontrolled(refund: Sop) -> None:
    word = _open(render(refund, RenderContext()))
    assert "UNCONTROLLED COPY" in "".join(p.text for p in word.sections[0].header.paragraphs)


def test_every_example_renders_to_a_docx_that_opens(library: dict[str, AnyDocument]) -> None:
    for document in library.values():
        word = _open(render(document, RenderContext()))
        assert word.core_properties.identifier == document.code
