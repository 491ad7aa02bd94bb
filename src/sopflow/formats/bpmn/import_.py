"""An SOP from a BPMN 2.0 model drawn in another tool (Camunda Modeler, bpmn.io, Signavio...).

Lanes and pools become roles, tasks steps, exclusive/inclusive/event-based gateways decisions
(options named by the flow names or conditions), call activities references, message flows
between pools handoffs, text annotations notes. Parallel gateways keep their paths in order
with a note. Every element that has no place in an SOP is listed in `unmapped`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from sopflow.errors import SopflowError
from sopflow.formats.bpmn.graph import Edge, Graph, Vertex, linearise, resolve
from sopflow.formats.bpmn.names import BPMN, SOPFLOW, tag
from sopflow.formats.bpmn.xml import read_xml
from sopflow.model import Decision, Flow, Handoff, Option, Outcome, Provenance, Role, Sop, Step
from sopflow.model.codes import is_code, parse_code

TASKS = {
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "scriptTask",
    "sendTask",
    "receiveTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "transaction",
    "adHocSubProcess",
}
CHOICES = {"exclusiveGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"}
GATEWAYS = CHOICES | {"parallelGateway"}
EVENTS = {
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
}
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
START = "__start__"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass
class Imported:
    """The SOP, where each source element went, and what could not be mapped."""

    sop: Sop
    placed: dict[str, str] = field(default_factory=dict)
    """Source element id -> the id of the SOP node that holds it (as itself or as a note)."""
    kinds: dict[str, str] = field(default_factory=dict)
    """Source element id -> its BPMN element type."""
    lanes: dict[str, str] = field(default_factory=dict)
    """Source lane id -> role id."""
    unmapped: list[str] = field(default_factory=list)
    """Elements with no place in the SOP, each with the reason."""

    def count(self, types: set[str]) -> int:
        """How many source elements of these types the SOP holds."""
        nodes = {node.id for node in self.sop.flow.nodes}
        return sum(
            1
            for element, node in self.placed.items()
            if self.kinds[element] in types and node in nodes
        )


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _name(element: etree._Element) -> str:
    return " ".join((element.get("name") or "").split())


def slug(text: str, fallback: str) -> str:
    """A node or role id from a name: lowercase words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", text.lower()) or re.findall(r"[a-z0-9]+", fallback.lower())
    return "-".join(words)[:60].strip("-") or "node"


