"""Search order: the words of the query in a document's title first, then the text's rank."""

from __future__ import annotations

import pytest

from sopflow.library.ranking import prefix, title_terms

PREFIXES = [
    # (a query word, the beginning every form of it shares)
    ("refunds", "refund"),
    ("refund", "refund"),
    ("Policy", "polic"),
    ("policies", "polic"),
    ("onboarding", "onboard"),
    ("accounts", "account"),
    ("create", "creat"),
    ("pay", "pay"),  # Porter writes "pai": not the start of the word, so the word stays
    ("IT", "it"),  # too short to stem
    ("003", "003"),
]


@pytest.mark.parametrize(("word", "expected"), PREFIXES)
def test_prefix_is_the_start_of_every_form(word: str, expected: str) -> None:
    assert prefix(word) == expected


def test_title_terms_bind_one_prefix_per_distinct_word() -> None:
    terms = title_terms(["Refunds", "refunds", "WI"], named="s.title", find="strpos")
    assert terms.params == {"word_0": " refund", "word_1": " wi"}
    assert "strpos(" in terms.columns
    assert "instr" not in terms.columns
    assert terms.columns.count(" AS t") == 2
