"""PDF through WeasyPrint: the HTML page with the document-control block on every page."""

from __future__ import annotations

from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.html import page
from sopflow.formats.render.registry import Renderer
from sopflow.model import AnyDocument


def render(document: AnyDocument, context: RenderContext) -> bytes:
    """A4 (or Letter: SOPFLOW_PAPER) pages: the control block heading each, and in the
    bottom margin of each "Uncontrolled when printed" with the print date, page x of y, and
    the mark of a revision not in force (superseded, obsolete, or an uncontrolled copy)."""
    from weasyprint import HTML  # imported here: loading WeasyPrint takes a second

    result: bytes = HTML(string=page(document, context, paged=True)).write_pdf(
        pdf_variant=PDF_VARIANT, custom_metadata=True
    )
    return result


PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (PDF/UA-1): a structure tree a screen reader follows, the language, the title
shown, and the headings as bookmarks (WeasyPrint makes those from h1 to h6 in any variant)."""


renderer = Renderer("pdf", ".pdf", "PDF with the document-control block (WeasyPrint)", render)
