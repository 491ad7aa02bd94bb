"""Parallel splits: the nodes of each branch, and the rules that keep a split a block.

A branch is the region of the flow from its first node up to the join. The rules make each
parallel a block with one way in and one way out (the shape of a parallel in a process
tree): every branch reaches the join and nothing else ends it, branches share no node, a
branch is entered only from its parallel node, and a parallel inside a branch joins inside
it. The runner, the outline numbering and the diagrams rely on that shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from sopflow.model.flow import (
    AnyNode,
    Decision,
    Flow,
    Handoff,
    Outcome,
    Parallel,
    Step,
    successors,
)
from sopflow.model.graph import predecessors, reachable, region
from sopflow.model.problems import Path, Problem

NODES: Path = ("flow", "nodes")


def branch_name(parallel: Parallel, index: int) -> str:
    """How messages name a branch: "branch 2 ('Print the invoice')", numbered from 1."""
    label = parallel.branches[index].label
    return f"branch {index + 1}" + (f" ('{label}')" if label else "")


def branch_titles(
    flow: Flow,
    parallel: Parallel,
    role_name: Callable[[str], str] = str,
    seen: frozenset[str] = frozenset(),
) -> tuple[str, ...]:
    """Each branch's name: its label, or else what its first node says (role_name turns a
    role id into the name shown); a branch that starts with another parallel is named by
    that one's branches."""
    titles = []
    for branch in parallel.branches:
        first = flow.node(branch.next)
        said = None
        if isinstance(first, Step):
            said = first.instruction
        elif isinstance(first, Decision):
            said = first.question
        elif isinstance(first, Handoff):
            said = f"Hand over to {role_name(first.to_role)}"
        elif isinstance(first, Outcome):
            said = first.name
        elif isinstance(first, Parallel) and first.id not in seen | {parallel.id}:
            inner = branch_titles(flow, first, role_name, seen | {parallel.id})
            said = " and ".join(inner)
        titles.append(branch.label or said or branch.next)
    return tuple(titles)


def _edges(table: Mapping[str, AnyNode]) -> Callable[[str], tuple[str, ...]]:
    def edges(node_id: str) -> tuple[str, ...]:
        node = table.get(node_id)
        return successors(node) if node else ()

    return edges


def branch_nodes(table: Mapping[str, AnyNode], parallel: Parallel, index: int) -> set[str]:
    """The ids of the nodes of one branch: from its first node up to the join, join left out."""
    return region(parallel.branches[index].next, parallel.join, _edges(table))


def branch_of(flow: Flow) -> dict[str, tuple[str, int]]:
    """Node id -> (parallel id, branch index) of the innermost branch holding it.

    Meant for a valid flow, where branches nest; nodes outside every parallel are left out.
    """
    table = flow.by_id()
    holding: dict[str, list[tuple[str, int]]] = {}
    for parallel in flow.parallels():
        for index in range(len(parallel.branches)):
            for node_id in branch_nodes(table, parallel, index):
                holding.setdefault(node_id, []).append((parallel.id, index))
    depth = {node_id: len(found) for node_id, found in holding.items()}
    return {
        node_id: max(found, key=lambda held: depth.get(held[0], 0))
        for node_id, found in holding.items()
    }


def block_successors(flow: Flow) -> Callable[[str], tuple[str, ...]]:
    """The successors of each node read as blocks: a parallel leads to its branches and then
    to its join, and the last node of a branch leads nowhere, since the join comes after the
    whole block.

    A depth-first walk with these edges reads each branch in full, one after the other, and
    the join after all of them: the order of a document's numbered steps.
    """
    table = flow.by_id()
    inner = branch_of(flow)

    def edges(node_id: str) -> tuple[str, ...]:
        node = table.get(node_id)
        if node is None:
            return ()
        if isinstance(node, Parallel):
            return (*successors(node), node.join)
        held = inner.get(node_id)
        holder = table.get(held[0]) if held else None
        join = holder.join if isinstance(holder, Parallel) else None
        return tuple(target for target in successors(node) if target != join)

    return edges


@dataclass(frozen=True)
class _Context:
    """What the branch checks of one flow share."""

    flow: Flow
    table: Mapping[str, AnyNode]
    index: Mapping[str, int]
    """Node id -> its position in flow.nodes (the first, when ids repeat)."""
    before: Mapping[str, set[str]]
    """Node id -> the ids of the nodes reachable from the start that lead to it."""
    shaped: set[str]
    """The parallels whose branches and join are well formed, so their regions mean something."""


def check_parallels(flow: Flow) -> Iterator[Problem]:
    """Every parallel has two or more branches that make a block ending at its join.

    Targets that do not exist are reported by the flow's target check, and nodes that cannot
    be reached by the reachability check; the checks here do not repeat them.
    """
    table = flow.by_id()
    positions: dict[str, int] = {}
    for number, node in enumerate(flow.nodes):
        positions.setdefault(node.id, number)
    edges = _edges(table)
    walked = reachable(flow.start, edges) if flow.start in table else set()
    shapes = {
        node.id: list(_check_shape(node, positions[node.id]))
        for node in table.values()
        if isinstance(node, Parallel)
    }
    shaped = {
        node_id
        for node_id, found in shapes.items()
        if not found and all(target in table for target in _targets(table[node_id]))
    }
    context = _Context(flow, table, positions, predecessors(walked, edges), shaped)
    for index, node in enumerate(flow.nodes):
        if not isinstance(node, Parallel) or positions[node.id] != index:
            continue
        yield from shapes[node.id]
        if node.id not in shaped:
            continue
        yield from _check_branches(context, node)


