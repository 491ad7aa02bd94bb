"""Ranked full-text search with highlighted snippets and filters, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.errors import SopflowError
from sopflow.library.search import (
    Filters,
    Fragment,
    fragments,
    optimize_index,
    search,
    search_fields,
)
from sopflow.library.store import Library
from sopflow.library.sync import import_documents, read_sources
from sopflow.model import Sop, WiStep, WorkInstruction


@pytest.fixture
def examples_library(library: Library, examples: Path) -> Library:
    with library.transaction() as connection:
        import_documents(connection, docs=read_sources([examples]), author="t", summary="import")
    return library


def _codes(library: Library, query: str, filters: Filters | None = None) -> list[str]:
    with library.transaction() as connection:
        return [hit.code for hit in search(connection, query=query, filters=filters)]


def test_refund_finds_the_refund_sop_with_a_highlighted_snippet(
    examples_library: Library,
) -> None:
    with examples_library.transaction() as connection:
        hits = search(connection, query="refund")
    sop = next(hit for hit in hits if hit.code == "SOP-FIN-003")
    assert sop.title == "Customer refund"
    highlighted = [f.text.lower() for f in sop.snippet if f.highlighted]
    assert highlighted
    assert all(text.startswith("refund") for text in highlighted)
    assert "[" in sop.snippet_text
    assert "SOP-HR-001" not in [hit.code for hit in hits]


def test_every_word_must_match_and_words_are_stemmed(examples_library: Library) -> None:
    assert _codes(examples_library, "refunds stripe dashboard")[0] == "WI-PAY-003"
    assert "SOP-HR-001" in _codes(examples_library, "onboarding accounts")
    assert _codes(examples_library, "refund onboarding") == []


def test_roles_and_tags_are_searched(examples_library: Library) -> None:
    assert "SOP-FIN-003" in _codes(examples_library, "billing team")
    assert "SOP-FIN-003" in _codes(examples_library, "customers")  # a tag


def test_a_title_match_ranks_above_a_body_match(examples_library: Library) -> None:
    with examples_library.transaction() as connection:
        hits = search(connection, query="bank transfer")
    assert hits[0].code == "WI-PAY-004"  # "Make a bank-transfer refund"
    assert [hit.rank for hit in hits] == sorted((hit.rank for hit in hits), reverse=True)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(kind="sop"), {"SOP-FIN-003"}),
        (Filters(kind="wi"), {"WI-PAY-003", "WI-PAY-004"}),
        (Filters(tag="Refunds", kind="sop"), {"SOP-FIN-003"}),
        (Filters(owner="billing team lead"), {"WI-PAY-003", "WI-PAY-004"}),
        (Filters(state="draft", kind="policy"), {"POL-FIN-001"}),
        (Filters(state="effective"), set()),
    ],
)
def test_filters(examples_library: Library, filters: Filters, expected: set[str]) -> None:
    assert set(_codes(examples_library, "refund", filters)) == expected


def test_the_department_filter(examples_library: Library) -> None:
    with examples_library.transaction() as connection:
        department = search(connection, query="refund", filters=Filters(kind="sop"))[0].department
    assert department
    assert _codes(examples_library, "refund", Filters(department=department.upper())) != []
    assert _codes(examples_library, "refund", Filters(department="Nowhere")) == []


def test_punctuation_cannot_break_the_query(examples_library: Library) -> None:
    assert "WI-PAY-003" in _codes(examples_library, 'stripe" (refund* card:')
    with pytest.raises(SopflowError, match="no words"), examples_library.transaction() as c:
        search(c, query="  ?! ")


def test_fields_hold_steps_roles_and_tags(examples: Path) -> None:
    sop = read_sources([examples / "refunds" / "SOP-FIN-003-customer-refund.yaml"])[0]
    assert isinstance(sop, Sop)
    fields = search_fields(sop)
    assert fields.title == "SOP-FIN-003 Customer refund"
    assert "Open a refund ticket in the helpdesk" in fields.body
    assert "Billing team" in fields.roles
    assert fields.tags == "refunds customers billing"


def test_the_labels_of_parallel_branches_are_searched(shipping_sop: Path) -> None:
    sop = read_sources([shipping_sop])[0]
    assert isinstance(sop, Sop)
    assert "E-mail it" in search_fields(sop).body  # a label, said nowhere else


def test_fragments_split_on_the_markers() -> None:
    assert fragments("a \x02refund\x03 of\n the \x02card\x03") == (
        Fragment("a ", False),
        Fragment("refund", True),
        Fragment(" of the ", False),
        Fragment("card", True),
    )


def test_search_works_the_same_after_merging_the_index(examples_library: Library) -> None:
    before = _codes(examples_library, "refund")
    with examples_library.transaction() as connection:
        optimize_index(connection)
    assert _codes(examples_library, "refund") == before


def test_stop_words_are_left_out_on_both_databases(examples_library: Library) -> None:
    assert _codes(examples_library, "refund in the stripe dashboard") == _codes(
        examples_library, "refund stripe dashboard"
    )


def test_a_word_only_in_the_roles_is_highlighted_in_the_snippet(
    examples_library: Library,
) -> None:
    with examples_library.transaction() as connection:
        hits = search(connection, query="informed", filters=Filters(kind="sop"))
    refund = next(hit for hit in hits if hit.code == "SOP-FIN-003")
    assert [f.text.lower() for f in refund.snippet if f.highlighted] == ["informed"]


@pytest.fixture
def bulk_library(library: Library, examples: Path) -> Library:
    """Eight work instructions about card payments; the last one has refund in its title."""
    stripe = read_sources([examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"])[0]
    docs = [
        stripe.model_copy(
            update={"code": f"WI-TST-{n:03d}", "title": f"Card task {n}", "tags": ["bulk"]}
        )
        for n in range(1, 8)
    ]
    docs.append(stripe.model_copy(update={"code": "WI-TST-100", "tags": ["late"]}))
    with library.transaction() as connection:
        import_documents(connection, docs=docs, author="t", summary="bulk")
    return library


def test_a_capped_search_ranks_the_first_matches_only(bulk_library: Library) -> None:
    with bulk_library.transaction() as connection:
        everything = search(connection, query="refund")
        capped = search(connection, query="refund", limit=1, candidates=3)
    assert len(everything) == 8
    assert everything[0].code == "WI-TST-100"  # the title match
    assert capped[0].code in {"WI-TST-001", "WI-TST-002", "WI-TST-003"}  # stored first


def test_filters_apply_before_the_cap(bulk_library: Library) -> None:
    with bulk_library.transaction() as connection:
        late = search(connection, query="refund", filters=Filters(tag="LATE"), candidates=3)
    assert [hit.code for hit in late] == ["WI-TST-100"]


def test_the_document_named_by_the_query_comes_first(examples_library: Library) -> None:
    # every refund document matches; the one titled "Customer refund" is the closest name
    assert _codes(examples_library, "refund")[0] == "SOP-FIN-003"
    assert _codes(examples_library, "refund policy")[0] == "POL-FIN-001"
    assert _codes(examples_library, "onboarding")[0] == "SOP-HR-001"


def test_a_code_finds_its_document_first(examples_library: Library) -> None:
    assert _codes(examples_library, "WI-PAY-004")[0] == "WI-PAY-004"


def test_a_title_match_outranks_a_body_that_repeats_the_word(library: Library) -> None:
    wordy = WorkInstruction(
        code="WI-TST-001",
        title="Month-end close",
        steps=tuple(WiStep(action=f"Reconcile the invoice batch {n}.") for n in range(30)),
    )
    named = WorkInstruction(
        code="WI-TST-002", title="Invoice approval", steps=(WiStep(action="Approve it."),)
    )
    filler = [
        WorkInstruction(
            code=f"WI-TST-1{n:02d}", title=f"Other {n}", steps=(WiStep(action="Wait."),)
        )
        for n in range(10)
    ]
    with library.transaction() as connection:
        import_documents(connection, docs=[wordy, named, *filler], author="t", summary="t")
    hits = _codes(library, "invoice")
    assert hits == ["WI-TST-002", "WI-TST-001"]
