from __future__ import annotations

import re

from sopflow.formats.render.context import RenderContext
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
