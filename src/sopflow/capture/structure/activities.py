"""Steps: the verbs that name an action, with who performs it, on what, how and for whom.

Works on spaCy's dependency parse: third-person descriptions ("the clerk checks the
invoice"), narration ("then I send it"), imperatives ("click Save"), passives ("the claim is
checked by the clerk") and coordination ("checks and files the invoice").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sopflow.capture.structure.about import (
    about_the_process,
    comes_together,
    names_the_work,
    purpose_child,
    sets_the_work,
    work_without_name,
)
from sopflow.capture.structure.actors import is_actor
from sopflow.capture.structure.awaiting import received
from sopflow.capture.structure.lexicon import (
    COMMUNICATION_VERBS,
    DETAIL_PREPOSITIONS,
    KEEP_ALONE,
    LIGHT_VERBS,
    NON_PROCESS_VERBS,
    NOT_MANNER_ADVERBS,
    OBJECT_PREPOSITIONS_OF_VERBS,
    PLACE_PREPOSITIONS,
    TRANSFER_VERBS,
)
from sopflow.capture.structure.misparses import (
    compound_object,
    misparsed_verb,
    misread_objects,
    misread_root,
    named_role,
    noun_read_as_verb,
    relative_pronoun,
    role_read_as_verb,
)
from sopflow.capture.structure.orders import ordered_performer
from sopflow.capture.structure.passives import (
    agent_words,
    gapped_conjunct,
    gapped_passive,
    is_passive,
    passive_agent,
    place_read_as_particle,
    shared_passive,
    subject_acted_on,
)
from sopflow.capture.structure.tokens import (
    PARTICLES,
    asked_which,
    coordinated_objects,
    coordinated_verb,
    depictive_participle,
    is_prefix,
    noun_phrase,
    participle_read_as_verb,
    phrase_run,
    prefixed_participle,
    verb_prefix,
    wanted_by_whom,
)
from sopflow.capture.structure.transfers import given, moved_to, sender, transfer_target
from sopflow.capture.structure.verb_frames import (
    goes_somewhere,
    lets_know,
    phrasal,
    prepositional,
    raised_subject,
    sent_by,
    told_by_let,
    with_absolute,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CLAUSE_ROLES = frozenset({"ROOT", "conj", "advcl", "xcomp", "ccomp", "relcl", "pcomp", "csubj"})
"""Dependency roles of verbs that head a clause of their own."""


@dataclass
class Found:
    """An activity as tokens, before it becomes character spans."""

    verb: Token
    words: list[Token]
    performer: Token | None = None
    narrator: bool = False
    objects: list[list[Token]] = field(default_factory=list)
    details: list[list[Token]] = field(default_factory=list)
    recipient: Token | None = None
    sender: Token | None = None
    negated: bool = False
    agent: list[Token] = field(default_factory=list)
    """A passive's "by X" phrase."""
    particle: Token | None = None
    """A particle apart from the verb: "hand the form in"."""
    referent: list[Token] = field(default_factory=list)
    """What a pronoun object or a missing object stands for (see `referents`)."""
    clause: list[Token] = field(default_factory=list)
    """The words of a step whose verb is said once for several ("click A, then B"): "then B"."""
    lemma: str = ""
    """The verb of a step said as a noun ("the creation of a quote": "create"); see `nominal`."""

    @property
    def is_handoff(self) -> bool:
        """Work passes to someone else: "send it to the manager"."""
        return self.recipient is not None and self.verb.lemma_.lower() in TRANSFER_VERBS


def _governs_verb(verb: Token) -> bool:
    return any(c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} for c in verb.children)


def _is_purpose(verb: Token) -> bool:
    """An infinitive of purpose: "(in order) to reserve more rooms"; not the work an order
    gives someone ("gives a task to the porter to carry the bags"), nor the work a task is
    performed for."""
    return (
        ordered_performer(verb) is None
        and not (verb.dep_ in {"advcl", "xcomp"} and work_without_name(verb.head))
        and verb.dep_ in {"advcl", "relcl", "acl"}
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
        and not any(c.dep_ == "auxpass" for c in verb.children)
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
    )


