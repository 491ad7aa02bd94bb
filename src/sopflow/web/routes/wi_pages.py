"""The work instruction editor: a WI's title, owner, purpose and its actions (screen or
field, value, expected result, warning, screenshot) as a form, checked as it is typed by
the same validation and lint as a save, and saved as a new draft revision.

Live validation posts the form's text fields (not its files) with htmx to `…/edit/check`,
which answers the problem list and, out of band, the slot beside each field. The save is a
plain multipart form post with the CSRF token, so the editor works without script; the
script (`static/wi-editor.js`) only moves, adds and removes rows in the page, which the
form's `op` buttons otherwise do on the server.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from sopflow.errors import ConflictError, InvalidInputError
from sopflow.library.documents import RevisionConflictError
from sopflow.model import WorkInstruction
from sopflow.model.problems import dotted
from sopflow.services import checks, documents, revisions, wi_editing
from sopflow.services.access import Actor
from sopflow.services.wi_editing import MAX_SCREENSHOT, WiEditing
from sopflow.web import wi_form
from sopflow.web.deps import FormDep, LibraryDep, SignedInDep, check_csrf
from sopflow.web.pages import page
from sopflow.web.wi_form import Row, WiForm

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

DEFAULT_SUMMARY = "Edited in the work instruction editor"
Text = Annotated[str, Query(max_length=200)]


def _base(form: FormData) -> int | None:
    """The revision the edit is based on (`on_top` when the person chose to save on top
    of the latest after a conflict); None for a new WI."""
    for name in ("on_top", "base"):
        value = form.get(name)
        if isinstance(value, str) and value.isdigit() and len(value) < 10:
            return int(value)
    return None


def _original(
    library: LibraryDep, actor: Actor, code: str, base: int | None
) -> WorkInstruction | None:
    """The revision the form was opened on, whose hidden fields the save keeps."""
    if base is None:
        return None
    stored = documents.get_revision(library=library, actor=actor, code=code, number=base)
    return stored.document if isinstance(stored.document, WorkInstruction) else None


def _problems(
    library: LibraryDep, actor: Actor, code: str, data: dict[str, Any], rows: list[Row]
) -> dict[str, Any]:
    """The check of the form's document: the list, and the messages by field slot."""
    checked = checks.check_document(library=library, actor=actor, code=code, data=data)
    listed: list[dict[str, str]] = []
    messages: dict[str, str] = {}
    for finding in checked.findings:
        slot = wi_form.problem_place(finding.path, rows)
        said = finding.message.removeprefix(f"{dotted(finding.path)}: ")
        text = f"{finding.severity}: {said}"
        listed.append(
            {
                "where": wi_form.where(finding.path, rows),
                "severity": finding.severity,
                "message": said,
                "hint": finding.hint,
                "anchor": "f-" + slot.removeprefix("p-") if slot else "wi-form",
            }
        )
        if slot:
            messages[slot] = f"{messages[slot]}; {text}" if slot in messages else text
    return {"problems": listed, "messages": messages, "errors": checked.errors}


def _editor(
    request: Request,
    library: LibraryDep,
    actor: Actor,
    opened: WiEditing,
    form: WiForm,
    *,
    status: int = 200,
    notice: dict[str, Any] | None = None,
) -> HTMLResponse:
    code = opened.code
    original = _original(library, actor, code, opened.base)
    data = wi_form.document_data(code, original, form, {})
    found = _problems(library, actor, code, data, form.rows)
    if notice and notice.get("field"):
        found["messages"][notice["field"]] = notice["message"]
    base = opened.base

    def image_src(path: str) -> str:
        return f"/api/v1/documents/{code}/revisions/{base}/files/{quote(path, safe='/')}"

    context = {
        "code": code,
        "base": base,
        "form": form,
        "used_in": opened.used_in,
        "fields": wi_form.STEP_FIELDS,
        "blank": Row("__KEY__"),
        "image_src": image_src,
        "slots": wi_form.slot_ids(form.rows),
        "notice": notice or {},
        **found,
    }
    title = form.head.get("title") or code
    return page(request, "wi_editor.html", context, status=status, title=f"Edit {code} {title}")


