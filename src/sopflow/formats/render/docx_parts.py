"""The parts of a Word document python-docx has no call for: core properties from the
document, one font family, numbered lists that restart, the diagram on landscape pages.

python-docx starts from a template whose properties say it was written by "python-docx" in
2013 and whose styles mix theme fonts; a filed document says who owns it and when it was
written, and reads in one family.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, time
from typing import Any

from sopflow.formats.render.context import RenderContext, document_dates
from sopflow.formats.render.pages import PAPERS, Part, landscape_area, parts
from sopflow.model import AnyDocument

KINDS = {
    "sop": "Standard operating procedure",
    "wi": "Work instruction",
    "workflow": "Workflow",
    "policy": "Policy",
}
DPI = 200
"""Resolution of the diagram's picture: its 8 point text stays sharp when printed."""
LANDSCAPE_TOP = 40.0
"""mm a landscape page's header (the control block) and its gap take, for the diagram's
height; Word grows a header that needs more, so this is a bound, not the margin."""


def core_properties(word: Any, document: AnyDocument, context: RenderContext) -> None:
    """Title, author (the owner), subject, category, keywords, dates and revision of the
    document shown, in place of the template's."""
    props = word.core_properties
    control = context.control
    owner = control.owner or document.owner or ""
    props.title = f"{document.code} {document.title}"
    props.identifier = document.code
    props.author = owner
    props.last_modified_by = owner
    props.subject = document.summary or KINDS[document.kind]
    props.category = KINDS[document.kind]
    props.keywords = ", ".join(document.tags)
    props.comments = getattr(document, "purpose", None) or ""
    props.content_status = control.state
    props.language = document.language
    props.version = control.revision
    props.revision = int(control.revision) if control.revision.isdigit() else 1
    created, modified = document_dates(context)
    props.created = datetime.combine(created, time(), tzinfo=UTC)
    props.modified = datetime.combine(modified, time(), tzinfo=UTC)
    props.last_printed = datetime.combine(context.printed_on(), time(), tzinfo=UTC)


def one_font(word: Any, family: str) -> None:
    """Every style and the document defaults in one family: theme fonts (which the heading
    styles use, and which win over a named font) are taken out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = word.styles.element
    holders = list(styles.iter(qn("w:rPr")))
    for properties in holders:
        fonts = properties.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            properties.insert(0, fonts)
        for name in list(fonts.attrib):
            if name.endswith("Theme"):
                del fonts.attrib[name]
        for name in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(name), family)


def numbered(word: Any, lines: tuple[str, ...]) -> None:
    """Lines as a numbered list under the entry before, counting from 1 each time (one
    Word list numbering for all of them would carry on from the list before)."""
    if not lines:
        return
    number_id = _restarted(word, "List Number 2")
    for line in lines:
        paragraph = word.add_paragraph(line, style="List Number 2")
        _number(paragraph, number_id)


def _restarted(word: Any, style: str) -> int:
    """A new numbering instance of the style's list, starting again at 1."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    base = word.styles[style].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    numbering = word.part.numbering_part.element
    abstract = next(
        n.find(qn("w:abstractNumId")).get(qn("w:val"))
        for n in numbering.findall(qn("w:num"))
        if n.get(qn("w:numId")) == base.get(qn("w:val"))
    )
    number_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
    instance = OxmlElement("w:num")
    instance.set(qn("w:numId"), str(number_id))
    pointer = OxmlElement("w:abstractNumId")
    pointer.set(qn("w:val"), abstract)
    instance.append(pointer)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    instance.append(override)
    numbering.append(instance)
    return number_id


def _number(paragraph: Any, number_id: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    which = OxmlElement("w:numId")
    which.set(qn("w:val"), str(number_id))
    numbering.append(level)
    numbering.append(which)
    properties.append(numbering)


def diagram_pages(word: Any, document: AnyDocument, context: RenderContext) -> None:
    """The swimlane on landscape pages, in parts drawn at 8 points or more (pages.py),
    then portrait pages again for the rest."""
    from docx.enum.section import WD_ORIENT, WD_SECTION_START
    from docx.shared import Mm, Pt

    from sopflow.formats.diagram import diagram
    from sopflow.formats.render.swimlane import dot_source

    graph = dot_source(diagram(document), context)
    svg: bytes = graph.pipe(format="svg")
    graph.attr(dpi=str(DPI))
    png: bytes = graph.pipe(format="png")
    short, long = PAPERS[context.paper]
    area = landscape_area(context.paper, LANDSCAPE_TOP, 16 + 10)
    landscape = word.add_section(WD_SECTION_START.NEW_PAGE)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Mm(long), Mm(short)
    shown = parts(svg, area)
    for number, part in enumerate(shown, 1):
        picture = _crop(png, part, [] if number == 1 else _lane_names(part.svg))
        word.add_picture(io.BytesIO(picture), width=Pt(part.drawn_width))
        # a page break of its own would leave a blank page when a part fills its page
        word.paragraphs[-1].paragraph_format.page_break_before = number > 1
        if len(shown) > 1:
            more = ": continued on the next page" if number < len(shown) else ""
            word.add_paragraph(f"Swimlane diagram, part {number} of {len(shown)}{more}.")
    portrait = word.add_section(WD_SECTION_START.NEW_PAGE)
    portrait.orientation = WD_ORIENT.PORTRAIT
    portrait.page_width, portrait.page_height = Mm(short), Mm(long)


def _lane_names(svg: bytes) -> list[tuple[str, float]]:
    """The "(continued)" lane names pages.py wrote into a later part, with their y."""
    from lxml import etree

    root = etree.fromstring(svg)
    return [
        (str(text.text), float(text.get("y", "0")))
        for text in root
        if etree.QName(text.tag).localname == "text" and (text.text or "").endswith("(continued)")
    ]


def _crop(png: bytes, shown: Part, lanes: list[tuple[str, float]]) -> bytes:
    """The part of the diagram's picture that shown covers, lane names written in."""
    from PIL import Image, ImageDraw, ImageFont

    pixels = DPI / 72
    with Image.open(io.BytesIO(png)) as picture:
        left, right = round(shown.x * pixels), round((shown.x + shown.width) * pixels)
        part = picture.crop((left, round(shown.y * pixels), right, picture.height))
    draw = ImageDraw.Draw(part)
    size = round(12 * pixels)
    try:
        font: Any = ImageFont.truetype("DejaVuSans-Oblique.ttf", size)
    except OSError:
        font = ImageFont.load_default(size)
    for name, y in lanes:
        draw.text(
            (6 * pixels, (y - shown.y) * pixels), name, fill="#444444", font=font, anchor="ls"
        )
    stream = io.BytesIO()
    part.save(stream, format="PNG")
    return stream.getvalue()
