"""Parallel paths that almost make a block: mended so that they do, or left as they are.

A parallel gateway's paths make an SOP parallel node when they meet at one converging
parallel gateway with nothing leaving or entering on the way (`graph.block_join`). Models
drawn to show every BPMN element break that in two ways a reader can still follow:

- a path ends on the way (an end event before the join, or an end the path reaches
  without meeting the others): in the SOP that path has nothing more to do, so it goes on
  to the join, and the node before the end says where the source model ended it;
- a flow from outside enters a path (a gateway or task on a path that another part of the
  model also leads to): that outside flow gets its own copy of the part of the path it
  enters, up to the join, and goes on after the join; the copy's first node says so.

Nothing is changed when the mended paths still do not make a block.
"""

from __future__ import annotations

from sopflow.formats.bpmn.graph import Edge, Graph, Vertex, block_join

AGAIN = "__again_"
"""Between a copied vertex's id and the join its copy leads past."""


def mend(graph: Graph, split: Vertex) -> str | None:
    """The join of the split's paths once mended into a block; None (and nothing changed)
    when they cannot be."""
    if split.element != "parallelGateway" or split.join or len(split.out) < 2:
        return None
    join = _join(graph, split)
    if join is None:
        return None
    saved = (
        dict(graph.overrides),
        dict(graph.merged),
        {v.id: (list(v.out), list(v.notes)) for v in graph.vertices.values()},
    )
    _end_early(graph, split, join)
    _copy_entered(graph, split, join)
    found = block_join(graph, split)
    if found is None:
        overrides, merged, kept = saved
        graph.overrides, graph.merged = overrides, merged
        for vertex_id in [v for v in graph.vertices if v not in kept]:
            del graph.vertices[vertex_id]
        for vertex_id, (out, notes) in kept.items():
            graph.vertices[vertex_id].out, graph.vertices[vertex_id].notes = out, notes
    return found


def _join(graph: Graph, split: Vertex) -> str | None:
    """The first converging parallel gateway the paths reach, with one way on: every path
    reaches it, or ends on the way (only end events where it stops)."""
    branches = [edge.target for edge in split.out]
    if len(set(branches)) != len(branches) or any(b not in graph.vertices for b in branches):
        return None
    reaches = [set(graph.reach(branch, split.id)) for branch in branches]
    for candidate in (c for b in branches for c in graph.reach(b, split.id)):
        vertex = graph.vertices[candidate]
        if (
            vertex.joins
            and vertex.element == "parallelGateway"
            and candidate not in branches
            and len(vertex.out) == 1
            and all(candidate in r or _ends(graph, r) for r in reaches)
            and sum(candidate in r for r in reaches) > 1
        ):
            return candidate
    return None


def _ends(graph: Graph, reach: set[str]) -> bool:
    """Every element of a path that leads nowhere is an end event."""
    return all(graph.vertices[v].kind == "end" for v in reach if not graph.targets(v))


def _inside(graph: Graph, split: Vertex, join: str) -> set[str]:
    found: set[str] = set()
    for edge in split.out:
        found |= set(graph.reach(edge.target, join, split.id))
    return found - {join}


def _end_early(graph: Graph, split: Vertex, join: str) -> None:
    """Flows into an end event on a path lead to the join instead; the element before
    the end names it."""
    inside = _inside(graph, split, join)
    for source in sorted(inside, key=list(graph.vertices).index):
        for edge in graph.vertices[source].out:
            target = graph.overrides.get((source, edge.target), edge.target)
            if target in inside and graph.vertices[target].kind == "end":
                graph.overrides[(source, edge.target)] = join
                graph.merged.setdefault(target, source)
                ended = graph.vertices[target].name
                graph.vertices[source].notes.append(
                    f"Source model: this parallel path ends here at '{ended}'; the other "
                    "paths go on."
                )


def _copy_entered(graph: Graph, split: Vertex, join: str) -> None:
    """Each flow from outside into a path leads to a copy of what it enters, up to the
    join; the copy goes on after the join."""
    inside = _inside(graph, split, join)
    after = graph.vertices[join].out[0].target
    for source in list(graph.vertices):
        if source in inside or source == split.id or AGAIN in source:
            continue
        for edge in graph.vertices[source].out:
            target = graph.overrides.get((source, edge.target), edge.target)
            if target in inside and _copyable(graph, target, join):
                graph.overrides[(source, edge.target)] = _copy(graph, target, join, after)


def _copyable(graph: Graph, entered: str, join: str) -> bool:
    """A part with no split of its own (a copy would not be put in order) and no end."""
    part = [graph.vertices[v] for v in graph.reach(entered, join) if v != join]
    return all(
        v.kind not in ("parallel", "end") and not (v.kind == "pass" and len(v.out) > 1)
        for v in part
    )


def _copy(graph: Graph, entered: str, join: str, after: str) -> str:
    """A copy of the part of a path reachable from `entered` (join left out), whose flows to
    the join lead to `after`; returns the copy of `entered`."""
    part = [v for v in graph.reach(entered, join) if v != join]
    suffix = AGAIN + join
    for vertex_id in part:
        if vertex_id + suffix in graph.vertices:
            continue
        original = graph.vertices[vertex_id]
        copy = Vertex(
            vertex_id + suffix,
            original.kind,
            original.name,
            original.role,
            original.element,
            notes=list(original.notes),
            reference=original.reference,
            to_role=original.to_role,
            transfers=original.transfers,
        )
        for edge in original.out:
            target = graph.overrides.get((vertex_id, edge.target), edge.target)
            if target == join:
                target = after
            elif target in part:
                target += suffix
            copy.out.append(Edge(target, edge.label, edge.condition))
        graph.vertices[copy.id] = copy
    first = graph.vertices[entered + suffix]
    first.notes.append(
        "Source model: this part is also on a parallel path; it is repeated here for the "
        "flow that enters it from outside."
    )
    return first.id