class _Ids:
    """Unique ids inside one document."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, wanted: str | None, name: str, fallback: str) -> str:
        base = wanted if wanted and ID_RE.match(wanted) else slug(name, fallback)
        candidate, number = base, 2
        while candidate in self.used:
            candidate, number = f"{base}-{number}", number + 1
        self.used.add(candidate)
        return candidate


class _Reader:
    """Walks the XML once, building roles and the process graph."""

    def __init__(self, root: etree._Element, file: str) -> None:
        self.root = root
        self.file = file
        self.ids = _Ids()
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

    def read(self) -> Graph:
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
        linearise(graph)
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
    reader = _Reader(root, str(path))
    graph = reader.read()
    return _Builder(graph, reader, path).build(code)


class _Builder:
    """Walks the linearised graph from the start and emits SOP nodes."""

    def __init__(self, graph: Graph, reader: _Reader, path: Path) -> None:
        self.graph = graph
        self.reader = reader
        self.path = path
        self.ids = _Ids()
        self.node_id: dict[str, str] = {}
        self.notes: dict[str, list[str]] = {}
        self.placed: dict[str, str] = {}
        self.order: list[str] = []

    def _node_for(self, vertex_id: str) -> str:
        if vertex_id not in self.node_id:
            vertex = self.graph.vertices[vertex_id]
            name = vertex.name or _default_name(vertex, self.reader)
            self.node_id[vertex_id] = self.ids.make(vertex.wanted_id, name, vertex.id)
            self.order.append(vertex_id)
        return self.node_id[vertex_id]

    def _follow(self, source: str, target: str) -> str:
        """The node id a flow leads to; pass-throughs crossed leave their notes on it."""
        found, crossed = resolve(self.graph, source, target)
        node = self._node_for(found)
        for passed in crossed:
            vertex = self.graph.vertices[passed]
            self.notes.setdefault(found, []).extend(vertex.notes)
            if passed in self.reader.kinds:
                self.placed.setdefault(passed, node)
                if vertex.element in GATEWAYS:
                    self.notes[found].append(_gateway_note(vertex))
        return node

    def build(self, code: str | None) -> Imported:
        start = self._follow("", START)
        nexts: dict[str, list[tuple[Edge, str]]] = {}
        index = 0
        while index < len(self.order):
            vertex = self.graph.vertices[self.order[index]]
            index += 1
            if vertex.kind in ("end", "pass"):
                nexts[vertex.id] = []
            elif vertex.kind == "decision":
                nexts[vertex.id] = [(e, self._follow(vertex.id, e.target)) for e in vertex.out]
            elif vertex.out:
                edge = vertex.out[0]
                nexts[vertex.id] = [(edge, self._follow(vertex.id, edge.target))]
            else:
                nexts[vertex.id] = [(Edge(""), self._end(vertex))]
        trigger = [self.graph.vertices[v].name for v in self.reader.entry_starts()]
        nodes = [self._node(self.graph.vertices[v], nexts[v]) for v in self.order]
        roles = self.reader.roles or [Role(id="performer", name="Performer")]
        sop = Sop(
            code=code or _code(self.reader.root),
            title=_title(self.reader.root, self.path),
            summary=f"Imported from the BPMN model {self.path.name}.",
            trigger="; ".join(t for t in trigger if t) or None,
            roles=tuple(roles),
            flow=Flow(start=start, nodes=tuple(nodes)),
        )
        return self._result(sop)

    def _result(self, sop: Sop) -> Imported:
        for vertex_id, node in self.node_id.items():
            if vertex_id in self.reader.kinds:
                self.placed[vertex_id] = node
        unmapped = list(self.reader.unmapped)
        for element, kind in self.reader.kinds.items():
            if element not in self.placed:
                why = (
                    "the end of a parallel path; the next path follows it"
                    if element in self.graph.merged
                    else "not reachable from the start"
                )
                unmapped.append(f"{kind} {element} '{self.graph.vertices[element].name}': {why}")
        return Imported(
            sop, self.placed, dict(self.reader.kinds), dict(self.reader.lanes), unmapped
        )

    def _node(
        self, vertex: Vertex, nexts: list[tuple[Edge, str]]
    ) -> Step | Decision | Handoff | Outcome:
        node_id = self.node_id[vertex.id]
        notes = tuple(dict.fromkeys(vertex.notes + self.notes.get(vertex.id, [])))
        provenance = Provenance(source=f"{self.path.name}#{vertex.id}", quote=vertex.name or None)
        roles = {role.id for role in self.reader.roles}
        role = vertex.role if vertex.role in roles else None
        if vertex.kind == "step":
            reference, more = _reference(vertex.reference, self.reader.root)
            return Step(
                id=node_id,
                role=role,
                instruction=vertex.name,
                reference=reference,
                notes=notes + more,
                next=nexts[0][1],
                provenance=provenance,
            )
        if vertex.kind == "decision":
            return Decision(
                id=node_id,
                role=role,
                question=vertex.name or "Which way?",
                options=_options(self.graph, nexts),
                detail={"novice": " ".join(notes)} if notes else {},
                provenance=provenance,
            )
        if vertex.kind == "handoff":
            first = self.reader.roles[0].id
            return Handoff(
                id=node_id,
                from_role=vertex.role or first,
                to_role=vertex.to_role or first,
                transfers=vertex.transfers,
                channel="Message" if vertex.element == "messageFlow" else None,
                next=nexts[0][1],
                provenance=provenance,
            )
        return Outcome(
            id=node_id,
            name=vertex.name or "End",
            description=" ".join(notes) or None,
            provenance=provenance,
        )

    def _end(self, vertex: Vertex) -> str:
        """A step that leads nowhere in the model ends the flow: an outcome after it."""
        end = Vertex(f"{vertex.id}__end", "end", f"Done after: {vertex.name}"[:80])
        self.graph.vertices[end.id] = end
        return self._node_for(end.id)


def _default_name(vertex: Vertex, reader: _Reader) -> str:
    if vertex.kind == "handoff":
        target = next((r.name for r in reader.roles if r.id == vertex.to_role), "")
        return f"hand over to {target}"
    if vertex.kind == "decision":
        return "decision"
    return vertex.element or "node"


def _gateway_note(vertex: Vertex) -> str:
    kind = re.sub(r"(?<!^)(?=[A-Z])", " ", vertex.element).lower()
    named = f" '{vertex.name}'" if vertex.name else ""
    if vertex.element == "parallelGateway":
        what = "paths meet here" if vertex.joins else "paths run in parallel from here"
    else:
        what = "paths meet here" if vertex.joins else "the flow continues here"
    return f"Source model: {kind}{named} ({vertex.id}): {what}."


def _options(graph: Graph, nexts: list[tuple[Edge, str]]) -> tuple[Option, ...]:
    """Options named by the flow name, else its condition, else where it leads."""
    options: list[Option] = []
    used: set[str] = set()
    for number, (edge, node) in enumerate(nexts, 1):
        target = graph.vertices.get(edge.target)
        label = edge.label or edge.condition or (target.name if target else "") or f"Path {number}"
        base, count = label, 2
        while label.casefold() in used:
            label, count = f"{base} ({count})", count + 1
        used.add(label.casefold())
        condition = edge.condition if edge.condition and edge.condition != label else None
        options.append(Option(label=label, condition=condition, next=node))
    return tuple(options)


def _reference(called: str | None, root: etree._Element) -> tuple[str | None, tuple[str, ...]]:
    """A called element that is a WI or SOP code is a reference; anything else a note."""
    if not called:
        return None, ()
    if is_code(called) and parse_code(called).kind in ("wi", "sop") and called != _code(root):
        return called, ()
    return None, (f"Calls: {called}",)


def _code(root: etree._Element) -> str:
    """The code of a model sopflow exported (its process id says it), else a placeholder."""
    for process in root.iter(tag(BPMN, "process")):
        found = (process.get("id") or "").removeprefix("Process_")
        if is_code(found) and parse_code(found).kind == "sop":
            return found
    return "SOP-IMPORT-001"


def _title(root: etree._Element, path: Path) -> str:
    for element in (*root.iter(tag(BPMN, "participant")), *root.iter(tag(BPMN, "process"))):
        name = _name(element)
        if name:
            return re.sub(r"^(SOP|WI|WF|POL)-[A-Z0-9]+-[0-9]+ ", "", name)
    return path.stem.replace("-", " ").replace("_", " ")
