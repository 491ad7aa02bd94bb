"""Verbs the structurer found that are no steps of the draft.

The structurer marks every action a sentence mentions (PET counts them all); a procedure
lists only the work to do. Three kinds are said without being work of their own: a verb
inside a warning or note ("make sure the amount matches"), a statement of what someone does
not do ("the bank does not refund fees"), and a time clause that recalls a step already
listed ("once the vendor is selected, ...").
"""

from __future__ import annotations

import re
from itertools import pairwise

from sopflow.capture.extraction import Activity, Extraction
from sopflow.capture.structure.lexicon import MOTION_VERBS
from sopflow.capture.wording import verb_phrase

_TIME_CLAUSE = re.compile(
    r"^\s*(?:after|once|when|whenever|as soon as|having|now that)\b", re.IGNORECASE
)
"""A clause opening that places its action in time rather than asking for it."""

_WORD = re.compile(r"[a-z]+")

_IMPERATIVE_OPENING = {"do", "don", "t", "not", "never", "please", "and", "then", "but", "so"}
"""Words an imperative may open with before its verb."""


def not_steps(ex: Extraction) -> set[int]:
    """Indices of the activities the draft leaves out of its flow."""
    found = _said_without_work(ex)
    opening = opening_trigger(ex, found)
    found |= {opening} if opening is not None else set()
    return found if len(found) < len(ex.activities) else found - {len(ex.activities) - 1}


def trigger_step(ex: Extraction) -> int | None:
    """The activity the process starts on, when it is no work of the process (see
    `opening_trigger`)."""
    return opening_trigger(ex, _said_without_work(ex))


def _said_without_work(ex: Extraction) -> set[int]:
    found = inside_notes(ex) | negated_statements(ex) | restatements(ex) | asides(ex)
    found |= received_messages(ex) | waiting_things(ex) | received_handovers(ex)
    found |= role_descriptions(ex) | awaited_things(ex) | moved_things(ex)
    found |= no_work(ex)
    return found | repeated_statements(ex, found)


_ROLE_STATEMENT = re.compile(
    r"\b(?:play(?:s|ed|ing)?|fulfil(?:l|s|ls|led)?)\b[^:]{0,30}\b(?:role|part)s?\b"
    r"|\bha(?:ve|s|d)\b[^:]{0,30}\broles?\b"
    r"|\b(?:act(?:s|ed)?|serve(?:s|d)?|function(?:s|ed)?) as\b",
    re.IGNORECASE,
)
"""A statement of what someone is: "brokers play a double role", "the broker acts as agent"."""


def role_descriptions(ex: Extraction) -> set[int]:
    """What a statement of someone's role lists after its colon ("Brokers play a double
    role: first they advise the seller, then they find a buyer"): what the role
    is, said once for the reader, not the steps of this process, which the text tells
    afterwards."""
    found: set[int] = set()
    for index, activity in enumerate(ex.activities):
        if activity.sentence >= len(ex.sentences):
            continue
        sentence = ex.sentences[activity.sentence]
        before = ex.text[sentence.start : activity.verb.start]
        colon = before.rfind(":")
        if colon >= 0 and _ROLE_STATEMENT.search(before[:colon]):
            found.add(index)
    return found


_TRIGGER_CLAUSE = re.compile(
    r"^\W*(?:when|whenever|every time|each time|as soon as)\b", re.IGNORECASE
)
"""A clause opening that says on what the process starts."""


def opening_trigger(ex: Extraction, dropped: set[int]) -> int | None:
    """The first step, when it is the time clause the text opens on ("When a tenant
    reports a leak, the caretaker books a plumber", "When a member joins the club, the
    clerk …"): the event the process starts on (the SOP's trigger, the start of the flow),
    not work of the process, even when its performer works on later (the member attends
    the course). "The process starts when a clerk registers the claim" names the first
    step of the process, which stays one."""
    kept = [i for i in range(len(ex.activities)) if i not in dropped]
    if len(kept) < 2:
        return None
    first, following = ex.activities[kept[0]], ex.activities[kept[1]]
    if first.actor is None:
        return None
    opening = ex.text[ex.sentences[first.sentence].start : first.verb.start]
    if following.sentence != first.sentence or not _TRIGGER_CLAUSE.match(opening):
        return None
    return None if re.search(r"[,;:]", opening) else kept[0]  # not "When …, | he reads it"


