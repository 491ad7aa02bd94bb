"""Who does each step of a draft: roles from the actors found, and handoffs where they change.

The narrator ("I", "you", an imperative) becomes the speaker the transcript names, else the
narrator the options name, else "Performer" marked unsupported for the reviewer to name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sopflow.capture.extraction import Activity, Actor, Extraction
from sopflow.capture.extraction import Span as TextSpan
from sopflow.capture.structure.lexicon import ACTOR_NOUNS, RECEIVING_VERBS, TRANSFER_VERBS
from sopflow.capture.transcript import Transcript
from sopflow.capture.wording import slug
from sopflow.model import Handoff, Provenance, Role, Step
from sopflow.model.flow import AnyNode

if TYPE_CHECKING:
    from sopflow.capture.builder import BuildOptions

WORD = r"[\w'&]+"
"""A word of a role's name; "/", "-" and ":" join words ("Sales/Billing", "HR: Payroll")."""

ProvenanceOf = Callable[..., Provenance]
"""The builder's `provenance(span, confidence, supported=...)`."""

FlowNode = AnyNode

GETTING_VERBS = RECEIVING_VERBS | {"take"}
"""Verbs of getting a thing: whoever gets it works on it next."""


@dataclass(frozen=True)
class Passing:
    """What a step says it passes on, and to whom ("sends the form to HR by e-mail")."""

    to_role: str
    transfers: tuple[str, ...] = ()
    channel: str | None = None


