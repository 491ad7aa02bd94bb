"""An SOP from a BPMN 2.0 model drawn in another tool (Camunda Modeler, bpmn.io, Signavio...).

Lanes and pools become roles, tasks steps, exclusive/inclusive/event-based gateways with
several ways out decisions (options named by the flow names or conditions), a parallel
gateway whose paths meet again at a converging one a parallel node, call activities
references, message flows between pools handoffs, text annotations notes. Control flow is
read from each sequence flow's sourceRef and targetRef (the `<incoming>`/`<outgoing>`
children are optional and ignored). Sub-processes are opened: the sub-process is a step
and its inner flow follows it. How starts, sub-processes, boundary events and messages are
joined up is `sopflow.formats.bpmn.wiring`; building the SOP from the graph is
`sopflow.formats.bpmn.build`. Every element with no place in an SOP is a `Loss` of the
import report. A model sopflow exported comes back whole: `sopflow.formats.bpmn.restore`
puts back the fields its extension elements carry, and a WI's linear process is a WI again.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from sopflow.errors import SopflowError
from sopflow.formats.bpmn.build import Builder, Imported
from sopflow.formats.bpmn.graph import Edge, Vertex, linearise
from sopflow.formats.bpmn.names import (
    BPMN,
    CHOICES,
    EVENTS,
    GATEWAYS,
    SOPFLOW,
    SUBPROCESSES,
    TASKS,
    canonical,
    tag,
)
from sopflow.formats.bpmn.report import Loss
from sopflow.formats.bpmn.restore import restore
from sopflow.formats.bpmn.wiring import Wirer, local, name_of
from sopflow.formats.bpmn.xml import parse_xml, read_xml
from sopflow.model import check_document

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
    "standardLoopCharacteristics",
    "multiInstanceLoopCharacteristics",
}
FLOW_NODES = TASKS | GATEWAYS | EVENTS


class _Reader(Wirer):
    """Walks the XML once, building roles and the process graph."""

    def read(self, *, parallels: bool = True) -> None:
        """The process graph; parallels: make the parallel gateways that form blocks parallel
        nodes (else every parallel path follows the one before)."""
        processes = self.root.findall(tag(BPMN, "process"))
        if not processes:
            raise SopflowError(f"{self.file}: has no <process>; is it a BPMN 2.0 model?")
        pools = {p.get("processRef"): p for p in self.root.iter(tag(BPMN, "participant"))}
        for process in processes:
            self._process(process, pools.get(process.get("id")))
        self._flows()
        self.wire()
        self._annotations()
        linearise(self.graph, parallels=parallels)

    def _process(self, process: etree._Element, pool: etree._Element | None) -> None:
        pool_name = name_of(pool) if pool is not None else name_of(process)
        process_id = process.get("id") or ""
        if pool is not None:
            self.pool_of[pool.get("id") or ""] = process_id
        for lane in process.iter(tag(BPMN, "lane")):
            name = name_of(lane) or pool_name or "Lane"
            role_id = self.role(lane.get(tag(SOPFLOW, "id")), name, lane.get(tag(SOPFLOW, "kind")))
            self.lanes[lane.get("id") or ""] = role_id
            for ref in lane.findall(tag(BPMN, "flowNodeRef")):
                self.role_of.setdefault((ref.text or "").strip(), role_id)
        elements = [e for e in process if local(e) in FLOW_NODES]
        if any(e.get("id") not in self.role_of for e in elements):
            pool_role = self.role(None, pool_name or "Performer")
            for element in elements:
                self.role_of.setdefault(element.get("id") or "", pool_role)
        self.processes.append(process_id)
        for element in process:
            self._element(element, process_id, process_id)

    def _flows(self) -> None:
        """Sequence flows, each once (some tools repeat a pool's flows in every process)."""
        seen: set[tuple[str | None, str | None, str | None]] = set()
        for flow in self.root.iter(tag(BPMN, "sequenceFlow")):
            key = (flow.get("id"), flow.get("sourceRef"), flow.get("targetRef"))
            if key in seen:
                continue
            seen.add(key)
            source = self.vertices.get(flow.get("sourceRef") or "")
            target = flow.get("targetRef") or ""
            if source is None or target not in self.vertices:
                self.lose(flow, "its source or target is not a flow node of a process")
                continue
            condition = flow.find(tag(BPMN, "conditionExpression"))
            text = " ".join((condition.text or "").split()) if condition is not None else ""
            source.out.append(Edge(target, name_of(flow) or None, text or None))
            self.incoming[target] = self.incoming.get(target, 0) + 1
        for vertex in self.vertices.values():
            if vertex.element in GATEWAYS:
                vertex.joins = self.incoming.get(vertex.id, 0) > 1
                if vertex.element in CHOICES and len(vertex.out) > 1:
                    vertex.kind = "decision"

    def _element(self, element: etree._Element, process_id: str, container: str) -> None:
        kind = local(element)
        element_id = element.get("id") or ""
        if kind not in FLOW_NODES:
            if kind not in IGNORED and kind:
                self.lose(element, "has no place in an SOP flow")
            return
        name = name_of(element)
        self.process_of[element_id] = process_id
        self.container_of[element_id] = container
        self.kinds[element_id] = kind
        self.elements[element_id] = element
        self.role_of.setdefault(element_id, self.role_of.get(container, ""))
        vertex = Vertex(
            element_id,
            "step" if kind in TASKS else "pass",
            name,
            self.role_of.get(element_id) or None,
            kind,
            wanted_id=element.get(tag(SOPFLOW, "id")),
        )
        self.vertices[element_id] = vertex
        if kind in TASKS:
            self._task(element, vertex)
            if kind in SUBPROCESSES:
                self._subprocess(element, vertex, process_id)
        elif kind in EVENTS:
            self._event(element, vertex, container)

    def _task(self, element: etree._Element, vertex: Vertex) -> None:
        """A step; its call, loop and multi-instance markers become a reference or notes."""
        vertex.name = vertex.name or f"{vertex.element} {vertex.id}"
        called = element.get("calledElement")
        if vertex.element == "callActivity" and called:
            vertex.reference = called
        if element.find(tag(BPMN, "standardLoopCharacteristics")) is not None:
            vertex.notes.append("Repeated until done (a loop in the source model).")
        many = element.find(tag(BPMN, "multiInstanceLoopCharacteristics"))
        if many is not None:
            how = "one after another" if many.get("isSequential") == "true" else "at the same time"
            vertex.notes.append(f"Done once for each item, {how} (multi-instance).")
        if element.get("isForCompensation") == "true":
            vertex.notes.append("Compensation: undoes the work of the activity it belongs to.")
            self.no_entry.add(vertex.id)
            self.handlers.append(vertex.id)

    def _subprocess(self, element: etree._Element, vertex: Vertex, process_id: str) -> None:
        """An embedded sub-process: its own elements, wired into the flow by `wire`."""
        self.subprocesses.append(vertex.id)
        if element.get("triggeredByEvent") == "true":
            self.event_subs.setdefault(self.container_of[vertex.id], []).append(vertex.id)
            self.no_entry.add(vertex.id)
        for nested in element:
            self._element(nested, process_id, vertex.id)

    def _event(self, element: etree._Element, vertex: Vertex, container: str) -> None:
        """End events end the flow; a sopflow handoff comes back; other events pass through."""
        handoff = element.find(f"{tag(BPMN, 'extensionElements')}/{tag(SOPFLOW, 'handoff')}")
        defined = self.definitions(element)
        if vertex.element == "endEvent":
            vertex.kind, vertex.name = "end", vertex.name or "End"
            vertex.throws = next(iter(defined), "")
            self.ends.setdefault(container, []).append(vertex.id)
        elif handoff is not None:
            vertex.kind = "handoff"
            vertex.role = handoff.get("from") or vertex.role
            vertex.to_role = handoff.get("to")
            vertex.transfers = tuple(
                t.text or "" for t in handoff.findall(tag(SOPFLOW, "transfer"))
            )
        elif vertex.element == "startEvent":
            self.starts.setdefault(container, []).append(vertex.id)
            if element.get("isInterrupting") == "false":
                self.non_interrupting.add(vertex.id)
            if "message" in defined:
                self.message_starts.add(vertex.id)
        elif vertex.name and (
            element.get("cancelActivity") != "false" or vertex.element != "boundaryEvent"
        ):
            what = {
                "intermediateCatchEvent": "Wait for",
                "boundaryEvent": "Unless",
                "intermediateThrowEvent": "Signal",
            }[vertex.element]
            vertex.notes.append(f"{what}: {vertex.name}")
        if vertex.element == "boundaryEvent":
            self.no_entry.add(vertex.id)
            if "compensate" in defined:
                self.compensations.append((element.get("attachedToRef") or "", vertex.id))
                return
            interrupting = element.get("cancelActivity") != "false"
            self.boundaries.append((element.get("attachedToRef") or "", vertex.id, interrupting))

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
                self.losses.append(
                    Loss("textAnnotation", annotation_id or "", "not attached to any element", text)
                )


def import_bpmn(path: Path, code: str | None = None) -> Imported:
    """Read a BPMN 2.0 file into an SOP; SopflowError for a file that is not safe BPMN XML."""
    return _imported(read_xml(path), path, code)


def import_bpmn_data(data: bytes, name: str, code: str | None = None) -> Imported:
    """The same from bytes received (an upload), never written to disk; messages name the
    file by name, the uploader's label for it."""
    return _imported(parse_xml(data, name), Path(name), code)


def _imported(root: etree._Element, path: Path, code: str | None) -> Imported:
    canonical(root)
    if not str(root.tag).startswith(f"{{{BPMN}}}") or local(root) != "definitions":
        raise SopflowError(f"{path}: the root element is not BPMN 2.0 <definitions>")
    imported = _import(root, path, code, parallels=True)
    if any(problem.rule.startswith("parallel") for problem in check_document(imported.sop)):
        imported = _import(root, path, code, parallels=False)  # the paths in order, as before
    restored = restore(root, imported.sop, code)
    if isinstance(restored, Loss):
        imported.losses.append(restored)
    else:
        imported.document = restored
    return imported


def _import(root: etree._Element, path: Path, code: str | None, *, parallels: bool) -> Imported:
    reader = _Reader(root, str(path))
    reader.read(parallels=parallels)
    return Builder(reader.graph, reader, path).build(code)


__all__ = ["GATEWAYS", "TASKS", "Imported", "import_bpmn", "import_bpmn_data"]
