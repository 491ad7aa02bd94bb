"""The structurer's entry points: load a spaCy pipeline once, then structure texts with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.extraction import (
    Activity,
    Branch,
    Extraction,
    Gateway,
    GatewayKind,
    Note,
    Outcome,
    Span,
)
from sopflow.capture.structure.activities import Found, find_activities
from sopflow.capture.structure.actors import ActorIndex, is_actor
from sopflow.capture.structure.asides import aside
from sopflow.capture.structure.branches import group_markers
from sopflow.capture.structure.clauses import assign_clauses
from sopflow.capture.structure.flow import build_flow
from sopflow.capture.structure.gateways import Marker, condition_tokens, find_markers
from sopflow.capture.structure.inquiries import inquiry_tokens
from sopflow.capture.structure.introductions import introducing_verbs, introductions
from sopflow.capture.structure.misparses import (
    main_clause_after_condition,
    merge_letter_words,
    retag_initialisms,
    split_department_clauses,
)
from sopflow.capture.structure.nominal import fit_nominal_clauses, nominal_steps
from sopflow.capture.structure.notes import find_background, find_notes
from sopflow.capture.structure.orders import told_duty
from sopflow.capture.structure.performers import mark_performers
from sopflow.capture.structure.referents import resolve_referents
from sopflow.capture.structure.sentences import split_run_ons
from sopflow.capture.structure.side_by_side import each_thing_apart
from sopflow.capture.structure.subsets import with_subset_cases
from sopflow.capture.structure.tokens import (
    Sentences,
    coordinated_verb,
    span_of,
    verb_lemma,
    verb_prefix,
)
from sopflow.capture.structure.typos import repair_slips
from sopflow.errors import SopflowError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token


UNUSED_COMPONENTS = ["ner"]
"""Pipeline components the rules never read."""


def load_pipeline(name: str) -> Language:
    """Load the installed spaCy pipeline `name` (a package name or a folder); never downloads.

    The named-entity recogniser is left out: the rules do not need it and it costs a third
    of the parsing time.
    """
    import spacy

    try:
        return spacy.load(name, exclude=UNUSED_COMPONENTS)
    except OSError as error:
        raise SopflowError(
            f"spaCy pipeline {name!r} is not installed: install it as a package or set "
            "SOPFLOW_SPACY_MODEL to an installed pipeline's name or folder"
        ) from error


def parse(text: str | Doc, nlp: Language) -> Doc:
    """Parse text (or pre-tokenised words) and cut its run-on sentences at clause boundaries."""
    # spaCy refuses texts over max_length (1,000,000 characters) to guard the memory of its
    # named-entity recogniser, which sopflow leaves out; a day-long transcript is fine
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    doc = repair_slips(nlp(text), nlp)  # "It the stock is low, …": "If"
    merge_letter_words(doc)
    retag_initialisms(doc)
    doc = split_run_ons(doc, nlp)
    split_department_clauses(doc)
    main_clause_after_condition(doc)
    return doc


def structure(text: str, nlp: Language) -> Extraction:
    """Find actors, activities, gateways, flow and notes in text."""
    return structure_doc(parse(text, nlp))


def structure_doc(doc: Doc) -> Extraction:
    """Structure an already parsed text (the PET benchmark parses pre-tokenised words)."""
    text = doc.text  # spaCy joins the tokens on every access: read it once
    sentences = Sentences(doc)
    mark_performers(doc)
    markers = with_subset_cases(doc, sentences, find_markers(doc, sentences))
    background = find_background(doc)
    excluded = condition_tokens(markers) | inquiry_tokens(doc) | introducing_verbs(doc)
    excluded |= {t.i for part in background for t in part}
    found = find_activities(doc, excluded) + nominal_steps(doc, excluded)
    found = assign_clauses(sorted(found, key=lambda item: item.verb.i))
    fit_nominal_clauses(found)
    resolve_referents(found, sentences)
    actors = ActorIndex()
    for narrator, words in introductions(doc):
        actors.introduce(narrator, words)
    plans, groups = group_markers(markers, found, sentences)
    found, plans = each_thing_apart(found, plans, groups, sentences)  # "A and B in parallel"
    activities = [_activity(item, actors, sentences) for item in found]
    edges, joins, ends = build_flow([item.verb.i for item in found], plans)
    gateways = tuple(
        Gateway(
            kind=group[0].kind,
            sentence=group[0].sentence,
            branches=tuple(
                _branch(group[b] if b < len(group) else None, branch, text, group[0].kind)
                for b, branch in enumerate(plan.branches)
            ),
            join=joins[g],
        )
        for g, (group, plan) in enumerate(zip(groups, plans, strict=True))
    )
    notes = tuple(
        Note(
            kind=kind,
            span=Span(sentence.start_char, sentence.end_char),
            sentence=sentences.of(sentence[0]),
            activity=_activity_in(found, sentence.start, sentence.end),
        )
        for kind, sentence in find_notes(doc)
    )
    outcomes = tuple(Outcome(activity=a, label=_clause_text(found[a], text)) for a in ends)
    return Extraction(
        text=text,
        sentences=tuple(sentences.chars),
        actors=actors.actors(),
        activities=tuple(activities),
        gateways=gateways,
        flow=tuple(edges),
        notes=notes,
        outcomes=outcomes,
        background=tuple(Span(part.start_char, part.end_char) for part in background),
    )


def _activity(item: Found, actors: ActorIndex, sentences: Sentences) -> Activity:
    actor = actors.add(item.performer) if item.performer is not None else None
    if actor is None and item.narrator and item.performer is None:
        actor = actors.narrator()
    recipient = actors.add(item.recipient) if item.recipient is not None else None
    sender = actors.add(item.sender) if item.sender is not None else None
    return Activity(
        verb=span_of(item.words),
        sentence=sentences.of(item.verb),
        clause=_clause(item),
        actor=actor,
        actor_mention=actors.mention(item.performer) if item.performer is not None else None,
        narrator=item.narrator or (actor is not None and actors.is_narrator(actor)),
        objects=tuple(span_of(words) for words in item.objects),
        details=tuple(span_of(words) for words in item.details),
        recipient=recipient,
        recipient_mention=actors.mention(item.recipient) if item.recipient is not None else None,
        other_recipients=_other_recipients(item, actors),
        kind="handoff" if item.is_handoff else "step",
        negated=item.negated,
        lemma=item.lemma or "".join(t.lower_ for t in verb_prefix(item.verb)) + _lemma(item.verb),
        sender=sender,
        sender_mention=actors.mention(item.sender) if item.sender is not None else None,
        agent=span_of(item.agent) if item.agent else None,
        particle=span_of([item.particle]) if item.particle is not None else None,
        referent=span_of(item.referent) if item.referent else None,
        aside=aside(item.verb),
        told=item.performer is not None and told_duty(item.verb),
    )


def _other_recipients(item: Found, actors: ActorIndex) -> tuple[Span, ...]:
    """The roles said beside the recipient: "the store and the workshop are informed"."""
    if item.recipient is None:
        return ()
    others = [c for c in item.recipient.conjuncts if c.i > item.recipient.i and is_actor(c)]
    for other in others:
        actors.add(other)
    return tuple(actors.mention(other) for other in others)


def _lemma(verb: Token) -> str:
    """The verb's dictionary form; "notifies" read as a noun still gives "notify"."""
    misread = verb.tag_ in {"NNS", "NNPS"} or coordinated_verb(verb)  # "the clerk checks"
    return verb_lemma(verb.text) if misread else verb.lemma_.lower()


def _clause(item: Found) -> Span:
    """The verb's clause without the clauses coordinated or subordinated to it."""
    return span_of(item.clause or [item.verb])


def _clause_text(item: Found, text: str) -> str:
    return _clause(item).text(text)


def _activity_in(found: list[Found], start: int, end: int) -> int | None:
    for index, item in enumerate(found):
        if start <= item.verb.i < end:
            return index
    return None


def _branch(marker: Marker | None, activities: list[int], text: str, kind: GatewayKind) -> Branch:
    if marker is None:  # the second branch of "A or B" / "while A, B" has no marker of its own
        label = "or" if kind == "xor" else "meanwhile"
        return Branch(marker=None, condition=None, activities=tuple(activities), label=label)
    condition = span_of(marker.condition) if marker.condition else None
    label = condition.text(text) if condition else " ".join(t.text for t in marker.words).lower()
    return Branch(
        marker=span_of(marker.words),
        condition=condition,
        activities=tuple(activities),
        label=marker.label or label,
        question=marker.question,
    )
