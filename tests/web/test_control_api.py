"""The document-control API on a real server (SQLite and PostgreSQL): an author edits and
submits to two approvers in sequence, the first rejects with a comment, the author revises
and resubmits, both sign with their passwords, and readers see the revision in force."""

from __future__ import annotations

from typing import Any

import httpx
from tests.web.conftest import PASSWORD, Site

CODE = "SOP-FIN-003"
BASE = f"/api/v1/documents/{CODE}"


def save_title(client: httpx.Client, title: str) -> int:
    """Save CODE again with a new title, as the documents API does; the new number."""
    response = client.get(BASE)
    document = response.json()["document"]
    document["title"] = title
    saved = client.unsafe(  # type: ignore[attr-defined]
        "PUT",
        BASE,
        json={"summary": f"title: {title}", "document": document},
        headers={"If-Match": response.headers["etag"]},
    )
    assert saved.status_code == 200, saved.text
    number: int = saved.json()["revision"]["number"]
    return number


def post(client: httpx.Client, path: str, body: dict[str, Any]) -> httpx.Response:
    return client.unsafe("POST", f"{BASE}{path}", json=body)  # type: ignore[attr-defined,no-any-return]


def test_the_review_scenario_over_http(stocked: Site) -> None:
    arthur, vera, ada, rita = (stocked.client(n) for n in ("arthur", "vera", "ada", "rita"))
    approvers = {"approvers": ["vera", "ada"], "mode": "sequential"}
    first = save_title(arthur, "Customer refund (ticketed)")
    missing = post(arthur, "/review", {**approvers, "reason": ""})
    assert (missing.status_code, missing.json()["field"]) == (422, "reason")
    assert post(arthur, "/review", {**approvers, "reason": "Ticket numbers"}).status_code == 201
    assert post(ada, "/review/approve", {"password": PASSWORD}).status_code == 403  # vera first
    rejected = post(vera, "/review/reject", {"comment": "Name the ticket field"})
    assert rejected.json()["state"] == "draft"
    second = save_title(arthur, "Customer refund (ticket number field)")
    assert second == first + 1
    assert post(arthur, "/review", {**approvers, "reason": "Ticket numbers"}).status_code == 201
    diff = vera.get(f"{BASE}/review/diff").json()
    assert diff["diff"] is None  # nothing in force yet: the whole document is new
    wrong = post(vera, "/review/approve", {"password": "not-the-password"})
    assert (wrong.status_code, wrong.json()["field"]) == (422, "password")
    assert post(vera, "/review/approve", {"password": PASSWORD}).json()["state"] == "in review"
    done = post(ada, "/review/approve", {"password": PASSWORD, "comment": "Good"})
    assert done.json()["state"] == "effective"
    assert rita.get(BASE).json()["revision"]["number"] == second
    signed = rita.get(f"{BASE}/signatures").json()["signatures"]
    assert [(s["signer"], s["meaning"], s["valid"]) for s in signed] == [
        ("vera", "approved", True),
        ("ada", "approved", True),
    ]
    status = arthur.get(f"{BASE}/control").json()
    assert [r["state"] for r in status["reviews"]] == ["rejected", "approved"]
    assert status["reviews"][0]["steps"][0]["comment"] == "Name the ticket field"
    said = [n["text"] for n in arthur.get("/api/v1/notices").json()["notices"]]
    assert any("Name the ticket field" in text for text in said)


def test_readers_may_not_review_and_obsolete_needs_a_reason(stocked: Site) -> None:
    rita, vera = stocked.client("rita"), stocked.client("vera")
    assert post(rita, "/review/reject", {"comment": "no"}).status_code == 403
    assert post(rita, "/obsolete", {"reason": "old"}).status_code == 403
    refused = post(vera, "/obsolete", {"reason": " "})
    assert (refused.status_code, refused.json()["field"]) == (422, "reason")
    assert post(vera, "/obsolete", {"reason": "Replaced"}).json()["obsolete_reason"] == "Replaced"
    assert rita.get(BASE).status_code == 200  # still readable
