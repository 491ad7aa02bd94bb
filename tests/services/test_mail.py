"""Mail through a real SMTP server on loopback (aiosmtpd): what arrives, and the message
when the server refuses or is not there."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from sopflow.errors import InvalidInputError, SopflowError
from sopflow.services.mail import MailError, send_notice, send_test
from sopflow.settings import MailSettings, load_settings


class Inbox:
    """An SMTP handler that keeps what it receives and refuses one address."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []

    async def handle_RCPT(  # noqa: N802 (the name aiosmtpd calls)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        content = envelope.original_content or b""
        self.received.append(
            (
                list(envelope.rcpt_tos),
                message_from_bytes(content, _class=EmailMessage, policy=default),
            )
        )
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    """A plain SMTP server on 127.0.0.1 (no TLS), and its port."""
    handler = Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _settings(port: int, tls: str = "none") -> MailSettings:
    return MailSettings(host="127.0.0.1", port=port, sender="sopflow@example.org", tls=tls)


def test_a_notice_arrives_as_text_with_an_html_alternative(inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    send_notice(
        to=["vera@example.org", "arthur@example.org"],
        subject="Approval waiting: SOP-FIN-003 revision 2",
        text="SOP-FIN-003 <Customer refund> waits for your approval.\n\nOpen it in sopflow.",
        mail=_settings(port),
    )
    [(recipients, message)] = handler.received
    assert recipients == ["vera@example.org", "arthur@example.org"]
    assert message["From"] == "sopflow@example.org"
    assert message["Subject"] == "Approval waiting: SOP-FIN-003 revision 2"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",))
    page = message.get_body(preferencelist=("html",))
    assert isinstance(text, EmailMessage)
    assert isinstance(page, EmailMessage)
    assert "<Customer refund>" in text.get_content()
    assert "&lt;Customer refund&gt;" in page.get_content()  # the HTML escapes it


def test_a_refused_recipient_is_named(inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    with pytest.raises(MailError, match=r"refused the recipients: nobody@example.org \(550"):
        send_notice(to=["nobody@example.org"], subject="x", text="y", mail=_settings(port))
    assert handler.received == []


def test_an_unreachable_server_is_said_so() -> None:
    port = _free_port()  # nothing listens there
    with pytest.raises(MailError, match=rf"cannot reach the SMTP server 127.0.0.1:{port}"):
        send_test(to="vera@example.org", mail=_settings(port))


def test_starttls_asked_of_a_server_without_it_is_said_so(inbox: tuple[Inbox, int]) -> None:
    _, port = inbox
    with pytest.raises(MailError, match="does not offer STARTTLS"):
        send_test(to="vera@example.org", mail=_settings(port, tls="starttls"))


def test_bad_addresses_and_missing_settings_are_refused_before_connecting() -> None:
    with pytest.raises(InvalidInputError, match="'not an address' is not an e-mail address"):
        send_notice(to=["not an address"], subject="x", text="y", mail=_settings(1))
    with pytest.raises(InvalidInputError, match="to: give at least one address"):
        send_notice(to=[], subject="x", text="y", mail=_settings(1))
    with pytest.raises(InvalidInputError, match="subject: keep it on one line"):
        send_notice(
            to=["a@example.org"], subject="x\nBcc: b@example.org", text="y", mail=_settings(1)
        )


def test_settings_name_what_is_wrong() -> None:
    assert load_settings({}).mail is None
    mail = load_settings(
        {
            "SOPFLOW_SMTP_HOST": "smtp.example.org",
            "SOPFLOW_SMTP_SENDER": "a@b.org",
            "SOPFLOW_SMTP_TLS": "tls",
        }
    ).mail
    assert mail is not None
    assert (mail.port, mail.tls) == (465, "tls")
    with pytest.raises(SopflowError, match="SOPFLOW_SMTP_TLS: 'ssl' is not one of none"):
        load_settings(
            {"SOPFLOW_SMTP_HOST": "h", "SOPFLOW_SMTP_SENDER": "a@b.org", "SOPFLOW_SMTP_TLS": "ssl"}
        )
    with pytest.raises(SopflowError, match="SOPFLOW_SMTP_PORT: '99999' is not a port"):
        load_settings(
            {
                "SOPFLOW_SMTP_HOST": "h",
                "SOPFLOW_SMTP_SENDER": "a@b.org",
                "SOPFLOW_SMTP_PORT": "99999",
            }
        )
    with pytest.raises(SopflowError, match="SOPFLOW_SMTP_SENDER: give the From address"):
        load_settings({"SOPFLOW_SMTP_HOST": "h"})


def _mail_test(port: int, to: str) -> subprocess.CompletedProcess[str]:
    environment = {
        "SOPFLOW_SMTP_HOST": "127.0.0.1",
        "SOPFLOW_SMTP_PORT": str(port),
        "SOPFLOW_SMTP_SENDER": "sopflow@example.org",
        "SOPFLOW_SMTP_TLS": "none",
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-m", "sopflow", "mail", "test", "--to", to],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=environment,
    )


def test_the_mail_test_command_sends_and_reports(inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    sent = _mail_test(port, "vera@example.org")
    assert sent.returncode == 0, sent.stderr
    assert "sent a test message to vera@example.org" in sent.stdout
    assert handler.received[0][1]["Subject"] == "sopflow: test message"
    refused = _mail_test(port, "nobody@example.org")
    assert refused.returncode == 1
    assert "refused the recipients: nobody@example.org" in refused.stderr
    assert "Traceback" not in refused.stderr
