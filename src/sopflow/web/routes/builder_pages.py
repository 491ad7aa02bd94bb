"""The flow builder's page: an SOP's flow as nodes in role lanes, edited in the browser.

The page is an ordinary page of the app (session, CSRF token in the page head, the same
Content-Security-Policy); the builder itself is the TypeScript bundle in `static/builder/`,
built at install time (`make install`), which reads and saves the document through the API.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from sopflow.errors import InvalidInputError
from sopflow.services import documents, revisions
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
