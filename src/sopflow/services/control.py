"""Document control, review: submit a draft for review to named approvers (people or roles,
in sequence or in parallel), approve and sign, reject with a comment, and what an edit during
review does (it withdraws the request and tells everyone involved).

Each state change is one function here or in `sopflow.services.control_dates`: submit_review,
approve_revision, reject_revision, withdraw_review (called by save_revision), so each use case
has one place to record it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection

from sopflow.analysis.diff import DocumentDiff, diff_documents
from sopflow.errors import ConflictError, InvalidInputError, PermissionDeniedError
from sopflow.library import control as rows
from sopflow.library import users as accounts
from sopflow.library.audit import append_entry
from sopflow.library.control import ControlledRevision, Review, Step
from sopflow.library.revisions import stored_document
from sopflow.library.store import Library
from sopflow.model import check_document
from sopflow.model.problems import dotted
from sopflow.model.revisions import RevisionState
from sopflow.services import notify
from sopflow.services.access import Actor, Permission, parse_role, require
from sopflow.services.documents import check_code, check_text, forget_facets
from sopflow.services.signing import Meaning, add_signature, confirm_signer

Mode = Literal["sequential", "parallel"]


def _now() -> datetime:
    return datetime.now(UTC)


def check_approver(connection: Connection, text: str) -> str:
    """An approver as stored: a login name the library holds, or role:ROLE."""
    given = check_text(text, field="approver", longest=80).strip()
    if given.casefold().startswith("role:"):
        return f"role:{parse_role(given[5:], field='approver').value}"
    name = given.casefold()
    if accounts.find_user(connection, name=name) is None:
        raise InvalidInputError(
            f"approver: {given!r} is neither a user nor role:ROLE", field="approver"
        )
    return name


def _reason(text: str, *, field: str) -> str:
    said = check_text(text, field=field, longest=2000).strip()
    if not said:
        raise InvalidInputError(f"{field}: say why, in a few words", field=field)
    return said


def _latest(connection: Connection, code: str) -> tuple[ControlledRevision, rows.DocumentControl]:
    every = rows.controlled_revisions(connection, code=code)
    return every[-1], rows.document_control(connection, code=code)


MAX_NAMED = 10
"""The most problems a refused submission names."""


def refuse_problems(revision: ControlledRevision) -> None:
    """Refuse a revision whose document breaks the model's rules (a draft saved with its
    problems, as the flow builder may): ConflictError naming each, so the author knows what
    to fix before it goes into review. Lint's findings do not stop it."""
    document = stored_document(revision.sha256, revision.content)
    errors = [found for found in check_document(document) if found.severity == "error"]
    if not errors:
        return
    named = [f"{dotted(found.path)}: {found.message}" for found in errors[:MAX_NAMED]]
    if len(errors) > MAX_NAMED:
        named.append(f"… and {len(errors) - MAX_NAMED} more")
    raise ConflictError(
        f"{revision.code}: revision {revision.number} has {len(errors)} validation "
        f"problem(s) and cannot go into review until a revision without them is saved: "
        + "; ".join(named)
    )


def _open_review(connection: Connection, document_id: int) -> Review | None:
    return next(
        (r for r in rows.reviews_of(connection, document_id=document_id) if r.state == "open"),
        None,
    )


