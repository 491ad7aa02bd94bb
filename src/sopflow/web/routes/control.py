"""The document-control API: review requests, approval with a signature, rejection,
effective dates, obsolescence, periodic review, signatures and notices.

Every route calls one use case of `sopflow.services.control` or `control_dates`, which
checks the permission first (REVIEW to approve, reject, obsolete and schedule; EDIT to
submit and set the review interval; READ_DRAFTS for the status and diff).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from sopflow.services import control, control_dates
from sopflow.services.signing import Meaning, Signature
from sopflow.web.deps import ActorDep, LibraryDep, check_csrf
from sopflow.web.routes.api_models import PROBLEMS
from sopflow.web.routes.documents import Code

router = APIRouter(
    prefix="/api/v1",
    tags=["document control"],
    dependencies=[Depends(check_csrf)],
    responses=PROBLEMS,
)

Text = Annotated[str, Field(max_length=2000)]


class ReviewRequest(BaseModel):
    """A review request of the latest revision, a draft."""

    approvers: list[Annotated[str, Field(max_length=80)]] = Field(
        min_length=1, max_length=20, description="User names, or role:ROLE."
    )
    mode: Literal["sequential", "parallel"] = "sequential"
    reason: Text = Field(description="Why the change is made; required.")


class Approval(BaseModel):
    """An approval, signed with the approver's password given again."""

    password: Annotated[str, Field(max_length=200)]
    comment: Text = ""
    effective_on: datetime | None = Field(
        default=None, description="When the revision takes effect (with a time zone); now."
    )


class Rejection(BaseModel):
    """A rejection: what must change."""

    comment: Text


class Moment(BaseModel):
    """When an approved revision takes effect."""

    on: datetime


class Reason(BaseModel):
    """Why a document is made obsolete."""

    reason: Text


class Interval(BaseModel):
    """Months between periodic reviews."""

    months: int = Field(ge=1, le=control_dates.LONGEST_INTERVAL)


class SignatureRequest(BaseModel):
    """A signature of a revision as its author or as having read it."""

    number: int = Field(ge=1, le=2**31 - 1)
    meaning: Literal["authored", "acknowledged"]
    password: Annotated[str, Field(max_length=200)]


def _status(library: LibraryDep, actor: ActorDep, code: str) -> dict[str, object]:
    return control.status_json(control.control_status(library=library, actor=actor, code=code))


@router.get("/documents/{code}/control")
def control_status(library: LibraryDep, actor: ActorDep, code: Code) -> dict[str, Any]:
    """Each revision's state as of now and every review request with its comments."""
    return _status(library, actor, code)


@router.post("/documents/{code}/review", status_code=201)
def submit_review(
    library: LibraryDep, actor: ActorDep, code: Code, body: ReviewRequest
) -> dict[str, Any]:
    """Submit the latest revision, a draft, for review; the approvers are notified."""
    control.submit_review(
        library=library,
        actor=actor,
        code=code,
        approvers=body.approvers,
        mode=body.mode,
        reason=body.reason,
    )
    return _status(library, actor, code)


@router.post("/documents/{code}/review/approve")
def approve(library: LibraryDep, actor: ActorDep, code: Code, body: Approval) -> dict[str, Any]:
    """Approve and sign the revision in review (needs the review permission and the
    approver's password again); the last approval makes it approved or effective."""
    decided = control.approve_revision(
        library=library,
        actor=actor,
        code=code,
        password=body.password,
        comment=body.comment,
        effective_on=body.effective_on,
    )
    return _decided(decided)


def _decided(decided: control.Decided) -> dict[str, Any]:
    since = decided.effective_from
    return {
        "code": decided.code,
        "number": decided.number,
        "state": decided.state.value,
        "effective_from": since.isoformat() if since else None,
    }


@router.post("/documents/{code}/review/reject")
def reject(library: LibraryDep, actor: ActorDep, code: Code, body: Rejection) -> dict[str, Any]:
    """Reject the revision in review: it returns to draft, the comment kept."""
    decided = control.reject_revision(library=library, actor=actor, code=code, comment=body.comment)
    return _decided(decided)


