"""An SOP from a BPMN 2.0 model drawn in another tool (Camunda Modeler, bpmn.io, Signavio...).

Lanes and pools become roles, tasks steps, exclusive/inclusive/event-based gateways decisions
(options named by the flow names or conditions), a parallel gateway whose paths meet again at
a converging one a parallel node (branches named by the flow names), call activities
references, message flows between pools handoffs, text annotations notes. Other parallel
paths keep their order with a note. Every element that has no place in an SOP is listed in
`unmapped`. Building the SOP from the graph is `sopflow.formats.bpmn.build`.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from sopflow.errors import SopflowError
from sopflow.formats.bpmn.build import Builder, Imported
from sopflow.formats.bpmn.graph import START, Edge, Graph, Vertex, linearise
from sopflow.formats.bpmn.labels import Ids
from sopflow.formats.bpmn.names import BPMN, CHOICES, EVENTS, GATEWAYS, SOPFLOW, TASKS, tag
from sopflow.formats.bpmn.xml import read_xml
from sopflow.model import Role, check_document

IGNORED = {
    "sequenceFlow",
    "laneSet",
    "lane",
    "flowNodeRef",
    "incoming",
    "outgoing",
    "documentation",
    "extensionElements",
    "conditionExpression",
    "association",
    "textAnnotation",
    "text",
    "childLaneSet",
}


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _name(element: etree._Element) -> str:
    return " ".join((element.get("name") or "").split())


class _Reader:
    """Walks the XML once, building roles and the process graph."""

    def __init__(self, root: etree._Element, file: str) -> None:
        self.root = root
        self.file = file
        self.ids = Ids()
        self.roles: list[Role] = []
        self.role_of: dict[str, str] = {}
        self.lanes: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.vertices: dict[str, Vertex] = {}
        self.unmapped: list[str] = []
        self.pool_of: dict[str, str] = {}
        self.process_of: dict[str, str] = {}
        self.starts: dict[str, list[str]] = {}
        self.boundaries: list[tuple[str, str]] = []
        self.entered: set[str] = set()

    def role(self, wanted: str | None, name: str, kind: str | None = None) -> str:
        role_id = self.ids.make(wanted, name, "role")
        self.roles.append(
            Role(
                id=role_id,
                name=name or role_id,
                kind=kind if kind in ("person", "team", "system") else "person",
            )
        )
        return role_id

    def read(self, *, parallels: bool = True) -> Graph:
        """The process graph; parallels: make the parallel gateways that form blocks parallel
        nodes (else every parallel path follows the one before)."""
        processes = self.root.findall(tag(BPMN, "process"))
        if not processes:
            raise SopflowError(f"{self.file}: has no <process>; is it a BPMN 2.0 model?")
        pools = {p.get("processRef"): p for p in self.root.iter(tag(BPMN, "participant"))}
        for process in processes:
            self._process(process, pools.get(process.get("id")))
        graph = Graph(self.vertices, START)
        self._flows()
        self._boundaries()
        self._messages()
        self.vertices[START] = Vertex(
            START, "pass", element="start", out=[Edge(s) for s in self.entry_starts()]
        )
        self._annotations()
        linearise(graph, parallels=parallels)
        return graph

    def _process(self, process: etree._Element, pool: etree._Element | None) -> None:
        pool_name = _name(pool) if pool is not None else _name(process)
        process_id = process.get("id") or ""
        if pool is not None:
            self.pool_of[pool.get("id") or ""] = process_id
        for lane in process.iter(tag(BPMN, "lane")):
            name = _name(lane) or pool_name or "Lane"
            role_id = self.role(lane.get(tag(SOPFLOW, "id")), name, lane.get(tag(SOPFLOW, "kind")))
            self.lanes[lane.get("id") or ""] = role_id
            for ref in lane.findall(tag(BPMN, "flowNodeRef")):
                self.role_of.setdefault((ref.text or "").strip(), role_id)
        elements = [e for e in process if _local(e) in TASKS | GATEWAYS | EVENTS]
        if any(e.get("id") not in self.role_of for e in elements):
            pool_role = self.role(None, pool_name or "Performer")
            for element in elements:
                self.role_of.setdefault(element.get("id") or "", pool_role)
        for element in process:
            self._element(element, process_id)

    def _flows(self) -> None:
        """Sequence flows, each once (some tools repeat a pool's flows in every process)."""
        seen: set[tuple[str | None, str | None, str | None]] = set()
        for flow in self.root.iter(tag(BPMN, "sequenceFlow")):
            key = (flow.get("id"), flow.get("sourceRef"), flow.get("targetRef"))
            if key in seen:
                continue
            seen.add(key)
            source = self.vertices.get(flow.get("sourceRef") or "")
            if source is None or (flow.get("targetRef") or "") not in self.vertices:
                self.unmapped.append(
                    f"sequenceFlow {flow.get('id')}: its source or target is not a flow node"
                )
                continue
            condition = flow.find(tag(BPMN, "conditionExpression"))
            text = " ".join((condition.text or "").split()) if condition is not None else ""
            source.out.append(Edge(flow.get("targetRef") or "", _name(flow) or None, text or None))

    def _element(self, element: etree._Element, process_id: str) -> None:
        kind = _local(element)
        element_id = element.get("id") or ""
        name = _name(element)
        role = self.role_of.get(element_id)
        wanted = element.get(tag(SOPFLOW, "id"))
        self.process_of[element_id] = process_id
        if kind in TASKS:
            self.kinds[element_id] = kind
            vertex = Vertex(
                element_id, "step", name or f"{kind} {element_id}", role, kind, wanted_id=wanted
            )
            called = element.get("calledElement")
            if kind == "callActivity" and called:
                vertex.reference = called
            if kind in {"subProcess", "transaction", "adHocSubProcess"}:
                inner = [_name(e) or e.get("id") or "" for e in element if _local(e) in TASKS]
                if inner:
                    vertex.notes.append("Sub-process steps: " + "; ".join(inner))
                for nested in element:
                    if _local(nested) not in TASKS | IGNORED:
                        self.unmapped.append(
                            f"{_local(nested)} {nested.get('id')} inside "
                            f"sub-process {element_id}: kept as a note only"
                        )
            self.vertices[element_id] = vertex
        elif kind in GATEWAYS:
            self.kinds[element_id] = kind
            outgoing = len(element.findall(tag(BPMN, "outgoing")))
            incoming = len(element.findall(tag(BPMN, "incoming")))
            vertex = Vertex(
                element_id, "pass", name, role, kind, wanted_id=wanted, joins=incoming > 1
            )
            if kind in CHOICES and outgoing > 1:
                vertex.kind = "decision"
            self.vertices[element_id] = vertex
        elif kind in EVENTS:
            self.kinds[element_id] = kind
            vertex = Vertex(element_id, "pass", name, role, kind, wanted_id=wanted)
            self.vertices[element_id] = self._event(element, vertex, process_id)
        elif kind not in IGNORED and kind:
            self.unmapped.append(f"{kind} {element_id} '{name}': has no place in an SOP flow")

    def _event(self, element: etree._Element, vertex: Vertex, process_id: str) -> Vertex:
        """End events end the flow; a sopflow handoff comes back; other events pass through."""
        handoff = element.find(f"{tag(BPMN, 'extensionElements')}/{tag(SOPFLOW, 'handoff')}")
        if vertex.element == "endEvent":
            vertex.kind, vertex.name = "end", vertex.name or "End"
        elif handoff is not None:
            vertex.kind = "handoff"
            vertex.role = handoff.get("from") or vertex.role
            vertex.to_role = handoff.get("to")
            vertex.transfers = tuple(
                t.text or "" for t in handoff.findall(tag(SOPFLOW, "transfer"))
            )
        elif vertex.element == "startEvent":
            self.starts.setdefault(process_id, []).append(vertex.id)
        else:
            if vertex.name:
                what = {
                    "intermediateCatchEvent": "Wait for",
                    "boundaryEvent": "Unless",
                    "intermediateThrowEvent": "Signal",
                }[vertex.element]
                vertex.notes.append(f"{what}: {vertex.name}")
            if vertex.element == "boundaryEvent":
                self.boundaries.append((element.get("attachedToRef") or "", vertex.id))
        return vertex

    def _boundaries(self) -> None:
        """A boundary event on a task: after the task, a decision on whether it happened."""
        for task_id, event_id in self.boundaries:
            task, event = self.vertices.get(task_id), self.vertices[event_id]
            if task is None:
                self.unmapped.append(f"boundaryEvent {event_id}: attached to an unknown element")
                continue
            question = Vertex(
                f"{event_id}__asked",
                "decision",
                f"Did '{event.name or 'the boundary event'}' happen during '{task.name}'?",
                task.role,
                "boundary",
            )
            question.out = [Edge(_route(self, task.out), "No"), Edge(event_id, "Yes")]
            task.out = [Edge(question.id)]
            self.vertices[question.id] = question

    def _messages(self) -> None:
        """Message flows: a handoff on the sender's path; one that starts a pool leads into it."""
        for number, flow in enumerate(self.root.iter(tag(BPMN, "messageFlow")), 1):
            source = self.vertices.get(flow.get("sourceRef") or "")
            target_id = flow.get("targetRef") or ""
            process = self.pool_of.get(target_id) or self.process_of.get(target_id)
            if target_id in self.pool_of:
                target_id = next(iter(self.starts.get(process or "", [])), "")
                target_id = _first_after(self.vertices, target_id)
            target = self.vertices.get(target_id)
            if source is None or target is None:
                self.unmapped.append(
                    f"messageFlow {flow.get('id')}: an end is not a flow node of a process"
                )
                continue
            handoff = Vertex(
                f"message-{number}",
                "handoff",
                "",
                source.role,
                "messageFlow",
                to_role=target.role,
                transfers=(_name(flow) or source.name or "Message",),
            )
            self.vertices[handoff.id] = handoff
            starts_pool = target.element == "startEvent" and process not in self.entered
            if starts_pool and process:
                self.entered.add(process)
                handoff.out = [Edge(target_id)]
                source.out.insert(0, Edge(handoff.id))
            else:
                handoff.out, source.out = source.out, [Edge(handoff.id)]

    def entry_starts(self) -> list[str]:
        """The start events of pools no message starts, in document order."""
        entries = [
            starts[0] for process, starts in self.starts.items() if process not in self.entered
        ]
        return entries or [starts[0] for starts in self.starts.values()][:1]

    def _annotations(self) -> None:
        """Text annotations become notes on the element they are associated with."""
        texts = {
            a.get("id"): " ".join("".join(str(t) for t in a.itertext()).split())
            for a in self.root.iter(tag(BPMN, "textAnnotation"))
        }
        attached: set[str | None] = set()
        for association in self.root.iter(tag(BPMN, "association")):
            for end, other in (("sourceRef", "targetRef"), ("targetRef", "sourceRef")):
                text = texts.get(association.get(end))
                vertex = self.vertices.get(association.get(other) or "")
                if text and vertex is not None:
                    vertex.notes.append(text)
                    attached.add(association.get(end))
        for annotation_id, text in texts.items():
            if annotation_id not in attached:
                self.unmapped.append(
                    f"textAnnotation {annotation_id} '{text}': not attached to any element"
                )


def _first_after(vertices: dict[str, Vertex], start: str) -> str:
    """A message to a whole pool arrives where its process starts: after the start event."""
    vertex = vertices.get(start)
    return vertex.out[0].target if vertex is not None and vertex.out else start


def _route(reader: _Reader, out: list[Edge]) -> str:
    """A single target for a list of flows (a split vertex when there are several)."""
    if len(out) == 1:
        return out[0].target
    split = Vertex(f"split-{len(reader.vertices)}", "pass", element="split", out=list(out))
    reader.vertices[split.id] = split
    return split.id


def import_bpmn(path: Path, code: str | None = None) -> Imported:
    """Read a BPMN 2.0 file into an SOP; SopflowError for a file that is not safe BPMN XML."""
    root = read_xml(path)
    if _local(root) != "definitions" or etree.QName(root).namespace != BPMN:
        raise SopflowError(f"{path}: the root element is not BPMN 2.0 <definitions>")
    imported = _import(root, path, code, parallels=True)
    if any(problem.rule.startswith("parallel") for problem in check_document(imported.sop)):
        imported = _import(root, path, code, parallels=False)  # the paths in order, as before
    return imported


def _import(root: etree._Element, path: Path, code: str | None, *, parallels: bool) -> Imported:
    reader = _Reader(root, str(path))
    graph = reader.read(parallels=parallels)
    return Builder(graph, reader, path).build(code)


__all__ = ["GATEWAYS", "TASKS", "Imported", "import_bpmn"]