def submit_review(
    *,
    library: Library,
    actor: Actor | None,
    code: str,
    approvers: Sequence[str],
    mode: Mode,
    reason: str,
) -> Review:
    """Put the latest revision of code, a draft, into review by approvers; notify them."""
    author = require(actor, Permission.EDIT)
    check_code(code)
    said = _reason(reason, field="reason")
    if mode not in ("sequential", "parallel"):
        raise InvalidInputError("mode: choose sequential or parallel", field="mode")
    if not approvers:
        raise InvalidInputError("approver: name at least one approver", field="approver")
    with library.transaction() as connection:
        chosen = list(dict.fromkeys(check_approver(connection, a) for a in approvers))
        latest, document = _latest(connection, code)
        if document.obsolete_at is not None:
            raise ConflictError(f"{code}: the document is obsolete")
        if latest.state != RevisionState.DRAFT:
            raise ConflictError(
                f"{code}: revision {latest.number} is {latest.state.value}; only a draft "
                "goes into review (save a new revision first)"
            )
        refuse_problems(latest)
        now = _now()
        rows.insert_review(
            connection,
            revision_id=latest.id,
            approvers=chosen,
            mode=mode,
            reason=said,
            by=author.name,
            now=now,
        )
        rows.set_state(connection, latest, RevisionState.IN_REVIEW)
        append_entry(
            connection,
            actor=author.name,
            action="review.submitted",
            subject=code,
            details={"revision": latest.number, "approvers": chosen, "mode": mode, "reason": said},
        )
        rows.add_notices(
            connection,
            recipients=chosen if mode == "parallel" else chosen[:1],
            code=code,
            text=f"{code} revision {latest.number} waits for your approval: {said}",
            now=now,
        )
        review = _open_review(connection, latest.document_id)
    forget_facets(library)
    notify.review_submitted(library=library, code=code)
    assert review is not None
    return review


def _holds(actor: Actor, approver: str) -> bool:
    if approver.startswith("role:"):
        return any(role.value == approver[5:] for role in actor.roles)
    return approver == actor.name


def _step_for(actor: Actor, review: Review, revision: ControlledRevision) -> Step:
    """The pending step actor may decide, or the error saying why none."""
    if actor.name == revision.author:
        raise PermissionDeniedError(
            f"{revision.code}: {actor.name} authored revision {revision.number} and cannot "
            "approve or reject it"
        )
    if any(s.decided_by == actor.name for s in review.steps if s.decision == "approved"):
        raise ConflictError(f"{revision.code}: {actor.name} has approved this revision already")
    pending = [s for s in review.steps if s.decision is None]
    if review.mode == "sequential":
        pending = pending[:1]
    named = (s for s in pending if s.approver == actor.name)  # their own step before a role's
    mine = next(named, None) or next((s for s in pending if _holds(actor, s.approver)), None)
    if mine is None:
        waiting = ", ".join(s.approver for s in pending) or "nobody"
        raise PermissionDeniedError(
            f"{revision.code}: revision {revision.number} waits for {waiting}, not {actor.name}"
        )
    return mine


def _in_review(connection: Connection, code: str) -> tuple[ControlledRevision, Review]:
    latest, _ = _latest(connection, code)
    review = _open_review(connection, latest.document_id)
    if review is None or review.revision_id != latest.id:
        raise ConflictError(f"{code}: no revision of it is in review")
    return latest, review


def _decide(
    connection: Connection, reviewer: Actor, code: str, decision: str, note: str | None
) -> tuple[ControlledRevision, Review, Step, datetime]:
    """Record reviewer's decision on the step of code's revision in review that is theirs
    to decide: the revision, its review, the step and the moment decided."""
    revision, review = _in_review(connection, code)
    step = _step_for(reviewer, review, revision)
    now = _now()
    rows.decide(
        connection,
        review_id=review.id,
        position=step.position,
        decision=decision,
        by=reviewer.name,
        comment=note,
        now=now,
    )
    return revision, review, step, now


@dataclass(frozen=True)
class Decided:
    """The outcome of an approval or rejection: the revision's state after it."""

    code: str
    number: int
    state: RevisionState
    effective_from: datetime | None