class RoleBook:
    """The roles of one draft and the role of each activity of its extraction."""

    def __init__(
        self,
        extraction: Extraction,
        transcript: Transcript,
        options: BuildOptions,
        provenance: ProvenanceOf,
    ) -> None:
        self.ex = extraction
        self.transcript = transcript
        self.options = options
        self.provenance = provenance
        self.roles: dict[str, Role] = {}
        self.of_activity: list[str | None] = []
        self._names: dict[int, str] = {}
        """Each actor's display name, worked out once: an actor mentioned in every sentence
        of a long transcript would otherwise be re-read for each of its activities."""

    def role(self, name: str, kind: Any, span: TextSpan | None, *, supported: bool) -> str:
        """The id of the role called name, added on first use."""
        role_id = slug(name, "role")
        if role_id not in self.roles:
            self.roles[role_id] = Role(
                id=role_id,
                name=name[:1].upper() + name[1:],
                kind=kind,
                provenance=self.provenance(span, 0.8 if supported else 0.3, supported=supported),
            )
        return role_id

    def actor_role(self, index: int | None, at: int) -> str | None:
        """The role of actor number index (the narrator's role for the narrator); None for a
        person's name ("Mr Smith"): someone the work involves, not a role."""
        if index is None:
            return None
        actor = self.ex.actors[index]
        if actor.narrator:
            return self.narrator_role(at, actor)
        if actor.named:
            return None
        first = actor.mentions[0] if actor.mentions else None
        if index not in self._names:
            self._names[index] = self.display_name(actor)
        return self.role(self._names[index], actor.kind, first, supported=True)

    def display_name(self, actor: Actor) -> str:
        """An actor's name with the capitals its mentions give it: "HR department", "Mail
        Processing Unit" (a capital that only starts a sentence does not count)."""
        text = self.ex.text
        starts = {sentence.start for sentence in self.ex.sentences}
        cased: dict[str, str] = {}
        for span in actor.mentions:
            for number, match in enumerate(re.finditer(WORD, span.text(text))):
                word = match.group(0)
                opens = number == 0 and span.start + match.start() in starts
                if word != word.casefold() and not opens:
                    cased.setdefault(word.casefold(), word)
        # word by word inside "kt: quotes/orders" and "front-office" too
        return re.sub(
            WORD, lambda m: cased.get(m.group(0)) or self._acronym(m.group(0)), actor.name
        )

    def _acronym(self, word: str) -> str:
        """A word of a name the text writes in capitals elsewhere ("Tom in the IT team": the
        role is the team, its mention Tom's), else as it is."""
        if len(word) < 2 or not word.isalpha():
            return word
        if re.search(rf"\b{re.escape(word.upper())}\b", self.ex.text) is None:
            return word
        return word.upper()

    def _speaker(self, at: int) -> str | None:
        return self.transcript.speaker_at(at) if self.transcript.text else None

    def narrator_role(self, at: int, actor: Actor | None = None) -> str:
        """The role of whoever speaks at character at: the role the text gives them ("I am
        the office manager"), else the speaker's name, else the narrator of the options,
        else "Performer" for the reviewer to name."""
        speaker = self._speaker(at)
        told = [actor] if actor is not None and actor.role else []
        told += [other for other in self.ex.actors if other.narrator and other.role]
        for teller in told:
            mention = teller.role_mention
            said_by = self._speaker(mention.start) if mention is not None else None
            if teller.role and (speaker is None or said_by == speaker):
                return self.role(teller.role, teller.role_kind, mention, supported=True)
        if speaker:
            return self.role(speaker, "person", None, supported=True)
        if self.options.narrator:
            return self.role(self.options.narrator, "person", None, supported=True)
        return self.role("Performer", "person", None, supported=False)

    def resolve(self) -> None:
        """Give every activity a role: its own, else the one before it, else the first known.

        A role that only does what it is told ("informs the night staff that they have to
        test them") lends it to no other step: the steps around are the teller's work. A later
        branch of a decision starts from the role before the decision."""
        previous: str | None = None
        told = self._told_only()
        before = self._before_branches()
        for index, activity in enumerate(self.ex.activities):
            role = self.actor_role(activity.actor, activity.verb.start)
            if role is None and activity.narrator:
                role = self.narrator_role(activity.verb.start)
            if role is None and activity.actor is not None and self.ex.actors[activity.actor].named:
                role = self.role("Performer", "person", None, supported=False)  # "Tom pays it"
            if role is None and index in before:
                previous = self.of_activity[before[index]] or previous
            if role is None and activity.actor is None and not activity.narrator:
                role = self._did_before(index)  # "(the shop packs the box …) it is packed"
            if role is None and previous and previous == self._recipient(activity):
                role = self.narrator_role(activity.verb.start)  # not the one it goes to
            self.of_activity.append(role or previous)
            if activity.actor not in told:
                previous = role or previous
        if self.of_activity and self.of_activity[0] is None:
            lends = [a.actor not in told for a in self.ex.activities]
            first_known = next(
                (r for r, lend in zip(self.of_activity, lends, strict=False) if r and lend), None
            )
            fallback = first_known or self.narrator_role(self.ex.activities[0].verb.start)
            sent = [
                index
                for index, activity in enumerate(self.ex.activities)
                if self.of_activity[index] is None and self._sent_to(activity, fallback)
            ]
            self.of_activity = [
                role
                or (
                    fallback
                    if index > max(sent, default=-1)
                    else self.narrator_role(activity.verb.start)
                )
                for index, (role, activity) in enumerate(
                    zip(self.of_activity, self.ex.activities, strict=True)
                )
            ]

    def _did_before(self, index: int) -> str | None:
        """The role that, said last, did the same work on the same thing as an activity
        nobody is said to do ("the porter packs the bags. … Once the van arrives, they
        are packed" — the porter again), if one did and the thing has not gone to someone
        since ("… when the bags are received by the driver, they are packed": the driver
        has them); None otherwise."""
        activity = self.ex.activities[index]
        thing = self._thing(activity)
        for number in range(index - 1, -1, -1):
            earlier = self.ex.activities[number]
            passed = earlier.recipient is not None or earlier.lemma in GETTING_VERBS
            if passed and self._thing(earlier) == thing:
                return None
            if earlier.actor is None or earlier.lemma != activity.lemma:
                continue
            if earlier.particle != activity.particle or self._thing(earlier) != thing:
                continue
            role = self.of_activity[number]
            if role is not None:
                return role
        return None

    def _thing(self, activity: Activity) -> str:
        """The last word of what an activity acts on (what its pronoun stands for)."""
        span = activity.referent or (activity.objects[0] if activity.objects else None)
        words = re.findall(r"[a-z]+", span.text(self.ex.text).casefold()) if span else []
        return words[-1].removesuffix("s") if words else ""

    def _sent_to(self, activity: Activity, role_id: str) -> bool:
        """Whether an activity sends the work to role, or to where role works ("sent to the
        depot" for "the depot workers"): it and the steps before it are not role's own."""
        if self._recipient(activity) == role_id:
            return True
        words = self.roles[role_id].name.casefold().split()
        if len(words) < 2 or activity.lemma not in TRANSFER_VERBS:
            return False
        place = " ".join(words[:-1])
        said = activity.clause.text(self.ex.text).casefold()
        return re.search(rf"\bto (the |our |its )?{re.escape(place)}\b", said) is not None

    def outside_party(self, actor: int, conditions: Sequence[TextSpan]) -> bool:
        """Whether actor is a party outside the process that a condition is about: it does
        no step, and a condition names it ("sends the offer to the tenant. If the tenant
        accepts …"). The decision is then the sender's, who waits for the answer; not so for
        a party named deciding ("the panel decides whether …") or doing later work."""
        role = self.actor_role(actor, 0)
        if role is None or role in self.of_activity:
            return False
        name = re.compile(rf"\b{re.escape(self.ex.actors[actor].name)}\b")
        return any(name.search(c.text(self.ex.text).casefold()) for c in conditions)

    def _recipient(self, activity: Activity) -> str | None:
        """The role an activity's work goes to ("the tenant is given a key"), never its own."""
        return None if activity.recipient is None else self.actor_role(activity.recipient, 0)

    def _before_branches(self) -> dict[int, int]:
        """The first activity of each later branch of a decision, and the last one before
        the decision: "otherwise the laptop is shipped" is done by whoever worked before the
        question, not by the person of the branch said before it."""
        before: dict[int, int] = {}
        for gateway in self.ex.gateways:
            firsts = [min(b.activities) for b in gateway.branches if b.activities]
            if gateway.kind != "xor" or not firsts or min(firsts) == 0:
                continue
            for first in firsts:
                if first != min(firsts):
                    before[first] = min(firsts) - 1
        return before

    def _told_only(self) -> set[int]:
        """The actors whose every step is one they are told to do."""
        steps: dict[int, bool] = {}
        for activity in self.ex.activities:
            if activity.actor is not None:
                steps[activity.actor] = steps.get(activity.actor, True) and activity.told
        return {actor for actor, told in steps.items() if told}

    def handoff_provenance(self, following: Step) -> Provenance:
        """A handoff read from a change of performer points at where the new one starts.

        Nobody said "hand it over": the evidence is the next step, done by someone else,
        so the handoff takes that step's span and time at a lower confidence.
        """
        if following.provenance is None:
            return self.provenance(None, 0.5, supported=True)
        return following.provenance.model_copy(update={"confidence": 0.5, "screenshot": None})

    def with_role_changes(
        self,
        nodes: Sequence[FlowNode],
        new_id: Callable[[str], str],
        passes: Mapping[str, Passing] | None = None,
    ) -> list[FlowNode]:
        """A handoff node where one step's performer differs from the next step's.

        Not between a team and one of its members ("HR" and "the HR coordinator"), and not
        around a single step of another role between two of one role (A, B, A): work that
        comes straight back is no handing over, and two handoffs around one step bury it.
        A step that said what it passes to that role gives the handoff what goes with it.
        """
        table = {node.id: node for node in nodes}
        before: dict[str, list[FlowNode]] = {}
        for node in nodes:
            if isinstance(node, Step | Handoff) and node.next:
                before.setdefault(node.next, []).append(node)
        result: list[FlowNode] = []
        for node in nodes:
            following = table.get(node.next) if isinstance(node, Step) and node.next else None
            if (
                isinstance(node, Step)
                and isinstance(following, Step)
                and node.role
                and following.role
                and self._hands_over(node, following, table, before)
            ):
                handoff_id = new_id(f"handoff-to-{following.role}")
                said = (passes or {}).get(node.id)
                if said is None or said.to_role != following.role:
                    said = Passing(to_role=following.role)
                result.append(node.model_copy(update={"next": handoff_id}))
                result.append(
                    Handoff(
                        id=handoff_id,
                        from_role=node.role,
                        to_role=following.role,
                        transfers=said.transfers,
                        channel=said.channel,
                        next=following.id,
                        provenance=self.handoff_provenance(following),
                    )
                )
                continue
            result.append(node)
        return result

    def _hands_over(
        self,
        node: Step,
        following: Step,
        table: dict[str, FlowNode],
        before: dict[str, list[FlowNode]],
    ) -> bool:
        """Whether the work passes from node's role to following's."""
        if not node.role or not following.role or node.role == following.role:
            return False
        if related(self.roles[node.role], self.roles[following.role]):
            return False
        after = table.get(following.next) if following.next else None
        if isinstance(after, Step) and after.role == node.role:
            return False  # A, B, A: B's one step between
        earlier = before.get(node.id, [])
        if len(earlier) == 1 and isinstance(earlier[0], Step):
            return earlier[0].role != following.role  # B, A, B likewise
        return True


