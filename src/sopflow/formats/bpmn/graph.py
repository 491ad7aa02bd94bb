"""The process graph between BPMN XML and an SOP flow, and the rewrite that linearises it.

An SOP's steps have one way forward, or several at a decision or a parallel. A parallel
gateway whose paths meet again at one converging parallel gateway, and make a block there
(no path ends or leaves on the way, none is entered from outside, no two share a step),
becomes a parallel node. Other parallel splits (tasks with several outgoing flows, a
message that starts another pool, paths that never meet) are kept in order: each parallel
path runs to where the paths meet (or to its end), then the next path starts. Gateways and
events that have no SOP counterpart pass through: the node they lead to gets a note that
says what was there.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

START = "__start__"
"""The vertex the flow starts at: it leads to the start events of the model."""

VertexKind = Literal["step", "decision", "parallel", "handoff", "end", "pass"]


@dataclass
class Edge:
    """A sequence flow (or a message flow made into one)."""

    target: str
    label: str | None = None
    condition: str | None = None


@dataclass
class Vertex:
    """One element of the model, or one sopflow adds (the start, a handoff)."""

    id: str
    kind: VertexKind
    name: str = ""
    role: str | None = None
    element: str = ""
    """The BPMN element type it came from: "task", "exclusiveGateway"."""
    out: list[Edge] = field(default_factory=list)
    reference: str | None = None
    to_role: str | None = None
    transfers: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    joins: bool = False
    """A converging gateway: where parallel paths meet."""
    paths: list[Edge] = field(default_factory=list)
    """A split's flows before linearisation, which reachability still follows."""
    wanted_id: str | None = None
    """The node id sopflow gave it when it exported the model."""
    join: str | None = None
    """For a parallel: the converging gateway where its paths meet."""
    throws: str = ""
    """For an end event: what it sends as the flow ends ("message", "signal"), if anything."""


@dataclass
class Graph:
    """Vertices by id, the start, and the flows redirected by linearisation."""

    vertices: dict[str, Vertex]
    start: str
    overrides: dict[tuple[str, str], str] = field(default_factory=dict)
    noted: dict[str, str] = field(default_factory=dict)
    """Elements kept as a note -> the vertex that carries the note."""
    merged: dict[str, str] = field(default_factory=dict)
    """End events of parallel paths -> the first vertex of the path that now follows."""

    def targets(self, vertex_id: str) -> list[str]:
        """Where a vertex's flows lead, redirections included (a split's own paths)."""
        vertex = self.vertices[vertex_id]
        found = (
            self.overrides.get((vertex_id, e.target), e.target) for e in vertex.paths or vertex.out
        )
        return [target for target in found if target in self.vertices]

    @property
    def joins(self) -> set[str]:
        """The converging gateways of the parallels: where their branches meet."""
        return {v.join for v in self.vertices.values() if v.kind == "parallel" and v.join}

    def reach(self, origin: str, *stops: str | None) -> list[str]:
        """Vertices reachable from origin, breadth first; the `stops` are not expanded."""
        seen = [origin]
        queue = deque([origin])
        while queue:
            current = queue.popleft()
            if current in stops:
                continue
            for target in self.targets(current):
                if target not in seen:
                    seen.append(target)
                    queue.append(target)
        return seen


def linearise(graph: Graph, *, parallels: bool = True) -> None:
    """Turn every split that is not a decision into a parallel node when its paths make a
    block (and parallels is true), and into paths that follow one another otherwise."""
    splits = [v for v in graph.vertices.values() if v.kind != "decision" and len(v.out) > 1]
    for vertex in splits:
        if vertex.kind != "pass":
            gate = Vertex(f"{vertex.id}__split", "pass", element="split", out=vertex.out)
            graph.vertices[gate.id] = gate
            vertex.out = [Edge(gate.id)]
    splits = [v for v in graph.vertices.values() if v.kind == "pass" and len(v.out) > 1]
    # Inner splits first: their paths must be chained (or made a parallel) before an outer
    # split looks at its own.
    # imported here: mend builds on this module
    from sopflow.formats.bpmn.mend import mend

    for vertex in sorted(splits, key=lambda v: len(graph.reach(v.id))):
        join = (
            (block_join(graph, vertex) or _close(graph, vertex) or mend(graph, vertex))
            if parallels
            else None
        )
        if join is None:
            _chain(graph, vertex)
        else:
            vertex.kind, vertex.join = "parallel", join