def _loose_clause(verb: Token) -> bool:
    """A clause the parser hung on another loosely: "I open the console, then click Save"
    ("click" as a plain dependent with its own object)."""
    return verb.dep_ == "dep" and verb.is_lower and _has_object(verb)


def is_activity_verb(verb: Token, excluded: set[int]) -> bool:
    """Whether verb names a step of the process."""
    if verb.i in excluded:
        return False
    if misparsed_verb(verb) is not None or coordinated_verb(verb) or misread_root(verb):
        return True
    if prefixed_participle(verb):
        return True
    if role_read_as_verb(verb) is not None or noun_read_as_verb(verb):
        return False  # "the team lead | signs the form": "lead" names the role
    if verb.pos_ == "VERB" and role_read_as_verb(verb.head) is not None:
        return True
    if verb.pos_ != "VERB" or is_prefix(verb) or participle_read_as_verb(verb):
        return False
    if depictive_participle(verb) or wanted_by_whom(verb):
        return False
    if verb.dep_ not in CLAUSE_ROLES and not _loose_clause(verb):
        return verb.dep_ == "acl" and (ordered_performer(verb) is not None or gapped_passive(verb))
    lemma = verb.lemma_.lower()
    if lets_know(verb):
        return True
    if lemma in LIGHT_VERBS and _governs_verb(verb):
        return False
    if lemma in NON_PROCESS_VERBS and not (
        (lemma in KEEP_ALONE and (_has_object(verb) or any(map(asked_which, verb.children))))
        or phrasal(verb)
        or goes_somewhere(verb)
        or sent_by(verb) is not None
        or prepositional(verb)
    ):
        return False
    if _is_purpose(verb) or (work_without_name(verb) and purpose_child(verb)):
        return False
    if verb.dep_ == "conj" and names_the_work(verb.head):
        return False  # said in the one task with the first verb
    if sets_the_work(verb):
        return False  # "the board meets | and votes on the plan"
    if about_the_process(verb):
        return False
    if verb.dep_ == "relcl":  # "the clerk who files it", "a fix, which the team installs"
        subject = _child(verb, "nsubj")
        if (
            subject is not None
            and is_actor(subject)
            and relative_pronoun(verb) not in {None, subject}
        ):
            return True
        return (subject is not None and subject.lower_ == "who") or is_actor(verb.head)
    if verb.dep_ == "ccomp":
        subject = _child(verb, "nsubj") or _stranded_subject(verb)
        if subject is None and _before_semicolon(verb):
            return True  # "the contract is confirmed; if not, …": a clause of its own
        return subject is not None and is_actor(subject) and not asked_which(verb)
    return True


def _before_semicolon(verb: Token) -> bool:
    """A passive the parser hung on the verb after a semicolon, as if that verb said it:
    the semicolon ends the clause, so it is a step of its own."""
    head = verb.head
    return (
        verb.i < head.i
        and _child(verb, "nsubjpass") is not None
        and any(t.text == ";" and t.head.i == head.i for t in verb.doc[verb.i + 1 : head.i])
    )


def purpose_clauses(doc: Doc) -> set[int]:
    """Tokens inside infinitives of purpose: their verbs detail a step, they are not steps."""
    inside: set[int] = set()
    for token in doc:
        if token.pos_ in {"VERB", "AUX"} and _is_purpose(token):
            inside.update(t.i for t in token.subtree)
    return inside


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in {"dobj", "nsubjpass"} for c in verb.children)


def _child(verb: Token, *deps: str) -> Token | None:
    for child in verb.children:
        if child.dep_ in deps:
            return child
    return None


