"""The documents API: list, read a revision in any format, save with If-Match, history,
diff, where-used, lint, validate a document without saving it, and the screenshots a
revision keeps.

Every revision response carries the ETag "CODE@N" of the revision it is; a save names the
revision it was based on in If-Match, and a stale one is refused with 412 naming both.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from sopflow.errors import InvalidInputError
from sopflow.library.browse import DocumentFilters
from sopflow.model.codes import CODE_PATTERN
from sopflow.services import checks, documents, rendering, revisions
from sopflow.services.access import Actor
from sopflow.services.documents import MAX_PAGE
from sopflow.web.deps import ActorDep, LibraryDep, check_csrf, get_settings
from sopflow.web.routes.api_models import (
    PROBLEMS,
    CheckReport,
    DocumentCheck,
    DocumentList,
    DocumentRevision,
    LintReport,
    RevisionDiff,
    RevisionDocument,
    RevisionHistory,
    RevisionSave,
    SaveResult,
    WhereUsedOut,
    document_href,
    etag,
    revision_body,
)

router = APIRouter(
    prefix="/api/v1/documents",
    tags=["documents"],
    dependencies=[Depends(check_csrf)],
    responses=PROBLEMS,
)

LARGEST = 2**31 - 1
"""The largest revision number or offset a request may name."""

Code = Annotated[
    str,
    Path(
        max_length=32,
        description="A document code, e.g. SOP-FIN-003.",
        json_schema_extra={"pattern": CODE_PATTERN},
    ),
]
Number = Annotated[int, Path(ge=1, le=LARGEST, description="A revision number.")]
Filter = Annotated[str | None, Query(max_length=200)]
Audience = Annotated[Literal["novice", "expert"], Query(description="Who reads it.")]
FORMAT_HELP = (
    "Leave out for the revision as JSON (below). `json` or `yaml` give the source file; any "
    "registered renderer's name (md, html, pdf, docx, svg, mermaid, bpmn) that view, as a "
    "download named CODE-revN.ext."
)
Format = Annotated[str | None, Query(max_length=32, description=FORMAT_HELP)]
NO_STORE = "private, no-cache"
"""Revisions are read per person (what one may see), and the latest changes: revalidate."""


@router.get("")
def list_documents(
    *,
    library: LibraryDep,
    actor: ActorDep,
    kind: Filter = None,
    department: Filter = None,
    state: Filter = None,
    tag: Filter = None,
    owner: Filter = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=LARGEST)] = 0,
) -> DocumentList:
    """The documents that pass the filters, by code, a page at a time (`total` counts all)."""
    filters = DocumentFilters(kind=kind, department=department, state=state, tag=tag, owner=owner)
    page = documents.list_documents(
        library=library, actor=actor, filters=filters, limit=limit, offset=offset
    )
    return DocumentList.of(page)


def _matches(header: str | None, tag: str) -> bool:
    """Whether an If-None-Match header names tag (weak or strong) or is *."""
    if not header:
        return False
    names = [part.strip().removeprefix("W/") for part in header.split(",")]
    return "*" in names or tag in names


def _revision_response(
    request: Request,
    *,
    library: LibraryDep,
    actor: Actor | None,
    code: str,
    number: int | None,
    format: str | None,
    audience: str,
) -> Response:
    info = documents.revision_info(library=library, actor=actor, code=code, number=number)
    tag = etag(info)
    headers = {"ETag": tag, "Cache-Control": NO_STORE}
    if _matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    if format is None:
        stored = documents.get_revision(library=library, actor=actor, code=code, number=number)
        return JSONResponse(revision_body(stored), headers=headers)
    rendered = rendering.render_revision(
        library=library,
        actor=actor,
        code=code,
        number=info.number,
        format=format,
        audience=audience,
        paper=get_settings(request).paper,
    )
    headers["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return Response(rendered.content, media_type=rendered.format.media_type, headers=headers)


REVISION_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The revision: JSON by default, else the format asked for.",
        "headers": {
            "ETag": {"description": 'The revision, "CODE@N".', "schema": {"type": "string"}}
        },
    },
    304: {"description": "The revision named by If-None-Match is still the one."},
}


@router.get("/{code}", response_model=RevisionDocument, responses=REVISION_RESPONSES)
def get_document(
    *,
    request: Request,
    library: LibraryDep,
    actor: ActorDep,
    code: Code,
    format: Format = None,
    audience: Audience = "novice",
) -> Response:
    """The revision of a document one sees: the latest for those who may read drafts, else
    the last effective one (else the latest)."""
    return _revision_response(
        request,
        library=library,
        actor=actor,
        code=code,
        number=None,
        format=format,
        audience=audience,
    )


@router.get(
    "/{code}/revisions/{number}", response_model=RevisionDocument, responses=REVISION_RESPONSES
)
def get_revision(
    *,
    request: Request,
    library: LibraryDep,
    actor: ActorDep,
    code: Code,
    number: Number,
    format: Format = None,
    audience: Audience = "novice",
) -> Response:
    """Revision number of a document (other than the one in force: needs read-drafts)."""
    return _revision_response(
        request,
        library=library,
        actor=actor,
        code=code,
        number=number,
        format=format,
        audience=audience,
    )


_ETAG = re.compile(r'^(?:W/)?"?([A-Z]+-[A-Z0-9]+-[0-9]+)@([0-9]{1,9})"?$')


def base_revision(header: str | None, code: str) -> int | None:
    """The revision an If-Match header names ("CODE@N"), None when there is none."""
    if header is None:
        return None
    found = _ETAG.match(header.strip())
    if found is None:
        raise InvalidInputError(
            f'If-Match: give the ETag of the revision the edit is based on, "{code}@N"',
            field="If-Match",
        )
    if found.group(1) != code:
        raise InvalidInputError(f"If-Match: names {found.group(1)}, not {code}", field="If-Match")
    return int(found.group(2))


SAVE_RESPONSES: dict[int | str, dict[str, Any]] = {
    201: {"description": "A new document, stored as its revision 1.", "model": SaveResult},
    412: {
        **PROBLEMS[422],
        "description": "If-Match names a revision that is no longer the latest; nothing "
        "is stored. The problem names both revisions.",
    },
    428: {**PROBLEMS[422], "description": "The document exists and If-Match is missing."},
}


@router.put("/{code}", response_model=SaveResult, responses=SAVE_RESPONSES)
def save_document(
    *,
    library: LibraryDep,
    actor: ActorDep,
    code: Code,
    body: RevisionSave,
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=100,
            description='The ETag of the revision the edit is based on ("CODE@N"); leave '
            "out only for a new document.",
        ),
    ] = None,
) -> Response:
    """Save the document as a new draft revision on top of the one If-Match names.

    Stale If-Match: 412 naming both revisions, nothing stored; reload the latest and apply
    the change again. No If-Match for a document that exists: 428. A new code: 201. A
    document that breaks the model's rules: 422, unless keep_problems saves it as a draft
    with them (listed in `problems`; review refuses it until they are fixed).
    """
    revisions.editor(actor=actor)
    base = base_revision(if_match, code)
    document = revisions.parse_document(body.document, keep_problems=body.keep_problems)
    if document.code != code:
        raise InvalidInputError(
            f"document.code: {document.code} is not {code}, the document this address names",
            field="document.code",
        )
    saved = revisions.save_revision(
        library=library, actor=actor, document=document, base=base, summary=body.summary
    )
    result = SaveResult.of(saved, revisions.rule_problems(document))
    headers = {"ETag": etag(saved.revision), "Location": document_href(code)}
    status = 201 if saved.new_document else 200
    return JSONResponse(result.model_dump(mode="json"), status_code=status, headers=headers)


@router.get("/{code}/history")
def history(library: LibraryDep, actor: ActorDep, code: Code) -> RevisionHistory:
    """Every revision of a document, oldest first (needs read-drafts)."""
    infos = documents.history(library=library, actor=actor, code=code)
    return RevisionHistory(code=code, revisions=[DocumentRevision.of(info) for info in infos])


@router.get("/{code}/diff")
def diff(
    *,
    library: LibraryDep,
    actor: ActorDep,
    code: Code,
    old: Annotated[int, Query(alias="from", ge=1, le=LARGEST, description="The earlier revision.")],
    new: Annotated[int, Query(alias="to", ge=1, le=LARGEST, description="The later revision.")],
) -> RevisionDiff:
    """Steps added, removed, moved and reworded between two revisions (needs read-drafts)."""
    return RevisionDiff.of(
        checks.diff_revisions(library=library, actor=actor, code=code, old=old, new=new)
    )


@router.get("/{code}/where-used")
def where_used(
    *,
    library: LibraryDep,
    actor: ActorDep,
    code: Code,
    transitive: Annotated[
        bool, Query(alias="all", description="Also what depends on the dependants.")
    ] = False,
) -> WhereUsedOut:
    """The documents that refer to this code."""
    return WhereUsedOut.of(
        documents.where_used(library=library, actor=actor, code=code, transitive=transitive)
    )


@router.get("/{code}/lint")
def lint(
    *,
    library: LibraryDep,
    actor: ActorDep,
    code: Code,
    revision: Annotated[int | None, Query(ge=1, le=LARGEST)] = None,
) -> LintReport:
    """Lint findings on a revision (the latest unless revision), located in its YAML."""
    return LintReport.of(
        checks.lint_revision(library=library, actor=actor, code=code, number=revision)
    )


@router.post("/{code}/validate")
def validate(
    *, library: LibraryDep, actor: ActorDep, code: Code, body: DocumentCheck
) -> CheckReport:
    """Validate and lint a document without saving it: the problems a save or `sopflow lint`
    would report, located by field path (the flow builder checks each edit with this)."""
    revisions.editor(actor=actor)
    return CheckReport.of(
        checks.check_document(library=library, actor=actor, code=code, data=body.document)
    )


@router.get(
    "/{code}/revisions/{number}/files/{path:path}",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/jpeg": {}}, "description": "The file."}},
)
def revision_file(
    *,
    library: LibraryDep,
    actor: ActorDep,
    code: Code,
    number: Number,
    path: Annotated[str, Path(max_length=500)],
) -> Response:
    """A screenshot the revision keeps, by the path the document refers to it with."""
    found = documents.revision_file(
        library=library, actor=actor, code=code, number=number, path=path
    )
    return Response(
        found.data,
        media_type=found.media_type,
        headers={"Cache-Control": "private, max-age=3600"},
    )
