"""From what the structurer found to a draft SOP: roles, steps, decisions, handoffs, outcomes.

Every element gets a `Provenance` (span in the cleaned text, time range, quote, confidence);
what capture adds without support in the input (an outcome closing the flow, the "otherwise"
of an "if" with one branch, a role for unnamed narration) is marked `supported=False` so a
reviewer confirms it. The flow is laid out from the gateways' branches and the text order,
which always gives a graph `check_document` accepts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sopflow.capture.extraction import Activity, Extraction, Note
from sopflow.capture.extraction import Span as TextSpan
from sopflow.capture.layout import Layout
from sopflow.capture.not_steps import left_alone, not_steps, trigger_step
from sopflow.capture.outcome_words import outcome_name, purpose_text
from sopflow.capture.references import PLACEHOLDER_NOTE, find_reference, resolve
from sopflow.capture.repair import repair
from sopflow.capture.roles import Passing, RoleBook
from sopflow.capture.transcript import Transcript
from sopflow.capture.tree import Act, Arm
from sopflow.capture.tree_build import TreeBuilder
from sopflow.capture.tree_unless import said_unless
from sopflow.capture.wording import (
    instruction,
    leading_time,
    sentence_case,
    slug,
    split_asides,
)
from sopflow.model import (
    Outcome,
    Provenance,
    Role,
    Sop,
    Step,
)
from sopflow.model.flow import AnyNode, Flow, successors

FlowNode = AnyNode

_CODE = re.compile(r"\b(?:SOP|WI)-[A-Z][A-Z0-9]{1,7}-\d{3,6}\b")


@dataclass
class _Ids:
    """Node ids, unique: a repeated base gets -2, -3, ...; the next number per base is kept,
    so a step said 2,000 times costs 2,000 tries, not two million."""

    used: set[str] = field(default_factory=set)
    after: dict[str, int] = field(default_factory=dict)

    def new(self, base: str) -> str:
        candidate, number = base, self.after.get(base, 2)
        while candidate in self.used:
            candidate = f"{base}-{number}"
            number += 1
        self.after[base] = number
        self.used.add(candidate)
        return candidate


@dataclass(frozen=True)
class BuildOptions:
    """What the builder needs beyond the extraction."""

    code: str
    title: str
    source: str | None = None
    narrator: str | None = None
    """The role of unnamed narration ("I", "you", imperatives) when no speaker is known."""
    documents: tuple[tuple[str, str], ...] = ()
    """(code, title) of the library's documents, for references the text makes to them."""


