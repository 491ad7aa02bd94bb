"""Search through the application layer: snippets as data, filters checked, every role."""

from __future__ import annotations

import pytest
from tests.services.conftest import READER

from sopflow.errors import AuthenticationError, InvalidInputError
from sopflow.library.browse import DocumentFilters
from sopflow.library.store import Library
from sopflow.services.search import search


def test_a_reader_finds_the_refund_sop_first_with_marked_words(stocked: Library) -> None:
    hits = search(library=stocked, actor=READER, query="refund")
    assert hits[0].code == "SOP-FIN-003"
    marked = [f.text.lower() for hit in hits for f in hit.snippet if f.highlighted]
    assert marked
    assert all("refund" in word for word in marked)


def test_filters_narrow_the_hits(stocked: Library) -> None:
    hits = search(library=stocked, actor=READER, query="refund", filters=DocumentFilters(kind="wi"))
    assert {hit.code for hit in hits} == {"WI-PAY-003", "WI-PAY-004"}


@pytest.mark.parametrize(
    ("query", "limit", "field"),
    [("", 20, "q"), ("!!", 20, "q"), ("x" * 501, 20, "q"), ("refund", 0, "limit")],
)
def test_a_query_without_words_or_a_wrong_limit_names_the_field(
    stocked: Library, query: str, limit: int, field: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        search(library=stocked, actor=READER, query=query, limit=limit)
    assert refused.value.field == field


def test_nobody_signed_in_cannot_search(stocked: Library) -> None:
    with pytest.raises(AuthenticationError):
        search(library=stocked, actor=None, query="refund")