def _targets(node: AnyNode) -> tuple[str, ...]:
    return (node.join, *successors(node)) if isinstance(node, Parallel) else ()


def _check_shape(node: Parallel, index: int) -> Iterator[Problem]:
    """Enough branches, each starting at its own node; a join that is not the split itself."""
    where = (*NODES, index)
    if len(node.branches) < 2:
        yield Problem(
            (*where, "branches"),
            f"parallel '{node.id}' has {len(node.branches)} branch(es); "
            "a parallel needs at least 2",
            "parallel-branches",
        )
    if node.join == node.id:
        yield Problem((*where, "join"), f"parallel '{node.id}' joins at itself", "parallel-join")
    starts = [branch.next for branch in node.branches]
    for number, start in enumerate(starts):
        at = (*where, "branches", number, "next")
        name = f"parallel '{node.id}' {branch_name(node, number)}"
        if start in starts[:number]:
            yield Problem(
                at,
                f"{name} starts at '{start}' like an earlier branch; "
                "each branch starts at its own node",
                "parallel-branches",
            )
        elif start == node.join:
            yield Problem(
                at,
                f"{name} leads straight to the join '{node.join}'; a branch needs at least "
                "one node",
                "parallel-branches",
            )
        elif start == node.id:
            yield Problem(at, f"{name} leads to the parallel itself", "parallel-branches")


def _check_branches(context: _Context, node: Parallel) -> Iterator[Problem]:
    """Each branch ends at the join alone; branches share no node, nothing but the split
    leads into them, and a parallel inside a branch joins inside it.

    A branch that fails one check gets no later ones, which would only repeat the failure.
    """
    regions = [branch_nodes(context.table, node, n) for n in range(len(node.branches))]
    ending = [_ending_problem(context, node, n, nodes) for n, nodes in enumerate(regions)]
    siblings = set().union(*(r for r, problem in zip(regions, ending, strict=True) if not problem))
    earlier: set[str] = set()
    for number, nodes in enumerate(regions):
        name = f"parallel '{node.id}' {branch_name(node, number)}"
        shared = sorted(nodes & earlier)
        failed = ending[number]
        earlier |= nodes if failed is None else set()
        if failed is not None:
            yield failed
        elif shared:
            yield Problem(
                (*NODES, context.index[node.id], "branches", number),
                f"{name} shares node '{shared[0]}' with an earlier branch; branches meet only "
                f"at the join '{node.join}'",
                "parallel-overlap",
            )
        elif context.flow.start in nodes:
            yield Problem(
                ("flow", "start"),
                f"start node '{context.flow.start}' is inside {name}; start the flow before "
                "the split",
                "parallel-entry",
            )
        else:
            yield from _check_entries(context, node, nodes, siblings, name)
            yield from _check_nested(context, nodes, name)


def _ending_problem(
    context: _Context, node: Parallel, number: int, nodes: set[str]
) -> Problem | None:
    """What keeps a branch from ending at the join, and only there; None when nothing does."""
    table = context.table
    at = (*NODES, context.index[node.id], "branches", number)
    name = f"parallel '{node.id}' {branch_name(node, number)}"
    join = node.join
    ends = sorted(n for n in nodes if isinstance(table[n], Outcome))
    if not any(join in successors(table[n]) for n in nodes):
        ending = f" (it ends at outcome '{ends[0]}')" if ends else ""
        return Problem(at, f"{name} never reaches the join '{join}'{ending}", "parallel-join")
    if ends:
        return Problem(
            at,
            f"{name} can end at outcome '{ends[0]}' without reaching the join '{join}'; "
            "every branch must reach the join",
            "parallel-join",
        )
    if node.id in nodes:
        return Problem(
            at, f"{name} leads back to '{node.id}' before the join '{join}'", "parallel-join"
        )
    return None


def _check_entries(
    context: _Context, node: Parallel, nodes: set[str], siblings: set[str], name: str
) -> Iterator[Problem]:
    """No node outside the branch leads into it: the way in is through the split.

    Nodes of the other branches are left to the overlap check.
    """
    for target in sorted(nodes):
        for source in sorted(context.before.get(target, set()) - siblings - {node.id}):
            yield Problem(
                (*NODES, context.index[source], "id"),
                f"{_describe(context.table[source])} leads into {name} at '{target}'; a branch "
                "is entered only from its parallel node",
                "parallel-entry",
            )


def _check_nested(context: _Context, nodes: set[str], name: str) -> Iterator[Problem]:
    """A parallel inside the branch joins inside it, and its branches stay inside it."""
    table = context.table
    for inner_id in sorted(nodes):
        inner = table[inner_id]
        if not isinstance(inner, Parallel) or inner.id not in context.shaped:
            continue
        inside = inner.join in nodes and all(
            branch_nodes(table, inner, n) <= nodes for n in range(len(inner.branches))
        )
        if not inside:
            yield Problem(
                (*NODES, context.index[inner.id], "join"),
                f"parallel '{inner.id}' inside {name} must join inside that branch "
                f"(it joins at '{inner.join}')",
                "parallel-nested",
            )


def _describe(node: AnyNode) -> str:
    return f"{node.type} '{node.id}'"