def _performer(verb: Token, seen: int = 0) -> tuple[Token | None, bool]:
    """Who performs verb: its subject, a passive's agent, or the subject it shares."""
    if seen > 5:
        return None, False
    subject = misparsed_verb(verb) or _compound_subject(verb) or ordered_performer(verb)
    subject = subject or role_read_as_verb(verb.head)  # "the team lead | signs"
    if subject is not None:
        return subject, False
    shared = passive_agent(verb) if shared_passive(verb) else None
    if shared is not None:
        return _child(shared, "pobj"), False  # "… recorded by the clerk and checked by me"
    if coordinated_verb(verb):
        return _performer(verb.head.head, seen + 1)  # "receives the claim and checks."
    if verb.dep_ == "conj" and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
        return _performer(verb.head.head, seen + 1)  # "approves the request or forwards it"
    if is_passive(verb) or gapped_passive(verb) or gapped_conjunct(verb):
        agent = passive_agent(verb)
        return (_child(agent, "pobj") if agent is not None else None), False
    subject = _nearest_subject(verb) or _stranded_subject(verb)
    if subject is not None and subject.tag_ == "WDT" and verb.dep_ == "relcl":
        return verb.head, False  # "the department that selects a vendor"
    if subject is not None:
        return subject, subject.lower_ in {"i", "we", "you"}
    if verb.dep_ in {"conj", "xcomp"} and (
        verb.head.pos_ in {"VERB", "AUX"} or misparsed_verb(verb.head) is not None
    ):
        return _performer(verb.head, seen + 1)
    if verb.dep_ == "ROOT" and verb.tag_ == "VB" and not _child(verb, "aux"):
        return None, True  # an imperative: the reader performs it
    above = _clause_above(verb) if verb.dep_ == "pcomp" else None
    if above is not None:
        return _performer(above, seen + 1)  # "the team that is in charge of | booking it"
    return None, False


def _clause_above(verb: Token) -> Token | None:
    """The verb a gerund's preposition phrase hangs on: "(is in charge) of booking"."""
    token = verb.head
    for _ in range(4):
        if token.pos_ in {"VERB", "AUX"}:
            return token
        if token.dep_ not in {"prep", "pobj", "attr", "acomp", "dobj"} or token.head is token:
            return None
        token = token.head
    return None


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's subject; of two, the one right before it ("if the customer paid by card,
    billing sends …" read with both subjects on "sends")."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else next(iter(subjects), None)


def _compound_subject(verb: Token) -> Token | None:
    """A subject the parser read as a compound of the verb, or as its adjective after "the":
    "The customer emails the team", "The mechanic repairs the car"."""
    if verb.pos_ != "VERB" or _child(verb, "nsubj", "nsubjpass"):
        return None
    before = next(
        (c for c in verb.lefts if c.dep_ in {"compound", "amod"} and c.i == verb.i - 1), None
    )
    return before if before is not None and is_actor(before) else None


def _stranded_subject(verb: Token) -> Token | None:
    """A subject the parser attached to the previous object: "… or the CA confirms it"."""
    if verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if before.dep_ == "advmod" and verb.i > 1:
        before = verb.doc[verb.i - 2]
    if before.dep_ == "conj" and before.pos_ in {"NOUN", "PROPN"} and is_actor(before):
        return before
    return None


def _verb_words(verb: Token) -> list[Token]:
    """The verb and an adjacent particle ("send back", "fill in"), or its split-off prefix."""
    words = [*verb_prefix(verb), verb]
    place = place_read_as_particle(verb)
    for child in verb.rights:
        adjacent = child.i == words[-1].i + 1
        if (
            adjacent
            and (place is None or child.i != place.i)
            and (child.dep_ == "prt" or (child.dep_ == "advmod" and child.lower_ in PARTICLES))
        ):
            words.append(child)
    if names_the_work(verb):  # "a job is carried out to sort and stamp the mail": one job
        last = max((c for c in verb.children if c.dep_ == "conj"), key=lambda c: c.i, default=None)
        if last is not None and last.pos_ == "VERB":
            words = [t for t in verb.doc[words[0].i : last.i + 1] if t.dep_ != "punct"]
    return words


