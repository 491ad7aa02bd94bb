"""The process tree drawn as an SOP flow: steps, decisions, parallel splits and outcomes.

Each block is laid out against the node that follows it: a sequence chains its items, a
choice's branches each lead to what follows the choice (their join) unless they end, and a
branch that sends the work back ("send it back to the clerk", "submit it again") leads to
the earlier step instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from sopflow.capture.choice_text import OTHER_ANSWER, ChoiceText, acts_in, positive_form
from sopflow.capture.extraction import Span as TextSpan
from sopflow.capture.layout_back import SentBack
from sopflow.capture.outcome_words import ON_HOLD
from sopflow.capture.participles import past_participle
from sopflow.capture.questions import as_question
from sopflow.capture.repair import unique_labels
from sopflow.capture.structure.lexicon import CLOSING_VERBS, INQUIRY_VERBS
from sopflow.capture.tree import Act, Arm, Choice, Loop, Node, Parallel
from sopflow.capture.tree_asked import is_offered
from sopflow.capture.tree_parallel import acts
from sopflow.capture.tree_unless import not_done_name, refused_step
from sopflow.capture.wording import sentence_case
from sopflow.model import Decision, Handoff, Option, Outcome, Step
from sopflow.model.flow import Parallel as ParallelNode
from sopflow.model.flow import ParallelBranch, successors

if TYPE_CHECKING:
    from sopflow.capture.builder import SopBuilder

FlowNode = Step | Decision | Handoff | Outcome | ParallelNode

_ALONE = re.compile(r"\balone\b", re.IGNORECASE)


class Layout(SentBack):
    """Lays out one process tree with the builder's nodes (steps, outcomes, provenance)."""

    def __init__(self, builder: SopBuilder, root: list[Node]) -> None:
        self.b = builder
        self.ex = builder.ex
        self.root = root
        self.nodes: dict[str, FlowNode] = {}
        self.ids: dict[int, str] = {}
        self.main: list[int] = []
        """Activities on the top-level sequence, in order: where the work can be sent back."""
        self.last = -1
        """The last activity of the text in the tree: a branch ending with it leads to the
        flow's end, which is then named after it (`builder._led_to`)."""
        self.placed: set[int] = set()
        self.end_id = ""
        self.words = ChoiceText(builder)
        self.sent_back_leads_on = False
        """Work sent back to someone new leads on instead of ending there (`_targets`)."""
        self.waiting: set[int] = set()
        """Decisions (by id()) that wait for work done side by side (`_waits`)."""
        self.deciders: dict[int, str] = {}
        """Who decides each choice (by the choice's id()): see `_note_deciders`."""

    def draw(self, end_id: str) -> str:
        """Lay out the whole tree ending at end_id; returns the start node's id."""
        for index, activity in enumerate(self.ex.activities):
            self.ids[index] = self.b.ids.new(self.b.activity_slug(activity))
        self.main = [node.index for node in self.root if isinstance(node, Act)]
        self.last = max((i for node in self.root for i in acts(node)), default=-1)
        self.end_id = end_id
        return self.sequence(self.root, end_id)

    # blocks --------------------------------------------------------------------------------
    def sequence(self, items: Sequence[Node], after: str) -> str:
        """Chain items in order before after; returns the first node's id (after if none)."""
        self._note_deciders(items)
        self.waiting |= {
            id(item)
            for before, item in pairwise(items)
            if isinstance(before, Parallel) and isinstance(item, Choice) and self._waits(item)
        }
        following = after
        for item in reversed(items):
            following = self.block(item, following)
        return following

    def block(self, item: Node, after: str) -> str:
        if isinstance(item, Act):
            return self.activity(item.index, after)
        if isinstance(item, Choice):
            return self.choice(item, after)
        if isinstance(item, Loop):
            return self.loop(item, after)
        return self.parallel(item, after)

    def loop(self, item: Loop, after: str) -> str:
        """The body, then a decision that repeats it until its condition holds."""
        node_id = self.b.ids.new("repeat-until")
        first = self.sequence(item.body, node_id)
        condition = item.until.text(self.ex.text)
        repeats_on_yes = item.each
        if item.holds:  # "as long as it has not arrived": asked "Has it arrived?"
            positive = positive_form(condition)
            condition, repeats_on_yes = (positive, False) if positive else (condition, True)
        question = f"Is there another {condition}?" if item.each else as_question(condition)
        done, again = (first, after) if repeats_on_yes else (after, first)
        self.nodes[node_id] = Decision(
            id=node_id,
            role=self._first_role(item.body),
            question=question,
            options=(
                Option(
                    label="Yes",
                    condition=None if item.each else sentence_case(condition),
                    next=done,
                    provenance=self.b.provenance(item.until, 0.7),
                ),
                Option(label="No", next=again, provenance=self.b.provenance(item.until, 0.7)),
            ),
            provenance=self.b.provenance(item.until, 0.7),
        )
        return first

    def activity(self, index: int, after: str) -> str:
        node_id = self.ids[index]
        notes = self.b.orphans.get(index, ())
        self.nodes[node_id] = self.b.activity_node(index, node_id, after, notes)
        self.placed.add(index)
        return node_id

    def parallel(self, item: Parallel, after: str) -> str:
        """A parallel split whose branches meet at what follows; in sequence when a branch
        is empty, or when what a branch holds does not all lead to the join (a decision
        whose branch ends the process, work sent back to before the split)."""
        flat = [node for branch in item.branches for node in branch]
        if len(item.branches) < 2 or not all(item.branches):
            return self.sequence(flat, after)
        drawn, placed = dict(self.nodes), set(self.placed)
        firsts = [self.sequence(branch, after) for branch in item.branches]
        inside = set(self.nodes) - set(drawn)
        leaves = {t for n in inside for t in successors(self.nodes[n])} - inside - {after}
        ends = any(isinstance(self.nodes[n], Outcome) for n in inside)
        if leaves or ends or len(set(firsts)) < len(firsts) or after in firsts:
            self.nodes, self.placed = drawn, placed
            return self.sequence(flat, after)
        node_id = self.b.ids.new(f"parallel-{item.gateway + 1}" if item.gateway >= 0 else "also")
        span = self.b.gateway_span(item.gateway) if item.gateway >= 0 else item.marker
        self.nodes[node_id] = ParallelNode(
            id=node_id,
            role=self._first_role(item.branches[0]),
            branches=tuple(ParallelBranch(next=first) for first in firsts),
            join=after,
            provenance=self.b.provenance(span, 0.6),
        )
        return node_id

    def choice(self, item: Choice, after: str) -> str:
        node_id = self.b.ids.new(f"decide-{item.gateway + 1}" if item.gateway >= 0 else "decide")
        role = self._deciding_role(item)
        for arm in item.arms:  # a decision that opens a branch is taken by the same person
            if role is not None and arm.body and isinstance(arm.body[0], Choice):
                self.deciders.setdefault(id(arm.body[0]), role)
        targets = self._targets(item, node_id, after)
        if len({*targets, *([after] if len(targets) == 1 else [])}) < 2:
            return targets[0] if targets else after  # every branch leads on alike: no decision
        labels = self.words.labels(item)
        options = [
            Option(
                label=label,
                condition=self.words.condition_text(arm),
                next=target,
                provenance=self.b.provenance(arm.branch.marker or arm.branch.condition, 0.8),
            )
            for arm, label, target in zip(item.arms, labels, targets, strict=True)
        ]
        if len(options) == 1:  # not all done yet after work side by side: wait, ask again
            options.append(
                Option(
                    label=OTHER_ANSWER.get(labels[0], "Otherwise"),
                    next=node_id if id(item) in self.waiting else self._passed_by(item, after),
                    provenance=self.b.provenance(None, 0.4, supported=False),
                )
            )
        self.nodes[node_id] = Decision(
            id=node_id,
            role=role,
            question=self.words.question(item),
            options=unique_labels(options),
            provenance=self.b.provenance(self._gateway_span(item.gateway), 0.8),
        )
        return node_id

    def _targets(self, item: Choice, node_id: str, after: str) -> list[str]:
        """Each branch laid out; again with work sent back leading on when that made every
        branch end, so that nothing after the decision could be reached."""
        drawn, placed = dict(self.nodes), set(self.placed)
        targets = self._arms(item, node_id, after)
        if after == self.end_id or self._reaches(targets, after):
            return targets
        first = (targets, dict(self.nodes), set(self.placed))
        self.nodes, self.placed = dict(drawn), set(placed)
        self.sent_back_leads_on = True
        targets = self._arms(item, node_id, after)
        self.sent_back_leads_on = False
        if self._reaches(targets, after):
            return targets
        targets, self.nodes, self.placed = first
        return targets

    def _arms(self, item: Choice, node_id: str, after: str) -> list[str]:
        return [
            self.sequence(arm.body, node_id) if arm.again else self.arm(arm, after)
            for arm in item.arms
        ]

    def _reaches(self, starts: list[str], target: str) -> bool:
        seen, todo = set(), list(starts)
        while todo:
            node = todo.pop()
            if node == target:
                return True
            if node not in seen and node in self.nodes:
                seen.add(node)
                todo.extend(successors(self.nodes[node]))
        return False

    def arm(self, arm: Arm, after: str) -> str:
        """The first node of a branch, laid out to its end, its loop back or the join."""
        if not arm.body:
            redo = self._redo(arm)
            if redo is not None:  # "or whether a new print is needed": make it again
                return self.ids[redo]
        refused = refused_step(self.ex, arm.branch) if not arm.body else None
        if refused is not None:  # "will not release the loan unless …": it stops there
            return self._not_done(refused)
        acts = [node.index for node in arm.body if isinstance(node, Act)]
        closing = next((i for i in acts if self._closes(i)), None)
        body = list(arm.body)
        if closing is not None and (
            arm.joins or (acts and self._done_again(acts[-1]) is not None)
        ):  # "rejects it … submits it again": it goes back; "In any case, …": on to it
            closing = None
        if closing is not None or arm.ends:  # an end is named after its branch's last step
            end = self._end_of(arm, closing if closing is not None else max(acts, default=None))
            return self.sequence(body, end)
        last = body[-1] if body else None
        if isinstance(last, Act):
            back = self.back_target(last.index)
            redo = self._done_again(last.index)
            if redo is not None:  # "check it again", "repeat the check": that step
                body = body[:-1]
                if body and isinstance(body[-1], Act) and self._sends_back(body[-1].index):
                    body = body[:-1]  # "sent back to the clerk and the check repeated"
                return self.sequence(body, self.ids[redo])
            if back is not None and (
                self._sends_back(last.index) or self._back_to_redo(last.index, [back]) == back
            ):  # "the car is handed back to the mechanic": the arrow back is the sending
                return self.sequence(body[:-1], self.ids[back])
            if back is not None:
                return self.sequence(body, self.ids[back])
            resubmitted = self._returned_to(acts)
            resubmitted = self._went_back_to(arm, acts) if resubmitted is None else resubmitted
            if resubmitted is not None:  # "returned to the tenant, who reads the comments"
                return self.sequence(body, self.ids[resubmitted])
            sent_back = self._sends_back(last.index) and not self.sent_back_leads_on
            if after == self.end_id and not sent_back and last.index == self.last:
                return self.sequence(body, after)  # the flow's end is named after this step
            if after == self.end_id or sent_back:
                # the last decision of the process: each branch its end; work sent back to
                # someone with no work in the flow before ("to the customer"): it ends there
                end_id = self.b.ids.new(f"{self.ids[last.index]}-end")
                ending = self.b.outcome_after(last.index, end_id)
                self.nodes[ending.id] = ending
                return self.sequence(body, ending.id)
        return self.sequence(body, after)

    # roles and spans ----------------------------------------------------------------------
    def _note_deciders(self, items: Sequence[Node]) -> None:
        """A decision is taken by whoever did the step said right before it, or by whom
        that step passed the work to ("sends it to the manager. If …"): not by the
        performer of its first branch ("If it is over the limit, the director approves it"
        is the reviewer's check of the amount, not the director's). A choice between two
        steps ("she accepts or rejects it") is taken by who does them."""
        before: int | None = None
        for item in items:
            if isinstance(item, Choice) and not item.alternative and before is not None:
                decider = self._next_actor(before, item) or self._passed_to(before, item)
                if decider is not None:
                    self.deciders.setdefault(id(item), decider)
            before = item.index if isinstance(item, Act) else None

    def _next_actor(self, index: int, choice: Choice) -> str | None:
        """Who does the first step of every branch, when that is one performer and the step
        before the decision is another's that asks nothing ("the reader arrives. If no
        card exists, the librarian creates one. Otherwise, she renews it": the librarian
        looks); None otherwise."""
        activity = self.ex.activities[index]
        if activity.lemma in INQUIRY_VERBS or activity.recipient is not None:
            return None
        firsts = [self._first_role(arm.body) for arm in choice.arms]
        roles = set(firsts)
        if len(firsts) < 2 or len(roles) != 1 or None in roles:
            return None
        role = firsts[0]
        return role if role != self.b.book.of_activity[index] else None

    def _passed_to(self, index: int, choice: Choice) -> str | None:
        """Whom the step before a decision passed the work to, unless that is a party
        outside the process the condition asks about ("If the tenant accepts …")."""
        activity = self.ex.activities[index]
        conditions = [arm.branch.condition for arm in choice.arms if arm.branch.condition]
        receiver = (
            self.b.book.actor_role(activity.recipient, activity.verb.start)
            if activity.recipient is not None
            and not self.b.book.outside_party(activity.recipient, conditions)
            else None
        )
        return receiver or self.b.book.of_activity[index]

    def _deciding_role(self, item: Choice) -> str | None:
        if id(item) in self.deciders:
            return self.deciders[id(item)]
        for arm in item.arms:
            role = self._first_role(arm.body)
            if role is not None:
                return role
        return None

    def _first_role(self, body: Sequence[Node]) -> str | None:
        for node in body:
            if isinstance(node, Act):
                return self.b.book.of_activity[node.index]
            if isinstance(node, Loop):
                return self._first_role(node.body)
        return None

    def _gateway_span(self, number: int) -> TextSpan | None:
        return self.b.gateway_span(number)

    # ends and loops ------------------------------------------------------------------------
    def _passed_by(self, item: Choice, after: str) -> str:
        """Where the unsaid option of a step offered with "can" leads: on, or at the end of
        the process an outcome of its own ("Parcel not returned"), not the end of the work
        done when it is taken."""
        first = next(iter(acts_in(item.arms[0].body)), None)
        if not is_offered(self.ex, item) or after != self.end_id or first is None:
            return after
        return self._not_done(first)

    def _not_done(self, index: int) -> str:
        """An outcome for a step the text says is not done ("Loan not released")."""
        ending = self.b.outcome_after(index, self.b.ids.new(f"{self.ids[index]}-not-done"))
        name = not_done_name(ending.name, past_participle(self.b.lemma(index)))
        self.nodes[ending.id] = Outcome(id=ending.id, name=name, provenance=ending.provenance)
        return ending.id

    def _end_of(self, arm: Arm, closing: int | None) -> str:
        if closing is not None:
            ending = self.b.outcome_after(closing, self.b.ids.new(f"{self.ids[closing]}-end"))
        else:
            ending = self.b.outcome_of_condition(arm, self.b.ids.new("end"))
        self.nodes[ending.id] = ending
        return ending.id

    def _waits(self, item: Choice) -> bool:
        """A single case after work side by side that says the work is done ("if everything
        is ready", "if both have finished") is the wait for it, not a way around the step
        it leads to."""
        condition = item.arms[0].branch.condition if len(item.arms) == 1 else None
        if item.alternative or condition is None:
            return False
        return _ALL_DONE.search(condition.text(self.ex.text)) is not None

    def _closes(self, index: int) -> bool:
        """The step ends the case: a closing verb ("rejects the claim"), or the person the
        work is for leaving ("the visitor can leave") or being left be ("we leave the
        tenant alone"): nothing more is done for them."""
        lemma = self.b.lemma(index)
        activity = self.ex.activities[index]
        alone = _ALONE.search(activity.clause.text(self.ex.text)) is not None
        leaves = lemma == "leave" and (not activity.objects or alone)
        held = ON_HOLD.search(activity.clause.text(self.ex.text)) is not None
        return lemma in CLOSING_VERBS or leaves or held  # "puts the order on hold"


_ALL_DONE = re.compile(r"\b(?:ready|finished|completed?|done)\b", re.IGNORECASE)
"""Words of a condition that says work is done: "if everything is ready"."""
