"""The flow builder's pages: an SOP's flow as nodes in role lanes, edited in the browser,
and a new SOP from a template.

The page is an ordinary page of the app (session, CSRF token in the page head, the same
Content-Security-Policy); the builder itself is the TypeScript bundle in `static/builder/`,
built at install time (`make install`), which reads and saves the document through the API.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sopflow.errors import ConflictError, InvalidInputError
from sopflow.services import documents, revisions, templates
from sopflow.web.deps import LibraryDep, SignedInDep, check_csrf
from sopflow.web.pages import STATIC, error_page, page

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

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
    context = {"code": code, "document_title": title, "revision": info.number}
    return page(request, "builder.html", context, title=f"Flow builder: {code}")


def _new_form(
    request: Request, *, chosen: str = "", code: str = "", title: str = "", error: str = ""
) -> HTMLResponse:
    context = {
        "templates": templates.templates(),
        "chosen": chosen or templates.templates()[0].name,
        "code": code,
        "title_text": title,
        "error": error,
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
