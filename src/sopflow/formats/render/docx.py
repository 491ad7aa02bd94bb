"""Word documents through python-docx: real headings, numbered lists, the control block table.

The control block is a table in the page header, so Word repeats it on every page, with
PAGE and NUMPAGES fields for "page x of y".
"""

from __future__ import annotations

import io
from typing import Any

from sopflow.formats.images import media_type
from sopflow.formats.render.context import (
    RenderContext,
    control_rows,
    header_signatures,
    page_mark,
    print_note,
    signature_rows,
)
from sopflow.formats.render.docx_parts import core_properties, diagram_pages, numbered, one_font
from sopflow.formats.render.outline import Item, outline
from sopflow.formats.render.pages import PAPERS, SIDE_MARGIN
from sopflow.formats.render.registry import Renderer
from sopflow.formats.render.swimlane import graphviz_available
from sopflow.model import AnyDocument

CONTROL_COLUMNS = (0.10, 0.40, 0.13, 0.14, 0.11, 0.12)
"""Shares of the control block's columns, as in the PDF: the first pair's value (code,
title, owner) is the long one; the page counter and dates never wrap in theirs."""
FONT = "Arial"
"""The one font family of every style, headings and header included (Word has it)."""
SCREENSHOT_WIDTH = 12 * 360_000
"""12 cm, in the English Metric Units Word measures in."""
WORD_IMAGES = {"image/png", "image/jpeg", "image/gif"}
"""The screenshot types Word shows everywhere (not WebP)."""


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def _paper(word: Any, paper: str) -> None:
    """A4 (or Letter) with 16 mm side margins, as the PDF (python-docx starts from Letter)."""
    from docx.shared import Mm, Pt

    section = word.sections[0]
    width, height = PAPERS[paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin = section.right_margin = Mm(SIDE_MARGIN)
    section.top_margin, section.bottom_margin = Mm(14), Mm(16)
    section.header_distance = Mm(8)
    word.styles["Header"].font.size = Pt(8)  # the control block stays a few lines high


def _widths(table: Any, shares: tuple[float, ...], width: int) -> None:
    """Fixed column widths (shares of width), set on the grid (LibreOffice reads it) and on
    each cell (Word reads those), and the header's small text in every cell."""
    table.autofit = False
    for column, share in zip(table.columns, shares, strict=True):
        column.width = int(width * share)
    for row in table.rows:
        for cell, share in zip(row.cells, shares, strict=True):
            cell.width = int(width * share)
            for paragraph in cell.paragraphs:
                paragraph.style = "Header"  # 8 points, field results included


def _control_block(word: Any, document: AnyDocument, context: RenderContext) -> None:
    """The control block in the page header: three label/value pairs a row, the approvers
    across the last row, then one row per signature (name, meaning, UTC time), so the table
    keeps the page's width however many people signed."""
    from docx.shared import Pt

    header = word.sections[0].header
    pairs = control_rows(document, context.control)
    width = word.sections[0].page_width - word.sections[0].left_margin
    width -= word.sections[0].right_margin
    grid = header.add_table(rows=0, cols=6, width=width)
    grid.style = "Table Grid"
    body, approvers = pairs[:-1], pairs[-1]
    for start in range(0, len(body), 3):
        cells = grid.add_row().cells
        for column, (label, value) in enumerate(body[start : start + 3]):
            cells[2 * column].text, cells[2 * column + 1].text = label, value
    cells[4].text = "Page"  # beside the owner, in the third row
    paragraph = cells[5].paragraphs[0]
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")
    last = grid.add_row().cells
    last[0].text = approvers[0]
    last[1].text = approvers[1]
    _widths(grid, CONTROL_COLUMNS, width)
    _small_labels(grid)
    last[1].merge(last[5])
    _signatures(header, context, width)
    mark = page_mark(context.control)
    if mark:
        _red(header.add_paragraph(), mark)
    gap = header.add_paragraph()  # a little space between the block and the text
    gap.paragraph_format.space_after = Pt(0)
    gap.add_run(" ").font.size = Pt(4)


def _small_labels(grid: Any) -> None:
    """The labels (first, third and fifth columns) in 7 points, as the PDF's, so "Effective
    date" and "Approvers" keep to one line in their narrow columns."""
    from docx.shared import Pt

    for row in grid.rows:
        for cell in row.cells[0::2]:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(7)


FOOTER_GAP = "\u2003\u2003"
"""Two em spaces between the footer's print note and the revision's mark."""


def _red(paragraph: Any, text: str) -> None:
    from docx.shared import RGBColor

    run = paragraph.add_run(text)
    run.bold = True
    run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)


