"""The document-control page, `/documents/{code}/control`, and the forms on it: submit for
review, approve (signing with one's password) or reject, sign as author, set the effective
date, make obsolete, record a periodic review with no change.

Each form is a POST answered by a redirect back to the page (post/redirect/get); a form the
service refuses for its content (422, 409) shows the page again with the message beside the
field that caused it and what was typed (never the password). A refusal of the person
(403) is the error page. Every use case checks the permission itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sopflow.errors import ConflictError, InvalidInputError, PermissionDeniedError
from sopflow.library.store import Library
from sopflow.services import control, control_dates
from sopflow.services.access import Actor, Permission
from sopflow.services.documents import check_text
from sopflow.services.signing import Meaning
from sopflow.web.control_view import SIGNABLE, FormError, control_page
from sopflow.web.deps import LibraryDep, SignedInDep, check_csrf
from sopflow.web.pages import error_page, page
from sopflow.web.problems import status_of
from sopflow.web.routes.document_pages import change_label

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

DONE = {
    "submitted": "Submitted for review. The approvers are told when their turn comes.",
    "approved": "Approved and signed.",
    "rejected": "Rejected. The revision is a draft again; the comment is kept.",
    "signed": "Signed.",
    "scheduled": "The date the revision takes effect is set.",
    "obsolete": "The document is obsolete: still readable, marked withdrawn.",
    "reviewed": "The periodic review is recorded; the next review date is reset.",
}
"""What the page says after each form succeeded (the redirect names the key)."""

Text = Annotated[str, Form(max_length=2000)]
Short = Annotated[str, Form(max_length=200)]
DoneQuery = Annotated[str, Query(max_length=20)]


def _show(
    request: Request,
    library: Library,
    actor: Actor,
    code: str,
    *,
    done: str = "",
    values: dict[str, str] | None = None,
    error: FormError | None = None,
    status: int = 200,
) -> HTMLResponse:
    view = control_page(library=library, actor=actor, code=code, values=values, error=error)
    context = {
        "view": view,
        "code": code,
        "done": DONE.get(done),
        "signable": [meaning.value for meaning in SIGNABLE],
        "labels": [change_label(change) for change in view.diff.changes] if view.diff else [],
        "when": lambda moment: moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "",
    }
    title = f"Document control · {code} {view.title}"
    return page(request, "control.html", context, status=status, title=title)


def _act(
    request: Request,
    library: Library,
    actor: Actor,
    code: str,
    *,
    form: str,
    values: dict[str, str],
    action: Callable[[], object],
    done: str,
) -> Response:
    """Run action; on success back to the page saying done, on a refusal of the content
    the page again with the message beside its field."""
    try:
        action()
    except PermissionDeniedError:
        raise  # the person, not the form: the error page
    except (InvalidInputError, ConflictError) as error:
        name = getattr(error, "field", None) or "form"
        said = str(error).removeprefix(f"{name}: ")
        message = said[:1].upper() + said[1:]
        status, title = status_of(error)
        if not actor.can(Permission.READ_DRAFTS):  # no control page to show it on
            return error_page(request, status=status, title=title, detail=str(error))
        refused = FormError(form, name, message)
        return _show(request, library, actor, code, values=values, error=refused, status=status)
    return RedirectResponse(f"/documents/{code}/control?done={done}", status_code=303)


def parse_day(text: str, *, field: str) -> datetime | None:
    """A date typed in a form as midnight UTC that day; None when left empty."""
    if not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(f"{field}: give a date as YYYY-MM-DD", field=field) from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _from_day(moment: datetime | None) -> datetime | None:
    """A day already begun means now: a revision never takes effect retroactively."""
    return None if moment is None or moment <= datetime.now(UTC) else moment


def split_approvers(text: str) -> list[str]:
    """The approvers typed in one field, in order: separated by commas or spaces."""
    return [part for part in re.split(r"[,;\s]+", text) if part]


@router.get("/documents/{code}/control", response_class=HTMLResponse)
def control_view(
    request: Request, library: LibraryDep, actor: SignedInDep, code: str, done: DoneQuery = ""
) -> Response:
    """Where the document stands in review and approval, and the forms the person may use."""
    return _show(request, library, actor, code, done=done)


@router.post("/documents/{code}/control/submit")
def submit_form(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    code: str,
    *,
    approvers: Short = "",
    mode: Annotated[str, Form(max_length=20)] = "sequential",
    reason: Text = "",
) -> Response:
    """Submit the latest revision, a draft, for review."""
    values = {"approvers": approvers, "mode": mode, "reason": reason}
    return _act(
        request,
        library,
        actor,
        code,
        form="submit",
        values=values,
        action=lambda: control.submit_review(
            library=library,
            actor=actor,
            code=code,
            approvers=split_approvers(check_text(approvers, field="approver")),
            mode=mode,  # type: ignore[arg-type]  # the service refuses any other
            reason=reason,
        ),
        done="submitted",
    )


@router.post("/documents/{code}/control/approve")
def approve_form(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    code: str,
    *,
    password: Short = "",
    comment: Text = "",
    effective_on: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Approve the revision in review, signing it with one's password."""
    values = {"comment": comment, "effective_on": effective_on}
    return _act(
        request,
        library,
        actor,
        code,
        form="approve",
        values=values,
        action=lambda: control.approve_revision(
            library=library,
            actor=actor,
            code=code,
            password=password,
            comment=comment,
            effective_on=_from_day(parse_day(effective_on, field="effective_on")),
        ),
        done="approved",
    )


