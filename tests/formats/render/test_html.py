from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

from playwright.sync_api import Browser
from pypdf import PdfReader

from sopflow.formats.render.context import (
    HEADER_SIGNATURES,
    Control,
    RenderContext,
    SignatureEntry,
)
from sopflow.formats.render.html import render
from sopflow.model import Sop


def _with_instruction(sop: Sop, text: str) -> Sop:
    first = sop.flow.nodes[0].model_copy(update={"instruction": text})
    flow = sop.flow.model_copy(update={"nodes": (first, *sop.flow.nodes[1:])})
    return sop.model_copy(update={"flow": flow, "title": "<i>Refunds</i>"})


def test_a_script_in_a_step_comes_out_as_inert_text(refund: Sop) -> None:
    hostile = _with_instruction(refund, "Open the ticket <script>alert('x')</script>")
    page = render(hostile, RenderContext())
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<i>Refunds</i>" not in page


def test_the_page_is_standalone(refund: Sop) -> None:
    page = render(refund, RenderContext())
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)=["']https?:""", page)
    assert "<style>" in page


def test_steps_are_numbered_with_their_roles_and_decisions_with_options(refund: Sop) -> None:
    page = render(refund, RenderContext())
    assert '<li id="log-request" value="1">' in page
    assert '<span class="role">Support agent:</span>' in page
    assert "<strong>Bank transfer</strong>" in page


def test_the_control_block_says_uncontrolled_for_a_draft(refund: Sop) -> None:
    page = render(refund, RenderContext())
    assert "UNCONTROLLED COPY" in page
    assert "<td>SOP-FIN-003</td>" in page


def test_signatures_beyond_what_the_header_holds_are_listed_in_the_text(refund: Sop) -> None:
    signed = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    readers = tuple(SignatureEntry(f"Reader {n}", "acknowledged", signed) for n in range(9))
    control = Control(
        state="effective",
        signatures=(SignatureEntry("Ada Lindqvist", "approved", signed), *readers),
    )
    page = render(refund, RenderContext(control=control))
    header, text = page.split("</header>")
    assert "<td>Ada Lindqvist</td><td>approved</td>" in header  # approvals come first
    assert header.count("<td>acknowledged</td>") == HEADER_SIGNATURES - 1
    assert "and 4 more: see Electronic signatures" in header
    assert "<h2>Electronic signatures</h2>" in text
    assert text.count("<td>acknowledged</td>") == 9


def test_a_superseded_page_prints_its_mark_and_the_note_on_every_page(
    refund: Sop, browser: Browser
) -> None:
    control = Control(revision="3", state="superseded")
    html = render(refund, RenderContext(control=control, printed=date(2026, 4, 2)))
    assert '<p class="uncontrolled">SUPERSEDED: a later revision is in force</p>' in html
    page = browser.new_page()
    try:
        page.set_content(html)
        printed = page.pdf(format="A4")  # Chromium's own print, with the print stylesheet
    finally:
        page.close()
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(printed)).pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert "SUPERSEDED: a later revision is in force" in text, number
        assert "Uncontrolled when printed; copy made 2026-04-02" in text, number


def test_the_print_marks_stay_off_the_screen(refund: Sop, browser: Browser) -> None:
    page = browser.new_page()
    try:
        page.set_content(render(refund, RenderContext()))
        assert not page.locator("footer.print-marks").is_visible()
        assert page.locator("p.uncontrolled").is_visible()  # the banner is
    finally:
        page.close()
