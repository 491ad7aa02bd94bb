"""Mail through SMTP: the notices document control sends (approval waiting, review due,
acknowledgement due), each as plain text with an HTML alternative.

Mail is sent only when an SMTP server is configured (SOPFLOW_SMTP_HOST and the settings
beside it, see docs/settings.md). A server that refuses, cannot be reached or does not speak
the TLS asked for gives one MailError that says which, never a traceback.
"""

from __future__ import annotations

import html
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sopflow.errors import InvalidInputError, SopflowError
from sopflow.settings import MailSettings

TIMEOUT = 20.0
"""Seconds to wait for the SMTP server at each step."""


class MailError(SopflowError):
    """Mail could not be sent: not configured, refused or unreachable."""


def _checked_addresses(to: Sequence[str]) -> list[str]:
    cleaned = [address.strip() for address in to if address.strip()]
    if not cleaned:
        raise InvalidInputError("to: give at least one address", field="to")
    for address in cleaned:
        local, at, domain = address.rpartition("@")
        if not at or not local or "." not in domain or any(c in address for c in " \r\n<>,"):
            raise InvalidInputError(f"to: {address!r} is not an e-mail address", field="to")
    return cleaned


def html_of(text: str) -> str:
    """The plain text as a small HTML page: escaped, one paragraph per blank-line block."""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    paragraphs = "".join(
        "<p>" + "<br>".join(html.escape(line) for line in block.splitlines()) + "</p>"
        for block in blocks
    )
    return f'<!doctype html><html><body style="font-family: sans-serif">{paragraphs}</body></html>'


def build_message(
    *, sender: str, to: Sequence[str], subject: str, text: str, html_body: str | None = None
) -> EmailMessage:
    """A multipart/alternative message: the text, then its HTML form."""
    if "\n" in subject or "\r" in subject:
        raise InvalidInputError("subject: keep it on one line", field="subject")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(text)
    message.add_alternative(html_body or html_of(text), subtype="html")
    return message


def _connect(mail: MailSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if mail.tls == "tls":
        return smtplib.SMTP_SSL(mail.host, mail.port, timeout=TIMEOUT, context=context)
    client = smtplib.SMTP(mail.host, mail.port, timeout=TIMEOUT)
    if mail.tls == "starttls":
        client.ehlo()
        if not client.has_extn("starttls"):
            client.close()
            raise MailError(
                f"mail: {mail.host}:{mail.port} does not offer STARTTLS; "
                "set SOPFLOW_SMTP_TLS=tls or none to match the server"
            )
        client.starttls(context=context)
    return client


def _deliver(mail: MailSettings, message: EmailMessage) -> None:
    client = _connect(mail)
    try:
        if mail.user:
            client.login(mail.user, mail.password or "")
        client.send_message(message)
    finally:
        try:
            client.quit()
        except smtplib.SMTPException:
            client.close()


def _explained(error: Exception, where: str) -> MailError:
    """One sentence for what went wrong talking to the server."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return MailError(f"mail: {where} refused the login (check SOPFLOW_SMTP_USER/PASSWORD)")
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(
            f"{address} ({code} {reply.decode(errors='replace')})"
            for address, (code, reply) in error.recipients.items()
        )
        return MailError(f"mail: {where} refused the recipients: {refused}")
    if isinstance(error, smtplib.SMTPResponseException):
        raw = error.smtp_error
        reply = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
        return MailError(f"mail: {where} refused the message: {error.smtp_code} {reply}")
    if isinstance(error, ssl.SSLError):
        return MailError(f"mail: TLS with {where} failed: {error.reason or error}")
    if isinstance(error, smtplib.SMTPException):
        return MailError(f"mail: {where} ended the conversation: {error}")
    return MailError(f"mail: cannot reach the SMTP server {where}: {error}")


def send_notice(
    *,
    to: list[str],
    subject: str,
    text: str,
    html_body: str | None = None,
    mail: MailSettings | None,
) -> None:
    """Send one notice to the addresses in to with the SMTP settings the face passes
    (Settings.mail; None when no server is configured)."""
    if mail is None:
        raise MailError("mail: no SMTP server is configured; set SOPFLOW_SMTP_HOST (see settings)")
    message = build_message(
        sender=mail.sender,
        to=_checked_addresses(to),
        subject=subject,
        text=text,
        html_body=html_body,
    )
    where = f"{mail.host}:{mail.port}"
    try:
        _deliver(mail, message)
    except MailError:
        raise
    except (smtplib.SMTPException, OSError) as error:  # ssl.SSLError is an OSError
        raise _explained(error, where) from None


def send_test(*, to: str, mail: MailSettings | None) -> None:
    """A short message proving the SMTP settings work."""
    send_notice(
        to=[to],
        subject="sopflow: test message",
        text="This is a test message from sopflow.\n\nThe SMTP settings work.",
        mail=mail,
    )


__all__ = ["MailError", "build_message", "html_of", "send_notice", "send_test"]
