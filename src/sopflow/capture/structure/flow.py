"""Order between steps: a chain in text order, split at decisions and joined after them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sopflow.capture.extraction import Edge, Node


@dataclass
class GatewayPlan:
    """A gateway's place in the text: where it starts and the activities on each branch."""

    start: int
    """Token index of its first marker, for ordering."""
    branches: list[list[int]] = field(default_factory=list)
    """Activity indices on each branch, in order."""


def build_flow(
    activity_starts: list[int], gateways: list[GatewayPlan]
) -> tuple[list[Edge], list[int | None], list[int]]:
    """Edges between activities and gateway markers in text order.

    Returns the edges, each gateway's join (the activity after it, or None) and the
    activities nothing follows (the outcomes).
    """
    in_branch = {a for plan in gateways for branch in plan.branches for a in branch}
    items: list[tuple[int, str, int]] = [
        (start, "activity", i) for i, start in enumerate(activity_starts) if i not in in_branch
    ]
    items += [(plan.start, "gateway", g) for g, plan in enumerate(gateways)]
    items.sort()
    edges: list[Edge] = []
    exits: list[Node] = []
    joins: list[int | None] = [None] * len(gateways)
    pending: list[int] = []
    for _, kind, index in items:
        if kind == "activity":
            entry = Node("activity", index)
            edges += [Edge(source, entry) for source in exits]
            for g in pending:
                joins[g] = index
            pending = []
            exits = [entry]
            continue
        first = Node("gateway", index, 0)
        edges += [Edge(source, first) for source in exits]
        exits = []
        for b, branch in enumerate(gateways[index].branches):
            previous = Node("gateway", index, b)
            for a in branch:
                node = Node("activity", a)
                edges.append(Edge(previous, node))
                previous = node
            exits.append(previous)
        pending.append(index)
    ends = [node.index for node in exits if node.kind == "activity"]
    return edges, joins, ends