def _detached_particle(verb: Token, words: list[Token]) -> Token | None:
    """A particle after the object ("hand the form in", "send the money back")."""
    return next(
        (
            c
            for c in verb.rights
            if (c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in PARTICLES))
            and c not in words
            and c.i > verb.i + 1
        ),
        None,
    )


def _objects(verb: Token) -> list[Token]:
    """What the verb acts on: its object, a passive's subject, or a prepositional object
    right after it ("click on Payments", "look for conflicts", "ask for corrections")."""
    misread = [t.i for d in verb.children if d.dep_ == "dobj" for t in d.children]
    misread = [i for i in misread if coordinated_verb(verb.doc[i])]
    heads = [  # an object after a verb read as a noun is that verb's (`coordinated_objects`)
        c
        for c in verb.children
        if c.dep_ in {"dobj", "nsubjpass"} and not any(i < c.i for i in misread)
    ]
    if any(c.i > verb.i for c in heads):  # "(tells them) that they restart the work"
        heads = [c for c in heads if not (c.i < verb.i and c.lower_ == "that")]
    if place_read_as_particle(verb) is not None:  # "(is printed and) put in an envelope"
        heads = [c for c in heads if c.dep_ != "dobj"]
    heads += [verb.head] if gapped_passive(verb) else []
    heads += [o for o in [subject_acted_on(verb) or sent_by(verb)] if o is not None]
    heads += [o for o in [compound_object(verb)] if o is not None]  # "the clerk orders | parts"
    heads += misread_objects(verb)  # "the clerk unpacks | each parcel" read as apposition
    heads += coordinated_objects(verb)  # "refunds the payment and notifies | the customer"
    heads += [o for c in verb.children if c.dep_ == "prt" for o in c.children if o.dep_ == "pobj"]
    heads += (
        [c for c in verb.head.children if c.dep_ == "nsubj"] if prefixed_participle(verb) else []
    )
    heads += _described_object(verb) if not heads else []
    heads += with_absolute(verb) if not heads else []
    heads += told_by_let(verb) if not heads else []
    heads += raised_subject(verb) if not heads else []
    if heads:
        return heads  # the last ones: "look up the order" read as a particle's object
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ in OBJECT_PREPOSITIONS_OF_VERBS:
            pobj = _child(child, "pobj")
            if pobj is not None and child.i <= max(t.i for t in _verb_words(verb)) + 1:
                return [pobj]
    return []


def _described_object(verb: Token) -> list[Token]:
    """The object the parser took for the subject of a participle after it: "files the
    form requested" read as "files | (that) the form requested"."""
    for clause in verb.rights:
        if clause.dep_ != "ccomp" or clause.tag_ != "VBN":
            continue
        if any(c.dep_ in {"aux", "auxpass", "mark", "dobj"} for c in clause.children):
            continue
        subject = _child(clause, "nsubj")
        if subject is not None and subject.pos_ == "NOUN" and subject.i == clause.i - 1:
            return [subject]
    return []


def _details(verb: Token, skip: set[int]) -> list[list[Token]]:
    found: list[list[Token]] = []
    for child in verb.rights:
        if child.i in skip:
            continue
        lower = child.lower_
        if child.dep_ == "prep" and lower in DETAIL_PREPOSITIONS and _child(child, "pobj"):
            found.append(list(child.subtree))
        elif (
            child.dep_ == "advmod"
            and lower.endswith("ly")
            and lower not in NOT_MANNER_ADVERBS
            and child.i > verb.i
        ):
            found.append([child])
        elif child.dep_ == "advcl" and _is_purpose(child):
            found.append(phrase_run(child, list(child.subtree)))
        elif child.dep_ == "dobj":
            for clause in child.rights:
                if clause.dep_ in {"relcl", "acl"} and _is_purpose(clause):
                    found.append(phrase_run(clause, list(clause.subtree)))
                elif _place_on_object(clause) and clause.i not in skip:
                    found.append(list(clause.subtree))  # "open the record in Stripe"
    found += [[adverb] for adverb in verb.lefts if _manner_before(verb, adverb)]
    return [words for words in found if words]