@router.post("/documents/{code}/control/reject")
def reject_form(
    request: Request, library: LibraryDep, actor: SignedInDep, code: str, comment: Text = ""
) -> Response:
    """Reject the revision in review with a comment saying what must change."""
    return _act(
        request,
        library,
        actor,
        code,
        form="reject",
        values={"reject_comment": comment},
        action=lambda: control.reject_revision(
            library=library, actor=actor, code=code, comment=comment
        ),
        done="rejected",
    )


@router.post("/documents/{code}/control/sign")
def sign_form(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    code: str,
    *,
    number: Annotated[int, Form(ge=1, le=2**31 - 1)],
    meaning: Annotated[str, Form(max_length=20)] = "authored",
    password: Short = "",
) -> Response:
    """Sign a revision as its author, with one's password."""

    def sign() -> None:
        if meaning not in {m.value for m in SIGNABLE}:
            raise InvalidInputError("meaning: choose what the signature means", field="meaning")
        control_dates.sign_revision(
            library=library,
            actor=actor,
            code=code,
            number=number,
            meaning=Meaning(meaning),
            password=password,
        )

    return _act(
        request,
        library,
        actor,
        code,
        form="sign",
        values={"meaning": meaning},
        action=sign,
        done="signed",
    )


@router.post("/documents/{code}/control/effective")
def effective_form(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    code: str,
    *,
    on: Annotated[str, Form(max_length=20)] = "",
    when: Annotated[str, Form(max_length=10)] = "date",
) -> Response:
    """Set when the approved revision takes effect: now, or on a date."""

    def schedule() -> None:
        moment = datetime.now(UTC) if when == "now" else parse_day(on, field="on")
        if moment is None:
            raise InvalidInputError("on: choose a date, or take effect now", field="on")
        control_dates.set_effective_date(library=library, actor=actor, code=code, on=moment)

    return _act(
        request,
        library,
        actor,
        code,
        form="effective",
        values={"on": on},
        action=schedule,
        done="scheduled",
    )


@router.post("/documents/{code}/control/obsolete")
def obsolete_form(
    request: Request, library: LibraryDep, actor: SignedInDep, code: str, reason: Text = ""
) -> Response:
    """Make the document obsolete, saying why."""
    return _act(
        request,
        library,
        actor,
        code,
        form="obsolete",
        values={"obsolete_reason": reason},
        action=lambda: control_dates.make_obsolete(
            library=library, actor=actor, code=code, reason=reason
        ),
        done="obsolete",
    )


@router.post("/documents/{code}/control/periodic-review")
def periodic_form(request: Request, library: LibraryDep, actor: SignedInDep, code: str) -> Response:
    """Record that the revision in force was reviewed and needs no change."""
    return _act(
        request,
        library,
        actor,
        code,
        form="periodic",
        values={},
        action=lambda: control_dates.record_periodic_review(
            library=library, actor=actor, code=code
        ),
        done="reviewed",
    )
