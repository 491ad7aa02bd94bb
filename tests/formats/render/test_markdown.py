from __future__ import annotations

from sopflow.formats.render.context import Control, RenderContext
from sopflow.formats.render.markdown import escape, render
from sopflow.model import AnyDocument, Sop


def test_the_flow_is_a_mermaid_block_github_draws(refund: Sop) -> None:
    text = render(refund, RenderContext())
    assert "```mermaid\nflowchart LR\n" in text
    assert text.startswith("# SOP-FIN-003 Customer refund\n")


def test_references_are_links_titled_with_the_referenced_document(
    refund: Sop, library: dict[str, AnyDocument]
) -> None:
    text = render(refund, RenderContext(documents=library))
    assert "(see [WI-PAY-003 Refund a card payment in Stripe](WI-PAY-003.md))" in text
    assert "- [POL-FIN-001 Customer refund policy](POL-FIN-001.md)" in text


def test_novices_see_detail_and_the_referenced_wi_steps_experts_do_not(
    refund: Sop, library: dict[str, AnyDocument]
) -> None:
    novice = render(refund, RenderContext(audience="novice", documents=library))
    expert = render(refund, RenderContext(audience="expert", documents=library))
    detail = "ticket form"
    first_wi_action = escape(library["WI-PAY-003"].steps[0].action)  # type: ignore[union-attr]
    assert detail in novice
    assert detail not in expert
    assert first_wi_action in novice
    assert first_wi_action not in expert


def test_an_effective_revision_is_not_marked_uncontrolled(refund: Sop) -> None:
    text = render(refund, RenderContext(control=Control(revision="3", state="effective")))
    assert "Uncontrolled" not in text


def test_markdown_syntax_in_text_is_shown_not_interpreted() -> None:
    assert escape("use *bold* and [link](x) <b>") == "use \\*bold\\* and \\[link\\](x) \\<b\\>"
