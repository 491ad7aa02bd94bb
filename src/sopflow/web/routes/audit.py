"""The audit trail for admins: `GET /api/v1/audit` (entries, newest first, a page at a time,
filtered by actor, action and subject), `GET /api/v1/audit/verify` (the chain's verdict,
its head hash and the first bad entry) and the `/audit` page showing both.

Every route calls `sopflow.services.audit`, which lets admins only through.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from sopflow.library.audit import AuditEntry
from sopflow.library.audit_verify import Verification
from sopflow.services import audit as service
from sopflow.web.deps import ActorDep, LibraryDep, SignedInDep, check_csrf
from sopflow.web.pages import page
from sopflow.web.routes.api_models import PROBLEMS

api = APIRouter(
    prefix="/api/v1", tags=["audit"], dependencies=[Depends(check_csrf)], responses=PROBLEMS
)
pages = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

PAGE_SIZE = 50
"""Entries a page shows unless asked for another number."""

Filter = Annotated[str, Query(max_length=200, description="Exact match; empty: any.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Entries per page.")]
Before = Annotated[
    int | None, Query(ge=1, le=service.MAX_SEQ, description="Only entries older than this seq.")
]


def _page(
    library: LibraryDep,
    actor: ActorDep,
    *,
    by: str,
    action: str,
    subject: str,
    limit: int,
    before: int | None,
) -> tuple[list[AuditEntry], int | None]:
    """One page of entries, and the seq to ask `before` for the next (None: the last page)."""
    found = service.show_entries(
        library=library,
        actor=actor,
        limit=limit + 1,  # one more tells whether another page follows
        by=by or None,
        action=action or None,
        subject=subject or None,
        before=before,
    )
    shown = found[:limit]
    return shown, (shown[-1].seq if len(found) > limit else None)


def detail_text(value: object) -> str:
    """A detail's value as the page shows it: lists joined, nothing as a dash, JSON else."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(detail_text(item) for item in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def verdict_json(checked: Verification) -> dict[str, Any]:
    """A verification as the API gives it."""
    problem = checked.problem
    return {
        "ok": checked.ok,
        "entries": checked.entries,
        "head": {"seq": checked.head_seq, "hash": checked.head_hash},
        "problem": (
            None
            if problem is None
            else {"kind": problem.kind, "seq": problem.seq, "message": problem.message}
        ),
    }


@api.get("/audit")
def audit_entries(
    library: LibraryDep,
    actor: ActorDep,
    *,
    by: Annotated[str, Query(alias="actor", max_length=200)] = "",
    action: Filter = "",
    subject: Filter = "",
    limit: Limit = PAGE_SIZE,
    before: Before = None,
) -> dict[str, Any]:
    """Audit entries, newest first; `next_before` asks for the next page (null: no more)."""
    shown, following = _page(
        library, actor, by=by, action=action, subject=subject, limit=limit, before=before
    )
    return {"entries": [entry.as_json() for entry in shown], "next_before": following}


@api.get("/audit/verify")
def audit_verify(
    library: LibraryDep,
    actor: ActorDep,
    head: Annotated[str, Query(max_length=64, description="A head hash exported earlier.")] = "",
) -> dict[str, Any]:
    """Check the whole chain: whether it holds, its head, and the first entry that does not."""
    return verdict_json(service.verify(library=library, actor=actor, expect_head=head or None))


@pages.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    *,
    by: Annotated[str, Query(alias="actor", max_length=200)] = "",
    action: Filter = "",
    subject: Filter = "",
    before: Before = None,
) -> Response:
    """The chain's verdict and its entries, newest first, with filters."""
    shown, following = _page(
        library, actor, by=by, action=action, subject=subject, limit=PAGE_SIZE, before=before
    )
    checked = service.verify(library=library, actor=actor)
    chosen = {"actor": by, "action": action, "subject": subject}
    kept = {key: value for key, value in chosen.items() if value}
    context = {
        "entries": shown,
        "shown": detail_text,
        "verdict": checked,
        "chosen": chosen,
        "filtered": bool(kept),
        "older": f"/audit?{urlencode({**kept, 'before': following})}" if following else None,
        "newest": f"/audit?{urlencode(kept)}" if before else None,
    }
    return page(request, "audit.html", context, title="Audit trail")
