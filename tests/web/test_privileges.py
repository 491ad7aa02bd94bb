"""Privilege escalation through the API, on a real server with the example library: each
test is one attempt a script with an API token could make, and what stops it.

The audit trail refuses edits below the API too: database triggers refuse UPDATE and
DELETE for every role (`tests/library/test_audit.py::test_the_table_refuses_updates_and_deletes`),
and an entry edited with the triggers dropped, even with its hash recomputed, is named by
the chain (`tests/library/test_audit.py::test_an_edit_with_its_hash_recomputed_is_named`).
"""

from __future__ import annotations

from typing import Any

import httpx
from tests.web.conftest import PASSWORD, Site
from tests.web.test_authorization import declared_routes

from sopflow.library.store import open_library
from sopflow.services import users
from sopflow.services.access import Actor
from sopflow.web.deps import UNSAFE_METHODS

CODE = "SOP-FIN-003"
DOC = f"/api/v1/documents/{CODE}"


class Script:
    """An httpx client holding one person's API token."""

    def __init__(self, site: Site, name: str) -> None:
        with open_library(site.settings.library_url, create=False) as library:
            token = users.create_token(library=library, actor=Actor.local(), user=name, name="t")
        self.http = site.client()
        self.http.headers["Authorization"] = f"Bearer {token.secret}"

    def get(self, path: str) -> httpx.Response:
        return self.http.get(path)

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        return self.http.request(method, path, json=body)


def actions(admin: Script) -> list[str]:
    """Every action in the audit trail, oldest first."""
    entries = admin.get("/api/v1/audit?limit=500").json()["entries"]
    return [entry["action"] for entry in reversed(entries)]


def save_edit(script: Script, title: str) -> httpx.Response:
    """Save CODE with a new title on top of its latest revision."""
    current = script.get(DOC)
    document = current.json()["document"]
    document["title"] = title
    return script.http.put(
        DOC,
        json={"summary": title, "document": document},
        headers={"If-Match": current.headers["etag"]},
    )


def test_a_reader_cannot_approve_reject_sign_or_schedule(stocked: Site) -> None:
    ada, rita = Script(stocked, "ada"), Script(stocked, "rita")
    review = {"approvers": ["vera"], "reason": "Yearly check"}
    assert ada.send("POST", f"{DOC}/review", review).status_code == 201
    attempts = [
        ("POST", f"{DOC}/review/approve", {"password": PASSWORD}),
        ("POST", f"{DOC}/review/reject", {"comment": "no"}),
        ("POST", f"{DOC}/signatures", {"number": 1, "meaning": "authored", "password": PASSWORD}),
        ("POST", f"{DOC}/effective", {"on": "2027-01-01T00:00:00Z"}),
    ]
    answers = [rita.send(*attempt) for attempt in attempts]
    # A reader may sign only as having read the revision in force; signing as its author
    # is refused as the wrong signer (409 naming the author), the rest for the permission.
    assert [answer.status_code for answer in answers] == [403, 403, 409, 403]
    assert "was authored by" in answers[2].json()["detail"]
    assert ada.get(f"{DOC}/control").json()["reviews"][-1]["state"] == "open"  # undecided
    assert not {"review.approved", "review.rejected", "signature.added"} & set(actions(ada))


def test_an_author_cannot_approve_their_own_change(stocked: Site) -> None:
    ada = Script(stocked, "ada")  # an admin: may edit and review, so only authorship stops her
    assert save_edit(ada, "Customer refund (ada's change)").status_code == 200
    submitted = ada.send("POST", f"{DOC}/review", {"approvers": ["ada"], "reason": "Mine"})
    assert submitted.status_code == 201  # she may name herself; her name does not make it hers
    for decision, body in (("approve", {"password": PASSWORD}), ("reject", {"comment": "x"})):
        refused = ada.send("POST", f"{DOC}/review/{decision}", body)
        assert refused.status_code == 403, refused.text
        assert "authored revision 2 and cannot approve or reject it" in refused.json()["detail"]
    assert "review.approved" not in actions(ada)


def test_no_route_rewrites_or_deletes_the_audit_trail(stocked: Site) -> None:
    audit_routes = {(m, p) for m, p in declared_routes(stocked.app) if "audit" in p}
    assert audit_routes  # the trail is served, to read
    assert {method for method, _ in audit_routes} == {"GET"}
    ada = Script(stocked, "ada")
    before = ada.get("/api/v1/audit/verify").json()
    for method in ("PUT", "PATCH", "DELETE", "POST"):
        for path in ("/api/v1/audit", "/api/v1/audit/1", "/audit"):
            assert ada.send(method, path, {"actor": "ada"}).status_code in (404, 405)
    after = ada.get("/api/v1/audit/verify").json()
    assert after["ok"] is True
    assert after["entries"] >= before["entries"]


def test_no_one_raises_their_own_role(stocked: Site) -> None:
    unsafe = {p for m, p in declared_routes(stocked.app) if m in UNSAFE_METHODS}
    assert not [path for path in unsafe if "role" in path or "/users" in path]
    rita = Script(stocked, "rita")
    asked = {"name": "escalate", "user": "ada", "roles": ["admin"], "permissions": ["review"]}
    created = rita.send("POST", "/api/v1/tokens", asked)
    assert created.status_code == 201
    assert created.json()["user"] == "rita"  # a token is always one's own
    minted = Script.__new__(Script)
    minted.http = stocked.client()
    minted.http.headers["Authorization"] = f"Bearer {created.json()['token']}"
    me = minted.get("/api/v1/me").json()
    assert (me["name"], me["roles"]) == ("rita", ["reader"])
    for method in ("PUT", "PATCH", "POST"):
        assert rita.send(method, "/api/v1/me", {"roles": ["admin"]}).status_code == 405
    assert rita.get("/api/v1/me").json()["roles"] == ["reader"]


def test_a_readers_token_cannot_write(stocked: Site) -> None:
    rita, ada = Script(stocked, "rita"), Script(stocked, "ada")
    document = ada.get(DOC).json()["document"]
    attempts = [
        ("PUT", DOC, {"summary": "mine now", "document": document}),
        ("POST", f"{DOC}/validate", {"document": document}),
        ("POST", f"{DOC}/review", {"approvers": ["vera"], "reason": "x"}),
        ("POST", f"{DOC}/obsolete", {"reason": "gone"}),
        ("PUT", f"{DOC}/review-interval", {"months": 1}),
        ("PUT", f"{DOC}/distribution", {"entries": ["role:reader"], "days": 1}),
        ("POST", f"{DOC}/periodic-review", None),
    ]
    refused = {(m, p): rita.send(m, p, body).status_code for m, p, body in attempts}
    assert set(refused.values()) == {403}, refused
    upload = rita.http.post(
        "/api/v1/captures", files={"files": ("call.txt", b"The clerk checks.", "text/plain")}
    )
    assert upload.status_code == 403
    assert ada.get(f"{DOC}/history").json()["revisions"][-1]["number"] == 1  # nothing saved
