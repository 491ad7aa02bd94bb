"""Every way through an SOP: the answers that lead from the start to each outcome.

Used to check that each outcome can be reached by running, and by tests that run every
example down every branch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sopflow.model import Decision, Handoff, Outcome, Sop, Step


@dataclass(frozen=True)
class Route:
    """One loop-free path: the decision answers taken and the outcome it ends at."""

    answers: tuple[tuple[str, str], ...]
    """(decision id, option label) in the order the decisions come."""
    nodes: tuple[str, ...]
    outcome: str


def routes(sop: Sop) -> Iterator[Route]:
    """Every loop-free route from the start node to an outcome, depth first, options in order."""
    table = sop.flow.by_id()

    def walk(
        node_id: str, nodes: tuple[str, ...], answers: tuple[tuple[str, str], ...]
    ) -> Iterator[Route]:
        node = table.get(node_id)
        if node is None or node_id in nodes:
            return
        here = (*nodes, node_id)
        if isinstance(node, Outcome):
            yield Route(answers, here, node_id)
        elif isinstance(node, Decision):
            for option in node.options:
                yield from walk(option.next, here, (*answers, (node.id, option.label)))
        elif isinstance(node, Step | Handoff) and node.next:
            yield from walk(node.next, here, answers)

    yield from walk(sop.flow.start, (), ())
