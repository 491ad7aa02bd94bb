"""A document as one BPMN 2.0 process, with a lane per role and diagram coordinates.

Steps become user tasks, steps that reference another document call activities, decisions
exclusive gateways whose outgoing flows carry the option labels (and conditions), parallels a
diverging parallel gateway (its flows named by the branch labels) and a converging one where
the branches meet, handoffs message throw events, outcomes end events; a node several flows
reach is entered through a converging exclusive gateway (`merges`). sopflow attributes (in
their own namespace, which the BPMN schema allows) keep node and role ids so an export
re-imports without loss.
"""

from __future__ import annotations

from lxml import etree

from sopflow import __version__
from sopflow.errors import SopflowError
from sopflow.formats.bpmn.annotate import annotate
from sopflow.formats.bpmn.geometry import Bounds
from sopflow.formats.bpmn.layout import layout
from sopflow.formats.bpmn.merges import is_merge, linted
from sopflow.formats.bpmn.names import BPMN, BPMNDI, DC, DI, NAMESPACES, SOPFLOW, XSI, tag
from sopflow.formats.diagram import Box, Diagram, diagram
from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.registry import Renderer
from sopflow.model import AnyDocument, Sop, check_document
from sopflow.model.problems import dotted

ELEMENTS = {
    "start": "startEvent",
    "task": "userTask",
    "reference": "callActivity",
    "decision": "exclusiveGateway",
    "fork": "parallelGateway",
    "join": "parallelGateway",
    "handoff": "intermediateThrowEvent",
    "end": "endEvent",
}


def node_ref(box_id: str) -> str:
    """The XML id of a box: ids must start with a letter, node ids may not."""
    return f"Node_{box_id}"


def lane_ref(lane_id: str) -> str:
    """The XML id of a lane."""
    return f"Lane_{lane_id}"


def _sub(
    parent: etree._Element,
    element_name: str,
    text: str | None = None,
    namespace: str = BPMN,
    **attributes: str,
) -> etree._Element:
    element = etree.SubElement(parent, tag(namespace, element_name), attributes)
    if text is not None:
        element.text = text
    return element


DIRECTIONS = {"fork": "Diverging", "join": "Converging"}


def _flow_node(process: etree._Element, box: Box, drawing: Diagram, flows: dict[int, str]) -> None:
    element = _sub(process, ELEMENTS[box.kind], id=node_ref(box.id))
    if box.label:
        element.set("name", box.label)
    if box.kind in DIRECTIONS:
        element.set("gatewayDirection", DIRECTIONS[box.kind])
    elif is_merge(box):
        element.set("gatewayDirection", "Converging")
    element.set(tag(SOPFLOW, "id"), box.id)
    if box.reference:
        element.set("calledElement", box.reference)
    if box.kind == "handoff":
        extension = _sub(element, "extensionElements")
        handoff = _sub(
            extension,
            "handoff",
            namespace=SOPFLOW,
            to=box.to_lane or "",
            **{"from": drawing.lane_of(box)},
        )
        for item in box.notes:
            _sub(handoff, "transfer", item, namespace=SOPFLOW)
    for number, arrow in enumerate(drawing.arrows):
        if arrow.target == box.id:
            _sub(element, "incoming", flows[number])
    for number, arrow in enumerate(drawing.arrows):
        if arrow.source == box.id:
            _sub(element, "outgoing", flows[number])
    if box.kind == "handoff":
        _sub(element, "messageEventDefinition", id=f"{node_ref(box.id)}_message")


def _bounds(parent: etree._Element, bounds: Bounds) -> None:
    _sub(
        parent,
        "Bounds",
        namespace=DC,
        x=f"{bounds.x:g}",
        y=f"{bounds.y:g}",
        width=f"{bounds.width:g}",
        height=f"{bounds.height:g}",
    )


def _check_flow(document: AnyDocument) -> None:
    """Refuse a flow that breaks the model's rules (a draft saved with its problems): BPMN
    sequence flows must end at a node, so there is no honest file to write."""
    errors = [found for found in check_document(document) if found.severity == "error"]
    if errors:
        first = errors[0]
        raise SopflowError(
            f"{document.code}: BPMN needs a flow without validation problems; this one has "
            f"{len(errors)}, the first at {dotted(first.path)}: {first.message}"
        )


