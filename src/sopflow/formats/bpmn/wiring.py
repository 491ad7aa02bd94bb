"""Joining up what a BPMN model leaves to its semantics: where each process and sub-process
starts, how a sub-process's inner flow sits between its incoming and outgoing flows,
boundary events, event sub-processes and message flows between pools.

- A container (a process or a sub-process) starts at its start events; several of them are
  alternatives, an initial decision ("How does it start?"). One with no start event starts
  at its elements with no incoming flow (all of them, as parallel paths).
- A sub-process is a step followed by its inner flow; its inner ends lead on to what
  follows the sub-process (they are notes there), unless nothing does.
- An interrupting boundary event is a decision after its activity (did it happen?); a
  non-interrupting one a parallel path beside the activity's way on.
- An event sub-process is a parallel path from its container's start, with a note saying
  when it runs.
- A message flow is a handoff on the sender's path; one that starts another pool leads into
  that pool's flow.
"""

from __future__ import annotations

from lxml import etree

from sopflow.formats.bpmn.compensation import compensate
from sopflow.formats.bpmn.graph import START, Edge, Graph, Vertex
from sopflow.formats.bpmn.labels import Ids
from sopflow.formats.bpmn.names import BPMN, tag
from sopflow.formats.bpmn.report import Loss
from sopflow.model import Role


def local(element: etree._Element) -> str:
    """The element's name without its namespace ("" for comments)."""
    if not isinstance(element.tag, str):
        return ""
    return element.tag.rpartition("}")[2]  # not etree.QName: it refuses odd namespace names


def name_of(element: etree._Element) -> str:
    """The element's name on one line."""
    return " ".join((element.get("name") or "").split())


class State:
    """What reading the XML collects: roles, the graph's vertices, and the structure the
    wiring needs (containers, starts, ends, boundary events, losses)."""

    def __init__(self, root: etree._Element, file: str) -> None:
        self.root = root
        self.file = file
        self.ids = Ids()
        self.roles: list[Role] = []
        self.role_of: dict[str, str] = {}
        self.lanes: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.elements: dict[str, etree._Element] = {}
        """Flow node id -> its XML element."""
        self.vertices: dict[str, Vertex] = {}
        self.graph = Graph(self.vertices, START)
        self.losses: list[Loss] = []
        self.processes: list[str] = []
        self.pool_of: dict[str, str] = {}
        self.process_of: dict[str, str] = {}
        self.container_of: dict[str, str] = {}
        """Element id -> the process or sub-process it belongs to directly."""
        self.subprocesses: list[str] = []
        """Sub-processes in document order: an outer one before those inside it."""
        self.event_subs: dict[str, list[str]] = {}
        self.starts: dict[str, list[str]] = {}
        self.ends: dict[str, list[str]] = {}
        self.non_interrupting: set[str] = set()
        self.message_starts: set[str] = set()
        self.compensations: list[tuple[str, str]] = []
        """(activity id, compensation boundary event id)."""
        self.handlers: list[str] = []
        """Compensation tasks (`isForCompensation`), in document order."""
        self.boundaries: list[tuple[str, str, bool]] = []
        """(attached-to id, boundary event id, interrupting)."""
        self.no_entry: set[str] = set()
        """Elements that never start a container: boundary events, compensation, event
        sub-processes."""
        self.incoming: dict[str, int] = {}
        self.entry: dict[str, str | None] = {}
        self.entered: set[str] = set()
        self._shared: dict[str, etree._Element] | None = None

    def role(self, wanted: str | None, name: str, kind: str | None = None) -> str:
        """A new role (a lane or a pool), its id unique in the document."""
        role_id = self.ids.make(wanted, name, "role")
        self.roles.append(
            Role(
                id=role_id,
                name=name or role_id,
                kind=kind if kind in ("person", "team", "system") else "person",
            )
        )
        return role_id

    def definitions(self, event: etree._Element) -> dict[str, etree._Element]:
        """An event's definitions by kind ("message", "compensate"): its own children and
        those it names by `eventDefinitionRef` (some tools declare them once, at the top)."""
        if self._shared is None:
            self._shared = {
                child.get("id") or "": child
                for child in self.root
                if local(child).endswith("EventDefinition") and child.get("id")
            }
        found: dict[str, etree._Element] = {}
        for child in event:
            named = child
            if local(child) == "eventDefinitionRef":
                named = self._shared.get((child.text or "").strip(), child)
            kind = local(named)
            if kind.endswith("EventDefinition"):
                found.setdefault(kind.removesuffix("EventDefinition"), named)
        return found

    def lose(self, element: etree._Element, reason: str) -> None:
        """Report an element the SOP cannot hold."""
        self.losses.append(Loss(local(element), element.get("id") or "", reason, name_of(element)))