def approve_revision(
    *,
    library: Library,
    actor: Actor | None,
    code: str,
    password: str,
    comment: str = "",
    effective_on: datetime | None = None,
) -> Decided:
    """Approve and sign the revision of code in review; the last approval makes it approved,
    in force from effective_on (default: now)."""
    reviewer = require(actor, Permission.REVIEW)
    check_code(code)
    note = check_text(comment, field="comment", longest=2000).strip() or None
    when = _check_moment(effective_on)
    # the password is checked before the write transaction opens: a wrong one is recorded
    # in the audit trail by a transaction of its own, which SQLite could not start inside
    signer = confirm_signer(library=library, actor=reviewer, password=password)
    with library.transaction() as connection:
        revision, review, step, now = _decide(connection, reviewer, code, "approved", note)
        add_signature(
            connection, revision=revision, signer=signer, meaning=Meaning.APPROVED, now=now
        )
        decided = _after_approval(connection, revision, review, step, start=when, now=now)
        append_entry(
            connection,
            actor=reviewer.name,
            action="review.approved",
            subject=code,
            details={
                "revision": revision.number,
                "approver": step.approver,
                "comment": note,
                "state": decided.state.value,
                "effective_from": _moment(decided.effective_from),
            },
        )
    forget_facets(library)
    notify.review_decided(library=library, code=code)
    return decided


def _after_approval(
    connection: Connection,
    revision: ControlledRevision,
    review: Review,
    step: Step,
    *,
    start: datetime | None,
    now: datetime,
) -> Decided:
    """Tell the next approver of a sequence, or, after the last approval, approve the
    revision in force from start (None: now) and tell its author."""
    code = revision.code
    left = [s for s in review.steps if s.decision is None and s.position != step.position]
    if left:
        if review.mode == "sequential":
            rows.add_notices(
                connection,
                recipients=[left[0].approver],
                code=code,
                text=f"{code} revision {revision.number} waits for your approval: {review.reason}",
                now=now,
            )
        return Decided(code, revision.number, RevisionState.IN_REVIEW, None)
    # a moment already past means now: nothing takes effect before it was approved
    moment = max(start or now, now).replace(microsecond=0)  # compared with now to the second
    rows.close_review(
        connection, review_id=review.id, state="approved", now=now, effective_on=moment
    )
    rows.set_state(connection, revision, RevisionState.APPROVED, effective_from=moment)
    rows.add_notices(
        connection,
        recipients=[review.requested_by, revision.author],
        code=code,
        text=f"{code} revision {revision.number} is approved, in force from "
        f"{moment:%Y-%m-%d %H:%M} UTC",
        now=now,
    )
    state = RevisionState.EFFECTIVE if moment <= now else RevisionState.APPROVED
    return Decided(code, revision.number, state, moment)


