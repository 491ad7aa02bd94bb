"""Which steps each branch marker governs, and which markers make one decision."""

from __future__ import annotations

from spacy.language import Language

from sopflow.capture.structure.activities import find_activities
from sopflow.capture.structure.branches import group_markers
from sopflow.capture.structure.gateways import condition_tokens, find_markers
from sopflow.capture.structure.tokens import Sentences


def plan(nlp: Language, text: str) -> list[list[list[str]]]:
    """The verbs on each branch of each gateway."""
    doc = nlp(text)
    sentences = Sentences(doc)
    markers = find_markers(doc, sentences)
    found = find_activities(doc, condition_tokens(markers))
    plans, _ = group_markers(markers, found, sentences)
    return [[[found[a].verb.text for a in branch] for branch in p.branches] for p in plans]


def test_if_and_otherwise_are_one_decision(nlp: Language) -> None:
    text = "If it is late, we call. Otherwise we write and wait for an answer."
    assert plan(nlp, text) == [[["call"], ["write"]]]


def test_a_step_between_two_ifs_separates_two_decisions(nlp: Language) -> None:
    text = "If it is late, we call. Then we log the call. If it is urgent, we escalate it."
    assert plan(nlp, text) == [[["call"]], [["escalate"]]]


def test_a_trailing_if_governs_the_clause_before_it(nlp: Language) -> None:
    assert plan(nlp, "The clerk archives the form if it is complete.") == [[["archives"]]]


def test_a_trailing_if_leaves_the_time_clause_before_it_out(nlp: Language) -> None:
    # the form arrives first; only the archiving depends on the condition
    text = "After the form is received, the clerk archives it if it is complete."
    assert plan(nlp, text) == [[["archives"]]]


def test_a_second_marker_in_the_sentence_ends_the_first_branch(nlp: Language) -> None:
    text = "Sometimes we call the client, sometimes we write to the client."
    assert plan(nlp, text) == [[["call"], ["write"]]]


def test_steps_listed_before_an_or_are_alternatives_too(nlp: Language) -> None:
    text = "The clerk either approves the claim, sends it to the manager, or rejects it."
    assert plan(nlp, text) == [[["approves"], ["sends"], ["rejects"]]]


def test_a_step_joined_by_and_then_is_no_alternative(nlp: Language) -> None:
    text = "The clerk receives the form, and then signs it or returns it."
    assert plan(nlp, text) == [[["signs"], ["returns"]]]