def _manner_before(verb: Token, adverb: Token) -> bool:
    """A manner adverb said between the subject and the verb ("the clerk manually enters
    the hours"): part of how the step is done, said after it in the instruction."""
    lower = adverb.lower_
    if adverb.dep_ != "advmod" or not lower.endswith("ly") or lower in NOT_MANNER_ADVERBS:
        return False
    between = verb.doc[adverb.i + 1 : verb.i]
    subject = _child(verb, "nsubj", "nsubjpass")
    before = verb.doc[adverb.i - 1] if adverb.i > 0 else None
    stranded = subject is None and before is not None and before.pos_ in {"NOUN", "PROPN", "PRON"}
    after_subject = stranded or (subject is not None and subject.i < adverb.i)
    return after_subject and all(t.dep_ in {"aux", "auxpass", "neg"} for t in between)


def _place_on_object(prep: Token) -> bool:
    """A where/how phrase the parser hung on the object rather than on the verb."""
    return (
        prep.dep_ == "prep"
        and prep.lower_ in PLACE_PREPOSITIONS
        and _child(prep, "pobj") is not None
    )


def find_activities(doc: Doc, excluded: set[int]) -> list[Found]:
    """Every activity in doc, in text order; tokens in excluded (conditions) are skipped."""
    found: list[Found] = []
    excluded = excluded | purpose_clauses(doc)
    for verb in doc:
        if not is_activity_verb(verb, excluded):
            continue
        performer, narrator = _performer(verb)
        if performer is not None and not is_actor(performer) and not named_role(performer):
            performer = None
        activity = Found(verb=verb, words=_verb_words(verb), performer=performer, narrator=narrator)
        activity.negated = any(c.dep_ == "neg" for c in verb.children)
        activity.lemma = "send" if sent_by(verb) is not None else ""  # "parcels go by post"
        lemma = verb.lemma_.lower()
        skip: set[int] = {verb.i}  # not the verb in its object: "the clerk orders | parts"
        if lemma in TRANSFER_VERBS:
            target, prep = transfer_target(verb)
            if target is not None and prep is not None:
                activity.recipient = target
                skip.add(prep.i)
        moved, prep = moved_to(verb)
        if moved is not None and prep is not None:
            activity.recipient = moved
            skip.add(prep.i)
        for head in _objects(verb):
            if head.dep_ == "pobj":
                skip.add(head.head.i)  # "click on Payments": the preposition is not a detail
            if is_actor(head) and (lemma in COMMUNICATION_VERBS or given(head, lemma)):
                activity.recipient = head  # "the tenant is given a key": the tenant gets it
            else:
                activity.objects.append(noun_phrase(head, frozenset(skip)))
        activity.sender = sender(verb)
        passive = is_passive(verb) or gapped_passive(verb) or shared_passive(verb)
        passive = passive or gapped_conjunct(verb)
        agent = passive_agent(verb) if passive else _child(verb, "agent")
        if agent is not None:
            skip.add(agent.i)
            activity.agent = agent_words(agent) if passive else []
        activity.particle = _detached_particle(verb, activity.words)
        activity.details = _details(verb, skip)
        received(activity)  # "waits for the parts to be delivered"
        found.append(activity)
    _share_objects(found)
    return found


def _share_objects(found: list[Found]) -> None:
    """In "checks and files the invoice" both verbs act on the invoice."""
    by_verb = {activity.verb.i: activity for activity in found}
    for activity in found:
        if activity.objects or comes_together(activity.verb):
            continue  # "the board meets and the chair reads the plan": nothing met
        for child in activity.verb.children:
            other = by_verb.get(child.i)
            if child.dep_ == "conj" and other is not None and other.objects:
                if not is_passive(other.verb) and not is_passive(activity.verb):
                    activity.objects = list(other.objects)
                break