RECEIVING_VERBS = frozenset({"receive", "get", "obtain"})

MESSAGE_WORDS = frozenset(
    {"notice", "notification", "message", "email", "e-mail", "letter", "reminder"}
    | {"confirmation", "clearance", "call", "alert", "acknowledgement", "acknowledgment"}
)
"""Nouns of a message: being told something, not a thing to work on."""


def received_messages(ex: Extraction) -> set[int]:
    """Receiving a message ("receives a refusal letter in the post", "gets clearance from the
    board"): the sender's telling is the work; on the receiving side the process only
    learns of it, which a model draws as a message event, not a task. Receiving a thing
    to work on ("receives the invoice") stays a step, and so does a receipt that alone
    holds a part of the flow (`_holds_a_branch`)."""
    if len(ex.activities) < 2:
        return set()
    return {
        index
        for index, activity in enumerate(ex.activities)
        if activity.lemma.casefold() in RECEIVING_VERBS
        and _head(ex, activity) in MESSAGE_WORDS
        and not _holds_a_branch(ex, index)
    }


_CASE_SUBJECT = re.compile(r"\s*(?:the\s+|all\s+)?[a-z]+(?:ed|en)\s+[a-z]+\s*\Z", re.IGNORECASE)
"""A subject that names a case by its participle: "rejected applicants", "the approved
members"."""


def _holds_a_branch(ex: Extraction, index: int) -> bool:
    """A receipt said as work done beside other work ("at the same time, the member
    receives a letter"), or as what a case leads to ("rejected applicants receive a
    letter"): nothing else says that part of the flow."""
    if any(
        branch.activities == (index,)
        for gateway in ex.gateways
        if gateway.kind == "and"
        for branch in gateway.branches
    ):
        return True
    activity = ex.activities[index]
    sentence = ex.sentences[activity.sentence]
    opening = ex.text[sentence.start : activity.verb.start]
    return _CASE_SUBJECT.match(opening) is not None


HANDING_VERBS = frozenset(
    {"send", "forward", "pass", "hand", "give", "deliver", "submit", "mail", "post", "ship"}
    | {"transfer", "transmit", "return", "dispatch", "email", "e-mail", "fax", "bring"}
)
"""Verbs that hand a thing over: the other side of the handing is its receipt."""


def received_handovers(ex: Extraction) -> set[int]:
    """A time clause receiving what a step before handed over ("… mails the permit to the
    owner. Once the owner receives the permit, …", "… ships it to the depot. After
    receiving the crate, …"): the handover already holds it; a model draws one task. A
    receipt said as a step of its own ("the buyer receives the invoice") stays."""
    handed: set[str] = set()
    found: set[int] = set()
    for index, activity in enumerate(ex.activities):
        lemma, head = activity.lemma.casefold(), _head(ex, activity)
        opening = ex.text[_opening_start(ex, index) : activity.verb.start]
        if lemma in RECEIVING_VERBS and head in handed and _TIME_CLAUSE.match(opening):
            found.add(index)
        if lemma in HANDING_VERBS and head:
            handed.add(head)
    return found


ARRIVING_VERBS = frozenset({"arrive", "come"})
"""Verbs of a thing reaching the process: "once the parts arrive"."""


def awaited_things(ex: Extraction) -> set[int]:
    """A time clause about a thing reaching whoever works next ("Once the parts arrive, …",
    "When the goods are delivered, …", "after the payment is received, …", "once the form
    is returned and the fee is paid, …"): the process
    waits for it, nobody does it; drafted as a step it reads "Arrive." or "Deliver the
    goods." by whoever worked before. Said with its performer ("when the porter delivers
    the goods", "when the goods are delivered by the porter") it stays a step."""
    if len(ex.activities) < 2:
        return set()
    found: set[int] = set()
    for index, activity in enumerate(ex.activities):
        if activity.actor is not None or activity.narrator or activity.agent is not None:
            continue
        opening = ex.text[_opening_start(ex, index) : activity.verb.start]
        if not (_TIME_CLAUSE.match(opening) and _before_main(ex, index)):
            continue
        if activity.clause.start >= activity.verb.start:
            continue  # no subject said: "after returning to the desk" is the performer's
        lemma = activity.lemma.casefold()
        passive = bool(activity.objects) and activity.objects[0].start < activity.verb.start
        handed = passive and lemma in HANDING_VERBS | RECEIVING_VERBS
        if handed or (lemma in ARRIVING_VERBS and not activity.objects):
            found.add(index)
    return found