TEAM_WORDS = frozenset(
    {"department", "team", "office", "unit", "division", "group", "desk", "staff", "section"}
)
"""Last words of a team's name: "the sales department", "the billing team"."""


MEMBER_WORDS = frozenset(
    {"officer", "coordinator", "manager", "clerk", "lead", "head", "assistant", "specialist"}
    | {"analyst", "administrator", "representative", "director", "supervisor", "staff"}
)
"""Last words of a department's member: "the compliance officer", "the treasury clerk"."""

AGENT_ENDINGS = ("er", "or", "ist", "ant", "ent", "ian")
"""Endings of a person's function ("supplier"): "the supplier manager" is no member of it."""


def _department(role: Role) -> bool:
    """A team, or one word that names no person ("Security", "Treasury", not "Guest"): a
    department."""
    words = role.name.casefold().split()
    if role.kind == "team":
        return True
    return len(words) == 1 and not words[0].endswith(AGENT_ENDINGS) and words[0] not in ACTOR_NOUNS


def related(one: Role, other: Role) -> bool:
    """A team and one of its members: "HR" and "HR coordinator", "the sales department" and
    "the sales clerk", "a member of the loans team" and "the loans team", "Security" and
    "the security officer"."""
    for team, member in ((one, other), (other, one)):
        if not _department(team):
            continue
        theirs = member.name.casefold().split()
        if theirs[:-1] == team.name.casefold().split() and theirs[-1] in MEMBER_WORDS:
            return True
        if team.kind != "team":
            continue
        words = team.name.casefold().split()
        theirs = member.name.casefold().split()
        qualifier = words[:-1] if len(words) > 1 and words[-1] in TEAM_WORDS else words
        if theirs != words and qualifier and theirs[: len(qualifier)] == qualifier:
            return True
        if len(theirs) > len(words) and theirs[-len(words) :] == words:
            return True
    return False