class SopBuilder:
    """Builds one draft SOP from one extraction of one transcript."""

    def __init__(self, extraction: Extraction, transcript: Transcript, options: BuildOptions):
        self.ex = extraction
        self.transcript = transcript
        self.options = options
        self.ids = _Ids()
        self.book = RoleBook(extraction, transcript, options, self.provenance)
        self.skipped = not_steps(extraction)
        self.passes: dict[str, Passing] = {}
        """Steps that pass work on to another role, by node id."""

    # provenance -----------------------------------------------------------------------
    def provenance(
        self, span: TextSpan | None, confidence: float, *, supported: bool = True
    ) -> Provenance:
        if span is None:
            return Provenance(
                source=self.options.source, confidence=confidence, supported=supported
            )
        pair = (span.start, span.end)
        return Provenance(
            source=self.options.source,
            span=pair,
            time=self.transcript.time_of(pair) if self.transcript.text else None,
            quote=self.transcript.quote(pair) or None,
            confidence=confidence,
            supported=supported,
        )

    # nodes ------------------------------------------------------------------------------
    def instruction(self, activity: Activity) -> str:
        return instruction(self.ex, activity)

    def _notes_for(self, index: int) -> list[Note]:
        return [
            note
            for note in self.ex.notes
            if note.activity == index and note.activity not in self.skipped
        ]

    def _orphan_notes(self) -> dict[int, list[Note]]:
        """Notes the structurer did not attach: to the last activity of their sentence or before."""
        attached: dict[int, list[Note]] = {}
        kept = [i for i in range(len(self.ex.activities)) if i not in self.skipped]
        for note in self.ex.notes:
            if (note.activity is not None and note.activity not in self.skipped) or not kept:
                continue
            before = [
                i
                for i in kept
                if self.ex.activities[i].sentence <= note.sentence
                and self.ex.activities[i].verb.start < note.span.start
            ] or [kept[0]]
            attached.setdefault(before[-1], []).append(note)
        return attached

    def activity_node(
        self, index: int, node_id: str, next_id: str | None, extra_notes: Sequence[Note]
    ) -> Step:
        activity = self.ex.activities[index]
        role = self.book.of_activity[index]
        confidence = 0.9 if activity.actor is not None or activity.narrator else 0.6
        provenance = self.provenance(activity.clause, confidence)
        recipient = (
            self.book.actor_role(activity.recipient, activity.verb.start)
            if activity.kind == "handoff"
            else None
        )
        sender = self.book.actor_role(activity.sender, activity.verb.start)
        if role and sender and sender != role and recipient is None:
            # "The agent receives the request from the customer": the work arrives from them.
            role, recipient = sender, role
        referenced = find_reference(self._said_about(index))
        if role and recipient and recipient != role and referenced is None:
            # "The clerk sends the form to HR": a step of the clerk; the handoff to HR
            # follows where HR's work does (`RoleBook.with_role_changes`), carrying the form.
            self.passes[node_id] = Passing(
                to_role=recipient,
                transfers=tuple(o.text(self.ex.text) for o in activity.objects),
                channel=", ".join(d.text(self.ex.text) for d in activity.details) or None,
            )
            role = self.book.of_activity[index]
        warnings, notes, expected, reference = self._step_notes(index, extra_notes)
        if referenced is not None:
            found = resolve(referenced, self.options.documents)
            if found.code is not None and found.code != self.options.code:
                reference = found.code
            elif found.code is None:
                notes.append(PLACEHOLDER_NOTE.format(name=found.name))
                provenance = provenance.model_copy(update={"confidence": 0.5})
        words, asides = split_asides(self.instruction(activity))
        when = leading_time(self.ex, activity)
        if when is not None:
            asides = (when, *asides)
        return Step(
            id=node_id,
            role=role,
            instruction=words,
            warnings=warnings,
            notes=(*asides, *notes),
            expected_result=expected,
            reference=reference,
            next=next_id,
            provenance=provenance,
        )

    def _said_about(self, index: int) -> str:
        """The activity's clause, and for the last activity of a sentence the rest of it
        ("checks the invoice as described in the returns checklist")."""
        activity = self.ex.activities[index]
        text = self.ex.text
        later = [
            other
            for other in self.ex.activities[index + 1 :]
            if other.sentence == activity.sentence
        ]
        if later or activity.sentence >= len(self.ex.sentences):
            return activity.clause.text(text)
        return text[activity.verb.start : self.ex.sentences[activity.sentence].end]

    def _step_notes(
        self, index: int, extra_notes: Sequence[Note]
    ) -> tuple[tuple[str, ...], list[str], str | None, str | None]:
        """A step's warnings, notes, expected result and the code a reference note names."""
        warnings: list[str] = []
        notes: list[str] = []
        expected: str | None = None
        reference: str | None = None
        for note in [*self._notes_for(index), *extra_notes]:
            words = sentence_case(note.span.text(self.ex.text))
            if note.kind == "warning":
                warnings.append(words)
            elif note.kind == "expected":
                expected = words
            else:
                notes.append(words)
                code = _CODE.search(words)
                if note.kind == "reference" and code and code.group(0) != self.options.code:
                    reference = code.group(0)
        return tuple(warnings), notes, expected, reference

    # layout -----------------------------------------------------------------------------
    def build(self) -> Sop:
        self.book.resolve()
        self.orphans = self._orphan_notes()
        root = TreeBuilder(self.ex, self.skipped, self._ending_sentences()).build()
        layout = Layout(self, root)
        end_id = self.ids.new("done")
        start = layout.draw(end_id)
        drawn = list(layout.nodes.values())
        if start == end_id or any(end_id in successors(node) for node in drawn):
            layout.nodes[end_id] = self._outcome(end_id, _led_to(layout, end_id))
        nodes = self.book.with_role_changes(
            _in_flow_order(start, layout.nodes), self.ids.new, self.passes
        )
        start = nodes[0].id if nodes else end_id
        flow = repair(Flow(start=start, nodes=tuple(nodes)), self.ex.text)
        return Sop(
            code=self.options.code,
            title=self.options.title,
            purpose=purpose_text(self.ex),
            trigger=self._trigger(),
            roles=_roles_in(flow, tuple(self.book.roles.values())),
            flow=flow,
        )

    def _trigger(self) -> str | None:
        """The time clause the process starts on, when it is nobody's work of the process:
        "When a tenant reports a leak"."""
        index = trigger_step(self.ex)
        if index is None:
            return None
        return sentence_case(self.ex.activities[index].clause.text(self.ex.text).strip(" ,;"))

    def _ending_sentences(self) -> set[int]:
        """Sentences that say the process ends ("the process stops", "the case is closed")."""
        text = self.ex.text
        return {
            number
            for number, span in enumerate(self.ex.sentences)
            if _PROCESS_ENDS.search(span.text(text))
        } | {a.sentence for a in self.ex.activities if left_alone(self.ex, a)}

    # helpers of the layout -----------------------------------------------------------------
    def activity_slug(self, activity: Activity) -> str:
        text = self.ex.text
        words = activity.lemma or activity.verb.text(text)
        thing = " ".join(o.text(text) for o in activity.objects[:1])
        return slug(f"{words} {thing}", "step")

    def lemma(self, index: int) -> str:
        """An activity's verb as a dictionary word, lower case ("rejects" gives "reject")."""
        activity = self.ex.activities[index]
        return (activity.lemma or activity.verb.text(self.ex.text)).casefold()

    def words_of(self, index: int) -> set[str]:
        """The lemma and the last word of each object of an activity, lower case."""
        activity = self.ex.activities[index]
        text = self.ex.text
        objects = {o.text(text).split()[-1].casefold() for o in activity.objects if o.text(text)}
        return {self.lemma(index), *objects}

    def verb_label(self, arm: Arm) -> str:
        """An option label from the first step of a branch: its verb ("Accept")."""
        first = next((node for node in arm.body if isinstance(node, Act)), None)
        if first is None:
            return "Otherwise"
        verb = self.lemma(first.index)
        if self.ex.activities[first.index].negated:
            verb = f"do not {verb}"
        return verb[:1].upper() + verb[1:]

    def gateway_span(self, number: int) -> TextSpan | None:
        if number < 0:
            return None  # a decision no gateway said ("… can return it. In that case, …")
        gateway = self.ex.gateways[number]
        spans = [s for b in gateway.branches for s in (b.marker or b.condition,) if s is not None]
        if not spans:
            return None
        return TextSpan(min(s.start for s in spans), max(s.end for s in spans))

    def _outcome(self, node_id: str, placed: set[int]) -> Outcome:
        """The end of the flow, named after the last step of the text that leads to it (when
        none leads straight there, the last step placed), when there is one.

        With no step to name it after, it is "Process complete", marked unsupported.
        """
        kept = sorted(placed)
        if not kept:
            return Outcome(
                id=node_id,
                name="Process complete",
                provenance=self.provenance(None, 0.3, supported=False),
            )
        return self.outcome_after(kept[-1], node_id)

    def outcome_after(self, index: int, node_id: str) -> Outcome:
        """An outcome named after an activity: "reject the request" -> "Request rejected"."""
        activity = self.ex.activities[index]
        return Outcome(
            id=node_id,
            name=outcome_name(self.ex, activity),
            provenance=self.provenance(activity.clause, 0.5),
        )

    def outcome_of_condition(self, arm: Arm, node_id: str) -> Outcome:
        """The end of a branch that says the process ends, named by its condition; for an
        exception ("the agent leaves the client alone, except if …"), by the step it
        excepts."""
        excepted = self._excepted(arm)
        if excepted is not None:
            return self.outcome_after(excepted, node_id)
        span = arm.branch.condition or arm.branch.marker
        words = span.text(self.ex.text) if span is not None else ""
        name = sentence_case(words).rstrip(".") if words else "Process ended"
        return Outcome(id=node_id, name=name, provenance=self.provenance(span, 0.6))

    def _excepted(self, arm: Arm) -> int | None:
        """The step an "except if" is said after in its sentence, when it has no step."""
        marker = arm.branch.marker
        if arm.body or marker is None or not said_unless(self.ex, arm.branch):
            return None
        before = [
            i
            for i, a in enumerate(self.ex.activities)
            if a.sentence == arm.sentence and a.verb.end <= marker.start
        ]
        return before[-1] if before else None


