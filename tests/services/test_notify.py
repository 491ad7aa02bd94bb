"""E-mail notices of document control through a real SMTP server on loopback (aiosmtpd):
approvers in turn, the author on rejection, everyone involved when an edit withdraws a
review, the distribution list when a revision is approved; and no mail, no failure, when no
server is configured or the server is gone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text
from tests.services.test_control import CODE, approve, edit, submit
from tests.services.test_mail import Inbox, _free_port

from sopflow.library.store import Library
from sopflow.services import acknowledgements as acks
from sopflow.services import control
from sopflow.services.access import Actor


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A plain SMTP server on 127.0.0.1, configured through the SOPFLOW_SMTP_* settings."""
    handler = Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SOPFLOW_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SOPFLOW_SMTP_PORT", str(port))
    monkeypatch.setenv("SOPFLOW_SMTP_TLS", "none")
    monkeypatch.setenv("SOPFLOW_SMTP_SENDER", "sopflow@example.org")
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def addressed(people: dict[str, Actor], stocked: Library) -> dict[str, Actor]:
    """The people, each with an e-mail address NAME@example.org."""
    with stocked.transaction() as connection:
        connection.execute(text("UPDATE users SET email = name || '@example.org'"))
    return people


def mails(inbox: Inbox) -> list[tuple[str, str]]:
    """(recipient, subject) of each message received, then forgotten."""
    found = [(to[0], str(message["Subject"])) for to, message in inbox.received]
    inbox.received.clear()
    return sorted(found)


def test_each_step_mails_whoever_it_concerns(
    stocked: Library, addressed: dict[str, Actor], inbox: Inbox
) -> None:
    arthur, vera, quinn = addressed["arthur"], addressed["vera"], addressed["quinn"]
    number = edit(stocked, arthur, "Customer refund (ticketed)")
    submit(stocked, arthur, "vera", "quinn")
    waits = f"{CODE} revision {number} waits for your approval"
    assert mails(inbox) == [("vera@example.org", waits)]
    approve(stocked, vera)
    assert mails(inbox) == [("quinn@example.org", waits)]
    control.reject_revision(library=stocked, actor=quinn, code=CODE, comment="Name the ticket")
    body = inbox.received[0][1].get_body(preferencelist=("plain",))
    assert body is not None
    assert "quinn rejected" in body.get_content()
    assert "Name the ticket" in body.get_content()
    assert mails(inbox) == [("arthur@example.org", f"{CODE} revision {number} was rejected")]


def test_a_withdrawn_review_mails_everyone_involved(
    stocked: Library, addressed: dict[str, Actor], inbox: Inbox
) -> None:
    arthur = addressed["arthur"]
    number = edit(stocked, arthur, "Customer refund (ticketed)")
    submit(stocked, arthur, "vera", "quinn", mode="parallel")
    mails(inbox)
    approve(stocked, addressed["vera"])
    assert mails(inbox) == []  # in parallel nobody else's turn comes
    edit(stocked, arthur, "Customer refund (ticketed again)")
    subject = f"{CODE}: the review of revision {number} was withdrawn"
    assert mails(inbox) == [
        ("arthur@example.org", subject),
        ("quinn@example.org", subject),
        ("vera@example.org", subject),
    ]


def test_an_approval_asks_the_distribution_list_to_acknowledge(
    stocked: Library, addressed: dict[str, Actor], inbox: Inbox
) -> None:
    arthur = addressed["arthur"]
    acks.set_distribution(library=stocked, actor=arthur, code=CODE, entries=["rita", "quinn"])
    number = edit(stocked, arthur, "Customer refund (ticketed)")
    submit(stocked, arthur, "vera")
    inbox.received.clear()
    approve(stocked, addressed["vera"])
    asked = f"Please read and acknowledge {CODE} revision {number}"
    approved = f"{CODE} revision {number} is approved"
    assert mails(inbox) == [
        ("arthur@example.org", approved),
        ("quinn@example.org", asked),
        ("rita@example.org", asked),
    ]


def test_without_a_server_nothing_is_sent_and_nothing_fails(
    stocked: Library, addressed: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOPFLOW_SMTP_HOST", raising=False)
    edit(stocked, addressed["arthur"], "Customer refund (ticketed)")
    submit(stocked, addressed["arthur"], "vera")
    monkeypatch.setenv("SOPFLOW_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SOPFLOW_SMTP_PORT", str(_free_port()))  # nothing listens there
    monkeypatch.setenv("SOPFLOW_SMTP_TLS", "none")
    monkeypatch.setenv("SOPFLOW_SMTP_SENDER", "sopflow@example.org")
    decided = approve(stocked, addressed["vera"])  # the mail fails; the approval stands
    assert decided.state.value == "effective"