def block_join(graph: Graph, split: Vertex) -> str | None:
    """The converging parallel gateway where the paths of a parallel gateway meet as a block;
    None when they do not: a path that ends or leaves on the way, a step two paths share,
    a way into a path from outside, a path straight to the join, no single way on after it."""
    if split.element != "parallelGateway":
        return None
    branches = [edge.target for edge in split.out]
    if len(set(branches)) != len(branches) or any(b not in graph.vertices for b in branches):
        return None
    reaches = [set(graph.reach(branch, split.id)) for branch in branches]
    join = next(
        (
            candidate
            for candidate in graph.reach(branches[0], split.id)
            if graph.vertices[candidate].joins
            and graph.vertices[candidate].element == "parallelGateway"
            and all(candidate in r for r in reaches)
        ),
        None,
    )
    if join is None or join in branches or len(graph.vertices[join].out) != 1:
        return None
    regions = [set(graph.reach(branch, join, split.id)) - {join} for branch in branches]
    inside = set().union(*regions)
    if split.id in inside or sum(map(len, regions)) != len(inside):
        return None
    before: dict[str, set[str]] = {}
    for source in graph.vertices:
        for target in graph.targets(source):
            before.setdefault(target, set()).add(source)
    for vertex_id in inside:
        vertex = graph.vertices[vertex_id]
        if (
            vertex.kind == "end"
            or not vertex.out
            or before.get(vertex_id, set()) - inside - {split.id}
        ):
            return None
    return join if _fill(graph, regions) else None


EVENTS = ("intermediateCatchEvent", "intermediateThrowEvent")


def _fill(graph: Graph, regions: list[set[str]]) -> bool:
    """Every path of a parallel needs a node: on a path of events and gateways only, its
    first named event becomes a step ("Wait for: Input ready"). False when a path has none;
    then nothing is changed."""
    order = list(graph.vertices)
    chosen: list[Vertex] = []
    for region in regions:
        vertices = [graph.vertices[v] for v in sorted(region, key=order.index)]
        if any(v.kind != "pass" for v in vertices):
            continue
        event = next((v for v in vertices if v.element in EVENTS and v.notes), None)
        if event is None:
            return False
        chosen.append(event)
    for event in chosen:
        event.kind, event.name = "step", event.notes.pop(0)
    return True


def _close(graph: Graph, split: Vertex) -> str | None:
    """A parallel gateway whose paths never meet, each ending in end events of its own:
    the paths meet at a converging gateway added before one end that names them all (a
    path that is only an end event is named there). None when the paths share elements or
    do not all end; then nothing is changed."""
    if split.element != "parallelGateway" or split.join:
        return None
    branches = [edge.target for edge in split.out]
    if len(set(branches)) != len(branches) or any(b not in graph.vertices for b in branches):
        return None
    sent = _sends(graph, branches)
    bare = [b for b in branches if graph.vertices[b].kind == "end"]
    paths = [b for b in branches if b not in bare]
    regions = [set(graph.reach(branch, split.id)) for branch in paths]
    inside = set().union(*regions)
    order = list(graph.vertices)
    ends = bare + sorted((v for v in inside if graph.vertices[v].kind == "end"), key=order.index)
    if (
        split.id in inside
        or sum(map(len, regions)) != len(inside)
        or inside & set(bare)
        or any(not graph.targets(v) and v not in ends and v not in sent for v in inside)
        or not (ends or sent)
    ):
        _unsend(graph, sent)
        return None
    names = list(dict.fromkeys([*sent.values(), *(graph.vertices[e].name for e in ends)]))
    both = " and ".join(n for n in names if n != "End") or "End"
    end = Vertex(f"{split.id}__done", "end", both if len(both) <= 80 else "All paths done")
    end.notes = ["In the source model the paths end: " + "; ".join(f"'{n}'" for n in names) + "."]
    meet = Vertex(f"{split.id}__meet", "pass", element="parallelGateway", joins=True)
    meet.out = [Edge(end.id)]
    graph.vertices[end.id], graph.vertices[meet.id] = end, meet
    saved, out = dict(graph.overrides), split.out
    for source in inside:
        for edge in graph.vertices[source].out:
            if graph.overrides.get((source, edge.target), edge.target) in ends:
                graph.overrides[(source, edge.target)] = meet.id
    for step in sent:
        graph.vertices[step].out = [Edge(meet.id)]
    split.out = [edge for edge in split.out if edge.target in paths] or [Edge(meet.id)]
    join = block_join(graph, split) if len(split.out) > 1 else None
    if join is None and len(split.out) > 1:
        graph.overrides, split.out = saved, out
        del graph.vertices[end.id], graph.vertices[meet.id]
        _unsend(graph, sent)
        return None
    graph.merged.update(dict.fromkeys(ends, meet.id))
    return join


SENDS = {
    "message": "Send the message",
    "signal": "Send the signal",
    "escalation": "Escalate",
    "error": "Raise the error",
    "compensate": "Undo the work done (compensation)",
}
"""What a step made of an end event says it does, by what the end event throws."""


