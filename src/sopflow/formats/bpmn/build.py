"""The SOP of an imported BPMN model: its linearised graph walked from the start, each
vertex an SOP node (a step, a decision, a parallel, a handoff or an outcome)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from lxml import etree

from sopflow.formats.bpmn.graph import START, Edge, Graph, Vertex, resolve
from sopflow.formats.bpmn.labels import (
    Ids,
    code_of,
    default_name,
    gateway_note,
    options_of,
    reference_of,
    title_of,
)
from sopflow.formats.bpmn.names import GATEWAYS
from sopflow.formats.bpmn.report import Loss, summary
from sopflow.formats.diagram import MERGE_SUFFIX
from sopflow.model import (
    AnyDocument,
    AnyNode,
    Decision,
    Flow,
    Handoff,
    Outcome,
    Parallel,
    ParallelBranch,
    Provenance,
    Role,
    Sop,
    Step,
)


class ReadModel(Protocol):
    """What the XML reading found that building the SOP needs."""

    root: etree._Element
    roles: list[Role]
    kinds: dict[str, str]
    lanes: dict[str, str]
    losses: list[Loss]

    def entry_starts(self) -> list[str]:
        """The start events the flow starts at."""
        ...


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
    losses: list[Loss] = field(default_factory=list)
    """Elements with no place in the SOP, each with the reason."""
    document: AnyDocument | None = None
    """What the import gives: the SOP, or for a model sopflow exported the SOP or WI it
    carries (every field back); set by `import_bpmn`."""

    @property
    def result(self) -> AnyDocument:
        """The imported document: the carried one, else the SOP built from the model."""
        return self.document or self.sop

    @property
    def unmapped(self) -> list[str]:
        """Each loss on a line: "dataObject d1 'Invoice': has no place in an SOP flow"."""
        return [str(loss) for loss in self.losses]

    @property
    def report(self) -> list[str]:
        """The losses, one line per element type and reason."""
        return summary(self.losses)

    def count(self, types: set[str]) -> int:
        """How many source elements of these types the SOP holds."""
        nodes = {node.id for node in self.sop.flow.nodes}
        return sum(
            1
            for element, node in self.placed.items()
            if self.kinds[element] in types and node in nodes
        )


class Builder:
    """Walks the linearised graph from the start and emits SOP nodes."""

    def __init__(self, graph: Graph, reader: ReadModel, path: Path) -> None:
        self.graph = graph
        self.reader = reader
        self.path = path
        self.ids = Ids()
        self.node_id: dict[str, str] = {}
        self.notes: dict[str, list[str]] = {}
        self.placed: dict[str, str] = {}
        self.order: list[str] = []
        self.joins = graph.joins
        """The converging gateways of parallel nodes: they need no note where they stood."""

    def _node_for(self, vertex_id: str) -> str:
        if vertex_id not in self.node_id:
            vertex = self.graph.vertices[vertex_id]
            name = vertex.name or default_name(vertex, self.reader.roles)
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
                if vertex.element in GATEWAYS and passed not in self.joins and not merge(vertex):
                    self.notes[found].append(gateway_note(vertex))
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
            elif vertex.kind == "parallel":
                nexts[vertex.id] = self._branches(vertex)
            elif vertex.out:
                edge = vertex.out[0]
                nexts[vertex.id] = [(edge, self._follow(vertex.id, edge.target))]
            else:
                nexts[vertex.id] = [(Edge(""), self._end(vertex))]
        self._carry()
        self._past_handoffs(nexts)
        trigger = [self.graph.vertices[v].name for v in self.reader.entry_starts()]
        nodes = [self._node(self.graph.vertices[v], nexts[v]) for v in self.order]
        roles = self.reader.roles or [Role(id="performer", name="Performer")]
        sop = Sop(
            code=code or code_of(self.reader.root),
            title=title_of(self.reader.root, self.path),
            summary=f"Imported from the BPMN model {self.path.name}.",
            trigger="; ".join(t for t in trigger if t) or None,
            roles=tuple(roles),
            flow=Flow(start=start, nodes=tuple(nodes)),
        )
        return self._result(sop)

    def _carry(self) -> None:
        """Elements kept as notes (merged ends, compensation handlers) are placed on the
        node that carries their note; an end merged into another that was merged in turn
        hands its notes on to where the chain arrives."""
        for element, following in {**self.graph.noted, **self.graph.merged}.items():
            seen = {element}
            found, _ = resolve(self.graph, "", following)
            while found not in self.node_id and found in self.graph.merged and found not in seen:
                seen.add(found)
                self.notes.setdefault(found, [])
                carried = self.graph.vertices[found].notes + self.notes.pop(found)
                found, _ = resolve(self.graph, "", self.graph.merged[found])
                self.notes.setdefault(found, []).extend(carried)
            if found in self.node_id:
                self.placed.setdefault(element, self.node_id[found])

    def _past_handoffs(self, nexts: dict[str, list[tuple[Edge, str]]]) -> None:
        """A handoff has no notes: those gathered on one (a gateway passed on the way, an
        end of a path before it) go on to the first node after it that is not a handoff."""
        vertex_of = {node: vertex for vertex, node in self.node_id.items()}
        for vertex_id in self.order:
            vertex = self.graph.vertices[vertex_id]
            if vertex.kind != "handoff":
                continue
            notes = vertex.notes + self.notes.pop(vertex_id, [])
            vertex.notes = []
            following, seen = vertex_id, {vertex_id}
            while self.graph.vertices[following].kind == "handoff" and nexts[following]:
                following = vertex_of[nexts[following][0][1]]
                if following in seen:
                    break
                seen.add(following)
            self.notes.setdefault(following, []).extend(notes)

    def _branches(self, split: Vertex) -> list[tuple[Edge, str]]:
        """A parallel's branches, then (last) the node after the gateway where they meet.

        Notes that would go on the split go on its first branch: a parallel has none.
        """
        branches = [(edge, self._follow(split.id, edge.target)) for edge in split.out]
        join = self.graph.vertices[split.join or ""]
        after = self._follow(join.id, join.out[0].target)
        first, _ = resolve(self.graph, split.id, split.out[0].target)
        self.notes.setdefault(first, []).extend(split.notes + self.notes.pop(split.id, []))
        return [*branches, (Edge(join.id), after)]

    def _result(self, sop: Sop) -> Imported:
        for vertex_id, node in self.node_id.items():
            if vertex_id in self.reader.kinds:
                self.placed[vertex_id] = node
        losses = list(self.reader.losses)
        for element, kind in self.reader.kinds.items():
            if element not in self.placed:
                name = self.graph.vertices[element].name
                losses.append(Loss(kind, element, "not reachable from the start", name))
        return Imported(sop, self.placed, dict(self.reader.kinds), dict(self.reader.lanes), losses)

    def _node(self, vertex: Vertex, nexts: list[tuple[Edge, str]]) -> AnyNode:
        node_id = self.node_id[vertex.id]
        notes = tuple(dict.fromkeys(vertex.notes + self.notes.get(vertex.id, [])))
        provenance = Provenance(source=f"{self.path.name}#{vertex.id}", quote=vertex.name or None)
        roles = {role.id for role in self.reader.roles}
        role = vertex.role if vertex.role in roles else None
        if vertex.kind == "step":
            reference, more = reference_of(vertex.reference, self.reader.root)
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
                options=options_of(self.graph, nexts),
                detail={"novice": " ".join(notes)} if notes else {},
                provenance=provenance,
            )
        if vertex.kind == "parallel":
            return Parallel(
                id=node_id,
                role=role,
                branches=tuple(
                    ParallelBranch(label=edge.label or None, next=node) for edge, node in nexts[:-1]
                ),
                join=nexts[-1][1],
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


def merge(vertex: Vertex) -> bool:
    """A merge sopflow's export put in (`diagram.MERGE_SUFFIX`): before a parallel's join,
    where the paths of one branch meet, or before a node several flows reach
    (`bpmn.merges`). The SOP says both by itself; it needs no note."""
    return vertex.element == "exclusiveGateway" and MERGE_SUFFIX in (vertex.wanted_id or "")
