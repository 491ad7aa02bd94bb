"""Compensation: the tasks that undo an activity's work, and the events that ask for it.

A compensation handler (a task marked `isForCompensation`) is tied to the activity it
undoes by a compensation boundary event and an association. It has no sequence flow: it
runs when a compensation event is thrown later. So:

- each handler is a note on the activity it undoes ("To undo it when asked: ...");
- a compensation throw event that names the activity (`activityRef`, or the same name as
  the activity's compensation boundary event) leads through the handlers as steps, then on
  along its own flow: the undoing is done where the model asks for it;
- a handler no boundary event is associated with (some tools drop the event) is a note on
  the part of the model it sits in, and a line of the import report.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Protocol

from lxml import etree

from sopflow.formats.bpmn.graph import Edge, Graph, Vertex
from sopflow.formats.bpmn.names import BPMN, tag
from sopflow.formats.bpmn.report import Loss


class Compensated(Protocol):
    """What the wiring knows that compensation needs."""

    root: etree._Element
    graph: Graph
    vertices: dict[str, Vertex]
    kinds: dict[str, str]
    elements: dict[str, etree._Element]
    container_of: dict[str, str]
    compensations: list[tuple[str, str]]
    handlers: list[str]
    losses: list[Loss]

    def definitions(self, event: etree._Element) -> dict[str, etree._Element]:
        """The event's definitions by kind."""
        ...


def compensate(state: Compensated) -> None:
    """Notes on the activities undone, handlers as steps where a throw names them, notes
    for handlers tied to nothing."""
    associated: dict[str, list[str]] = {}
    for association in state.root.iter(tag(BPMN, "association")):
        source, target = association.get("sourceRef") or "", association.get("targetRef")
        associated.setdefault(source, []).append(target or "")
    undoing: dict[str, list[str]] = {}
    """Activity id -> its handlers."""
    by_event: dict[str, list[str]] = {}
    """Compensation boundary event name -> handlers."""
    for task_id, event_id in state.compensations:
        task = state.vertices.get(task_id)
        if task is None:
            continue
        state.graph.noted[event_id] = task_id
        for handler in associated.get(event_id, []):
            vertex = state.vertices.get(handler)
            if vertex is None or handler not in state.handlers:
                continue
            task.notes.append(f"To undo it when asked (compensation): {vertex.name}.")
            state.graph.noted[handler] = task_id
            undoing.setdefault(task_id, []).append(handler)
            name = state.vertices[event_id].name
            if name:
                by_event.setdefault(name, []).append(handler)
    _throws(state, undoing, by_event)
    _orphans(state)


def _throws(
    state: Compensated, undoing: dict[str, list[str]], by_event: dict[str, list[str]]
) -> None:
    """Each compensation throw event that names what it undoes leads through its handlers;
    a handler two throws would share stays a note only (a step has one way on)."""
    asked: dict[str, list[str]] = {}
    for event_id, kind in state.kinds.items():
        definition = state.definitions(state.elements[event_id]).get("compensate")
        if kind != "intermediateThrowEvent" or definition is None:
            continue
        activity = definition.get("activityRef") or ""
        found = undoing.get(activity) or by_event.get(state.vertices[event_id].name, [])
        if found:
            asked[event_id] = list(dict.fromkeys(found))
    used = [handler for handlers in asked.values() for handler in handlers]
    for event_id, handlers in asked.items():
        if any(used.count(h) > 1 or state.vertices[h].out for h in handlers):
            continue
        event = state.vertices[event_id]
        chain = [state.vertices[h] for h in handlers]
        for before, after in pairwise(chain):
            before.out = [Edge(after.id)]
        chain[-1].out, event.out = event.out, [Edge(chain[0].id)]
        for handler in chain:
            handler.notes.append(f"Done when the model asks to undo the work ('{event.name}').")
            state.graph.noted.pop(handler.id, None)


def _orphans(state: Compensated) -> None:
    """Handlers with no boundary event: a note on the sub-process they sit in (or the first
    activity of their process) and a report line."""
    for handler in state.handlers:
        if handler in state.graph.noted or state.vertices[handler].out:
            continue
        container = state.container_of.get(handler, "")
        home = state.vertices.get(container) or next(
            (
                v
                for v in state.vertices.values()
                if state.container_of.get(v.id) == container
                and v.kind == "step"
                and v.id not in state.handlers
            ),
            None,
        )
        if home is None:
            continue
        name = state.vertices[handler].name
        home.notes.append(
            f"Compensation (the source model does not say for which activity): '{name}' "
            "undoes work done here when asked."
        )
        state.graph.noted[handler] = home.id
        state.losses.append(
            Loss(
                state.kinds[handler],
                handler,
                f"a compensation task tied to no activity; kept as a note on '{home.name}'",
                name,
            )
        )