def _sends(graph: Graph, branches: list[str]) -> dict[str, str]:
    """Parallel paths that are only an end event sending something (a message, a signal)
    become steps that send it, when that gives the split two paths or more: the end event
    acts as the flow ends. Returns the steps made -> the end event's name."""
    sending = [
        b
        for b in branches
        if graph.vertices[b].kind == "end" and graph.vertices[b].throws in SENDS
        if not graph.vertices[b].out
    ]
    ending = sum(1 for b in branches if graph.vertices[b].kind == "end")
    if len(branches) - ending + len(sending) < 2:
        return {}
    made: dict[str, str] = {}
    for branch in sending:
        vertex = graph.vertices[branch]
        made[branch] = vertex.name
        said = SENDS[vertex.throws]
        vertex.kind = "step"
        vertex.name = f"{said}: {vertex.name}" if vertex.name != "End" else said
    return made


def _unsend(graph: Graph, sent: dict[str, str]) -> None:
    """Undo `_sends`: the steps are end events again."""
    for branch, name in sent.items():
        vertex = graph.vertices[branch]
        vertex.kind, vertex.name, vertex.out = "end", name, []


def _chain(graph: Graph, split: Vertex) -> None:
    branches = [edge.target for edge in split.out if edge.target in graph.vertices]
    reaches = [set(graph.reach(branch, split.id)) for branch in branches]
    shared = [c for c in graph.reach(branches[0], split.id) if all(c in r for r in reaches)]
    # where the paths meet: a converging gateway, else the first element they all reach
    join = next((c for c in shared if graph.vertices[c].joins), shared[0] if shared else None)
    live = [branch for branch in branches if branch != join]
    # a path that is only an end event cannot lead on: it goes last, and any other such
    # path is a note where the paths start
    bare = [b for b in live if graph.vertices[b].kind == "end"]
    live = [b for b in live if b not in bare] + bare[-1:]
    for end in bare[:-1]:
        graph.merged.setdefault(end, live[0])
        ended = graph.vertices[end].name or "an end event"
        graph.vertices[live[0]].notes.append(f"Source model: a parallel path ends at '{ended}'.")
    for number, branch in enumerate(live[:-1]):
        following = live[number + 1]
        later = set().union(*(reaches[branches.index(b)] for b in live[number + 1 :]))
        # this path's own elements lead on to the next path where they would reach the join,
        # an element a later path reaches too, or an end
        for source in graph.reach(branch, join, split.id):
            if source == join or source in later:
                continue
            _lead_on(graph, source, following)
            for edge in graph.vertices[source].out:
                key = (source, edge.target)
                target = graph.overrides.get(key, edge.target)
                ends_here = graph.vertices.get(target, split).kind == "end" and target != join
                if target == join or target in later or ends_here:
                    graph.overrides[key] = following
                if ends_here and target not in graph.merged and target not in later:
                    graph.merged[target] = following
                    ended = graph.vertices[target].name or "an end event"
                    graph.vertices[following].notes.append(
                        f"Source model: the parallel path before this one ends at '{ended}'."
                    )
                    # an end sopflow made (where parallel paths met) names the source's
                    # ends in its notes: they go on with the flow
                    graph.vertices[following].notes.extend(graph.vertices[target].notes)
    if len(live) > 1:
        split.notes.append(
            f"In the source model {len(live)} paths ran in parallel here; "
            "they follow one another in this procedure."
        )
    split.paths = split.out
    split.out = [Edge(live[0])] if live else [Edge(join)] if join else []


def _lead_on(graph: Graph, source: str, following: str) -> None:
    """An element a parallel path stops at with no flow out (a task or gateway drawn last,
    not an end event) leads on to the next path, which says so: else the paths after it
    would be cut off."""
    vertex = graph.vertices[source]
    if vertex.out or vertex.kind == "end" or source == following:
        return
    vertex.out = [Edge(following)]
    stopped = vertex.name or f"{vertex.element} {vertex.id}"
    graph.vertices[following].notes.append(
        f"Source model: the parallel path before this one stops after '{stopped}'."
    )


def resolve(graph: Graph, source: str, target: str) -> tuple[str, list[str]]:
    """Where a flow from source to target really leads, past pass-through vertices.

    Returns the vertex (never a pass-through) and the pass-throughs crossed on the way;
    a pass-through with no way on resolves to itself and becomes an end.
    """
    crossed: list[str] = []
    current = graph.overrides.get((source, target), target)
    while graph.vertices[current].kind == "pass":
        vertex = graph.vertices[current]
        if current in crossed or not vertex.out:
            return current, crossed
        crossed.append(current)
        following = vertex.out[0].target
        current = graph.overrides.get((current, following), following)
    return current, crossed