def _check_moment(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        raise InvalidInputError("effective_on: give a time zone (or a date)", field="effective_on")
    return moment.astimezone(UTC) if moment is not None else None


def reject_revision(*, library: Library, actor: Actor | None, code: str, comment: str) -> Decided:
    """Reject the revision of code in review: it returns to draft, the comment kept."""
    reviewer = require(actor, Permission.REVIEW)
    check_code(code)
    note = _reason(comment, field="comment")
    with library.transaction() as connection:
        revision, review, step, now = _decide(connection, reviewer, code, "rejected", note)
        rows.close_review(connection, review_id=review.id, state="rejected", now=now)
        rows.set_state(connection, revision, RevisionState.DRAFT)
        append_entry(
            connection,
            actor=reviewer.name,
            action="review.rejected",
            subject=code,
            details={"revision": revision.number, "approver": step.approver, "comment": note},
        )
        rows.add_notices(
            connection,
            recipients=[review.requested_by, revision.author],
            code=code,
            text=f"{code} revision {revision.number} was rejected by {reviewer.name}: {note}",
            now=now,
        )
    forget_facets(library)
    notify.review_decided(library=library, code=code)
    return Decided(code, revision.number, RevisionState.DRAFT, None)


def withdraw_review(connection: Connection, *, code: str, number: int, by: str) -> Review | None:
    """After revision number of code was saved: withdraw a review still open of an earlier
    revision (its approvals no longer apply to what will be approved) and tell everyone
    involved. The earlier revision returns to draft. The withdrawn review, or None."""
    every = rows.controlled_revisions(connection, code=code)
    review = _open_review(connection, every[0].document_id)
    if review is None:
        return None
    revision = next(r for r in every if r.id == review.revision_id)
    now = _now()
    for step in review.steps:
        if step.decision is None or step.decision == "approved":
            comment = f"withdrawn: revision {number} was saved by {by}"
            rows.decide(
                connection,
                review_id=review.id,
                position=step.position,
                decision="withdrawn",
                by=step.decided_by or "",
                comment=(step.comment + "; " + comment) if step.comment else comment,
                now=now,
            )
    rows.close_review(connection, review_id=review.id, state="withdrawn", now=now)
    rows.set_state(connection, revision, RevisionState.DRAFT, latest=False)
    append_entry(
        connection,
        actor=by,
        action="review.withdrawn",
        subject=code,
        details={"revision": revision.number, "saved": number},
    )
    rows.add_notices(
        connection,
        recipients=[review.requested_by, revision.author]
        + [s.approver for s in review.steps]
        + [s.decided_by for s in review.steps if s.decided_by],
        code=code,
        text=f"{code}: the review of revision {revision.number} was withdrawn, and its "
        f"approvals with it, because {by} saved revision {number}; submit it again",
        now=now,
    )
    return review


@dataclass(frozen=True)
class ControlStatus:
    """Where a document stands: each revision's state, the review requests, the diff."""

    code: str
    states: tuple[tuple[int, RevisionState, datetime | None], ...]
    in_force: int | None
    reviews: tuple[Review, ...]
    review_months: int
    obsolete_reason: str | None


def control_status(*, library: Library, actor: Actor | None, code: str) -> ControlStatus:
    """Each revision's state as of now and every review request with its comments."""
    require(actor, Permission.READ_DRAFTS)
    check_code(code)
    with library.reading() as connection:
        every = rows.controlled_revisions(connection, code=code)
        document = rows.document_control(connection, code=code)
        found = rows.reviews_of(connection, document_id=document.id)
    return ControlStatus(
        code,
        tuple((r.number, r.state, r.effective_from) for r in every),
        document.in_force,
        tuple(found),
        document.review_months,
        document.obsolete_reason,
    )


def review_diff(*, library: Library, actor: Actor | None, code: str) -> DocumentDiff | None:
    """What the latest revision changes against the revision in force; None when no
    revision is in force (the whole document is new to its readers)."""
    require(actor, Permission.READ_DRAFTS)
    check_code(code)
    with library.reading() as connection:
        every = rows.controlled_revisions(connection, code=code)
        document = rows.document_control(connection, code=code)
    latest = every[-1]
    base = next((r for r in every if r.number == document.in_force), None)
    if base is None:
        return None
    old = stored_document(base.sha256, base.content)
    new = stored_document(latest.sha256, latest.content)
    return diff_documents(old, new, f"{code}@{base.number}", f"{code}@{latest.number}")


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def status_json(status: ControlStatus) -> dict[str, object]:
    """A control status as JSON data, as the CLI's --json and the API give it."""
    return {
        "code": status.code,
        "in_force": status.in_force,
        "review_months": status.review_months,
        "obsolete_reason": status.obsolete_reason,
        "revisions": [
            {"number": n, "state": s.value, "effective_from": _moment(f)}
            for n, s, f in status.states
        ],
        "reviews": [
            {
                "revision": r.number,
                "state": r.state,
                "mode": r.mode,
                "reason": r.reason,
                "requested_by": r.requested_by,
                "requested_at": _moment(r.requested_at),
                "effective_on": _moment(r.effective_on),
                "steps": [
                    {
                        "approver": s.approver,
                        "decision": s.decision,
                        "decided_by": s.decided_by,
                        "comment": s.comment,
                        "decided_at": _moment(s.decided_at),
                    }
                    for s in r.steps
                ],
            }
            for r in status.reviews
        ],
    }
