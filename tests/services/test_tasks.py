"""My tasks: approvals in turn (sequence respected), acknowledgements due, and periodic
reviews of the documents a person owns; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from tests.services.test_control import CODE, approve, edit, submit

from sopflow.library.store import Library
from sopflow.services import acknowledgements as acks
from sopflow.services import tasks
from sopflow.services.access import Actor


def kinds(library: Library, actor: Actor) -> list[tuple[str, str, int]]:
    return [(t.kind, t.code, t.number) for t in tasks.my_tasks(library=library, actor=actor)]


def test_an_approval_waits_only_for_the_approver_whose_turn_it_is(
    stocked: Library, people: dict[str, Actor]
) -> None:
    vera, quinn = people["vera"], people["quinn"]
    number = edit(stocked, people["arthur"], "Customer refund (ticketed)")
    submit(stocked, people["arthur"], "vera", "quinn")
    assert kinds(stocked, vera) == [("approval", CODE, number)]
    assert kinds(stocked, quinn) == []
    approve(stocked, vera)
    assert kinds(stocked, vera) == []
    (task,) = tasks.my_tasks(library=stocked, actor=quinn)
    assert task.text == f"Approve or reject revision {number}: Refunds now need a ticket number"


def test_in_parallel_every_approver_has_it_and_a_role_step_counts(
    stocked: Library, people: dict[str, Actor]
) -> None:
    edit(stocked, people["arthur"], "Customer refund (ticketed)")
    submit(stocked, people["arthur"], "role:reviewer", "quinn", mode="parallel")
    assert [k for k, _, _ in kinds(stocked, people["vera"])] == ["approval"]
    assert [k for k, _, _ in kinds(stocked, people["quinn"])] == ["approval"]
    assert kinds(stocked, people["rita"]) == []


def test_acknowledgements_and_owned_periodic_reviews_are_tasks(
    stocked: Library, people: dict[str, Actor]
) -> None:
    rita, vera = people["rita"], people["vera"]
    number = edit(stocked, people["arthur"], "Customer refund (ticketed)")
    submit(stocked, people["arthur"], "vera")
    approve(stocked, vera)
    acks.set_distribution(library=stocked, actor=people["arthur"], code=CODE, entries=["rita"])
    (task,) = tasks.my_tasks(library=stocked, actor=rita)
    assert (task.kind, task.code, task.number, task.overdue) == ("acknowledgement", CODE, 2, False)
    assert task.due == (datetime.now(UTC) + timedelta(days=14)).date()
    with stocked.transaction() as connection:
        connection.execute(
            text("UPDATE documents SET owner = :owner WHERE code = :code"),
            {"owner": vera.full_name, "code": CODE},
        )
        connection.execute(
            text("UPDATE revisions SET effective_from = :at WHERE state = 'approved'"),
            {"at": datetime.now(UTC) - timedelta(days=400)},
        )
        connection.execute(  # listed long ago too: the later of the two starts the 14 days
            text("UPDATE distribution SET added_at = :at"),
            {"at": datetime.now(UTC) - timedelta(days=15)},
        )
    (review,) = tasks.my_tasks(library=stocked, actor=vera)
    assert (review.kind, review.number, review.overdue) == ("periodic-review", number, True)
    overdue = tasks.my_tasks(library=stocked, actor=rita)[0]
    assert (overdue.kind, overdue.overdue) == ("acknowledgement", True)