_AND_THEN_COMMA = re.compile(r"\s*(?:and|or)\b[^,.;:]*,")
"""The rest of a time clause of coordinated parts: "(once the form is signed) and the
fee is paid,"."""


def _before_main(ex: Extraction, index: int) -> bool:
    """The activity's clause ends its time clause: a comma follows, or a coordinated part
    nobody is said to do ("once the form is signed and the fee is paid, …": a state or
    another passive) leads to the comma."""
    end = ex.activities[index].clause.end
    if ex.text[end:].lstrip().startswith(","):
        return True
    rest = _AND_THEN_COMMA.match(ex.text, end)
    return rest is not None and not any(
        end <= other.verb.start < rest.end() and (other.actor is not None or other.narrator)
        for other in ex.activities
    )


WAITING_VERBS = frozenset({"wait", "await"})

FINISHING_VERBS = frozenset({"complete", "finish", "do", "conclude", "end"})

_ALL_THE_WORK = re.compile(
    r"\s*(?:all\s+(?:of\s+)?(?:this|that|these|those|it|the\s+above)|everything|it\s+all"
    r"|this\s+all|the\s+whole\s+(?:thing|lot))\s*\Z",
    re.IGNORECASE,
)
"""Words that sum up the work said before: "all of this", "everything"."""

_IN_SUM = re.compile(
    r"\b(?:in effect|in essence|in other words|that is to say|put differently)\b", re.IGNORECASE
)
"""Words that sum up what the work before amounts to: "thus they in effect vouch for it"."""

_LEFT_ALONE = re.compile(r"\A\w+(?:\s+\w+){1,3}\s+alone\b", re.IGNORECASE)


def left_alone(ex: Extraction, activity: Activity) -> bool:
    """ "(If not,) we leave him alone": nothing more is done for them; the branch ends there
    (`builder` counts the sentence as an end of the process)."""
    said = ex.text[activity.verb.start : activity.clause.end]
    return activity.lemma.casefold() == "leave" and bool(_LEFT_ALONE.match(said))


def no_work(ex: Extraction) -> set[int]:
    """Verbs that name no work of their own: finishing all the work said before ("all of
    this must be completed by noon", a deadline about the steps, not one more), leaving
    someone be (`left_alone`: the branch ends), what the work before
    amounts to ("in other words, they vouch for it"), what someone outside is expected to
    do (`_expected_of_an_outsider`) and a thing's being finished (`_finished_state`)."""
    if len(ex.activities) < 2:
        return set()
    found: set[int] = set()
    for index, activity in enumerate(ex.activities):
        lemma = activity.lemma.casefold()
        summed = lemma in FINISHING_VERBS and any(
            _ALL_THE_WORK.match(ex.text[o.start : o.end]) for o in activity.objects
        )
        left = left_alone(ex, activity)
        summary = bool(_IN_SUM.search(ex.text[activity.clause.start : activity.verb.start]))
        outside = _expected_of_an_outsider(ex, activity)
        if summed or left or summary or outside or _finished_state(ex, index):
            found.add(index)
    return found


_EXPECTED = re.compile(r"\b([a-z]+)\s+(?:is|are)\s+(?:expected|supposed)\s+to\s*\Z", re.IGNORECASE)


def _expected_of_an_outsider(ex: Extraction, activity: Activity) -> bool:
    """What someone doing no step of the flow is expected to do ("the tenant is expected
    to return the form within a week"): the process waits for it; a role of the flow
    expected to do something ("the clerk is expected to file it") does the step."""
    if activity.actor is not None or activity.narrator:
        return False
    said = _EXPECTED.search(ex.text[max(0, activity.verb.start - 60) : activity.verb.start])
    if said is None:
        return False
    name = said.group(1).casefold()
    roles = {i for i, actor in enumerate(ex.actors) if actor.name.casefold() == name}
    return bool(roles) and not any(a.actor in roles for a in ex.activities)


