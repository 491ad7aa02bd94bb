from __future__ import annotations

from sopflow.formats.diagram import Arrow, Box, Diagram, Lane
from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.mermaid import flowchart, render, text
from sopflow.model import Sop


def test_a_subgraph_per_lane_and_labelled_decision_branches(refund: Sop) -> None:
    source = render(refund, RenderContext())
    assert source.startswith("flowchart LR\n")
    assert source.count("subgraph ") == 3
    assert 'n_payment_method -->|"Card"| n_refund_card' in source
    assert 'n_check_eligibility{"Is the purchase eligible under the refund policy?"}' in source


def test_references_link_to_the_referenced_document(refund: Sop) -> None:
    source = render(refund, RenderContext(link=lambda code: f"docs/{code}.html"))
    assert 'click n_refund_card href "docs/WI-PAY-003.html"' in source


def test_quotes_and_markup_cannot_break_out_of_a_label() -> None:
    assert text('Say "hi" <b>') == "Say #quot;hi#quot; #lt;b#gt;"
    drawing = Diagram(
        "t",
        (Lane("a", 'The "A" team'),),
        (Box("end", "end", "Done", "a"), Box("x", "task", "Click [OK]", "a")),
        (Arrow("x", "end", 'say "yes"'),),
    )
    source = flowchart(drawing)
    assert 'subgraph lane0["The #quot;A#quot; team"]' in source
    assert 'n_x -->|"say #quot;yes#quot;"| n_end' in source
