"""Who may call what: every route of the app × every role, and nobody signed in.

`CALLS` names every route the app serves with the people allowed through it; a route added
without a row here fails the first test, so no route goes unchecked. The second test sends
each call as each person over a real server and asserts that exactly the allowed ones pass:
refused means 401, 403 or 404 (a capture job or run one may not see is not found) for the API,
and a redirect to the sign-in page or a 403 page for pages. A passing call may still be
refused for its content (409, 412, 422): that is past the permission check.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from tests.web.conftest import PASSWORD, SignedClient, Site

REPO = Path(__file__).resolve().parents[2]
MEDIA = REPO / "tests" / "fixtures" / "media"

ANONYMOUS = "anonymous"
PEOPLE = (ANONYMOUS, "rita", "arthur", "vera", "ada")
EVERYONE = frozenset(PEOPLE)
SIGNED_IN = EVERYONE - {ANONYMOUS}
READ_DRAFTS = frozenset({"arthur", "vera", "ada"})  # author, reviewer, admin
EDIT = frozenset({"arthur", "ada"})  # author, admin (also CAPTURE)
RUN_OWNER = frozenset({"rita", "ada"})  # the run's starter; an admin may take it over
RUN_VIEWERS = frozenset({"rita"}) | READ_DRAFTS  # the starter, and SEE_ALL_RUNS
JOB_OWNER = frozenset({"arthur", "ada"})  # the capture's uploader, and CAPTURE holders
REVIEW = frozenset({"vera", "ada"})  # reviewer, admin
ADMIN = frozenset({"ada"})
CONTROLLED = "WI-PAY-004"  # the document the document-control calls move through review


@dataclass
class Samples:
    """What the calls name: a document, a run of rita's, a capture of arthur's."""

    code: str = "SOP-FIN-003"
    run: str = ""
    node: str = ""
    job: str = ""
    screenshot: str = ""
    draft: dict[str, Any] = field(default_factory=dict)
    saved_code: str = ""
    file_path: str = ""


@dataclass(frozen=True)
class Call:
    """One request to one route, and who may make it."""

    method: str
    route: str  # the path as the app declares it
    allowed: frozenset[str]
    url: str
    send: dict[str, Any] = field(default_factory=dict)  # httpx keyword arguments
    fresh: bool = False  # needs a client of its own (it signs in or out)


def calls(s: Samples) -> list[Call]:
    """Every route with a concrete request for it."""
    code, run, job = s.code, s.run, s.job
    answer = {"node": s.node, "option": "Eligible"}
    return [
        Call("GET", "/", EVERYONE, "/"),
        Call("GET", "/api/docs", EVERYONE, "/api/docs"),
        Call("GET", "/api/v1/openapi.json", EVERYONE, "/api/v1/openapi.json"),
        Call("GET", "/api/v1/health", EVERYONE, "/api/v1/health"),
        Call("GET", "/login", EVERYONE, "/login"),
        Call(
            "POST",
            "/login",
            EVERYONE,
            "/login",
            {"data": {"name": "rita", "password": PASSWORD}},
            fresh=True,
        ),
        Call("POST", "/logout", EVERYONE, "/logout", fresh=True),
        Call("GET", "/account", SIGNED_IN, "/account"),
        Call(
            "POST",
            "/account/password",
            SIGNED_IN,
            "/account/password",
            {"data": {"current_password": PASSWORD, "new_password": PASSWORD}},
            fresh=True,
        ),
        Call("GET", "/api/v1/me", SIGNED_IN, "/api/v1/me"),
        Call("POST", "/api/v1/tokens", SIGNED_IN, "/api/v1/tokens", {"json": {"name": "x"}}),
        # documents and search
        Call("GET", "/api/v1/documents", SIGNED_IN, "/api/v1/documents"),
        Call("GET", "/api/v1/documents/{code}", SIGNED_IN, f"/api/v1/documents/{code}"),
        Call(
            "GET",
            "/api/v1/documents/{code}/revisions/{number}",
            SIGNED_IN,
            f"/api/v1/documents/{code}/revisions/1",
        ),
        Call(
            "PUT",
            "/api/v1/documents/{code}",
            EDIT,
            "/api/v1/documents/SOP-FIN-900",
            {"json": {"document": new_document("WI-FIN-900"), "summary": "A new check"}},
        ),
        Call(
            "GET",
            "/api/v1/documents/{code}/history",
            READ_DRAFTS,
            f"/api/v1/documents/{code}/history",
        ),
        Call(
            "GET",
            "/api/v1/documents/{code}/diff",
            READ_DRAFTS,
            f"/api/v1/documents/{code}/diff?from=1&to=1",
        ),
        Call(
            "GET",
            "/api/v1/documents/{code}/where-used",
            SIGNED_IN,
            "/api/v1/documents/WI-PAY-003/where-used",
        ),
        Call(
            "GET",
            "/api/v1/documents/{code}/lint",
            READ_DRAFTS,
            f"/api/v1/documents/{code}/lint",
        ),
        Call(
            "GET",
            "/api/v1/documents/{code}/revisions/{number}/files/{path:path}",
            SIGNED_IN,
            f"/api/v1/documents/{s.saved_code}/revisions/1/files/{s.file_path}",
        ),
        Call(
            "POST",
            "/api/v1/documents/{code}/validate",
            EDIT,
            "/api/v1/documents/WI-FIN-900/validate",
            {"json": {"document": new_document("WI-FIN-900")}},
        ),
        Call("GET", "/api/v1/search", SIGNED_IN, "/api/v1/search?q=refund"),
        Call("GET", "/library", SIGNED_IN, "/library?q=refund"),
        Call("GET", "/register", SIGNED_IN, "/register?kind=sop"),
        Call("GET", "/register/download", SIGNED_IN, "/register/download?format=csv"),
        Call("GET", "/api/v1/register", SIGNED_IN, "/api/v1/register?state=draft"),
        Call(
            "POST",
            "/register/external",
            EDIT,
            "/register/external",
            {
                "data": {
                    "code": "EXT-ISO-9001",
                    "issuer": "ISO",
                    "reference": "9001",
                    "revision": "1",
                }
            },
        ),
        Call("GET", "/documents/{code}", SIGNED_IN, f"/documents/{code}"),
        Call(
            "GET",
            "/documents/{code}/revisions/{number}",
            SIGNED_IN,
            f"/documents/{code}/revisions/1",
        ),
        Call("GET", "/documents/{code}/diagram", SIGNED_IN, f"/documents/{code}/diagram"),
        Call("GET", "/documents/{code}/builder", EDIT, f"/documents/{code}/builder"),
        Call("GET", "/builder/new", EDIT, "/builder/new"),
        Call(
            "POST",
            "/builder/new",
            EDIT,
            "/builder/new",
            {"data": {"template": "incident-response", "code": "SOP-OPS-901", "title": "On call"}},
        ),
        Call("GET", "/documents/{code}/edit", EDIT, "/documents/WI-PAY-003/edit"),
        Call(
            "POST",
            "/documents/{code}/edit/check",
            EDIT,
            "/documents/WI-PAY-003/edit/check",
            {"data": {"title": "Refund a card payment"}},
        ),
        Call("POST", "/documents/{code}/edit", EDIT, "/documents/WI-PAY-003/edit", {"data": {}}),
        Call("GET", "/builder/new-wi", EDIT, "/builder/new-wi?code=WI-OPS-901&title=On+call"),
        Call("POST", "/builder/new/bpmn", EDIT, "/builder/new/bpmn", {"data": {"code": ""}}),
        Call(
            "GET",
            "/documents/{code}/history",
            READ_DRAFTS,
            f"/documents/{code}/history?from=1&to=1",
        ),
        # runs
        Call("POST", "/api/v1/runs", SIGNED_IN, "/api/v1/runs", {"json": {"code": code}}),
        Call("GET", "/api/v1/runs", SIGNED_IN, "/api/v1/runs"),
        Call("GET", "/api/v1/runs/{run_id}", RUN_VIEWERS, f"/api/v1/runs/{run}"),
        Call(
            "POST",
            "/api/v1/runs/{run_id}/answer",
            RUN_OWNER,
            f"/api/v1/runs/{run}/answer",
            {"json": answer},
        ),
        Call(
            "POST",
            "/api/v1/runs/{run_id}/back",
            RUN_OWNER,
            f"/api/v1/runs/{run}/back",
            {"json": {}},
        ),
        Call("POST", "/api/v1/runs/{run_id}/pause", RUN_OWNER, f"/api/v1/runs/{run}/pause"),
        Call("POST", "/api/v1/runs/{run_id}/resume", RUN_OWNER, f"/api/v1/runs/{run}/resume"),
        Call(
            "GET",
            "/api/v1/documents/{code}/stats",
            READ_DRAFTS,
            f"/api/v1/documents/{code}/stats",
        ),
        Call("GET", "/runs/new", SIGNED_IN, f"/runs/new?code={code}"),
        Call("POST", "/runs", SIGNED_IN, "/runs", {"data": {"code": code}}),
        Call("GET", "/runs", SIGNED_IN, "/runs"),
        Call("GET", "/runs/{run_id}", RUN_VIEWERS, f"/runs/{run}"),
        Call("GET", "/runs/{run_id}/checklist", RUN_VIEWERS, f"/runs/{run}/checklist"),
        Call("POST", "/runs/{run_id}/answer", RUN_OWNER, f"/runs/{run}/answer", {"data": answer}),
        Call("POST", "/runs/{run_id}/back", RUN_OWNER, f"/runs/{run}/back", {"data": {}}),
        Call("POST", "/runs/{run_id}/pause", RUN_OWNER, f"/runs/{run}/pause", {"data": {}}),
        Call("POST", "/runs/{run_id}/resume", RUN_OWNER, f"/runs/{run}/resume", {"data": {}}),
        Call("GET", "/documents/{code}/stats", READ_DRAFTS, f"/documents/{code}/stats"),
        # capture
        Call(
            "POST",
            "/api/v1/captures",
            EDIT,
            "/api/v1/captures",
            {"files": [("files", ("call.txt", b"The clerk checks the form.", "text/plain"))]},
        ),
        Call("GET", "/api/v1/captures", EDIT, "/api/v1/captures"),
        Call("GET", "/api/v1/captures/{job_id}", JOB_OWNER, f"/api/v1/captures/{job}"),
        Call(
            "GET",
            "/api/v1/captures/{job_id}/events",
            JOB_OWNER,
            f"/api/v1/captures/{job}/events",
        ),
        Call(
            "POST",
            "/api/v1/captures/{job_id}/cancel",
            JOB_OWNER,
            f"/api/v1/captures/{job}/cancel",
        ),
        Call(
            "GET",
            "/api/v1/captures/{job_id}/result",
            JOB_OWNER,
            f"/api/v1/captures/{job}/result",
        ),
        Call(
            "GET",
            "/api/v1/captures/{job_id}/media",
            JOB_OWNER,
            f"/api/v1/captures/{job}/media",
        ),
        Call(
            "GET",
            "/api/v1/captures/{job_id}/screenshots/{name}",
            JOB_OWNER,
            f"/api/v1/captures/{job}/screenshots/{s.screenshot}",
        ),
        Call(
            "PUT",
            "/api/v1/captures/{job_id}/drafts/{index}",
            JOB_OWNER,
            f"/api/v1/captures/{job}/drafts/0",
            {"json": {"document": s.draft}},
        ),
        Call(
            "POST",
            "/api/v1/captures/{job_id}/save",
            JOB_OWNER,
            f"/api/v1/captures/{job}/save",
        ),
        Call(
            "POST",
            "/captures",
            EDIT,
            "/captures",
            {"files": [("files", ("call.txt", b"The clerk checks the form.", "text/plain"))]},
        ),
        Call("GET", "/capture", EDIT, "/capture"),
        Call("GET", "/captures/{job_id}", JOB_OWNER, f"/captures/{job}"),
        Call("GET", "/captures/{job_id}/review", JOB_OWNER, f"/captures/{job}/review"),
        Call(
            "GET",
            "/captures/{job_id}/review/drafts/{index}",
            JOB_OWNER,
            f"/captures/{job}/review/drafts/0",
        ),
        Call("POST", "/captures/{job_id}/save", JOB_OWNER, f"/captures/{job}/save", {"data": {}}),
        *control_calls(),
    ]


def control_calls() -> list[Call]:
    """Document control, in the order that moves CONTROLLED through review: arthur submits
    it (ada's second submission conflicts), vera approves and signs, and so on."""
    base, control = f"/api/v1/documents/{CONTROLLED}", "/api/v1/documents/{code}"
    review = {"approvers": ["vera"], "mode": "sequential", "reason": "Checked in the matrix"}
    approve = {"password": PASSWORD, "comment": "ok"}
    acknowledge = {"number": 1, "meaning": "acknowledged", "password": PASSWORD}
    return [
        Call("POST", f"{control}/review", EDIT, f"{base}/review", {"json": review}),
        Call("GET", f"{control}/control", READ_DRAFTS, f"{base}/control"),
        Call("GET", f"{control}/review/diff", READ_DRAFTS, f"{base}/review/diff"),
        Call(
            "POST", f"{control}/review/approve", REVIEW, f"{base}/review/approve", {"json": approve}
        ),
        Call(
            "POST",
            f"{control}/review/reject",
            REVIEW,
            f"{base}/review/reject",
            {"json": {"comment": "no"}},
        ),
        Call(
            "POST",
            f"{control}/effective",
            REVIEW,
            f"{base}/effective",
            {"json": {"on": "2099-01-01T00:00:00Z"}},
        ),
        Call("POST", f"{control}/periodic-review", REVIEW, f"{base}/periodic-review"),
        Call(
            "PUT",
            f"{control}/review-interval",
            EDIT,
            f"{base}/review-interval",
            {"json": {"months": 6}},
        ),
        Call("GET", f"{control}/signatures", SIGNED_IN, f"{base}/signatures"),
        Call(
            "POST", f"{control}/signatures", SIGNED_IN, f"{base}/signatures", {"json": acknowledge}
        ),
        *acknowledgement_calls(),
        Call("GET", "/api/v1/reviews/due", READ_DRAFTS, "/api/v1/reviews/due?within=400"),
        Call("GET", "/api/v1/notices", SIGNED_IN, "/api/v1/notices"),
        Call(
            "POST",
            f"{control}/obsolete",
            REVIEW,
            f"{base}/obsolete",
            {"json": {"reason": "Retired"}},
        ),
        *control_page_calls(),
        Call("GET", "/api/v1/audit", ADMIN, "/api/v1/audit?limit=5&action=login"),
        Call("GET", "/api/v1/audit/verify", ADMIN, "/api/v1/audit/verify"),
        Call("GET", "/audit", ADMIN, "/audit?actor=rita"),
    ]


def control_page_calls() -> list[Call]:
    """The document-control page and its forms, after CONTROLLED was made obsolete: each
    form passes the permission check and is refused for the document's state (409)."""
    page, route = f"/documents/{CONTROLLED}/control", "/documents/{code}/control"
    signature = {"number": "1", "meaning": "authored", "password": PASSWORD}
    review = {"approvers": "vera", "mode": "sequential", "reason": "Checked in the matrix"}
    return [
        Call("GET", route, READ_DRAFTS, page),
        Call("POST", f"{route}/submit", EDIT, f"{page}/submit", {"data": review}),
        Call(
            "POST", f"{route}/approve", REVIEW, f"{page}/approve", {"data": {"password": PASSWORD}}
        ),
        Call("POST", f"{route}/reject", REVIEW, f"{page}/reject", {"data": {"comment": "no"}}),
        Call("POST", f"{route}/sign", SIGNED_IN, f"{page}/sign", {"data": signature}),
        Call("POST", f"{route}/effective", REVIEW, f"{page}/effective", {"data": {"when": "now"}}),
        Call("POST", f"{route}/obsolete", REVIEW, f"{page}/obsolete", {"data": {"reason": "Old"}}),
        Call("POST", f"{route}/periodic-review", REVIEW, f"{page}/periodic-review", {"data": {}}),
    ]


def acknowledgement_calls() -> list[Call]:
    """Read-and-acknowledge and my tasks, once CONTROLLED is in force: arthur lists everyone
    to acknowledge it, each acknowledges (by the API, then the page form: 409), and so on."""
    base, control = f"/api/v1/documents/{CONTROLLED}", "/api/v1/documents/{code}"
    everyone = {"entries": ["rita", "arthur", "vera", "ada"], "days": 7}
    password = {"password": PASSWORD}
    return [
        Call("PUT", f"{control}/distribution", EDIT, f"{base}/distribution", {"json": everyone}),
        Call("GET", f"{control}/acknowledgements", READ_DRAFTS, f"{base}/acknowledgements"),
        Call("GET", "/api/v1/tasks", SIGNED_IN, "/api/v1/tasks"),
        Call("GET", "/tasks", SIGNED_IN, "/tasks"),
        Call(
            "POST",
            f"{control}/acknowledgements",
            SIGNED_IN,
            f"{base}/acknowledgements",
            {"json": password},
        ),
        Call(
            "POST",
            "/documents/{code}/acknowledge",
            SIGNED_IN,
            f"/documents/{CONTROLLED}/acknowledge",
            {"data": password},
        ),
        Call(
            "GET",
            "/api/v1/acknowledgements/overdue",
            READ_DRAFTS,
            "/api/v1/acknowledgements/overdue",
        ),
    ]


def new_document(code: str) -> dict[str, Any]:
    """A small valid work instruction, as a JSON body."""
    return {
        "sopflow": 1,
        "kind": "wi",
        "code": code,
        "title": "Check the form",
        "steps": [{"action": "Open the form."}, {"action": "Check every field."}],
    }


def declared_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves (static files aside)."""
    found: set[tuple[str, str]] = set()
    pending: list[Any] = list(app.routes)
    while pending:
        route = pending.pop()
        if hasattr(route, "original_router"):
            pending.extend(route.original_router.routes)
        elif isinstance(route, APIRoute) or hasattr(route, "methods"):
            for method in route.methods - {"HEAD"}:
                found.add((method, route.path))
    return found


def test_every_route_has_a_row_in_the_matrix(site: Site) -> None:
    listed = {(call.method, call.route) for call in calls(Samples())}
    assert declared_routes(site.app) == listed


def refused(response: httpx.Response) -> bool:
    """Whether the response turns the person away (before the call's own checks): a page
    sends nobody to sign in first (`/login?next=…`); signing out or changing one's password
    also ends on the sign-in page, but that is the call done."""
    if response.status_code in (401, 403, 404):
        return True
    location = response.headers.get("location", "")
    return response.status_code in (302, 303, 307) and location.startswith("/login?next=")


def prepare(site: Site) -> Samples:
    """The library holds the examples; rita runs the refund SOP; arthur captured a video
    and saved its drafts."""
    site.load(REPO / "examples")
    samples = Samples()
    rita = site.client("rita")
    started = rita.unsafe("POST", "/api/v1/runs", json={"code": samples.code})
    assert started.status_code == 201, started.text
    samples.run, samples.node = started.json()["id"], started.json()["node"]["node"]
    arthur = site.client("arthur")
    samples.job = finished_capture(arthur)
    result = arthur.get(f"/api/v1/captures/{samples.job}/result").json()
    samples.screenshot = next(iter(result["screenshots"]))
    samples.draft = result["drafts"][0]["document"]
    saved = arthur.unsafe("POST", f"/api/v1/captures/{samples.job}/save")
    assert saved.status_code == 201, saved.text
    samples.saved_code = saved.json()["saved"][0]["code"]
    document = arthur.get(f"/api/v1/documents/{samples.saved_code}").json()
    samples.file_path = first_screenshot(document)
    return samples


def finished_capture(client: SignedClient) -> str:
    """Upload the short narrated video with its events; the job's id once it is done."""
    files = [
        ("files", ("short.mp4", (MEDIA / "short.mp4").read_bytes(), "video/mp4")),
        ("files", ("short.json", (MEDIA / "short.events.json").read_bytes(), "text/json")),
    ]
    response = client.unsafe("POST", "/api/v1/captures", files=files)
    assert response.status_code == 202, response.text
    job = str(response.json()["id"])
    with client.stream("GET", f"/api/v1/captures/{job}/events", timeout=300) as events:
        last = ""
        for line in events.iter_lines():
            if line.startswith("data:"):
                last = line
    assert json.loads(last.removeprefix("data:"))["state"] == "done", last
    return job


def first_screenshot(document: dict[str, Any]) -> str:
    """The first screenshot path a document's steps name."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            shot = value.get("screenshot")
            if isinstance(shot, str):
                found.append(shot)
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(document)
    assert found, "the saved capture has no screenshot"
    return found[0]


@pytest.mark.slow
def test_exactly_the_allowed_people_pass_each_route(site: Site) -> None:
    samples = prepare(site)
    clients: dict[str, SignedClient] = {person: client_for(site, person) for person in PEOPLE}
    wrong: list[str] = []
    for call in calls(samples):
        for person in PEOPLE:
            client = client_for(site, person) if call.fresh else clients[person]
            response = send(client, call)
            if (person in call.allowed) == refused(response):
                wrong.append(f"{call.method} {call.url} as {person}: {response.status_code}")
            if response.status_code >= 500:
                wrong.append(f"{call.method} {call.url} as {person}: server error")
            if call.method != "GET" and person != ANONYMOUS:
                clients[person] = still_signed_in(site, clients[person], person)
    assert wrong == [], "\n".join(wrong)


def client_for(site: Site, person: str) -> SignedClient:
    return site.client(None if person == ANONYMOUS else person)


def send(client: SignedClient, call: Call) -> httpx.Response:
    """The call, with the CSRF token a signed-in page or script would send."""
    kwargs: dict[str, Any] = dict(call.send)
    if "data" in kwargs and client.csrf:
        kwargs["data"] = {**kwargs["data"], "csrf_token": client.csrf}
    if call.method == "GET":
        return client.get(call.url, timeout=120)
    return client.unsafe(call.method, call.url, **kwargs)


def still_signed_in(site: Site, client: SignedClient, person: str) -> SignedClient:
    """The client, or a new one when a call ended its session (a password change)."""
    if client.get("/api/v1/me").status_code == 200:
        return client
    return client_for(site, person)