def _finished_state(ex: Extraction, index: int) -> bool:
    """A time clause saying a thing is finished ("once the report has been completed, …"):
    the state the work before ends in, which the flow reaches by going on; said of a
    performer ("when the painter has finished the wall") it stays their step."""
    activity = ex.activities[index]
    if activity.lemma.casefold() not in {"complete", "finish"}:
        return False
    if activity.actor is not None or activity.narrator or activity.agent is not None:
        return False
    opening = ex.text[_opening_start(ex, index) : activity.verb.start]
    said = _TIME_CLAUSE.match(opening)
    # "once completed, the draft is …": no thing said finished, the participle leads on
    return said is not None and bool(activity.objects)


def moved_things(ex: Extraction) -> set[int]:
    """A thing that moves to a role ("the request goes to the purchase team"): a handoff to
    that role, whose work follows; nobody's step. A thing moved by someone ("the form is
    returned to the tenant": a passive, its thing an object) is that someone's step."""
    return {
        index
        for index, activity in enumerate(ex.activities)
        if activity.lemma.casefold() in MOTION_VERBS
        and activity.recipient is not None
        and activity.actor is None
        and not activity.narrator
        and not activity.objects
    }


def waiting_things(ex: Extraction) -> set[int]:
    """A thing that waits ("the loan request is awaiting a signature", "the order
    waits for the stock"): a state of the case, not work; a role that waits may be a step."""
    if len(ex.activities) < 2:
        return set()
    return {
        index
        for index, activity in enumerate(ex.activities)
        if activity.lemma.casefold() in WAITING_VERBS
        and activity.actor is None
        and not activity.narrator
        and not _imperative(ex, activity)
    }


def asides(ex: Extraction) -> set[int]:
    """Verbs said on the way to a step: a purpose ("so that the times are minimized"), a
    means ("using the form"), other work recalled ("in addition to checking it") or awaited
    ("wait for the parts to be delivered"); see `structure.asides`."""
    return {index for index, activity in enumerate(ex.activities) if activity.aside}


def inside_notes(ex: Extraction) -> set[int]:
    """Verbs inside a warning or note ("make sure the amount matches") are not steps."""
    return {
        index
        for index, activity in enumerate(ex.activities)
        if activity.actor_mention is None
        and any(
            note.span.start <= activity.verb.start < note.span.end
            and note.span.start < activity.clause.start
            for note in ex.notes
        )
    }


def negated_statements(ex: Extraction) -> set[int]:
    """What someone is said not to do ("the clerk does not sign it", "I don't close it"):
    a statement about the process, not work. An imperative "do not …" is an instruction
    and stays, as does the only verb of a text."""
    if len(ex.activities) < 2:
        return set()
    return {
        index
        for index, activity in enumerate(ex.activities)
        if activity.negated and not _imperative(ex, activity)
    }


def _imperative(ex: Extraction, activity: Activity) -> bool:
    """The verb opens its clause with no subject: "don't close the ticket"."""
    if activity.actor_mention is not None:
        return False
    before = _WORD.findall(ex.text[activity.clause.start : activity.verb.start].casefold())
    return set(before) <= _IMPERATIVE_OPENING


def restatements(ex: Extraction) -> set[int]:
    """A time clause recalling a step listed before ("after the vendor is selected, …" once
    "selects a vendor" was said; "concurrently with packing the goods and shipping them, …"
    once both were said): the flow already holds that step."""
    seen: set[tuple[str, str]] = set()
    said: dict[str, set[str]] = {}  # each verb: every word of what it acted on
    recalled: set[int] = set()
    for index, activity in enumerate(ex.activities):
        key = (_verb(ex, activity), _head(ex, activity))
        opening = ex.text[_opening_start(ex, index) : activity.verb.start]
        time_clause = (
            key in seen
            and bool(key[1])
            and bool(_TIME_CLAUSE.match(opening))
            and (_before_main(ex, index) or _after_main(ex, index))
        )  # not "once it arrives, | it is packed"
        beside = key[1] in said.get(key[0], set()) and (
            bool(_BESIDE.search(ex.text[max(0, activity.verb.start - 40) : activity.verb.start]))
            or _in_series(ex, index, recalled, opening)
        )
        if time_clause or beside:
            recalled.add(index)
        seen.add(key)
        said.setdefault(key[0], set()).update(_words(ex, activity))
    return recalled


