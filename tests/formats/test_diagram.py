from __future__ import annotations

from sopflow.formats.diagram import START_ID, diagram, reading_order
from sopflow.model import AnyDocument, Sop


def test_an_sop_has_a_lane_per_role_and_a_box_per_node(refund: Sop) -> None:
    drawing = diagram(refund)
    assert [lane.id for lane in drawing.lanes] == ["support-agent", "billing", "team-lead"]
    assert len(drawing.boxes) == len(refund.flow.nodes) + 1
    assert drawing.box(START_ID).label == refund.trigger


def test_decision_arrows_carry_the_option_labels(refund: Sop) -> None:
    labels = {a.label for a in diagram(refund).arrows if a.source == "payment-method"}
    assert labels == {"Card", "Bank transfer"}


def test_steps_with_references_are_sub_process_boxes(refund: Sop) -> None:
    box = diagram(refund).box("refund-card")
    assert (box.kind, box.reference) == ("reference", "WI-PAY-003")


def test_a_handoff_names_the_receiving_lane(refund: Sop) -> None:
    box = diagram(refund).box("to-billing")
    assert (box.kind, box.lane, box.to_lane) == ("handoff", "support-agent", "billing")


def test_reading_order_starts_at_the_start_and_keeps_every_node(refund: Sop) -> None:
    order = [node.id for node in reading_order(refund)]
    assert order[0] == refund.flow.start
    assert sorted(order) == sorted(node.id for node in refund.flow.nodes)


def test_every_kind_of_document_draws(library: dict[str, AnyDocument]) -> None:
    for document in library.values():
        drawing = diagram(document)
        ids = {box.id for box in drawing.boxes}
        assert drawing.lanes
        assert all(a.source in ids and a.target in ids for a in drawing.arrows), document.code
        assert any(box.kind == "end" for box in drawing.boxes), document.code