@router.get("/documents/{code}/review/diff")
def review_diff(library: LibraryDep, actor: ActorDep, code: Code) -> dict[str, Any]:
    """What the latest revision changes against the one in force (null: none in force)."""
    found = control.review_diff(library=library, actor=actor, code=code)
    return {"code": code, "diff": found.as_json() if found is not None else None}


@router.post("/documents/{code}/effective")
def effective(library: LibraryDep, actor: ActorDep, code: Code, body: Moment) -> dict[str, Any]:
    """Move the moment the approved revision, not yet in force, takes effect."""
    moved = control_dates.set_effective_date(library=library, actor=actor, code=code, on=body.on)
    return {"code": code, "effective_from": moved.isoformat()}


@router.post("/documents/{code}/obsolete")
def obsolete(library: LibraryDep, actor: ActorDep, code: Code, body: Reason) -> dict[str, Any]:
    """Make a document obsolete for a reason: it stays readable, marked."""
    control_dates.make_obsolete(library=library, actor=actor, code=code, reason=body.reason)
    return _status(library, actor, code)


@router.post("/documents/{code}/periodic-review")
def periodic_review(library: LibraryDep, actor: ActorDep, code: Code) -> dict[str, Any]:
    """Record a periodic review that needs no change; the next review date."""
    upcoming = control_dates.record_periodic_review(library=library, actor=actor, code=code)
    return {"code": code, "next_review": upcoming.isoformat()}


@router.put("/documents/{code}/review-interval")
def review_interval(
    library: LibraryDep, actor: ActorDep, code: Code, body: Interval
) -> dict[str, Any]:
    """Set the months between periodic reviews of a document."""
    control_dates.set_review_interval(library=library, actor=actor, code=code, months=body.months)
    upcoming = control_dates.next_review(library=library, actor=actor, code=code)
    return {"code": code, "months": body.months, "next_review": upcoming and upcoming.isoformat()}


def _signature(found: Signature) -> dict[str, Any]:
    return {
        "number": found.number,
        "signer": found.signer,
        "full_name": found.full_name,
        "meaning": found.meaning,
        "signed_at": found.signed_at.isoformat(),
        "sha256": found.sha256,
        "valid": found.valid,
        "problem": found.problem,
    }


@router.get("/documents/{code}/signatures")
def signatures(library: LibraryDep, actor: ActorDep, code: Code) -> dict[str, Any]:
    """Every signature of the document's revisions, each verified against its content."""
    found = control_dates.list_signatures(library=library, actor=actor, code=code)
    return {"code": code, "signatures": [_signature(s) for s in found]}


@router.post("/documents/{code}/signatures", status_code=201)
def sign(library: LibraryDep, actor: ActorDep, code: Code, body: SignatureRequest) -> JSONResponse:
    """Sign a revision as its author or as having read it, with one's password again."""
    control_dates.sign_revision(
        library=library,
        actor=actor,
        code=code,
        number=body.number,
        meaning=Meaning(body.meaning),
        password=body.password,
    )
    found = control_dates.list_signatures(library=library, actor=actor, code=code)
    return JSONResponse({"code": code, "signature": _signature(found[-1])}, status_code=201)


@router.get("/reviews/due")
def reviews_due(
    library: LibraryDep,
    actor: ActorDep,
    within: Annotated[int, Query(ge=0, le=3660, description="Days ahead to include.")] = 0,
) -> dict[str, Any]:
    """Documents whose periodic review is due within `within` days, or overdue."""
    found = control_dates.review_due(library=library, actor=actor, within_days=within)
    return {
        "due": [
            {
                "code": d.code,
                "title": d.title,
                "owner": d.owner,
                "revision": d.in_force,
                "next_review": d.next_review.isoformat(),
                "overdue": d.overdue,
            }
            for d in found
        ]
    }


@router.get("/notices")
def notices(library: LibraryDep, actor: ActorDep) -> dict[str, Any]:
    """The notices for the signed-in person (by name and role), newest first."""
    found = control_dates.my_notices(library=library, actor=actor)
    return {
        "notices": [
            {"code": n.code, "text": n.text, "created_at": n.created_at.isoformat()} for n in found
        ]
    }