_AFTER_MAIN = re.compile(r"\s*(?:after|once|when)\b[^,;]*\Z", re.IGNORECASE)


def _after_main(ex: Extraction, index: int) -> bool:
    """A time clause said after the step it dates: "… receives a survey after the ticket is
    closed" (a main clause of the same sentence comes before it)."""
    activity = ex.activities[index]
    before = index and ex.activities[index - 1].sentence == activity.sentence
    start = ex.activities[index - 1].clause.end if before else activity.verb.start
    return bool(before) and _AFTER_MAIN.match(ex.text, start, activity.verb.start) is not None


def _in_series(ex: Extraction, index: int, recalled: set[int], opening: str) -> bool:
    """Joined by "and" to a recalled step of the same sentence: "… packing the goods | and
    shipping them"."""
    return (
        index - 1 in recalled
        and ex.activities[index - 1].sentence == ex.activities[index].sentence
        and opening.strip(" ,").casefold() in {"and", "or", ""}
    )


def _words(ex: Extraction, activity: Activity) -> set[str]:
    spans = [activity.referent] if activity.referent else list(activity.objects)
    return {word for span in spans if span for word in _WORD.findall(span.text(ex.text).casefold())}


_BESIDE = re.compile(
    r"\b(?:concurrently with|simultaneously with|in parallel (?:with|to)|at the same time as"
    r"|while)\s+$",
    re.IGNORECASE,
)
"""Words right before a gerund that set it beside a step: "concurrently with packing …"."""


def repeated_statements(ex: Extraction, dropped: set[int]) -> set[int]:
    """A sentence saying again the step the sentence before ended with ("the system sends
    a notification. In every case the system sends the user a notification."): one step,
    the one that says who does it ("the next step is a demo. It is given by sales"). Steps
    on different branches of a decision, or said "again", stay."""
    branch_of = {
        index: (g, b)
        for g, gateway in enumerate(ex.gateways)
        for b, branch in enumerate(gateway.branches)
        for index in branch.activities
    }
    kept = [i for i in range(len(ex.activities)) if i not in dropped]
    repeated: set[int] = set()
    for before, index in pairwise(kept):
        first, second = ex.activities[before], ex.activities[index]
        if (
            second.sentence == first.sentence + 1
            and _verb(ex, first) == _verb(ex, second)
            and _heads(ex, first) & _heads(ex, second)
            and branch_of.get(before) == branch_of.get(index)
            and not _AGAIN.search(second.clause.text(ex.text))
        ):
            unsaid = first.actor is None and not first.narrator and second.actor is not None
            repeated.add(before if unsaid else index)  # keep the one that says who does it
    return repeated


def _verb(ex: Extraction, activity: Activity) -> str:
    """The verb with its particle: "set up" and "set off" are two actions."""
    return verb_phrase(ex, activity).casefold()


def _heads(ex: Extraction, activity: Activity) -> set[str]:
    """The last words of everything the activity acts on."""
    spans = [activity.referent] if activity.referent else list(activity.objects)
    return {
        words[-1]
        for span in spans
        if span and (words := _WORD.findall(span.text(ex.text).casefold()))
    }


_AGAIN = re.compile(r"\b(?:again|once more|anew)\b", re.IGNORECASE)


def _opening_start(ex: Extraction, index: int) -> int:
    """Where the words leading to an activity's verb begin: its sentence's start, or the
    end of the activity before it in the same sentence."""
    activity = ex.activities[index]
    start = ex.sentences[activity.sentence].start if activity.sentence < len(ex.sentences) else 0
    if index and ex.activities[index - 1].sentence == activity.sentence:
        start = max(start, ex.activities[index - 1].clause.end)
    return min(start, activity.clause.start)


def _head(ex: Extraction, activity: Activity) -> str:
    """The last word of what the activity acts on (its first object, or what a pronoun
    stands for): "vendor" for "a different vendor"."""
    span = activity.referent or (activity.objects[0] if activity.objects else None)
    if span is None:
        return ""
    words = _WORD.findall(span.text(ex.text).casefold())
    return words[-1] if words else ""
