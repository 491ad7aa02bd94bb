"""schemathesis' state machine over the API on a real server: sequences of calls chained by
the OpenAPI links (list → read → save an edit with its ETag → read the new revision and the
history → submit for review → approve → run), with generated values in between. No step
may get a server error, and the budget is fixed and derandomised, so a run is repeatable.

The requests carry an admin's API token. The approver of a review is the admin and the
signing password the admin's, filled in before each call as a person would type them, so
the sequences reach approval instead of stopping at a 422; every other value is generated.
Capture uploads are left out: they start capture jobs (their events stream until the job
ends), and the stateless fuzz (`test_api_fuzz.py`) and the capture tests cover them.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.generation.stateful.state_machine import normalize_name
from tests.conftest import EXAMPLES
from tests.web.conftest import PASSWORD, Site

from sopflow.library.store import open_library
from sopflow.services import users
from sopflow.services.access import Actor

SCENARIOS = 20
"""Sequences the state machine runs."""
STEPS = 8
"""At most this many calls in one sequence."""
BUDGET_SECONDS = 90
"""The run must finish in this (on a loaded two-core machine)."""
SIGNED = ("/review/approve", "/signatures", "/acknowledgements")
"""Operations whose body carries the signer's password."""


@pytest.fixture
def admin_token(site: Site) -> str:
    """The examples imported (each at revision 1, a draft by the local user) and an API
    token of the admin, ada."""
    site.load(EXAMPLES)
    with open_library(site.settings.library_url, create=False) as library:
        token = users.create_token(library=library, actor=Actor.local(), user="ada", name="fuzz")
    return token.secret


def machine_for(site: Site, token: str, seen: Counter[tuple[str, str, int]]) -> type[Any]:
    """The schema's state machine, calling site as the admin and counting every response."""
    # Fetched with a patient client: the first build of the document is slow on a busy machine.
    schema = schemathesis.openapi.from_dict(site.client().get("/api/v1/openapi.json").json())
    for operations in schema.raw_schema["paths"].values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                for link in response.get("links", {}).values():
                    if "requestBody" in link:  # the body the link gives, not merged into another
                        link["x-schemathesis"] = {"merge_body": False}
    schema.config.generation.update(modes=[GenerationMode.POSITIVE])
    schema.config.phases.stateful.inference.algorithms = []  # the app's own links only
    chosen = schema.exclude(path_regex="/captures")
    base = chosen.as_state_machine()
    # Sequences start at the operations that need no id; those with one ({code}, {run_id})
    # are reached through the links, with ids a response gave, as a client reaches them.
    blind_starts = {
        normalize_name(f"RANDOM -> {result.ok().label}"): None
        for result in chosen.get_all_operations()
        if result.ok().path_parameters
    }
    base = type("LinkedStarts", (base,), blind_starts)

    class AsAdmin(base):  # type: ignore[misc, valid-type]
        def before_call(self, case: schemathesis.Case) -> None:
            if case.method == "GET" and case.path == "/api/v1/documents":
                case.query = {}  # the whole list, as the library page asks for it
            if not isinstance(case.body, dict) or case.method != "POST":
                return
            if case.path.endswith(SIGNED):
                case.body["password"] = PASSWORD
            if case.path.endswith("/review"):
                case.body["approvers"] = ["ada"]

        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"base_url": site.url, "headers": {"Authorization": f"Bearer {token}"}}

        def after_call(self, response: Any, case: schemathesis.Case) -> None:
            seen[(case.method, case.path, response.status_code)] += 1

        def validate_response(self, response: Any, case: schemathesis.Case, **_: Any) -> None:
            case.validate_response(response, checks=[not_a_server_error])

    return AsAdmin


def test_chained_api_calls_never_get_a_server_error(site: Site, admin_token: str) -> None:
    seen: Counter[tuple[str, str, int]] = Counter()
    machine = machine_for(site, admin_token, seen)
    started = time.monotonic()
    machine.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert time.monotonic() - started < BUDGET_SECONDS
    assert not [key for key in seen if key[2] >= 500]
    reached = {(method, path) for method, path, status in seen if status < 300}
    # Operations on a {code} or {run_id} are not started blind: each one that succeeded was
    # reached through a link, with an id (and an ETag, a body) a response gave.
    linked = {path for _, path in reached if "{" in path}
    assert "/api/v1/documents/{code}" in linked, seen
    assert len(linked) >= 4, seen


def test_every_link_leads_to_an_operation_and_its_parameters(site: Site) -> None:
    document = site.app.openapi()
    operations = {
        operation["operationId"]: operation
        for path in document["paths"].values()
        for operation in path.values()
    }
    links = [
        link
        for operation in operations.values()
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert len(links) > 50
    wrong = []
    for link in links:
        target = operations[link["operationId"]]
        names = {(p["in"], p["name"]) for p in target.get("parameters", [])}
        for parameter in link.get("parameters", {}):
            where, _, name = parameter.partition(".")
            if (where, name) not in names:
                wrong.append(f"{link['operationId']}: {parameter}")
        if "requestBody" in link and "requestBody" not in target:
            wrong.append(f"{link['operationId']}: takes no body")
    assert wrong == []
