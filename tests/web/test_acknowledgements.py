"""Read-and-acknowledge over HTTP and in a real browser, on SQLite and PostgreSQL: the
runs API says a run was started unacknowledged (409 under block), acknowledging takes the
password, "my tasks" lists it; and in Chromium a reader is warned on the run start page,
acknowledges on the document page, and the warning is gone."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from tests.web.conftest import EXAMPLES, PASSWORD, SignedClient, Site

CODE = "SOP-FIN-003"


def in_force(site: Site) -> SignedClient:
    """Put CODE revision 1 in force (arthur submits, vera approves) and ask rita to
    acknowledge it; arthur's client."""
    site.load(EXAMPLES)
    arthur, vera = site.client("arthur"), site.client("vera")
    review = {"approvers": ["vera"], "reason": "First controlled issue"}
    assert arthur.unsafe("POST", f"/api/v1/documents/{CODE}/review", json=review).is_success
    approved = vera.unsafe(
        "POST", f"/api/v1/documents/{CODE}/review/approve", json={"password": PASSWORD}
    )
    assert approved.status_code == 200, approved.text
    listed = arthur.unsafe(
        "PUT", f"/api/v1/documents/{CODE}/distribution", json={"entries": ["rita"], "days": 10}
    )
    assert listed.status_code == 200, listed.text
    assert [p["state"] for p in listed.json()["people"]] == ["pending"]
    return arthur


def test_the_api_warns_records_and_takes_the_acknowledgement(site: Site) -> None:
    arthur = in_force(site)
    rita = site.client("rita")
    (task,) = rita.get("/api/v1/tasks").json()["tasks"]
    assert (task["kind"], task["code"], task["revision"]) == ("acknowledgement", CODE, 1)
    assert task["link"] == f"/documents/{CODE}#acknowledge"
    assert task["act"] == f"POST /api/v1/documents/{CODE}/acknowledgements"
    started = rita.unsafe("POST", "/api/v1/runs", json={"code": CODE})
    assert started.status_code == 201, started.text
    assert started.json()["acknowledgement"] == "unacknowledged"
    assert "before acknowledging SOP-FIN-003 revision 1" in started.json()["warning"]
    wrong = rita.unsafe(
        "POST", f"/api/v1/documents/{CODE}/acknowledgements", json={"password": "nope"}
    )
    assert (wrong.status_code, wrong.json()["field"]) == (422, "password")
    acked = rita.unsafe(
        "POST", f"/api/v1/documents/{CODE}/acknowledgements", json={"password": PASSWORD}
    )
    assert acked.status_code == 201, acked.text
    assert acked.json()["acknowledgement"]["state"] == "acknowledged"
    status = arthur.get(f"/api/v1/documents/{CODE}/acknowledgements").json()
    assert [(p["name"], p["state"]) for p in status["people"]] == [("rita", "acknowledged")]
    assert rita.get("/api/v1/tasks").json() == {"tasks": []}
    kept = rita.get(f"/api/v1/runs/{started.json()['id']}").json()
    assert kept["acknowledgement"] == "unacknowledged"
    after = rita.unsafe("POST", "/api/v1/runs", json={"code": CODE}).json()
    assert (after["acknowledgement"], after["warning"]) == ("acknowledged", None)
    listed = {run["id"]: run["acknowledgement"] for run in rita.get("/api/v1/runs").json()["runs"]}
    assert listed == {started.json()["id"]: "unacknowledged", after["id"]: "acknowledged"}
    arthurs = arthur.unsafe("POST", "/api/v1/runs", json={"code": CODE}).json()
    assert arthurs["acknowledgement"] is None  # not on the list: nothing was asked of him
    mine = arthur.get("/api/v1/runs", params={"person": "arthur"}).json()["runs"]
    assert [(run["id"], run["acknowledgement"]) for run in mine] == [(arthurs["id"], None)]
    assert arthur.get("/api/v1/acknowledgements/overdue").json() == {"overdue": []}


def test_block_refuses_the_run_with_a_problem(make_site: Any, web_settings: Any) -> None:
    site = make_site(replace(web_settings, require_acknowledgement="block"))
    in_force(site)
    rita = site.client("rita")
    refused = rita.unsafe("POST", "/api/v1/runs", json={"code": CODE})
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert "rita must acknowledge revision 1 before running it" in refused.json()["detail"]
    page = rita.get(f"/runs/new?code={CODE}").text
    assert "Runs of it wait until you do" in page
    assert "Start the run" not in page
    rita.unsafe("POST", f"/api/v1/documents/{CODE}/acknowledgements", json={"password": PASSWORD})
    assert rita.unsafe("POST", "/api/v1/runs", json={"code": CODE}).status_code == 201


def test_a_bad_distribution_entry_names_the_field(site: Site) -> None:
    arthur = in_force(site)
    bad = arthur.unsafe(
        "PUT", f"/api/v1/documents/{CODE}/distribution", json={"entries": ["<b>nobody</b>"]}
    )
    assert (bad.status_code, bad.json()["field"]) == (422, "entries")


def test_a_reader_is_warned_acknowledges_and_the_warning_is_gone(browser: Any, site: Site) -> None:
    in_force(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{site.url}/login?next=/tasks")
        page.fill("input[name=name]", "rita")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/tasks")
        assert "Read and acknowledge revision 1 by" in page.inner_text("main")
        shoot(page, page.locator("body"), "tasks")
        page.goto(f"{site.url}/runs/new?code={CODE}")
        warning = page.locator(".acknowledgement-warning")
        assert "You have not acknowledged SOP-FIN-003 revision 1" in warning.inner_text()
        shoot(page, page.locator("main"), "run-start-warned")
        page.get_by_role("button", name="Start the run").click()
        page.wait_for_url("**/runs/*?audience=novice")
        assert "before acknowledging" in page.inner_text(".run-head + .acknowledgement-warning")
        shoot(page, page.locator("main"), "runner-unacknowledged")
        page.goto(f"{site.url}/runs/new?code={CODE}")
        page.get_by_role("link", name="Read and acknowledge revision 1").click()
        page.wait_for_url(f"**/documents/{CODE}#acknowledge")
        box = page.locator("#acknowledge")
        shoot(page, box, "acknowledge-pending")
        box.get_by_label("Your password").fill(PASSWORD)
        box.get_by_role("button", name="Acknowledge revision 1").click()
        page.wait_for_url(f"**/documents/{CODE}#acknowledge")
        assert "You acknowledged revision 1 on" in page.inner_text("#acknowledge")
        page.goto(f"{site.url}/runs/new?code={CODE}")
        assert page.locator(".acknowledgement-warning").count() == 0
        shoot(page, page.locator("main"), "run-start-acknowledged")
        page.get_by_role("link", name="My tasks").click()
        page.wait_for_url("**/tasks")
        assert "Nothing waits for you" in page.inner_text("main")
    finally:
        context.close()


def shoot(page: Any, locator: Any, name: str) -> None:
    """A screenshot to look at, into the folder SHOTS_DIR names (none when unset)."""
    folder = os.environ.get("SHOTS_DIR")
    if folder:
        locator.screenshot(path=str(Path(folder) / f"{name}.png"))
