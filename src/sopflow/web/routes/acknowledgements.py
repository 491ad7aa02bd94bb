"""Read-and-acknowledge and "my tasks": the API (a document's acknowledgement status and
distribution list, acknowledging with one's password, who is overdue, one's tasks) and the
pages (the task list, and the acknowledge form of the document page).

Each route calls one use case of `sopflow.services.acknowledgements` or `tasks`, which checks
the permission first: READ to acknowledge and to see one's tasks, READ_DRAFTS for the status
and the overdue list, EDIT to set the distribution list.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from sopflow.services import acknowledgements as acks
from sopflow.services import tasks as service
from sopflow.services.acknowledgements import AckStatus, PersonStanding
from sopflow.services.tasks import Task
from sopflow.web.deps import ActorDep, LibraryDep, SignedInDep, check_csrf
from sopflow.web.pages import page
from sopflow.web.routes.api_models import PROBLEMS
from sopflow.web.routes.documents import Code

api = APIRouter(
    prefix="/api/v1",
    tags=["document control"],
    dependencies=[Depends(check_csrf)],
    responses=PROBLEMS,
)
pages = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


class Acknowledgement(BaseModel):
    """An acknowledgement of the revision in force, signed with one's password again."""

    password: Annotated[str, Field(max_length=200)]


class Distribution(BaseModel):
    """Who must acknowledge a document's revision in force, and within how many days."""

    entries: list[Annotated[str, Field(max_length=80)]] = Field(
        max_length=acks.LONGEST_LIST, description="User names, or role:ROLE."
    )
    days: int | None = Field(
        default=None, ge=1, le=acks.LONGEST_DAYS, description="Days to acknowledge in (14)."
    )


def _person(person: PersonStanding) -> dict[str, Any]:
    return {
        "name": person.name,
        "full_name": person.full_name,
        "state": person.state,
        "due": person.due.isoformat(),
        "acknowledged_at": person.acknowledged_at.isoformat() if person.acknowledged_at else None,
    }


def _status(status: AckStatus) -> dict[str, Any]:
    return {
        "code": status.code,
        "revision": status.number,
        "effective_from": status.effective_from.isoformat() if status.effective_from else None,
        "days": status.days,
        "entries": list(status.entries),
        "people": [_person(person) for person in status.people],
    }


LINKS = {
    "approval": ("/documents/{code}", "POST /api/v1/documents/{code}/review/approve"),
    "acknowledgement": (
        "/documents/{code}#acknowledge",
        "POST /api/v1/documents/{code}/acknowledgements",
    ),
    "periodic-review": ("/documents/{code}", "POST /api/v1/documents/{code}/periodic-review"),
}
"""Where to act on each kind of task: the page, and the API call."""


def task_link(task: Task) -> str:
    """The page where a task is done."""
    return LINKS[task.kind][0].format(code=task.code)


def _task(task: Task) -> dict[str, Any]:
    return {
        "kind": task.kind,
        "code": task.code,
        "title": task.title,
        "revision": task.number,
        "text": task.text,
        "due": task.due.isoformat() if task.due else None,
        "overdue": task.overdue,
        "link": task_link(task),
        "act": LINKS[task.kind][1].format(code=task.code),
    }


@api.get("/documents/{code}/acknowledgements")
def acknowledgement_status(library: LibraryDep, actor: ActorDep, code: Code) -> dict[str, Any]:
    """Who must acknowledge the revision in force, and each one's standing."""
    return _status(acks.acknowledgement_status(library=library, actor=actor, code=code))


@api.post("/documents/{code}/acknowledgements", status_code=201)
def acknowledge(
    library: LibraryDep, actor: ActorDep, code: Code, body: Acknowledgement
) -> JSONResponse:
    """Acknowledge the revision in force: a signature meaning "acknowledged"."""
    mine = acks.acknowledge(library=library, actor=actor, code=code, password=body.password)
    body_out = {"code": code, "acknowledgement": _person(mine) if mine else None}
    return JSONResponse(body_out, status_code=201)


@api.put("/documents/{code}/distribution")
def set_distribution(
    library: LibraryDep, actor: ActorDep, code: Code, body: Distribution
) -> dict[str, Any]:
    """Set who must acknowledge the revision in force (and within how many days)."""
    found = acks.set_distribution(
        library=library, actor=actor, code=code, entries=body.entries, days=body.days
    )
    return _status(found)


@api.get("/acknowledgements/overdue")
def overdue(library: LibraryDep, actor: ActorDep) -> dict[str, Any]:
    """Everyone late to acknowledge a revision in force, longest overdue first."""
    found = acks.overdue_acknowledgements(library=library, actor=actor)
    return {
        "overdue": [
            {"code": item.code, "title": item.title, "revision": item.number} | _person(item.person)
            for item in found
        ]
    }


@api.get("/tasks")
def my_tasks(library: LibraryDep, actor: ActorDep) -> dict[str, Any]:
    """The signed-in person's tasks: approvals in turn, acknowledgements, reviews due."""
    return {"tasks": [_task(task) for task in service.my_tasks(library=library, actor=actor)]}


@pages.get("/tasks", response_class=HTMLResponse)
def tasks_page(request: Request, library: LibraryDep, actor: SignedInDep) -> Response:
    """My tasks, each with a link to where it is done."""
    found = service.my_tasks(library=library, actor=actor)
    context = {"tasks": found, "link": task_link}
    return page(request, "tasks.html", context, title="My tasks")


@pages.post("/documents/{code}/acknowledge")
def acknowledge_form(
    library: LibraryDep,
    actor: SignedInDep,
    code: Code,
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    """The document page's acknowledge form; back to the page, which shows it done."""
    acks.acknowledge(library=library, actor=actor, code=code, password=password)
    return RedirectResponse(f"/documents/{code}#acknowledge", status_code=303)
