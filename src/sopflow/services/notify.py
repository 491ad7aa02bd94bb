"""E-mail notices of document control, sent after the change they tell of is committed:
to approvers when a review request reaches them, to the author when it is approved or
rejected, to everyone involved when an edit withdraws it, and to the people on the
distribution list when a revision is approved (with when it takes effect and by when to
acknowledge it).

Mail goes only when an SMTP server is configured (SOPFLOW_SMTP_HOST, docs/settings.md), one
message per person with an e-mail address on their account. Mail is a courtesy beside the
notices and tasks sopflow keeps: a server that refuses or is unreachable is logged and the
change stands.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from sopflow.errors import SopflowError
from sopflow.library import acknowledgements as lists
from sopflow.library import control as rows
from sopflow.library.control import Review
from sopflow.library.store import Library
from sopflow.services.mail import send_notice
from sopflow.settings import MailSettings, load_settings

log = logging.getLogger(__name__)


def _configured() -> MailSettings | None:
    try:
        return load_settings().mail
    except SopflowError as error:  # a bad mail setting: said once per notice, nothing sent
        log.warning("mail not sent: %s", error)
        return None


def send(library: Library, *, recipients: Iterable[str], subject: str, text: str) -> int:
    """Mail each account recipients name (login names, role:ROLE) once; how many were sent."""
    mail = _configured()
    if mail is None:
        return 0
    with library.reading() as connection:
        named = lists.people_named(connection, entries=list(recipients))
    addresses = list(dict.fromkeys(p.email for people in named.values() for p in people if p.email))
    sent = 0
    for address in addresses:
        try:
            send_notice(to=[address], subject=subject, text=text, mail=mail)
            sent += 1
        except SopflowError as error:
            log.warning("mail to %s not sent: %s", address, error)
    return sent


def _closing(code: str) -> str:
    return f"Open {code} in sopflow, or see your tasks there (My tasks)."


def _waiting(library: Library, code: str, review: Review) -> int:
    """Mail the approvers whose turn it is in an open review."""
    pending = [step for step in review.steps if step.decision is None]
    if review.mode == "sequential":
        pending = pending[:1]
    return send(
        library,
        recipients=[step.approver for step in pending],
        subject=f"{code} revision {review.number} waits for your approval",
        text=f"{code} revision {review.number} waits for your approval.\n\n"
        f"Reason for the change: {review.reason}\n"
        f"Requested by {review.requested_by}.\n\n{_closing(code)}",
    )


def _last_review(library: Library, code: str) -> tuple[Review, str] | None:
    """The document's last review request and the author of its revision."""
    with library.reading() as connection:
        every = rows.controlled_revisions(connection, code=code)
        found = rows.reviews_of(connection, document_id=every[0].document_id)
    if not found:
        return None
    author = next(r.author for r in every if r.id == found[-1].revision_id)
    return found[-1], author


def review_submitted(*, library: Library, code: str) -> int:
    """After submit_review: mail the approvers whose turn it is."""
    last = _last_review(library, code)
    if last is None or last[0].state != "open":
        return 0
    return _waiting(library, code, last[0])


def review_decided(*, library: Library, code: str) -> int:
    """After an approval or rejection: mail the next approver of a sequence, or the author
    and requester of an approved or rejected revision, and for an approved one the people
    on the distribution list."""
    last = _last_review(library, code)
    if last is None:
        return 0
    review, author = last
    if review.state == "open":
        return _waiting(library, code, review) if review.mode == "sequential" else 0
    if review.state == "rejected":
        step = next(s for s in review.steps if s.decision == "rejected")
        return send(
            library,
            recipients=[review.requested_by, author],
            subject=f"{code} revision {review.number} was rejected",
            text=f"{step.decided_by} rejected {code} revision {review.number}:\n\n"
            f"{step.comment}\n\nRevise it and submit it again. {_closing(code)}",
        )
    if review.state == "approved":
        return _approved(library, code, review, author)
    return 0


def _approved(library: Library, code: str, review: Review, author: str) -> int:
    moment = review.effective_on
    when = f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "now"
    sent = send(
        library,
        recipients=[review.requested_by, author],
        subject=f"{code} revision {review.number} is approved",
        text=f"{code} revision {review.number} is approved, in force from {when}.\n\n"
        f"{_closing(code)}",
    )
    with library.reading() as connection:
        document = rows.document_control(connection, code=code)
        listed = lists.distribution_of(connection, document_id=document.id)
        entries = [item.entry for item in listed]
        days = lists.acknowledge_days(connection, document_id=document.id)
    if not entries:
        return sent
    by = f"{moment + timedelta(days=days):%Y-%m-%d}" if moment else f"within {days} days"
    return sent + send(
        library,
        recipients=entries,
        subject=f"Please read and acknowledge {code} revision {review.number}",
        text=f"{code} revision {review.number} ({document.title}) takes effect {when}.\n\n"
        f"Read it and acknowledge it by {by}: open it in sopflow and sign with your "
        f"password, or run `sopflow ack {code}`.\n\n{_closing(code)}",
    )


def review_withdrawn(*, library: Library, code: str, review: Review, by: str, number: int) -> int:
    """After an edit withdrew review: mail the requester, the author, every approver and
    everyone who had decided."""
    last = _last_review(library, code)
    author = last[1] if last is not None and last[0].id == review.id else review.requested_by
    return send(
        library,
        recipients=[review.requested_by, author]
        + [step.approver for step in review.steps]
        + [step.decided_by for step in review.steps if step.decided_by],
        subject=f"{code}: the review of revision {review.number} was withdrawn",
        text=f"The review of {code} revision {review.number} was withdrawn, and its "
        f"approvals with it, because {by} saved revision {number}. It needs to be "
        f"submitted again.\n\n{_closing(code)}",
    )
