"""Parse repairs: clauses the small parser hangs on the wrong word, rehung for the rules."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from sopflow.capture.structure.misparses import (
    main_clause_after_condition,
    split_department_clauses,
)
from sopflow.capture.structure.pipeline import parse


def arcs(doc: Doc) -> dict[str, tuple[str, str]]:
    """Each word's relation and the word it hangs on."""
    return {t.text: (t.dep_, t.head.text) for t in doc}


@pytest.mark.parametrize(
    ("text", "subject", "verb", "first", "object_"),
    [
        (
            "Marketing drafts the text and sales sends it to the client.",
            "sales",
            "sends",
            "drafts",
            "text",
        ),
        (
            "The clerk checks the order and legal reviews the contract.",
            "legal",
            "reviews",
            "checks",
            "order",
        ),
        (
            "Compliance approves the contract and billing opens an account.",
            "billing",
            "opens",
            "approves",
            "contract",
        ),
    ],
)
def test_a_department_after_and_starts_its_own_clause(  # noqa: PLR0917 (a table's columns)
    nlp: Language, text: str, subject: str, verb: str, first: str, object_: str
) -> None:
    found = arcs(parse(text, nlp))
    assert found[subject] == ("nsubj", verb)
    assert found[verb] == ("conj", first)
    assert found[object_] == ("dobj", first)


@pytest.mark.parametrize(
    ("text", "subject", "verb"),
    [
        ("The alarm reports a fault to the operator or operator has a doubt.", "has", "reports"),
        ("The clerk sends the bill to the client or client collects it.", "collects", "sends"),
    ],
)
def test_a_role_without_a_determiner_after_or_starts_its_own_clause(
    nlp: Language, text: str, subject: str, verb: str
) -> None:
    doc = parse(text, nlp)
    second = next(t for t in doc if t.text == subject)
    assert (second.dep_, second.head.text) == ("conj", verb)
    assert [c.dep_ for c in second.lefts] == ["nsubj"]


def test_a_determiner_keeps_the_noun_phrase(nlp: Language) -> None:
    found = arcs(parse("The clerk checks the order and the finance team signs it.", nlp))
    assert found["team"] == ("nsubj", "signs")


@pytest.mark.parametrize(
    "text",
    [
        "The team checks the sales and marketing reports.",
        "The analyst reads finance and payroll records every week.",
    ],
)
def test_departments_that_name_a_thing_stay_in_its_noun_phrase(nlp: Language, text: str) -> None:
    doc = parse(text, nlp)
    assert all(t.pos_ != "VERB" for t in doc if t.lower_ in {"reports", "records"})
    assert not any(t.dep_ == "nsubj" and t.lower_ in {"marketing", "payroll"} for t in doc)


def test_a_relative_clause_after_a_condition_is_the_main_clause(nlp: Language) -> None:
    # "Should a visitor not answer the pager, the nurse phones him." as the parser can misread it
    words = [
        "Should",
        "a",
        "visitor",
        "not",
        "answer",
        "the",
        "pager",
        ",",
        "the",
        "nurse",
        "phones",
        "him",
        ".",
    ]
    heads = [4, 2, 4, 4, 4, 6, 4, 6, 9, 10, 6, 10, 4]
    deps = [
        "aux",
        "det",
        "nsubj",
        "neg",
        "ROOT",
        "det",
        "dobj",
        "punct",
        "det",
        "nsubj",
        "relcl",
        "dobj",
        "punct",
    ]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    main_clause_after_condition(doc)
    found = arcs(doc)
    assert found["phones"] == ("ROOT", "phones")
    assert found["answer"] == ("advcl", "phones")
    assert found["pager"] == ("dobj", "answer")


def test_a_true_relative_clause_stays(nlp: Language) -> None:
    doc = parse("If the form is late, the clerk calls the tenant who sent it.", nlp)
    before = arcs(doc)
    main_clause_after_condition(doc)
    split_department_clauses(doc)
    assert arcs(doc) == before
