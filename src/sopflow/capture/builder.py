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

from sopflow.capture.extraction import Activity, Extraction, Gateway, Note
from sopflow.capture.extraction import Span as TextSpan
from sopflow.capture.roles import RoleBook
from sopflow.capture.transcript import Transcript
from sopflow.capture.wording import (
    as_question,
    instruction,
    option_label,
    outcome_name,
    sentence_case,
    slug,
)
from sopflow.model import (
    Decision,
    Handoff,
    Option,
    Outcome,
    Provenance,
    Sop,
    Step,
)
from sopflow.model.flow import Flow

_CODE = re.compile(r"\b(?:SOP|WI)-[A-Z][A-Z0-9]{1,7}-\d{3,6}\b")


CLOSING_VERBS = frozenset(
    {"reject", "decline", "refuse", "deny", "cancel", "abort", "terminate", "close", "archive"}
)
"""Verbs whose action ends a case: a decision branch with one ends in its own outcome."""

REPEATING_VERBS = frozenset({"repeat", "redo"})
"""Verbs that do an earlier step again: "repeat the check" goes back to "check ..."."""

_BACK = re.compile(r"\bback\b", re.IGNORECASE)


@dataclass
class _Ids:
    used: set[str] = field(default_factory=set)

    def new(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.used:
            candidate = f"{base}-{number}"
            number += 1
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


class SopBuilder:
    """Builds one draft SOP from one extraction of one transcript."""

    def __init__(self, extraction: Extraction, transcript: Transcript, options: BuildOptions):
        self.ex = extraction
        self.transcript = transcript
        self.options = options
        self.ids = _Ids()
        self.book = RoleBook(extraction, transcript, options, self.provenance)
        self.skipped = self._inside_notes()

    def _inside_notes(self) -> set[int]:
        """Verbs inside a warning or note ("make sure the amount matches") are not steps."""
        return {
            index
            for index, activity in enumerate(self.ex.activities)
            if activity.actor_mention is None
            and any(
                note.span.start <= activity.verb.start < note.span.end
                and note.span.start < activity.clause.start
                for note in self.ex.notes
            )
        }

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
    ) -> Step | Handoff:
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
        if role and recipient and recipient != role:
            return Handoff(
                id=node_id,
                from_role=role,
                to_role=recipient,
                transfers=tuple(o.text(self.ex.text) for o in activity.objects),
                channel=", ".join(d.text(self.ex.text) for d in activity.details) or None,
                next=next_id,
                provenance=provenance,
            )
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
        return Step(
            id=node_id,
            role=role,
            instruction=self.instruction(activity),
            warnings=tuple(warnings),
            notes=tuple(notes),
            expected_result=expected,
            reference=reference,
            next=next_id,
            provenance=provenance,
        )

    # layout -----------------------------------------------------------------------------
    def _decisions(self) -> list[int]:
        """The XOR gateways; parallel (AND) branches are laid out in text order as plain steps."""
        return [n for n, gateway in enumerate(self.ex.gateways) if gateway.kind == "xor"]

    def build(self) -> Sop:
        self.book.resolve()
        activities = self.ex.activities
        claimed: dict[int, int] = {}
        for number in self._decisions():
            for branch in self.ex.gateways[number].branches:
                for index in branch.activities:
                    claimed.setdefault(index, number)
        # Top-level items in text order: ("a", activity) or ("g", gateway).
        items: list[tuple[str, int]] = []
        placed: set[int] = set()
        for index in range(len(activities)):
            if index in self.skipped:
                continue
            owner = claimed.get(index)
            if owner is None:
                items.append(("a", index))
            elif owner not in placed:
                placed.add(owner)
                items.append(("g", owner))
        for number in self._decisions():
            gateway = self.ex.gateways[number]
            if number not in placed:
                position = sum(
                    1
                    for kind, i in items
                    if kind == "a" and activities[i].sentence < gateway.sentence
                )
                items.insert(position, ("g", number))
                placed.add(number)
        node_ids: dict[tuple[str, int], str] = {}
        for kind, i in items:
            if kind == "g":
                node_ids[(kind, i)] = self.ids.new(f"decide-{i + 1}")
        for index, activity in enumerate(activities):
            node_ids[("a", index)] = self.ids.new(
                slug(
                    f"{activity.lemma or activity.verb.text(self.ex.text)} "
                    + " ".join(o.text(self.ex.text) for o in activity.objects[:1]),
                    "step",
                )
            )
        orphan_notes = self._orphan_notes()
        nodes: list[Step | Decision | Handoff | Outcome] = []
        end_id = self.ids.new("done")
        for position, (kind, i) in enumerate(items):
            after = items[position + 1] if position + 1 < len(items) else None
            next_id = node_ids[after] if after else end_id
            if kind == "a":
                nodes.append(
                    self.activity_node(i, node_ids[("a", i)], next_id, orphan_notes.get(i, ()))
                )
            else:
                join_id = self._join_target(
                    self.ex.gateways[i].join, items[position + 1 :], node_ids
                )
                nodes.extend(self._gateway_nodes(i, node_ids, join_id or next_id, orphan_notes))
        nodes = self.book.with_role_changes(nodes, self.ids.new)
        nodes.append(self._outcome(end_id))
        start = nodes[0].id
        return Sop(
            code=self.options.code,
            title=self.options.title,
            roles=tuple(self.book.roles.values()),
            flow=Flow(start=start, nodes=tuple(nodes)),
        )

    def _gateway_nodes(
        self,
        number: int,
        node_ids: dict[tuple[str, int], str],
        after_id: str,
        orphan_notes: dict[int, list[Note]],
    ) -> list[Step | Decision | Handoff | Outcome]:
        gateway: Gateway = self.ex.gateways[number]
        text = self.ex.text
        join_id = after_id
        nodes: list[Step | Decision | Handoff | Outcome] = []
        ends: list[Outcome] = []
        options: list[Option] = []
        labels: set[str] = set()
        for branch_number, branch in enumerate(gateway.branches):
            chain = [i for i in branch.activities if node_ids.get(("a", i))]
            # Activities claimed by an earlier gateway stay there.
            chain = [i for i in chain if self._owner(i) == number and i not in self.skipped]
            condition = branch.condition.text(text) if branch.condition else None
            label = option_label(gateway, branch_number, text)
            while label.casefold() in labels:
                label = f"{label} ({branch_number + 1})"
            labels.add(label.casefold())
            first = node_ids[("a", chain[0])] if chain else join_id
            marker = branch.marker or branch.condition
            options.append(
                Option(
                    label=label,
                    condition=sentence_case(condition) if condition else None,
                    next=first,
                    provenance=self.provenance(marker, 0.8),
                )
            )
            branch_end = join_id
            closing = self._closing_activity(chain) if len(gateway.branches) > 1 else None
            if closing is not None:
                # "If X, the agent rejects the request": that branch ends; it does not join.
                ending = self._outcome_after(
                    closing, self.ids.new(f"{node_ids[('a', closing)]}-end")
                )
                ends.append(ending)
                branch_end = ending.id
            loop = self._loop_target(chain[-1], number) if chain and closing is None else None
            if loop is not None:
                # "If it is incomplete, send it back to the employee": the flow goes back.
                branch_end = node_ids[("a", loop)]
            for position, index in enumerate(chain):
                next_id = (
                    node_ids[("a", chain[position + 1])]
                    if position + 1 < len(chain)
                    else branch_end
                )
                nodes.append(
                    self.activity_node(
                        index, node_ids[("a", index)], next_id, orphan_notes.get(index, ())
                    )
                )
        if gateway.kind == "xor" and len(options) < 2:
            # "If X, do Y" alone: the "No" branch goes on after the decision (inferred).
            only = options[0] if options else None
            if only is not None and only.condition is not None:
                options[0] = only.model_copy(update={"label": "Yes"})
            options.append(
                Option(
                    label="No" if only is not None and only.condition is not None else "Otherwise",
                    next=join_id,
                    provenance=self.provenance(None, 0.4, supported=False),
                )
            )
        first_condition = next((b.condition for b in gateway.branches if b.condition), None)
        question = self._question(gateway, first_condition)
        deciding = next(
            (
                self.book.of_activity[i]
                for b in gateway.branches
                for i in b.activities
                if self.book.of_activity[i]
            ),
            None,
        )
        spans = [s for b in gateway.branches for s in (b.marker or b.condition,) if s is not None]
        whole = TextSpan(min(s.start for s in spans), max(s.end for s in spans)) if spans else None
        decision = Decision(
            id=node_ids[("g", number)],
            role=deciding,
            question=question,
            options=tuple(options),
            provenance=self.provenance(whole, 0.8 if first_condition else 0.5),
        )
        return [decision, *nodes, *ends]

    def _loop_target(self, index: int, number: int) -> int | None:
        """The earlier activity a branch's last one sends the work back to, if it does.

        "Send it back to the employee" (a verb with "back", or "return" with a recipient)
        goes back to where the employee's last stretch of work before the decision began;
        "repeat the check" to the last activity before it whose verb or object is "check".
        Only activities on the main path before the decision are targets, so a loop never
        enters a branch.
        """
        activity = self.ex.activities[index]
        text = self.ex.text
        lemma = self._lemma(index)
        first = min(i for branch in self.ex.gateways[number].branches for i in branch.activities)
        earlier = [i for i in range(first) if i not in self.skipped and self._owner(i) is None]
        sends_back = activity.recipient is not None and (
            lemma == "return" or _BACK.search(activity.clause.text(text)) is not None
        )
        if sends_back:
            role = self.book.actor_role(activity.recipient, activity.clause.start)
            by_role = [n for n, i in enumerate(earlier) if self.book.of_activity[i] == role]
            if not by_role:
                return None
            start = by_role[-1]  # back to the first step of that person's last stretch
            while start > 0 and self.book.of_activity[earlier[start - 1]] == role:
                start -= 1
            return earlier[start]
        if lemma in REPEATING_VERBS and activity.objects:
            head = activity.objects[0].text(text).split()[-1].casefold()
            alike = [i for i in earlier if head in self._words_of(i)]
            return alike[-1] if alike else None
        return None

    def _words_of(self, index: int) -> set[str]:
        """The lemma and the last word of each object of an activity, lower case."""
        activity = self.ex.activities[index]
        text = self.ex.text
        objects = {o.text(text).split()[-1].casefold() for o in activity.objects if o.text(text)}
        return {self._lemma(index), *objects}

    def _lemma(self, index: int) -> str:
        """An activity's verb as a dictionary word, lower case ("rejects" gives "reject")."""
        activity = self.ex.activities[index]
        return (activity.lemma or activity.verb.text(self.ex.text)).casefold()

    def _closing_activity(self, chain: Sequence[int]) -> int | None:
        """The activity in a branch whose verb ends the case (reject, decline, cancel, ...)."""
        for index in chain:
            if self._lemma(index) in CLOSING_VERBS:
                return index
        return None

    def _outcome(self, node_id: str) -> Outcome:
        """The end of the flow, named after the last activity ("Ticket closed") when there is one.

        With no activity to name it after, it is "Process complete", marked unsupported.
        """
        kept = [o for o in self.ex.outcomes if o.activity not in self.skipped]
        if not kept:
            return Outcome(
                id=node_id,
                name="Process complete",
                provenance=self.provenance(None, 0.3, supported=False),
            )
        return self._outcome_after(kept[-1].activity, node_id)

    def _outcome_after(self, index: int, node_id: str) -> Outcome:
        """An outcome named after an activity: "reject the request" -> "Request rejected"."""
        activity = self.ex.activities[index]
        return Outcome(
            id=node_id,
            name=outcome_name(self.ex, activity),
            provenance=self.provenance(activity.clause, 0.5),
        )

    def _first_activity(self, item: tuple[str, int]) -> int:
        kind, index = item
        if kind == "a":
            return index
        found = [i for b in self.ex.gateways[index].branches for i in b.activities]
        return min(found, default=len(self.ex.activities))

    def _join_target(
        self,
        join: int | None,
        later: Sequence[tuple[str, int]],
        node_ids: dict[tuple[str, int], str],
    ) -> str | None:
        """The first later item at or after the join activity; None for "after the gateway"."""
        if join is None:
            return None
        for item in later:
            if self._first_activity(item) >= join:
                return node_ids[item]
        return None

    def _owner(self, index: int) -> int | None:
        for number in self._decisions():
            if any(index in branch.activities for branch in self.ex.gateways[number].branches):
                return number
        return None

    def _question(self, gateway: Gateway, condition: TextSpan | None) -> str:
        if condition is None:
            return "Which case applies?"
        return as_question(condition.text(self.ex.text))


def build_sop(extraction: Extraction, transcript: Transcript, options: BuildOptions) -> Sop:
    """The draft SOP for an extraction of a transcript."""
    if not extraction.activities:
        from sopflow.errors import SopflowError

        raise SopflowError(
            f"{options.source or 'input'}: no steps found: the text does not describe any action"
        )
    return SopBuilder(extraction, transcript, options).build()
