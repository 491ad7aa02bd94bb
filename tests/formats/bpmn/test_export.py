from __future__ import annotations

from pathlib import Path

from lxml import etree

from sopflow.formats.bpmn.export import export
from sopflow.formats.bpmn.names import NAMESPACES
from sopflow.formats.yaml_source import read_document
from sopflow.model import AnyDocument, Decision, Sop


def _tree(document: AnyDocument) -> etree._Element:
    return etree.fromstring(export(document))


def test_every_example_validates_against_the_bpmn_schema(
    library: dict[str, AnyDocument], bpmn_schema: etree.XMLSchema
) -> None:
    for document in library.values():
        tree = _tree(document)
        assert bpmn_schema.validate(tree), (document.code, bpmn_schema.error_log.last_error)


def test_a_lane_per_role_a_task_per_step_a_gateway_per_decision(refund: Sop) -> None:
    tree = _tree(refund)
    lanes = tree.findall(".//bpmn:lane", NAMESPACES)
    assert [lane.get("name") for lane in lanes] == [role.name for role in refund.roles]
    plain = [step for step in refund.flow.steps() if not step.reference]
    assert len(tree.findall(".//bpmn:userTask", NAMESPACES)) == len(plain) == 6
    calls = tree.findall(".//bpmn:callActivity", NAMESPACES)
    assert sorted(call.get("calledElement") for call in calls) == ["WI-PAY-003", "WI-PAY-004"]
    gateways = tree.findall(".//bpmn:exclusiveGateway", NAMESPACES)
    diverging = [g for g in gateways if g.get("gatewayDirection") != "Converging"]
    assert [g.get("name") for g in diverging] == [d.question for d in refund.flow.decisions()]
    assert len(tree.findall(".//bpmn:startEvent", NAMESPACES)) == 1
    assert len(tree.findall(".//bpmn:endEvent", NAMESPACES)) == 3


def test_decision_flows_are_named_by_their_options_with_conditions(refund: Sop) -> None:
    tree = _tree(refund)
    flows = [f for f in tree.iter("{*}sequenceFlow") if f.get("sourceRef") == "Node_payment-method"]
    assert [f.get("name") for f in flows] == ["Card", "Bank transfer"]
    condition = flows[0].find("bpmn:conditionExpression", NAMESPACES)
    decision = refund.flow.node("payment-method")
    assert isinstance(decision, Decision)
    assert condition is not None
    assert condition.text == decision.options[0].condition


def test_every_shape_and_flow_has_diagram_coordinates(refund: Sop) -> None:
    tree = _tree(refund)
    drawn = {s.get("bpmnElement") for s in tree.iter("{*}BPMNShape")}
    nodes = {
        e.get("id")
        for e in tree.find("bpmn:process", NAMESPACES).iter()  # type: ignore[union-attr]
        if e.get("id") and e.tag.endswith(("Task", "Gateway", "Event", "Activity"))
    }
    assert nodes <= drawn
    lanes = {lane.get("id") for lane in tree.iter("{*}lane")}
    assert lanes <= drawn
    edges = {e.get("bpmnElement") for e in tree.iter("{*}BPMNEdge")}
    assert edges == {f.get("id") for f in tree.iter("{*}sequenceFlow")}
    for edge in tree.iter("{*}BPMNEdge"):
        assert len(edge.findall("di:waypoint", NAMESPACES)) >= 2


def test_shapes_sit_inside_the_lane_of_their_role(refund: Sop) -> None:
    tree = _tree(refund)
    bounds = {
        s.get("bpmnElement"): s.find("dc:Bounds", NAMESPACES) for s in tree.iter("{*}BPMNShape")
    }

    def box(element: str) -> tuple[float, float]:
        b = bounds[element]
        assert b is not None
        return float(b.get("y", 0)), float(b.get("y", 0)) + float(b.get("height", 0))

    top, bottom = box("Lane_billing")
    assert top <= box("Node_refund-card")[0]
    assert box("Node_refund-card")[1] <= bottom


SHAPES = Path(__file__).resolve().parents[2] / "fixtures" / "merges" / "SOP-TST-101-shapes.yaml"


def _incoming(tree: etree._Element) -> dict[str, list[str]]:
    into: dict[str, list[str]] = {}
    for flow in tree.iter("{*}sequenceFlow"):
        into.setdefault(flow.get("targetRef") or "", []).append(flow.get("sourceRef") or "")
    return into


def test_a_node_several_flows_reach_is_entered_through_one_converging_gateway() -> None:
    loaded = read_document(SHAPES)
    assert loaded.document is not None
    tree = _tree(loaded.document)
    into = _incoming(tree)
    for node in ("Node_receive", "Node_heavy", "Node_stored"):
        assert into[node] == [f"{node}.merge-in"]
        gateway = tree.find(f".//bpmn:exclusiveGateway[@id='{node}.merge-in']", NAMESPACES)
        assert gateway is not None
        assert gateway.get("gatewayDirection") == "Converging"
        assert len(into[f"{node}.merge-in"]) == 2
    merges = [target for target in into if target.endswith(".merge-in")]
    assert all(len(into[target]) == 1 for target in into if target not in merges)


def test_a_decision_with_one_condition_names_the_other_options_as_theirs() -> None:
    loaded = read_document(SHAPES)
    assert loaded.document is not None
    flows = [
        flow
        for flow in _tree(loaded.document).iter("{*}sequenceFlow")
        if flow.get("sourceRef") == "Node_sender"
    ]
    conditions = [flow.findtext("bpmn:conditionExpression", None, NAMESPACES) for flow in flows]
    assert conditions == ["The sender is in the address book", "No"]