def _print_marks(word: Any, context: RenderContext) -> None:
    """The page footer, one line as the PDF's: "Uncontrolled when printed" with the print
    date, then the mark of a revision not in force, so every printed page says both."""
    paragraph = word.sections[0].footer.paragraphs[0]
    paragraph.style = "Footer"
    paragraph.add_run(print_note(context.printed_on()))
    mark = page_mark(context.control)
    if mark:
        paragraph.add_run(FOOTER_GAP)
        _red(paragraph, mark)


def _signatures(header: Any, context: RenderContext, width: int) -> None:
    """The signatures under the control block, one row each, and how many are left out."""
    shown, more = header_signatures(context.control)
    if not shown:
        return
    table = header.add_table(rows=1, cols=3, width=width)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Signed by", "Meaning", "Signed (UTC)"), strict=True
    ):
        cell.text = text
    for row in shown:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    _widths(table, (0.5, 0.2, 0.3), width)
    if more:
        header.add_paragraph(f"and {more} more: see Electronic signatures")


def _item(word: Any, item: Item, context: RenderContext) -> None:
    for warning in item.warnings:
        word.add_paragraph(f"Warning: {warning}", style="Intense Quote")
    paragraph = word.add_paragraph(style="List Number")
    if item.role:
        paragraph.add_run(f"{item.role}: ").bold = True
    paragraph.add_run(item.text).bold = item.kind in ("decision", "parallel")
    if item.link:
        paragraph.add_run(f" (see {item.link.text})").italic = True
    for label, then in item.options:
        option = word.add_paragraph(style="List Bullet 2")
        option.add_run(label).bold = True
        option.add_run(f": {then}")
    for line in item.details:
        word.add_paragraph(line, style="List Continue")
    if item.origin:
        word.add_paragraph(style="List Continue").add_run(item.origin).italic = True
    for line in item.review:
        _red(word.add_paragraph(style="List Continue"), line)
    numbered(word, item.sub_steps)
    image = context.image(item.image) if item.image else None
    if image and media_type(image) in WORD_IMAGES:
        word.add_picture(io.BytesIO(image), width=SCREENSHOT_WIDTH)


def render(document: AnyDocument, context: RenderContext) -> bytes:
    """The .docx file as bytes."""
    import docx  # imported here: only this view needs it, and it is slow to load
    from docx.shared import Pt

    word = docx.Document()
    _paper(word, context.paper)
    word.styles["Normal"].font.size = Pt(10.5)
    one_font(word, FONT)
    core_properties(word, document, context)
    _control_block(word, document, context)
    _print_marks(word, context)
    view = outline(document, context)
    word.add_heading(f"{view.code} {view.title}", level=0)
    word.add_paragraph().add_run(view.kind).italic = True
    if view.summary:
        word.add_paragraph(view.summary)
    if context.control.history:
        word.add_heading("Revision history", level=1)
        history = word.add_table(rows=1, cols=5, style="Table Grid")
        for cell, text in zip(
            history.rows[0].cells, ("Revision", "Date", "Author", "State", "Change"), strict=True
        ):
            cell.text = text
        for entry in context.control.history:
            cells = history.add_row().cells
            values = (
                entry.revision,
                str(entry.date or "-"),
                entry.author or "-",
                entry.state,
                entry.summary,
            )
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
    _all_signatures(word, context)
    for section in view.sections:
        word.add_heading(section.title, level=1)
        for paragraph in section.paragraphs:
            word.add_paragraph(paragraph)
        if section.diagram and graphviz_available():
            diagram_pages(word, document, context)
        if section.facts:
            table = word.add_table(rows=0, cols=2, style="Table Grid")
            for key, value in section.facts:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = key, value
        for bullet in (*section.bullets, *(target.text for target in section.links)):
            word.add_paragraph(bullet, style="List Bullet")
        for item in section.items:
            _item(word, item, context)
    stream = io.BytesIO()
    word.save(stream)
    return stream.getvalue()


def _all_signatures(word: Any, context: RenderContext) -> None:
    """Every signature, when the page header could not list them all."""
    if not header_signatures(context.control)[1]:
        return
    word.add_heading("Electronic signatures", level=1)
    table = word.add_table(rows=1, cols=3, style="Table Grid")
    for cell, text in zip(
        table.rows[0].cells, ("Signed by", "Meaning", "Signed (UTC)"), strict=True
    ):
        cell.text = text
    for row in signature_rows(context.control):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


renderer = Renderer("docx", ".docx", "Word document with the control block (python-docx)", render)