class Wirer(State):
    """The rewrites that join the graph's pieces into one flow from START."""

    def wire(self) -> None:
        """Boundary events, sub-processes, entries, messages, then the flow's start."""
        self._links()
        compensate(self)
        self._boundaries()
        for sub in self.subprocesses:
            self._open(self.vertices[sub])
        for process in self.processes:
            self.entry[process] = self._entry(process)
        self._messages()
        entries = [self.entry[p] for p in self.processes if p not in self.entered and self.entry[p]]
        first = [e for e in self.entry.values() if e][:1]
        self.vertices[START] = Vertex(
            START, "pass", element="start", out=[Edge(e or "") for e in entries or first]
        )
        self._strays()

    def _strays(self) -> None:
        """Parts of the model that no start reaches (a flow drawn apart, a missing start
        event in a sub-flow) follow the rest as paths of their own, with a note, and a line
        in the report: the elements are kept, the connection is sopflow's."""
        reached = set(self.graph.reach(START))
        order = list(self.kinds)
        while True:
            stray = [
                e
                for e in order
                if e not in reached and e not in self.no_entry and e not in self.graph.noted
            ]
            if not stray:
                return
            before = {t for v in stray for t in self.graph.targets(v)}
            root = next((e for e in stray if e not in before), stray[0])
            vertex = self.vertices[root]
            vertex.notes.append("Source model: no start leads here; this part follows the rest.")
            self.losses.append(
                Loss(vertex.element, root, "no start leads to it; kept as a path after the rest")
            )
            self.vertices[START].out.append(Edge(root))
            reached |= set(self.graph.reach(root))

    def entry_starts(self) -> list[str]:
        """The start events of the processes the flow starts with (for the trigger)."""
        return [
            start
            for process in self.processes
            if process not in self.entered
            for start in self.starts.get(process, [])
        ]

    def _inside(self, container: str) -> list[Vertex]:
        return [v for v in self.vertices.values() if self.container_of.get(v.id) == container]

    def _entry(self, container: str) -> str | None:
        """Where a process or sub-process starts: a vertex id (one made when there are
        several ways in), or None when it has no elements."""
        starts = self.starts.get(container) or [
            v.id
            for v in self._inside(container)
            if not self.incoming.get(v.id) and v.id not in self.no_entry
        ]
        main: str | None = starts[0] if starts else None
        if len(starts) > 1:
            several = self.starts.get(container)
            main = f"{container}__start"
            self.vertices[main] = Vertex(
                main,
                "decision" if several else "pass",
                "How does it start?" if several else "",
                self.vertices[starts[0]].role,
                "start" if several else "split",
                out=[Edge(s, self.vertices[s].name or None) for s in starts],
            )
        subs = self.event_subs.get(container, [])
        if not subs:
            return main
        split = Vertex(f"{container}__events", "pass", element="eventSubProcess")
        split.out = [Edge(target) for target in ([main] if main else []) + subs]
        self.vertices[split.id] = split
        return split.id

    def _open(self, sub: Vertex) -> None:
        """The sub-process step leads into its inner flow; the inner flow's ends lead on to
        what followed the sub-process."""
        event = sub.id in self.no_entry
        after = [] if event else list(sub.out)
        entry = self._entry(sub.id)
        if entry is None:
            return
        sub.out = [Edge(entry)]
        if event:
            self._describe_event_sub(sub)
            return
        for vertex in self._inside(sub.id):
            if vertex.out or vertex.id in self.no_entry or not after:
                continue
            vertex.out = list(after)
            if vertex.kind == "end":
                vertex.kind = "pass"
                named = f": {vertex.name}" if vertex.name != "End" else ""
                vertex.notes.append(f"End of the sub-process '{sub.name}'{named}.")

    def _describe_event_sub(self, sub: Vertex) -> None:
        starts = self.starts.get(sub.id, [])
        names = [self.vertices[s].name for s in starts if self.vertices[s].name]
        when = f"'{names[0]}' happens" if names else "its event occurs"
        interrupting = not any(s in self.non_interrupting for s in starts)
        how = "and interrupts it" if interrupting else "alongside it (non-interrupting)"
        where = self.vertices.get(self.container_of.get(sub.id, ""))
        during = f"'{where.name}'" if where else "the process"
        sub.notes.append(f"Event sub-process: runs when {when} during {during}, {how}.")

    def _links(self) -> None:
        """A link throw event goes on at the link catch event of the same name (in its
        process): the two halves of one flow drawn apart."""
        catches: dict[tuple[str, str], str] = {}
        throws: list[tuple[str, str]] = []
        for event_id in list(self.kinds):
            event = self.elements[event_id]
            definition = self.definitions(event).get("link")
            if definition is None:
                continue
            key = (self.process_of[event.get("id") or ""], name_of(definition) or name_of(event))
            if local(event) == "intermediateCatchEvent":
                catches.setdefault(key, event.get("id") or "")
            elif local(event) == "intermediateThrowEvent":
                throws.append((event.get("id") or "", key[1]))
        for throw, name in throws:
            catch = catches.get((self.process_of[throw], name))
            if catch and not self.vertices[throw].out:
                self.vertices[throw].out.append(Edge(catch))
                self.incoming[catch] = self.incoming.get(catch, 0) + 1

    def _boundaries(self) -> None:
        """Interrupting: a decision after the activity on whether the event happened.
        Non-interrupting: the event's path runs beside the activity's way on."""
        for task_id, event_id, interrupting in self.boundaries:
            task, event = self.vertices.get(task_id), self.vertices[event_id]
            if task is None:
                self.losses.append(
                    Loss("boundaryEvent", event_id, "attached to an unknown element", event.name)
                )
                continue
            if self.incoming.get(event_id):
                self._caught(event)
                continue
            what = event.name or "the boundary event"
            if not interrupting:
                event.notes.append(f"Also, while '{task.name}' is done: {what}.")
                split = Vertex(f"{event_id}__along", "pass", element="boundary")
                split.out = [*task.out, Edge(event_id)]
                task.out = [Edge(split.id)]
                self.vertices[split.id] = split
                continue
            question = Vertex(
                f"{event_id}__asked",
                "decision",
                f"Did '{what}' happen during '{task.name}'?",
                task.role,
                "boundary",
            )
            question.out = [Edge(_route(self.vertices, task.out), "No"), Edge(event_id, "Yes")]
            task.out = [Edge(question.id)]
            self.vertices[question.id] = question

    def _caught(self, event: Vertex) -> None:
        """A boundary event that sequence flows lead into (BPMN allows none; some tools draw
        a catch event on a sub-process's inner flow so) is a wait on that flow, not an
        event on its activity: attached, its flow would loop back into the activity."""
        event.notes = [f"Wait for: {event.name}"] if event.name else []
        self.no_entry.discard(event.id)

    def _messages(self) -> None:
        """Message flows: a handoff on the sender's path; one that starts a pool leads into it
        (to a pool whose starts all wait for a message, or to a pool's start event)."""
        for number, flow in enumerate(self.root.iter(tag(BPMN, "messageFlow")), 1):
            source = self.vertices.get(flow.get("sourceRef") or "")
            target_id = flow.get("targetRef") or ""
            process = self.pool_of.get(target_id) or self.process_of.get(target_id) or ""
            to_pool = target_id in self.pool_of
            if to_pool:
                waits = self.starts.get(process, [])
                into = all(s in self.message_starts for s in waits) and self.entry.get(process)
                target_id = into or ""
            target = self.vertices.get(target_id)
            to_role = target.role if target else self._pool_role(process) if to_pool else None
            if source is None or to_role is None:
                self.lose(flow, "one of its ends is a pool or not a flow node of a process")
                continue
            handoff = Vertex(
                f"message-{number}",
                "handoff",
                "",
                source.role,
                "messageFlow",
                to_role=to_role,
                transfers=(name_of(flow) or source.name or "Message",),
            )
            self.vertices[handoff.id] = handoff
            starts = target is not None and (
                target_id == self.entry.get(process)
                or (target.element == "startEvent" and self.container_of.get(target_id) == process)
            )
            if starts and process not in self.entered:
                others = set(self.starts.get(process, [])) - self.message_starts - {target_id}
                if not others:  # a start that no message brings stays a way into the flow
                    self.entered.add(process)
                handoff.out = [Edge(target_id)]
                if source.kind == "end":  # the sender's part ends as the message goes
                    source.kind = "pass"
                    source.notes.append(f"Source model: this part ends at '{source.name}'.")
                source.out.insert(0, Edge(handoff.id))
            elif source.kind == "end":  # a message end event: the message, then the end
                for vertex in list(self.vertices.values()):
                    for edge in vertex.out:
                        if edge.target == source.id:
                            edge.target = handoff.id
                handoff.out = [Edge(source.id)]
            else:
                handoff.out, source.out = source.out, [Edge(handoff.id)]

    def _pool_role(self, process: str) -> str | None:
        """The role of a pool's first element (its lane, or the pool itself)."""
        inside = self._inside(process)
        return inside[0].role if inside else None


def _route(vertices: dict[str, Vertex], out: list[Edge]) -> str:
    """A single target for a list of flows (a split vertex when there are several)."""
    if len(out) == 1:
        return out[0].target
    if not out:
        end = Vertex(f"end-{len(vertices)}", "end", "Done", element="end")
        vertices[end.id] = end
        return end.id
    split = Vertex(f"split-{len(vertices)}", "pass", element="split", out=list(out))
    vertices[split.id] = split
    return split.id
