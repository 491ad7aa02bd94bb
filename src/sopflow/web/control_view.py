"""What the document-control page shows one person: where a document stands (each
revision's state, the revision in force, the open review and its steps, signatures, dates)
and which forms they may use, each worked out from the services' answers.

The services decide every request again when a form is sent; the choice of forms here only
keeps a person from being offered what they would be refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sopflow.analysis.diff import DocumentDiff
from sopflow.library.control import Review, Step
from sopflow.library.store import Library
from sopflow.model.revisions import RevisionInfo, RevisionState
from sopflow.services import control, control_dates, documents
from sopflow.services.access import Actor, Permission
from sopflow.services.signing import Meaning, Signature

SIGNABLE = (Meaning.AUTHORED,)
"""The meanings the sign form offers: approvals sign as part of approving, and having read
a revision in force is signed where it is acknowledged."""


@dataclass(frozen=True)
class FormError:
    """A refused form: which form, the field to show the message beside, the message."""

    form: str
    field: str
    message: str


@dataclass(frozen=True)
class Forms:
    """Which forms the person sees (each True only when they may use it now)."""

    submit: bool = False
    decide: bool = False  # approve and reject: the revision in review waits for them
    sign: tuple[int, ...] = ()  # the revisions they may sign as their author
    effective: bool = False
    obsolete: bool = False
    periodic: bool = False

    @property
    def any(self) -> bool:
        """Whether any form is offered."""
        return any(
            (self.submit, self.decide, self.sign, self.effective, self.obsolete, self.periodic)
        )


@dataclass(frozen=True)
class ControlPage:
    """Everything the page renders."""

    code: str
    title: str
    status: control.ControlStatus
    history: tuple[RevisionInfo, ...]
    signatures: tuple[Signature, ...]
    next_review: date | None
    open_review: Review | None
    waiting_for: tuple[Step, ...]  # the steps that may be decided now
    diff: DocumentDiff | None
    diff_base: int | None
    forms: Forms
    effective_from: datetime | None  # of the revision in force
    pending_from: datetime | None  # of an approved revision not yet in force
    values: dict[str, str] = field(default_factory=dict)  # a refused form's entries
    error: FormError | None = None

    @property
    def latest(self) -> RevisionInfo:
        """The newest revision."""
        return self.history[-1]

    def info_of(self, number: int) -> RevisionInfo | None:
        """What is known of revision number (who saved it, when, why)."""
        return next((info for info in self.history if info.number == number), None)

    def state_of(self, number: int) -> RevisionState:
        """The state of revision number as of now."""
        return next(state for n, state, _ in self.status.states if n == number)

    def reviews_of(self, number: int) -> list[Review]:
        """The review requests of revision number, oldest first."""
        return [review for review in self.status.reviews if review.number == number]

    def error_for(self, form: str, name: str) -> str | None:
        """The message to show beside field name of form, if that form was refused there."""
        if self.error and self.error.form == form and self.error.field == name:
            return self.error.message
        return None

    def form_error(self, form: str, names: tuple[str, ...]) -> str | None:
        """A refusal of form not tied to one of its fields (shown above the form)."""
        if self.error and self.error.form == form and self.error.field not in names:
            return self.error.message
        return None


def _holds(actor: Actor, approver: str) -> bool:
    if approver.startswith("role:"):
        return any(role.value == approver[5:] for role in actor.roles)
    return approver == actor.name


def deciding_now(review: Review) -> tuple[Step, ...]:
    """The steps that may be decided now: the first pending in sequence, all in parallel."""
    pending = tuple(step for step in review.steps if step.decision is None)
    return pending[:1] if review.mode == "sequential" else pending


def may_decide(actor: Actor, review: Review, author: str) -> bool:
    """Whether actor's turn has come in review of a revision author wrote."""
    if not actor.can(Permission.REVIEW) or actor.name == author:
        return False
    if any(s.decided_by == actor.name and s.decision == "approved" for s in review.steps):
        return False
    return any(_holds(actor, step.approver) for step in deciding_now(review))


def _forms(
    actor: Actor, status: control.ControlStatus, history: list[RevisionInfo], review: Review | None
) -> Forms:
    latest = history[-1]
    live = status.obsolete_reason is None
    approved_waiting = any(state == RevisionState.APPROVED for _, state, _ in status.states)
    reviewing = actor.can(Permission.REVIEW)
    return Forms(
        submit=live and actor.can(Permission.EDIT) and latest.state == RevisionState.DRAFT,
        decide=review is not None and may_decide(actor, review, latest.author),
        sign=(latest.number,) if latest.author == actor.name else (),
        effective=reviewing and approved_waiting,
        obsolete=reviewing and live,
        periodic=reviewing and live and status.in_force is not None,
    )


def control_page(
    *,
    library: Library,
    actor: Actor,
    code: str,
    values: dict[str, str] | None = None,
    error: FormError | None = None,
) -> ControlPage:
    """The control page of code for actor (the read-drafts permission is needed)."""
    status = control.control_status(library=library, actor=actor, code=code)
    history = documents.history(library=library, actor=actor, code=code)
    review = next((r for r in status.reviews if r.state == "open"), None)
    diff = control.review_diff(library=library, actor=actor, code=code) if review else None
    moments = {number: since for number, _, since in status.states}
    pending = [since for _, state, since in status.states if state == RevisionState.APPROVED]
    titles = documents.document_titles(library=library, actor=actor, codes=[code])
    return ControlPage(
        code=code,
        title=titles.get(code, ""),
        status=status,
        history=tuple(history),
        signatures=tuple(control_dates.list_signatures(library=library, actor=actor, code=code)),
        next_review=control_dates.next_review(library=library, actor=actor, code=code),
        open_review=review,
        waiting_for=deciding_now(review) if review else (),
        diff=diff,
        diff_base=status.in_force if diff else None,
        forms=_forms(actor, status, history, review),
        effective_from=moments.get(status.in_force) if status.in_force else None,
        pending_from=pending[-1] if pending else None,
        values=values or {},
        error=error,
    )


@dataclass(frozen=True)
class Summary:
    """The few facts the document page shows about control, with a link to the rest."""

    in_force: int | None
    effective_from: datetime | None
    next_review: date | None
    in_review: int | None
    waiting_for: tuple[str, ...]
    obsolete_reason: str | None
    yours: bool  # the revision in review waits for the person looking


def control_summary(*, library: Library, actor: Actor, code: str) -> Summary | None:
    """The document page's control panel; None for those who may not read drafts."""
    if not actor.can(Permission.READ_DRAFTS):
        return None
    status = control.control_status(library=library, actor=actor, code=code)
    review = next((r for r in status.reviews if r.state == "open"), None)
    moments = {number: since for number, _, since in status.states}
    author = ""
    if review is not None:
        history = documents.history(library=library, actor=actor, code=code)
        author = next(info.author for info in history if info.number == review.number)
    return Summary(
        in_force=status.in_force,
        effective_from=moments.get(status.in_force) if status.in_force else None,
        next_review=control_dates.next_review(library=library, actor=actor, code=code),
        in_review=review.number if review else None,
        waiting_for=tuple(s.approver for s in deciding_now(review)) if review else (),
        obsolete_reason=status.obsolete_reason,
        yours=review is not None and may_decide(actor, review, author),
    )
