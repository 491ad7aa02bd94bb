"""Plain graph walks over node ids, shared by validation, lint and the runner."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable


def reachable(start: str, edges: Callable[[str], Iterable[str]]) -> set[str]:
    """Every id reachable from start (start included), breadth first."""
    seen = {start}
    queue = deque([start])
    while queue:
        for target in edges(queue.popleft()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def can_reach(
    goals: set[str], ids: Iterable[str], edges: Callable[[str], Iterable[str]]
) -> set[str]:
    """Every id from which some goal can be reached (the goals included)."""
    reverse: dict[str, list[str]] = {}
    for source in ids:
        for target in edges(source):
            reverse.setdefault(target, []).append(source)
    found = set(goals)
    queue = deque(goals)
    while queue:
        for source in reverse.get(queue.popleft(), ()):
            if source not in found:
                found.add(source)
                queue.append(source)
    return found


def topological_order(start: str, edges: Callable[[str], Iterable[str]]) -> list[str]:
    """Ids in depth-first order from start, each once: a stable reading order for a flow."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [start]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        order.append(current)
        stack.extend(reversed([t for t in edges(current) if t not in seen]))
    return order


def region(start: str, stop: str, edges: Callable[[str], Iterable[str]]) -> set[str]:
    """Every id reachable from start without passing through stop (stop left out).

    A parallel branch is the region from its first node up to the join.
    """
    if start == stop:
        return set()
    return reachable(start, lambda node_id: (t for t in edges(node_id) if t != stop))


def predecessors(ids: Iterable[str], edges: Callable[[str], Iterable[str]]) -> dict[str, set[str]]:
    """Target id -> the ids that lead to it."""
    found: dict[str, set[str]] = {}
    for source in ids:
        for target in edges(source):
            found.setdefault(target, set()).add(source)
    return found
