"""The document register: the `/register` page with filters and downloads, and
`GET /api/v1/register` (see services.register for who sees which documents)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from sopflow.errors import InvalidInputError
from sopflow.formats.register import MEDIA_TYPES
from sopflow.model import KIND_NAMES
from sopflow.model.revisions import RevisionState
from sopflow.services import register as service
from sopflow.services.access import Permission
from sopflow.services.register import ExternalDocument, RegisterFilters, RegisterRow
from sopflow.web.deps import ActorDep, LibraryDep, SignedInDep, check_csrf
from sopflow.web.pages import page
from sopflow.web.routes.api_models import PROBLEMS

pages = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
api = APIRouter(
    prefix="/api/v1", tags=["register"], dependencies=[Depends(check_csrf)], responses=PROBLEMS
)

Filter = Annotated[str, Query(max_length=200)]


def _filters(
    kind: Filter = "",
    state: Filter = "",
    owner: Filter = "",
    department: Filter = "",
    text: Filter = "",
) -> RegisterFilters:
    """The register's filters from the query (a dependency of every register route)."""
    return RegisterFilters(
        kind=kind or None,
        state=state or None,
        owner=owner or None,
        department=department or None,
        text=text or None,
    )


FiltersDep = Annotated[RegisterFilters, Depends(_filters)]
FILTER_NAMES = ("kind", "state", "owner", "department", "text")


class RegisterRowOut(BaseModel):
    """One line of the master list; revision is null when none is in force."""

    code: str
    title: str
    kind: str
    revision: int | None
    in_force: str
    effective_date: date | None
    owner: str | None
    department: str | None
    approvers: list[str]
    next_review: date | None
    state: str
    obsolete: bool

    @classmethod
    def of(cls, row: RegisterRow) -> RegisterRowOut:
        """The API form of a register row."""
        return cls(
            **{name: getattr(row, name) for name in cls.model_fields if name != "approvers"},
            approvers=list(row.approvers),
        )


class ExternalOut(BaseModel):
    """A document of external origin."""

    code: str
    issuer: str
    reference: str
    revision: str
    title: str | None
    url: str | None
    issued: date | None
    referenced_by: list[str]
    """The codes of the documents that name it under `external`."""

    @classmethod
    def of(cls, item: ExternalDocument, referenced_by: tuple[str, ...] = ()) -> ExternalOut:
        """The API form of an external document."""
        fields = {name: getattr(item, name) for name in cls.model_fields if name != "referenced_by"}
        return cls(**fields, referenced_by=list(referenced_by))


class RegisterOut(BaseModel):
    """The document register and the external documents beside it."""

    documents: list[RegisterRowOut]
    external: list[ExternalOut]


@api.get("/register")
def register_api(*, library: LibraryDep, actor: ActorDep, filters: FiltersDep) -> RegisterOut:
    """The master list by code: every document for those who may read drafts; for readers
    only those with a revision in force, and the obsolete ones (marked `obsolete`).
    Filters: kind, state, owner, department, text."""
    rows = service.register(library=library, actor=actor, filters=filters)
    external = service.list_external(library=library, actor=actor)
    referrers = service.external_referrers(library=library, actor=actor)
    return RegisterOut(
        documents=[RegisterRowOut.of(row) for row in rows],
        external=[ExternalOut.of(item, referrers.get(item.code, ())) for item in external],
    )


@pages.get("/register", response_class=HTMLResponse)
def register_page(
    request: Request, library: LibraryDep, actor: SignedInDep, filters: FiltersDep
) -> Response:
    """The register with its filters, download links and the external documents."""
    chosen = {name: getattr(filters, name) or "" for name in FILTER_NAMES}
    rows = service.register(library=library, actor=actor, filters=filters)
    query = urlencode({key: value for key, value in chosen.items() if value})
    context: dict[str, object] = {
        "rows": rows,
        "external": service.list_external(library=library, actor=actor),
        "referrers": service.external_referrers(library=library, actor=actor),
        "can_add": actor.can(Permission.EDIT),
        "chosen": chosen,
        "kind_names": KIND_NAMES,
        "states": [state.value for state in RevisionState],
        "downloads": [
            (form.upper(), f"/register/download?{urlencode({'format': form})}&{query}")
            for form in ("csv", "xlsx", "pdf")
        ],
    }
    return page(request, "register.html", context, title="Document register")


@pages.get("/register/download")
def register_download(
    library: LibraryDep,
    actor: SignedInDep,
    filters: FiltersDep,
    *,
    form: Annotated[Literal["csv", "xlsx", "pdf"], Query(alias="format")] = "csv",
) -> Response:
    """The register, filtered as the page is, as a CSV, XLSX or PDF file."""
    data = service.export_register(library=library, actor=actor, form=form, filters=filters)
    name = f"document-register-{date.today().isoformat()}.{form}"
    return Response(
        data,
        media_type=MEDIA_TYPES[form],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


Field = Annotated[str, Form(max_length=1000)]


def _issued(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text.strip() else None
    except ValueError:
        raise InvalidInputError("issued: give a date as YYYY-MM-DD", field="issued") from None


@pages.post("/register/external")
def add_external_form(
    library: LibraryDep,
    actor: SignedInDep,
    *,
    code: Field,
    issuer: Field,
    reference: Field,
    revision: Field,
    title: Field = "",
    url: Field = "",
    issued: Field = "",
) -> Response:
    """Register a document of external origin from the register page (authors, admins)."""
    document = ExternalDocument(
        code=code.strip(),
        issuer=issuer,
        reference=reference,
        revision=revision,
        title=title or None,
        url=url or None,
        issued=_issued(issued),
    )
    service.add_external(library=library, actor=actor, document=document)
    return RedirectResponse("/register#external", status_code=303)
