"""Conditions said in speech ask as written ones do: contractions are written out first."""

from __future__ import annotations

import pytest

from sopflow.capture.questions import as_question, expanded


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("it's expired", "it is expired"),
        ("it's been sent", "it has been sent"),
        ("they're late", "they are late"),
        ("we've got the keys", "we have got the keys"),
        ("the tenant's key is lost", "the tenant's key is lost"),  # a possessive stays
    ],
)
def test_contractions_are_written_out(said: str, written: str) -> None:
    assert expanded(said) == written


@pytest.mark.parametrize(
    ("condition", "question"),
    [
        ("it's expired", "Is it expired?"),
        ("it’s still valid", "Is it still valid?"),
        ("they're late", "Are they late?"),
    ],
)
def test_a_spoken_condition_asks_with_its_auxiliary_first(condition: str, question: str) -> None:
    assert as_question(condition) == question