def definitions(document: AnyDocument) -> etree._Element:
    """The <definitions> element of the document's BPMN file."""
    _check_flow(document)
    drawing = linted(diagram(document))
    root = etree.Element(
        tag(BPMN, "definitions"),
        nsmap=NAMESPACES,
        id=f"Definitions_{document.code}",
        targetNamespace=f"urn:sopflow:{document.code}",
        exporter="sopflow",
        exporterVersion=__version__,
    )
    process_id = f"Process_{document.code}"
    collaboration = _sub(root, "collaboration", id="Collaboration_1")
    _sub(
        collaboration, "participant", id="Participant_1", name=document.title, processRef=process_id
    )
    process = _sub(
        root,
        "process",
        id=process_id,
        name=f"{document.code} {document.title}",
        isExecutable="false",
    )
    if document.summary:
        _sub(process, "documentation", document.summary)
    lane_set = _sub(process, "laneSet", id="LaneSet_1")
    kinds = {role.id: role.kind for role in document.roles} if isinstance(document, Sop) else {}
    for lane in drawing.lanes:
        element = _sub(lane_set, "lane", id=lane_ref(lane.id), name=lane.name)
        element.set(tag(SOPFLOW, "id"), lane.id)
        if lane.id in kinds:
            element.set(tag(SOPFLOW, "kind"), kinds[lane.id])
        for box in drawing.boxes:
            if drawing.lane_of(box) == lane.id:
                _sub(element, "flowNodeRef", node_ref(box.id))
    flows = {number: f"Flow_{number + 1}" for number in range(len(drawing.arrows))}
    for box in drawing.boxes:
        _flow_node(process, box, drawing, flows)
    for number, arrow in enumerate(drawing.arrows):
        flow = _sub(
            process,
            "sequenceFlow",
            id=flows[number],
            sourceRef=node_ref(arrow.source),
            targetRef=node_ref(arrow.target),
        )
        if arrow.label:
            flow.set("name", arrow.label)
        if arrow.condition:
            expression = _sub(flow, "conditionExpression", arrow.condition)
            expression.set(tag(XSI, "type"), "bpmn:tFormalExpression")
    annotate(root, document)
    _diagram_interchange(root, drawing)
    return root


def _diagram_interchange(root: etree._Element, drawing: Diagram) -> None:
    places = layout(drawing)
    plane = _sub(
        _sub(root, "BPMNDiagram", namespace=BPMNDI, id="BPMNDiagram_1"),
        "BPMNPlane",
        namespace=BPMNDI,
        id="BPMNPlane_1",
        bpmnElement="Collaboration_1",
    )
    pool = _sub(
        plane,
        "BPMNShape",
        namespace=BPMNDI,
        id="Participant_1_di",
        bpmnElement="Participant_1",
        isHorizontal="true",
    )
    _bounds(pool, places.pool)
    for lane_id, bounds in places.lanes.items():
        shape = _sub(
            plane,
            "BPMNShape",
            namespace=BPMNDI,
            id=f"{lane_ref(lane_id)}_di",
            bpmnElement=lane_ref(lane_id),
            isHorizontal="true",
        )
        _bounds(shape, bounds)
    for box in drawing.boxes:
        shape = _sub(
            plane,
            "BPMNShape",
            namespace=BPMNDI,
            id=f"{node_ref(box.id)}_di",
            bpmnElement=node_ref(box.id),
        )
        if box.kind == "decision":
            shape.set("isMarkerVisible", "true")
        _bounds(shape, places.boxes[box.id])
        if box.id in places.labels:
            _bounds(_sub(shape, "BPMNLabel", namespace=BPMNDI), places.labels[box.id])
    for number, points in enumerate(places.arrows, 1):
        edge = _sub(
            plane,
            "BPMNEdge",
            namespace=BPMNDI,
            id=f"Flow_{number}_di",
            bpmnElement=f"Flow_{number}",
        )
        for x, y in points:
            _sub(edge, "waypoint", namespace=DI, x=f"{x:g}", y=f"{y:g}")
        if number - 1 in places.arrow_labels:
            _bounds(_sub(edge, "BPMNLabel", namespace=BPMNDI), places.arrow_labels[number - 1])


def export(document: AnyDocument) -> bytes:
    """The BPMN 2.0 XML file of a document."""
    return etree.tostring(
        definitions(document), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def render(document: AnyDocument, context: RenderContext) -> str:
    """The BPMN file as text, for the renderer registry."""
    return export(document).decode("utf-8")


renderer = Renderer("bpmn", ".bpmn", "BPMN 2.0 process with diagram interchange", render)
