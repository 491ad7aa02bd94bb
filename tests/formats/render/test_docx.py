from __future__ import annotations

import io
from datetime import UTC, date, datetime

import docx
from docx.shared import RGBColor

from sopflow.formats.render.context import Control, RenderContext, SignatureEntry
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
    outcomes = [node for node in refund.flow.nodes if node.type == "outcome"]
    assert len(numbered) == len(refund.flow.nodes) - len(outcomes)  # outcomes are ends
    assert not [text for text in numbered if text.startswith("End:")]


def test_the_control_block_is_a_table_in_the_page_header(refund: Sop) -> None:
    control = Control(
        revision="2",
        state="effective",
        approver="CFO",
        effective_date=date(2026, 3, 1),
        signatures=(
            SignatureEntry("Ada Lindqvist", "approved", datetime(2026, 2, 20, 9, 15, tzinfo=UTC)),
            SignatureEntry(
                "Bruno Castellanos", "approved", datetime(2026, 2, 21, 14, 2, tzinfo=UTC)
            ),
        ),
    )
    word = _open(render(refund, RenderContext(control=control)))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    header = section.header
    table = header.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Code",
        "SOP-FIN-003",
        "Revision",
        "2",
        "State",
        "effective",
    ]
    assert [c.text for c in table.rows[1].cells] == [
        "Title",
        "Customer refund",
        "Effective date",
        "2026-03-01",
        "Next review",
        "-",
    ]
    assert [c.text for c in table.rows[3].cells][:2] == ["Approvers", "CFO"]
    assert len(table.columns) == 6  # however many signed
    signatures = [[c.text for c in row.cells] for row in header.tables[1].rows]
    assert signatures == [
        ["Signed by", "Meaning", "Signed (UTC)"],
        ["Ada Lindqvist", "approved", "2026-02-20 09:15 UTC"],
        ["Bruno Castellanos", "approved", "2026-02-21 14:02 UTC"],
    ]
    page_cell = table.rows[2].cells[-1]._tc.xml
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


def test_the_footer_says_uncontrolled_when_printed_and_marks_an_obsolete_revision(
    refund: Sop,
) -> None:
    control = Control(revision="4", state="obsolete")
    word = _open(render(refund, RenderContext(control=control, printed=date(2026, 4, 2))))
    section = word.sections[0]
    [footer] = section.footer.paragraphs  # one line, as the PDF's
    assert (
        footer.text
        == "Uncontrolled when printed; printed 2026-04-02\u2003\u2003OBSOLETE: withdrawn from use"
    )
    assert footer.runs[-1].font.color.rgb == RGBColor(0xB0, 0x00, 0x20)
    assert "OBSOLETE: withdrawn from use" in [p.text for p in section.header.paragraphs]


def test_the_revision_in_force_prints_with_the_note_and_no_mark(refund: Sop) -> None:
    control = Control(revision="4", state="effective")
    word = _open(render(refund, RenderContext(control=control, printed=date(2026, 4, 2))))
    footer = [p.text for p in word.sections[0].footer.paragraphs]
    assert footer == ["Uncontrolled when printed; printed 2026-04-02"]
