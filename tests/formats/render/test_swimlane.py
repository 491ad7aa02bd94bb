from __future__ import annotations

import pytest
from lxml import etree

from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.swimlane import graphviz_available, render, wrap
from sopflow.model import AnyDocument, Sop

needs_dot = pytest.mark.skipif(
    not graphviz_available(), reason="Graphviz's dot is not installed (scripts/system-packages.sh)"
)
SVG = "{http://www.w3.org/2000/svg}"


@needs_dot
def test_a_lane_per_role_with_shapes_for_each_kind(refund: Sop) -> None:
    svg = etree.fromstring(render(refund, RenderContext()).encode())
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"Support agent", "Billing team", "Support team lead"} <= set(texts)
    clusters = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "cluster"]
    assert len(clusters) == 3
    assert svg.iter(f"{SVG}polygon")  # decisions are diamonds
    assert "Bank transfer" in texts


@needs_dot
def test_references_are_linked_sub_process_boxes(refund: Sop) -> None:
    svg = render(refund, RenderContext(link=lambda code: f"{code}.html"))
    assert 'xlink:href="WI-PAY-003.html"' in svg


@needs_dot
def test_every_example_draws(library: dict[str, AnyDocument]) -> None:
    for document in library.values():
        assert render(document, RenderContext()).lstrip().startswith("<?xml")


def test_labels_wrap_at_word_boundaries() -> None:
    assert wrap("Refund the card payment in Stripe", 12) == "Refund the\\ncard payment\\nin Stripe"
    assert wrap("C:\\\\Temp <b>", 40) == "C:\\\\\\\\Temp <b>"
