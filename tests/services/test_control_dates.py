"""Periodic review: the next review date follows the document's interval from when its
revision took effect or was last reviewed; `review due` lists due and overdue ones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from tests.services.test_control import CODE, approve, edit, submit

from sopflow.errors import ConflictError, InvalidInputError
from sopflow.library.store import Library
from sopflow.services import control_dates
from sopflow.services.access import Actor
from sopflow.services.control_dates import add_months


@pytest.fixture
def in_force(stocked: Library, people: dict[str, Actor]) -> Library:
    """SOP-FIN-003 revision 2 in force since 400 days ago; every other document a draft."""
    edit(stocked, people["arthur"], "Customer refund (reviewed)")
    submit(stocked, people["arthur"], "vera")
    approve(stocked, people["vera"])
    with stocked.transaction() as connection:
        connection.execute(
            text("UPDATE revisions SET effective_from = :moment WHERE state = 'approved'"),
            {"moment": datetime.now(UTC) - timedelta(days=400)},
        )
    return stocked


def test_months_are_added_to_the_calendar() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 12) == date(2027, 11, 15)
    assert add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)


def test_an_overdue_review_is_listed_and_reviewing_resets_it(
    in_force: Library, people: dict[str, Actor]
) -> None:
    vera = people["vera"]
    (due,) = control_dates.review_due(library=in_force, actor=vera)
    started = (datetime.now(UTC) - timedelta(days=400)).date()
    assert (due.code, due.in_force, due.overdue) == (CODE, 2, True)
    assert due.next_review == add_months(started, 12)
    upcoming = control_dates.record_periodic_review(library=in_force, actor=vera, code=CODE)
    assert upcoming == add_months(datetime.now(UTC).date(), 12)
    assert control_dates.review_due(library=in_force, actor=vera) == []
    assert control_dates.review_due(library=in_force, actor=vera, within_days=370)[0].code == CODE
    assert control_dates.next_review(library=in_force, actor=people["rita"], code=CODE) == upcoming


def test_the_interval_is_set_per_document(in_force: Library, people: dict[str, Actor]) -> None:
    control_dates.set_review_interval(
        library=in_force, actor=people["arthur"], code=CODE, months=24
    )
    assert control_dates.review_due(library=in_force, actor=people["vera"]) == []
    with pytest.raises(InvalidInputError) as wrong:
        control_dates.set_review_interval(
            library=in_force, actor=people["arthur"], code=CODE, months=0
        )
    assert wrong.value.field == "months"


def test_only_a_revision_in_force_is_reviewed(stocked: Library, people: dict[str, Actor]) -> None:
    with pytest.raises(ConflictError, match="no revision in force"):
        control_dates.record_periodic_review(library=stocked, actor=people["vera"], code=CODE)


def test_a_future_effective_date_can_be_moved(stocked: Library, people: dict[str, Actor]) -> None:
    edit(stocked, people["arthur"], "Customer refund (scheduled)")
    submit(stocked, people["arthur"], "vera")
    approve(stocked, people["vera"], effective_on=datetime.now(UTC) + timedelta(days=10))
    later = datetime(2099, 1, 1, tzinfo=UTC)
    moved = control_dates.set_effective_date(
        library=stocked, actor=people["vera"], code=CODE, on=later
    )
    assert moved == later
    control_dates.set_effective_date(
        library=stocked, actor=people["vera"], code=CODE, on=datetime(2000, 1, 1, tzinfo=UTC)
    )  # a past date means now
    with pytest.raises(ConflictError, match="no approved revision waits"):
        control_dates.set_effective_date(library=stocked, actor=people["vera"], code=CODE, on=later)
