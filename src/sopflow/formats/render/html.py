"""One standalone, printable HTML page; the PDF is the same page laid out by WeasyPrint.

Jinja2 escapes every value, so text from a recording or a hand-written file is shown, never
run: a step that says `<script>` prints those characters.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from sopflow.formats.images import data_uri
from sopflow.formats.render.context import (
    RenderContext,
    control_rows,
    header_signatures,
    page_mark,
    print_note,
    signature_rows,
)
from sopflow.formats.render.outline import Outline, link, outline
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
    (to context.link(code)); paged, for WeasyPrint, it stays an image.
    """
    image, inline = _diagram(document, context, paged=paged)
    control = context.control
    view = outline(document, context)
    shown, more = header_signatures(control)
    pairs = control_rows(document, control)
    if paged:  # page x of y before the approvers, who take the last row whole
        pairs.insert(-1, ("Page", ""))
    return (
        _environment()
        .get_template("document.html.j2")
        .render(
            view=view,
            images=_screenshots(view, context),
            language=document.language,
            control=pairs,
            signatures=shown,
            more_signatures=more,
            all_signatures=signature_rows(control),
            top_margin=top_margin(len(shown), more=more > 0, marked=not control.controlled),
            mark=page_mark(control),
            note=print_note(context.printed_on()),
            printed=context.printed_on().isoformat(),
            history=control.history,
            diagram=image,
            diagram_svg=inline,
            used_by=[link(code, context) for code in context.referrers],
            paged=paged,
        )
    )


def _diagram(
    document: AnyDocument, context: RenderContext, *, paged: bool
) -> tuple[str | None, Markup | None]:
    """The swimlane as a data: address (paged) or as inert inline SVG markup (on screen)."""
    if not paged:
        label = f"Swimlane diagram of {document.code} {document.title}"
        inline = svg_fragment(document, context, label=label)
        return None, Markup(inline) if inline else None  # escaped and made inert there
    svg = svg_or_none(document, context)
    return ("data:image/svg+xml;base64," + base64.b64encode(svg).decode() if svg else None), None


def top_margin(signatures: int, *, more: bool, marked: bool) -> float:
    """The A4 top margin in mm that holds the running control block: its three rows, a
    row per signature listed, and the lines under it (WeasyPrint does not grow a page
    margin to fit its box, so the block's height is worked out here)."""
    height = 8 + 3 * 7.5 + 5  # padding above, three rows of up to two lines, the approvers
    if signatures:
        height += 4.6 * (signatures + 1)
    height += 4.5 if more else 0
    height += 7 if marked else 0
    return round(height + 6, 1)  # and a gap before the text


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
