"""The structurer's entry points: load a spaCy pipeline once, then structure texts with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.extraction import (
    Activity,
    Branch,
    Extraction,
    Gateway,
    Note,
    Outcome,
    Span,
)
from sopflow.capture.structure.activities import Found, find_activities
from sopflow.capture.structure.actors import ActorIndex
from sopflow.capture.structure.flow import GatewayPlan, build_flow
from sopflow.capture.structure.gateways import Marker, condition_tokens, find_markers
from sopflow.capture.structure.notes import find_notes
from sopflow.capture.structure.tokens import span_of
from sopflow.errors import SopflowError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def load_pipeline(name: str) -> Language:
    """Load the installed spaCy pipeline `name` (a package name or a folder); never downloads."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as error:
        raise SopflowError(
            f"spaCy pipeline {name!r} is not installed: install it as a package or set "
            "SOPFLOW_SPACY_MODEL to an installed pipeline's name or folder"
        ) from error


def structure(text: str, nlp: Language) -> Extraction:
    """Find actors, activities, gateways, flow and notes in text."""
    return structure_doc(nlp(text))


def structure_doc(doc: Doc) -> Extraction:
    """Structure an already parsed text (the PET benchmark parses pre-tokenised words)."""
    sentence_of = {}
    sentences: list[Span] = []
    for number, sentence in enumerate(doc.sents):
        sentences.append(Span(sentence.start_char, sentence.end_char))
        for token in sentence:
            sentence_of[token.i] = number
    markers = find_markers(doc)
    found = find_activities(doc, condition_tokens(markers))
    actors = ActorIndex()
    activities = [_activity(item, actors, sentence_of) for item in found]
    plans, groups = _gateways(markers, found, doc)
    edges, joins, ends = build_flow([item.verb.i for item in found], plans)
    gateways = tuple(
        Gateway(
            kind=group[0].kind,
            sentence=sentence_of[group[0].start],
            branches=tuple(
                _branch(marker, plan.branches[b], doc.text) for b, marker in enumerate(group)
            ),
            join=joins[g],
        )
        for g, (group, plan) in enumerate(zip(groups, plans, strict=True))
    )
    notes = tuple(
        Note(
            kind=kind,
            span=Span(sentence.start_char, sentence.end_char),
            sentence=sentence_of[sentence.start],
            activity=_activity_in(found, sentence.start, sentence.end),
        )
        for kind, sentence in find_notes(doc)
    )
    outcomes = tuple(Outcome(activity=a, label=_clause_text(found[a], doc.text)) for a in ends)
    return Extraction(
        text=doc.text,
        sentences=tuple(sentences),
        actors=actors.actors(),
        activities=tuple(activities),
        gateways=gateways,
        flow=tuple(edges),
        notes=notes,
        outcomes=outcomes,
    )


def _activity(item: Found, actors: ActorIndex, sentence_of: dict[int, int]) -> Activity:
    actor = actors.add(item.performer) if item.performer is not None else None
    if actor is None and item.narrator:
        actor = actors.narrator()
    recipient = actors.add(item.recipient) if item.recipient is not None else None
    return Activity(
        verb=span_of(item.words),
        sentence=sentence_of[item.verb.i],
        clause=_clause(item),
        actor=actor,
        actor_mention=actors.mention(item.performer) if item.performer is not None else None,
        narrator=item.narrator or (actor is not None and actors.is_narrator(actor)),
        objects=tuple(span_of(words) for words in item.objects),
        details=tuple(span_of(words) for words in item.details),
        recipient=recipient,
        recipient_mention=actors.mention(item.recipient) if item.recipient is not None else None,
        kind="handoff" if item.is_handoff else "step",
        negated=item.negated,
        lemma=item.verb.lemma_.lower(),
    )


def _clause(item: Found) -> Span:
    """The verb's clause without the clauses coordinated or subordinated to it."""
    cut = {"conj", "advcl", "relcl", "ccomp", "parataxis", "cc", "punct", "mark"}
    words = [item.verb]
    for child in item.verb.children:
        if child.dep_ not in cut:
            words.extend(child.subtree)
    words.sort(key=lambda t: t.i)
    return span_of(words)


def _clause_text(item: Found, text: str) -> str:
    return _clause(item).text(text)


def _activity_in(found: list[Found], start: int, end: int) -> int | None:
    for index, item in enumerate(found):
        if start <= item.verb.i < end:
            return index
    return None


def _gateways(
    markers: list[Marker], found: list[Found], doc: Doc
) -> tuple[list[GatewayPlan], list[list[Marker]]]:
    """Group markers into gateways and find the activities on each branch."""
    groups: list[list[Marker]] = []
    claimed: set[int] = set()
    branches: list[list[list[int]]] = []
    for marker in markers:
        branch = [a for a in _branch_activities(marker, found) if a not in claimed]
        joins_previous = (
            groups
            and marker.kind == "xor"
            and groups[-1][0].kind == "xor"
            and (not marker.opens or _follows(groups[-1], branches[-1], marker, found))
        )
        if joins_previous:
            groups[-1].append(marker)
            branches[-1].append(branch)
        else:
            groups.append([marker])
            branches.append([branch])
        claimed.update(branch)
    plans = [
        GatewayPlan(start=group[0].start, branches=group_branches)
        for group, group_branches in zip(groups, branches, strict=True)
    ]
    return plans, groups


def _follows(
    group: list[Marker], branches: list[list[int]], marker: Marker, found: list[Found]
) -> bool:
    """Whether marker continues the gateway: no step outside its branches lies between."""
    last = max([m.words[-1].i for m in group] + [found[a].verb.i for b in branches for a in b])
    on_branch = {a for b in branches for a in b}
    between = [
        a
        for a, item in enumerate(found)
        if last < item.verb.i < marker.start and a not in on_branch
    ]
    sentence_gap = marker.sentence.sent.start - group[-1].sentence.sent.end
    return not between and sentence_gap <= 1


def _branch_activities(marker: Marker, found: list[Found]) -> list[int]:
    """The activities a marker governs: the rest of its sentence, or what precedes it there."""
    sentence = marker.words[0].sent
    after = [a for a, item in enumerate(found) if marker.words[-1].i < item.verb.i < sentence.end]
    if marker.kind == "and" and marker.words[0].dep_ == "mark":
        clause = {t.i for t in marker.words[0].head.subtree}
        inside = [a for a in after if found[a].verb.i in clause]
        if inside:
            return inside
    if after:
        return after
    return [a for a, item in enumerate(found) if sentence.start <= item.verb.i < marker.start]


def _branch(marker: Marker, activities: list[int], text: str) -> Branch:
    condition = span_of(marker.condition) if marker.condition else None
    label = condition.text(text) if condition else " ".join(t.text for t in marker.words).lower()
    return Branch(
        marker=span_of(marker.words),
        condition=condition,
        activities=tuple(activities),
        label=label,
    )
