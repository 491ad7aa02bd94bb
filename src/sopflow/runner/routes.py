"""Every way through an SOP: the answers that lead from the start to each outcome.

Used to check that each outcome can be reached by running, and by tests that run every
example down every branch.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sopflow.model import AnyNode, Decision, Handoff, Outcome, Parallel, Sop, Step

Answers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Route:
    """One loop-free path: the decision answers taken and the outcome it ends at."""

    answers: Answers
    """(decision id, option label) in the order the decisions come."""
    nodes: tuple[str, ...]
    """The nodes in the order a run walks them: a parallel's branches one after the other, in
    their order, with the parallel node again before each branch after the first."""
    outcome: str


def routes(sop: Sop) -> Iterator[Route]:
    """Every loop-free route from the start node to an outcome, depth first, options in order."""
    for nodes, answers, end in _walk(sop.flow.by_id(), sop.flow.start, None, (), ()):
        yield Route(answers, nodes, end)


def _walk(
    table: Mapping[str, AnyNode],
    node_id: str,
    stop: str | None,
    nodes: tuple[str, ...],
    answers: Answers,
) -> Iterator[tuple[tuple[str, ...], Answers, str]]:
    """The ways on from node_id to stop (a parallel's join) or to an outcome: (nodes walked,
    answers given, where it ended)."""
    if node_id == stop:
        yield nodes, answers, node_id
        return
    node = table.get(node_id)
    if node is None or node_id in nodes:
        return
    here = (*nodes, node_id)
    if isinstance(node, Outcome):
        yield here, answers, node_id
    elif isinstance(node, Decision):
        for option in node.options:
            yield from _walk(table, option.next, stop, here, (*answers, (node.id, option.label)))
    elif isinstance(node, Parallel):
        for walked, given in _branches(table, node, here, answers):
            yield from _walk(table, node.join, stop, walked, given)
    elif isinstance(node, Step | Handoff) and node.next:
        yield from _walk(table, node.next, stop, here, answers)


def _branches(
    table: Mapping[str, AnyNode], parallel: Parallel, nodes: tuple[str, ...], answers: Answers
) -> list[tuple[tuple[str, ...], Answers]]:
    """Every way through all the branches of a parallel, one branch after the other."""
    ways = [(nodes, answers)]
    for number, branch in enumerate(parallel.branches):
        again = (parallel.id,) if number else ()
        ways = [
            (walked, given)
            for before, so_far in ways
            for walked, given, end in _walk(
                table, branch.next, parallel.join, (*before, *again), so_far
            )
            if end == parallel.join
        ]
    return ways