_PROCESS_ENDS = re.compile(
    r"\b(?:process|procedure|case|workflow|instance|it)\b[^.;]{0,30}?\b(?:ends?|ended|stops?|"
    r"stopped|terminat\w*|finish(?:es|ed)?|is (?:over|complete|completed|done|closed))\b",
    re.IGNORECASE,
)
"""A sentence saying the process ends there: its branch ends in an outcome."""


def _roles_in(flow: Flow, roles: tuple[Role, ...]) -> tuple[Role, ...]:
    """The roles some node of the flow names: a party only sent something ("send a
    reminder to the claimant") is said in the step, not made a role no step is done by."""
    named: set[str] = set()
    for node in flow.nodes:
        for field_name in ("role", "from_role", "to_role"):
            value = getattr(node, field_name, None)
            if isinstance(value, str):
                named.add(value)
    kept = tuple(role for role in roles if role.id in named)
    return kept or roles


def _in_flow_order(start: str, nodes: dict[str, FlowNode]) -> list[FlowNode]:
    """The nodes in the order a reader meets them from the start (depth first, options in
    order), outcomes last, so the YAML reads top to bottom."""
    order: list[FlowNode] = []
    seen: set[str] = set()
    stack = [start]
    while stack:
        node_id = stack.pop()
        node = nodes.get(node_id)
        if node is None or node_id in seen:
            continue
        seen.add(node_id)
        order.append(node)
        stack.extend(reversed(successors(node)))
    order += [node for node_id, node in nodes.items() if node_id not in seen]
    return [n for n in order if not isinstance(n, Outcome)] + [
        n for n in order if isinstance(n, Outcome)
    ]


def build_sop(extraction: Extraction, transcript: Transcript, options: BuildOptions) -> Sop:
    """The draft SOP for an extraction of a transcript."""
    if not extraction.activities:
        from sopflow.errors import SopflowError

        raise SopflowError(
            f"{options.source or 'input'}: no steps found: the text does not describe any action"
        )
    return SopBuilder(extraction, transcript, options).build()


def _led_to(layout: Layout, end_id: str) -> set[int]:
    """The placed activities whose step leads straight to end_id; all placed activities when
    none does ("if it is late, the clerk calls": the end is reached past the call, which is
    still the last step said)."""
    steps = {i for i in layout.placed if end_id in successors(layout.nodes[layout.ids[i]])}
    return steps or layout.placed
