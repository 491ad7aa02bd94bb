"""OpenAPI links: which response leads to which next operation, with the values it hands on.

A client (or a stateful API fuzzer) reads them to chain calls the way a person does: list
the documents, read one, save an edit on top of it with its ETag, read the new revision and
the history, submit it for review, approve it, follow it as a run. The links are written
against (method, path) here and resolved to the operation ids FastAPI makes when the
document is built, so a renamed or removed route fails the build of the document (and its
test) rather than leaving a link to nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

Operation = tuple[str, str]
"""An operation by method and path, as in the OpenAPI document."""

DOCS = "/api/v1/documents"
ONE = f"{DOCS}/{{code}}"
CODE_FROM_BODY = {"path.code": "$response.body#/code"}
CODE_FROM_PATH = {"path.code": "$request.path.code"}
LISTED = 4
"""Links from a page of the list to its first documents."""


def _read_one(code: dict[str, str]) -> dict[str, tuple[Operation, dict[str, Any]]]:
    """The reads that need only the document's code."""
    return {
        "GetDocument": (("get", ONE), {"parameters": code}),
        "History": (("get", f"{ONE}/history"), {"parameters": code}),
        "ControlStatus": (("get", f"{ONE}/control"), {"parameters": code}),
        "Lint": (("get", f"{ONE}/lint"), {"parameters": code}),
        "Signatures": (("get", f"{ONE}/signatures"), {"parameters": code}),
    }


RUN = "/api/v1/runs/{run_id}"
RUN_STEPS: dict[str, tuple[Operation, dict[str, Any]]] = {
    name: (target, {"parameters": {"path.run_id": "$response.body#/id"}})
    for name, target in {
        "GetRun": ("get", RUN),
        "Answer": ("post", f"{RUN}/answer"),
        "Back": ("post", f"{RUN}/back"),
        "Pause": ("post", f"{RUN}/pause"),
        "Resume": ("post", f"{RUN}/resume"),
    }.items()
}
"""From a run to the next step of it: every run response is the run, its id in `id`."""
RUN_SOURCES: tuple[tuple[Operation, str], ...] = (
    (("post", "/api/v1/runs"), "201"),
    *((target, "200") for target, _ in RUN_STEPS.values()),
)
"""The responses that are a run: starting one, reading it, each step of it."""


SAVED: dict[str, tuple[Operation, dict[str, Any]]] = {
    **_read_one(CODE_FROM_BODY),
    "GetSaved": (
        ("get", f"{ONE}/revisions/{{number}}"),
        {"parameters": {**CODE_FROM_BODY, "path.number": "$response.body#/revision/number"}},
    ),
    "DiffToSaved": (
        ("get", f"{ONE}/diff"),
        {
            "parameters": {
                **CODE_FROM_BODY,
                "query.from": 1,
                "query.to": "$response.body#/revision/number",
            }
        },
    ),
    "SubmitForReview": (("post", f"{ONE}/review"), {"parameters": CODE_FROM_BODY}),
}
"""Where a save leads, an edit saved (200) or a new document made (201) alike."""

LINKS: dict[tuple[Operation, str], dict[str, tuple[Operation, dict[str, Any]]]] = {
    (("get", DOCS), "200"): {
        f"GetListedDocument{index}": (
            ("get", ONE),
            {"parameters": {"path.code": f"$response.body#/documents/{index}/code"}},
        )
        for index in range(LISTED)
    },
    (("get", ONE), "200"): {
        **_read_one(CODE_FROM_BODY),
        "SaveEdit": (
            ("put", ONE),
            {
                "parameters": {**CODE_FROM_BODY, "header.If-Match": "$response.header.ETag"},
                "requestBody": {"summary": "An edit", "document": "$response.body#/document"},
            },
        ),
        "Validate": (
            ("post", f"{ONE}/validate"),
            {"parameters": CODE_FROM_BODY, "requestBody": {"document": "$response.body#/document"}},
        ),
        "GetRevision": (
            ("get", f"{ONE}/revisions/{{number}}"),
            {"parameters": {**CODE_FROM_BODY, "path.number": "$response.body#/revision/number"}},
        ),
        "SubmitForReview": (("post", f"{ONE}/review"), {"parameters": CODE_FROM_BODY}),
        "StartRun": (("post", "/api/v1/runs"), {"requestBody": {"code": "$response.body#/code"}}),
    },
    **{(("put", ONE), status): SAVED for status in ("200", "201")},
    (("get", f"{ONE}/history"), "200"): {
        "GetFirstRevision": (
            ("get", f"{ONE}/revisions/{{number}}"),
            {"parameters": {**CODE_FROM_BODY, "path.number": "$response.body#/revisions/0/number"}},
        ),
    },
    (("post", f"{ONE}/review"), "201"): {
        **_read_one(CODE_FROM_PATH),
        "Approve": (("post", f"{ONE}/review/approve"), {"parameters": CODE_FROM_PATH}),
        "Reject": (("post", f"{ONE}/review/reject"), {"parameters": CODE_FROM_PATH}),
        "ReviewDiff": (("get", f"{ONE}/review/diff"), {"parameters": CODE_FROM_PATH}),
    },
    (("post", f"{ONE}/review/approve"), "200"): {
        **_read_one(CODE_FROM_BODY),
        "SetEffective": (("post", f"{ONE}/effective"), {"parameters": CODE_FROM_BODY}),
        "Acknowledge": (("post", f"{ONE}/acknowledgements"), {"parameters": CODE_FROM_BODY}),
        "StartRun": (("post", "/api/v1/runs"), {"requestBody": {"code": "$response.body#/code"}}),
    },
    **dict.fromkeys(RUN_SOURCES, RUN_STEPS),
}
"""(source operation, status) → link name → (target operation, the link's fields)."""


def add_links(document: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with LINKS written into its responses (in place)."""
    paths: dict[str, Any] = document["paths"]
    for ((method, path), status), links in LINKS.items():
        response = paths[path][method]["responses"].setdefault(status, {"description": ""})
        written = response.setdefault("links", {})
        for name, ((target_method, target_path), fields) in links.items():
            operation_id = paths[target_path][target_method]["operationId"]
            written[name] = {"operationId": operation_id, **fields}
    return document


def install(app: FastAPI) -> None:
    """Make app's OpenAPI document carry the links (built once, on first request)."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_links(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