@router.get("/documents/{code}/edit", response_class=HTMLResponse)
def edit_page(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    code: str,
    *,
    title: Text = "",
    saved: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    came: Annotated[int | None, Query(alias="from", ge=1, le=2**31 - 1)] = None,
    unchanged: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    """The editor on the latest revision of a WI (an SOP's goes to the flow builder); a
    code the library does not hold opens an empty WI to save as revision 1."""
    revisions.editor(actor=actor)
    if code.startswith("SOP-"):
        return RedirectResponse(f"/documents/{quote(code)}/builder", status_code=303)
    opened = wi_editing.open_wi(library=library, actor=actor, code=code)
    form = wi_form.rows_of(opened.document)
    if opened.document is None:
        form.head["title"] = title.strip()
    notice = {"saved": saved, "from": came, "unchanged": unchanged} if saved or unchanged else None
    return _editor(request, library, actor, opened, form, notice=notice)


@router.post("/documents/{code}/edit/check", response_class=HTMLResponse)
async def check_fragment(
    request: Request, posted: FormDep, library: LibraryDep, actor: SignedInDep, code: str
) -> Response:
    """The problems of the form as it is now (htmx): the list, and out of band the slot
    beside each field, emptied where the field is now fine."""
    revisions.editor(actor=actor)
    wi_editing.check_wi_code(code)
    form = wi_form.read_form(posted)
    original = _original(library, actor, code, _base(posted))
    data = wi_form.document_data(code, original, form, {})
    found = _problems(library, actor, code, data, form.rows)
    context = {**found, "slots": wi_form.slot_ids(form.rows), "oob": True}
    return page(request, "_wi_problems.html", context)


def _apply_op(form: WiForm, op: str) -> None:
    """Move, add or remove a row, as the page's script does without a round trip."""
    verb, _, key = op.partition(":")
    if verb == "add":
        form.rows.append(Row(wi_form.next_key(form.rows)))
        return
    index = next((i for i, row in enumerate(form.rows) if row.key == key), None)
    if index is None:
        return
    if verb == "remove":
        form.rows.pop(index)
    elif verb in ("up", "down"):
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(form.rows):
            form.rows[index], form.rows[other] = form.rows[other], form.rows[index]


async def _screenshots(code: str, form: WiForm) -> tuple[dict[str, str], dict[str, bytes]]:
    """The chosen screenshots: the path each row's image gets, and the bytes by path."""
    images: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for key, upload in form.uploads.items():
        data = await upload.read(MAX_SCREENSHOT + 1)
        path = wi_editing.screenshot_path(
            code, upload.filename or "", data, field=f"image_file-{key}"
        )
        images[key] = path
        files[path] = data
    return images, files


def _conflict(library: LibraryDep, actor: Actor, error: RevisionConflictError) -> dict[str, Any]:
    latest = documents.revision_info(
        library=library, actor=actor, code=error.code, number=error.latest
    )
    return {"conflict": latest, "conflict_base": error.base}


@router.post("/documents/{code}/edit", response_class=HTMLResponse)
async def save(
    request: Request, posted: FormDep, library: LibraryDep, actor: SignedInDep, code: str
) -> Response:
    """Save the form as a new draft revision; a refusal shows the form again as it was
    sent, with the reason beside its field (422) or what the other revision was (409)."""
    revisions.editor(actor=actor)
    form = wi_form.read_form(posted)
    opened = wi_editing.open_wi(library=library, actor=actor, code=code)
    base = _base(posted)
    shown = WiEditing(code, base, opened.document, opened.used_in)
    op = posted.get("op")
    if isinstance(op, str) and op:
        _apply_op(form, op)
        return _editor(request, library, actor, shown, form)
    confirmed = posted.get("confirm_used") == "yes"
    seen = [v for v in posted.getlist("used") if isinstance(v, str)] if confirmed else []
    summary = posted.get("summary")
    said = summary.strip() if isinstance(summary, str) and summary.strip() else DEFAULT_SUMMARY
    try:
        images, files = await _screenshots(code, form)
        data = wi_form.document_data(code, _original(library, actor, code, base), form, images)
        saved = wi_editing.save_wi(
            library=library,
            actor=actor,
            code=code,
            data=data,
            base=base,
            summary=said,
            files=files,
            seen_used=seen,
        )
    except RevisionConflictError as error:
        notice = _conflict(library, actor, error)
        return _editor(request, library, actor, shown, form, status=409, notice=notice)
    except ConflictError as error:  # a new WI whose code was taken meanwhile
        notice = {"error": str(error)}
        return _editor(request, library, actor, shown, form, status=409, notice=notice)
    except InvalidInputError as error:
        notice = {"error": str(error), "field": _slot(error.field), "message": str(error)}
        return _editor(request, library, actor, shown, form, status=422, notice=notice)
    number = saved.revision.number
    query = {"saved": number, **({"from": base} if base else {})}
    if not saved.created:
        query = {"unchanged": number}
    return RedirectResponse(f"/documents/{quote(code)}/edit?{urlencode(query)}", status_code=303)


def _slot(field: str | None) -> str | None:
    """The slot beside the field an error names (`image_file-r2` → `p-r2-image`)."""
    if not field:
        return None
    if field.startswith("image_file-"):
        return f"p-{field.removeprefix('image_file-')}-image"
    if field in ("confirm_used", "summary", *wi_form.HEAD_FIELDS):
        return f"p-{field}"
    return None


@router.get("/builder/new-wi", response_class=HTMLResponse)
def new_wi(library: LibraryDep, actor: SignedInDep, *, code: Text, title: Text = "") -> Response:
    """Open the editor on a new WI code (one the library does not hold)."""
    revisions.editor(actor=actor)
    code = wi_editing.check_wi_code(code.strip())
    opened = wi_editing.open_wi(library=library, actor=actor, code=code)
    if opened.document is not None:
        raise InvalidInputError(
            f"code: the library holds {code} already; open it to edit it", field="code"
        )
    query = urlencode({"title": title.strip()}) if title.strip() else ""
    return RedirectResponse(
        f"/documents/{quote(code)}/edit" + (f"?{query}" if query else ""), status_code=303
    )
