"""The flow builder's pages: an SOP's flow as nodes in role lanes, edited in the browser,
and a new SOP from a template.

The page is an ordinary page of the app (session, CSRF token in the page head, the same
Content-Security-Policy); the builder itself is the TypeScript bundle in `static/builder/`,
built at install time (`make install`), which reads and saves the document through the API.
"""

from __future__ import annotations

import base64
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from sopflow.errors import ConflictError, InvalidInputError
from sopflow.services import bpmn_import, documents, revisions, templates
from sopflow.web.deps import FormDep, LibraryDep, SignedInDep, check_csrf
from sopflow.web.pages import STATIC, error_page, page

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

IMPORT_COOKIE = "sopflow_bpmn_report"
"""Carries the BPMN import's report across the redirect to the builder, once."""
MAX_REPORT_LINES = 8
"""Lines of each part of the report (each at most 150 characters): a cookie is small."""

BUNDLE = ("builder", "builder.js")
"""The built script, under the static folder."""


def bundle_built() -> bool:
    """Whether the builder's script was built into the package (it is at install time)."""
    return STATIC.joinpath(*BUNDLE).is_file()


@router.get("/documents/{code}/builder", response_class=HTMLResponse)
def builder_page(request: Request, library: LibraryDep, actor: SignedInDep, code: str) -> Response:
    """The builder on the latest revision of an SOP (needs the edit permission)."""
    revisions.editor(actor=actor)
    info = documents.revision_info(library=library, actor=actor, code=code)
    if info.kind != "sop":
        raise InvalidInputError(
            f"{code} is a {info.kind}: the flow builder edits the flow of an SOP", field="code"
        )
    if not bundle_built():
        return error_page(
            request,
            status=503,
            title="The flow builder is not built",
            detail="This installation has no flow builder script: run `make install`.",
        )
    title = documents.document_titles(library=library, actor=actor, codes=[code]).get(code, "")
    report = _import_report(request.cookies.get(IMPORT_COOKIE, ""), code)
    context = {"code": code, "document_title": title, "revision": info.number, "report": report}
    response = page(request, "builder.html", context, title=f"Flow builder: {code}")
    if report is not None:
        response.delete_cookie(IMPORT_COOKIE, path=f"/documents/{code}/builder")
    return response


def _import_report(cookie: str, code: str) -> dict[str, list[str]] | None:
    """What the BPMN import of code could not keep, from the cookie the import set (a
    person's own text, shown escaped; anything else in it is ignored)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cookie.encode()).decode())
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("code") != code:
        return None
    lines = {
        key: [str(item) for item in data.get(key, [])][:MAX_REPORT_LINES]
        for key in ("file", "not_kept", "problems")
        if isinstance(data.get(key), list)
    }
    return lines if "file" in lines else None


def _new_form(
    request: Request,
    *,
    chosen: str = "",
    code: str = "",
    title: str = "",
    error: str = "",
    form: str = "template",
) -> HTMLResponse:
    context = {
        "templates": templates.templates(),
        "chosen": chosen or templates.templates()[0].name,
        "code": code,
        "title_text": title,
        "error": error,
        "form": form,
    }
    status = 422 if error else 200
    return page(request, "builder_new.html", context, status=status, title="New SOP")


@router.get("/builder/new", response_class=HTMLResponse)
def new_sop_form(request: Request, actor: SignedInDep) -> Response:
    """The form for a new SOP from a template (needs the edit permission)."""
    revisions.editor(actor=actor)
    return _new_form(request)


Field = Annotated[str, Form(max_length=200)]


@router.post("/builder/new", response_class=HTMLResponse)
def new_sop(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    *,
    template: Field,
    code: Field,
    title: Field,
) -> Response:
    """Save the template as revision 1 of a new SOP, then open it in the builder; a wrong
    code or title shows the form again with the reason."""
    revisions.editor(actor=actor)
    try:
        saved = templates.new_from_template(
            library=library, actor=actor, name=template, code=code, title=title
        )
    except (InvalidInputError, ConflictError) as error:
        return _new_form(request, chosen=template, code=code, title=title, error=str(error))
    return RedirectResponse(f"/documents/{saved.revision.code}/builder", status_code=303)


@router.post("/builder/new/bpmn", response_class=HTMLResponse)
async def new_from_bpmn(
    request: Request, posted: FormDep, library: LibraryDep, actor: SignedInDep
) -> Response:
    """Import an uploaded BPMN model as revision 1 of a new SOP and open the builder on it,
    with the report of what the import could not keep; a file that is not a BPMN model
    shows the form again naming the problem."""
    revisions.editor(actor=actor)
    code = posted.get("code")
    title = posted.get("title")
    upload = posted.get("file")
    code_text = code if isinstance(code, str) else ""
    title_text = title if isinstance(title, str) else ""
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _new_form(
            request,
            code=code_text,
            title=title_text,
            form="bpmn",
            error="file: choose a .bpmn file to import",
        )
    data = await upload.read(bpmn_import.MAX_MODEL + 1)
    try:
        done = bpmn_import.new_from_bpmn(
            library=library,
            actor=actor,
            filename=upload.filename,
            data=data,
            code=code_text,
            title=title_text[:200],
        )
    except (InvalidInputError, ConflictError) as error:
        return _new_form(request, code=code_text, title=title_text, form="bpmn", error=str(error))
    new_code = done.saved.revision.code
    report = {
        "code": new_code,
        "file": [bpmn_import.display_name(upload.filename)],
        "not_kept": _shortened(done.not_kept),
        "problems": _shortened(done.problems),
    }
    target = f"/documents/{new_code}/builder"
    response = RedirectResponse(target, status_code=303)
    cookie = base64.urlsafe_b64encode(json.dumps(report).encode()).decode()
    secure = request.url.scheme == "https"
    response.set_cookie(
        IMPORT_COOKIE,
        cookie,
        max_age=600,
        path=target,
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    return response


def _shortened(lines: tuple[str, ...]) -> list[str]:
    """The first lines of a report, each cut to 150 characters, and how many more."""
    shown = [line if len(line) <= 150 else line[:149] + "…" for line in lines[:MAX_REPORT_LINES]]
    if len(lines) > MAX_REPORT_LINES:
        shown[-1] = f"… and {len(lines) - MAX_REPORT_LINES + 1} more"
    return shown
