"""One standalone, printable HTML page; the PDF is the same page laid out by WeasyPrint.

Jinja2 escapes every value, so text from a recording or a hand-written file is shown, never
run: a step that says `<script>` prints those characters.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from sopflow.formats.images import data_uri
from sopflow.formats.render.context import (
    RenderContext,
    control_rows,
    document_dates,
    header_signatures,
    page_mark,
    print_note,
    signature_rows,
)
from sopflow.formats.render.outline import Outline, link, outline
from sopflow.formats.render.pages import MM, landscape_area, parts
from sopflow.formats.render.registry import Renderer
from sopflow.formats.render.swimlane import svg_fragment, svg_or_none
from sopflow.model import AnyDocument


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("sopflow.formats.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def page(document: AnyDocument, context: RenderContext, *, paged: bool = False) -> str:
    """The HTML page; `paged` adds the control block as a running header for print.

    On screen the swimlane is inline SVG, so its boxes that refer to a document are links
    (to context.link(code)); paged, for WeasyPrint, it is drawn in readable page-wide parts
    (pages.py).
    """
    svg = svg_or_none(document, context) if paged else None
    inline = None if paged else _inline_diagram(document, context)
    control = context.control
    view = outline(document, context)
    shown, more = header_signatures(control)
    pairs = control_rows(document, control)
    if paged:  # page x of y before the approvers, who take the last row whole
        pairs.insert(-1, ("Page", ""))
    margin = top_margin(pairs, len(shown), more=more > 0, marked=not control.controlled)
    return (
        _environment()
        .get_template("document.html.j2")
        .render(
            view=view,
            images=_screenshots(view, context),
            language=document.language,
            metadata=metadata(document, context),
            control=pairs,
            signatures=shown,
            more_signatures=more,
            all_signatures=signature_rows(control),
            top_margin=margin,
            paper="letter" if context.paper == "letter" else "A4",
            mark=page_mark(control),
            note=print_note(context.printed_on()),
            printed=context.printed_on().isoformat(),
            history=control.history,
            diagram=None,
            diagram_svg=inline,
            used_by=[link(code, context) for code in context.referrers],
            parts=_parts(svg, context.paper, margin) if svg else [],
            paged=paged,
        )
    )


def _inline_diagram(document: AnyDocument, context: RenderContext) -> Markup | None:
    """The swimlane as inert inline SVG markup, for the page on screen."""
    label = f"Swimlane diagram of {document.code} {document.title}"
    inline = svg_fragment(document, context, label=label)
    return Markup(inline) if inline else None  # escaped and made inert there


def _data(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


@dataclass(frozen=True)
class ShownPart:
    """A part of the diagram as the page draws it: its address and size in points."""

    src: str
    width: float
    height: float


def _parts(svg: bytes, paper: str, margin: float) -> list[ShownPart]:
    width, height = landscape_area(paper, margin, BOTTOM_MARGIN + CAPTION)
    area = (width - FRAME * MM, height - FRAME * MM)
    return [
        ShownPart(_data(part.svg), round(part.drawn_width, 2), round(part.drawn_height, 2))
        for part in parts(svg, area)
    ]


def metadata(document: AnyDocument, context: RenderContext) -> list[tuple[str, str]]:
    """<meta> names WeasyPrint writes into the PDF's document information: author (the
    owner), description, keywords and the dates of the revision."""
    dates = document_dates(context)
    found = [
        ("author", context.control.owner or document.owner or ""),
        ("description", document.summary or ""),
        ("keywords", ", ".join(document.tags)),
        ("dcterms.created", dates[0].isoformat()),
        ("dcterms.modified", dates[1].isoformat()),
    ]
    return [(name, value) for name, value in found if value]


BOTTOM_MARGIN = 16.0
"""mm, the page's bottom margin (the print note and page number sit in it)."""
CAPTION = 8.0
"""mm under a part of the diagram for its caption."""
FRAME = 5.0
"""mm the diagram's box (its border and padding) takes around a part, across and down."""


def top_margin(pairs: list[tuple[str, str]], signatures: int, *, more: bool, marked: bool) -> float:
    """The top margin in mm that holds the running control block: a row of three pairs
    per line (a long title, owner or list of approvers may take more), a row per signature
    listed, and the lines under it (WeasyPrint does not grow a page margin to fit its box,
    so the block's height is worked out here)."""
    row = 4.2  # 8 pt text at 1.25 line height, and its padding
    wide = {"Title", "Owner", "Approvers"}
    lines = sum(math.ceil(len(value) / 40) - 1 for label, value in pairs if label in wide)
    height = 7 + row * (math.ceil((len(pairs) - 1) / 3) + 1 + max(lines, 0))
    if signatures:
        height += row * (signatures + 1)
    height += 4.5 if more else 0
    height += 6 if marked else 0
    return round(height + 5, 1)  # and a gap before the text


def _screenshots(view: Outline, context: RenderContext) -> dict[str, str]:
    """Every step's screenshot that can be found, as a data: address keyed by its path."""
    found: dict[str, str] = {}
    for section in view.sections:
        for item in section.items:
            if item.image and item.image not in found:
                data = context.image(item.image)
                uri = data_uri(data) if data else None
                if uri:
                    found[item.image] = uri
    return found


def body(
    document: AnyDocument,
    context: RenderContext,
    *,
    image_src: Callable[[str], str | None],
    diagram_svg: str | None = None,
    anchor_prefix: str = "",
) -> str:
    """The document's sections alone, to place inside another page (the web app's), whose
    own stylesheet lays them out: no <html>, no <style>, no data: addresses.

    image_src gives the address of a step's screenshot (None: shown without it);
    diagram_svg is the swimlane as inline SVG markup, trusted as given (see
    swimlane.svg_fragment); anchor_prefix keeps step anchors apart from the page's own ids.
    """
    view = outline(document, context)
    images = {
        item.image: src
        for section in view.sections
        for item in section.items
        if item.image and (src := image_src(item.image))
    }
    return (
        _environment()
        .get_template("sections.html.j2")
        .render(
            view=view,
            images=images,
            diagram_svg=Markup(diagram_svg) if diagram_svg else None,
            anchor_prefix=anchor_prefix,
        )
    )


def render(document: AnyDocument, context: RenderContext) -> str:
    """The standalone page."""
    return page(document, context)


renderer = Renderer("html", ".html", "Standalone printable HTML page", render)
