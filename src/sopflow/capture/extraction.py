"""What the structurer finds in a cleaned transcript: the frozen types of its output.

Every element carries character spans into the text that was structured, so the document
builder can map each one back to the original transcript and its time range (provenance).
Indices between elements (an activity's actor, a gateway's branches) point into the tuples of
one `Extraction`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.language import Language

ActorKind = Literal["person", "team", "system"]
ActivityKind = Literal["step", "handoff"]
GatewayKind = Literal["xor", "and"]
NoteKind = Literal["warning", "note", "expected", "reference"]
NodeKind = Literal["activity", "gateway"]


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range [start, end) in the structured text."""

    start: int
    end: int

    def text(self, source: str) -> str:
        """The characters this span covers in source."""
        return source[self.start : self.end]


@dataclass(frozen=True)
class Actor:
    """A role, team or system, with every mention that refers to it (merged by coreference)."""

    name: str
    """Canonical name: the most specific mention without its determiner ("support agent")."""
    kind: ActorKind
    mentions: tuple[Span, ...]
    """Every mention in text order: "the support agent", "the agent", "she"."""
    narrator: bool = False
    """True for the speaker or the reader: "I", "we", "you" and the subject of imperatives."""
    named: bool = False
    """A person's name ("Mr Smith", "call Anna"): someone the work involves, not a role."""
    role: str | None = None
    """For the narrator: the role the text gives them ("I am the office manager": "office
    manager"), None when it gives none."""
    role_mention: Span | None = None
    """Where the text gives the narrator that role."""
    role_kind: ActorKind = "person"


@dataclass(frozen=True)
class Note:
    """A warning, note, expected result or reference to another procedure."""

    kind: NoteKind
    span: Span
    """The whole clause that carries it: "make sure the amount matches"."""
    sentence: int
    activity: int | None = None
    """The activity it belongs to, when there is one."""


@dataclass(frozen=True)
class Activity:
    """One action by one performer: the main verb, its object, manner and tool."""

    verb: Span
    """The verb alone ("checks", "click"); the PET Activity mention."""
    sentence: int
    clause: Span
    """The whole clause, for the step's instruction text and provenance."""
    actor: int | None = None
    """Index into `Extraction.actors` of who performs it, None when unknown."""
    actor_mention: Span | None = None
    """The mention of the performer that governs this activity, when explicit."""
    narrator: bool = False
    """Performed by the speaker/reader: "I click", "we send", "you open", "click Save"."""
    objects: tuple[Span, ...] = ()
    """What it acts on ("the invoice"): PET Activity Data."""
    details: tuple[Span, ...] = ()
    """Manner or tool ("in Stripe", "by e-mail"): PET Further Specification."""
    recipient: int | None = None
    """Index into `Extraction.actors` of who receives the work ("send it to the manager")."""
    recipient_mention: Span | None = None
    other_recipients: tuple[Span, ...] = ()
    """The others it goes to as well: "the workshop" of "the store and the workshop are
    informed" (the handoff goes to the first)."""
    kind: ActivityKind = "step"
    negated: bool = False
    lemma: str = ""
    """The verb's lemma ("check"), for instruction text in the imperative."""
    sender: int | None = None
    """Index into `Extraction.actors` of who the work comes from ("receive it from the bank")."""
    sender_mention: Span | None = None
    agent: Span | None = None
    """A passive's "by the supervisor": the performer, left out of the instruction."""
    particle: Span | None = None
    """A particle said apart from its verb ("hand the form in"): it goes back beside the verb."""
    referent: Span | None = None
    """What a pronoun object ("check it") or a missing one ("… and checks.") stands for: the
    nearest earlier noun phrase that fits ("the claim")."""
    told: bool = False
    """Said as what its performer is told to do ("tells the clerk that she must sign"): the
    one told does this step, and no step around it for that."""
    aside: str = ""
    """Why the verb is said without being asked for, "" when it is work: "purpose" ("so
    that the times are minimized"), "means" ("using the form"), "alongside" ("in addition
    to checking it"), "reported" ("informs the chef that the order is ready"), "modifier" ("the
    sample ordered by the doctor"), "awaited" ("wait for the parts to be delivered")."""


@dataclass(frozen=True)
class Branch:
    """One branch of a gateway: its marker, its condition, and the activities on it."""

    marker: Span | None
    """"If", "otherwise", "in case of", "in the meantime"; None for an implicit branch."""
    condition: Span | None
    """The condition text ("the claim is OK"); None for "otherwise" and parallel branches."""
    activities: tuple[int, ...]
    """Indices into `Extraction.activities`, in order."""
    label: str = ""
    """A short option label: "yes", "no", the condition, or "otherwise"."""
    question: str = ""
    """The question of a case named by its subject ("Urgent requests are passed on"), made
    from its modifier: "Is the request urgent or routine?"; "" for any other branch."""


@dataclass(frozen=True)
class Gateway:
    """A decision (XOR) or a parallel split (AND), with its branches and where they join."""

    kind: GatewayKind
    sentence: int
    branches: tuple[Branch, ...]
    join: int | None = None
    """Index of the first activity after the branches join again, None when the flow ends."""


@dataclass(frozen=True)
class Node:
    """An end of a flow edge: an activity or a gateway branch marker."""

    kind: NodeKind
    index: int
    branch: int = 0
    """For gateways: which branch's marker (0 for the first)."""


@dataclass(frozen=True)
class Edge:
    """Order between two nodes: source happens before target."""

    source: Node
    target: Node


@dataclass(frozen=True)
class Outcome:
    """A candidate end of the flow: the last activity of a branch or of the text."""

    activity: int
    label: str


@dataclass(frozen=True)
class Extraction:
    """Everything the structurer found in one text."""

    text: str
    sentences: tuple[Span, ...]
    actors: tuple[Actor, ...]
    activities: tuple[Activity, ...]
    gateways: tuple[Gateway, ...]
    flow: tuple[Edge, ...]
    notes: tuple[Note, ...]
    outcomes: tuple[Outcome, ...] = ()
    background: tuple[Span, ...] = ()
    """Sentences about the process rather than steps of it ("the procedure can be outlined
    as follows", "auditors act as reviewers"): material for the SOP's purpose or scope."""

    def sentence_at(self, at: int) -> int:
        """The number of the sentence that holds text offset at (the last one past the end)."""
        for number, span in enumerate(self.sentences):
            if span.start <= at < span.end:
                return number
        return len(self.sentences) - 1


def load_pipeline(name: str) -> Language:
    """Load an installed spaCy pipeline by name or path; never downloads one."""
    from sopflow.capture.structure.pipeline import load_pipeline as load

    return load(name)


def structure(text: str, nlp: Language) -> Extraction:
    """Find actors, activities, gateways, flow and notes in text with the pipeline nlp."""
    from sopflow.capture.structure.pipeline import structure as run

    return run(text, nlp)
