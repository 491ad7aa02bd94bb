"""The runner's forms without script, on a real server: each action is a POST answered by
a redirect to the run; a stale or wrong answer shows the run as it is now with the
problem; the forms need the CSRF token; signed out, the pages ask to sign in."""

from __future__ import annotations

import re

import pytest
from tests.web.conftest import EXAMPLES, SignedClient, Site


@pytest.fixture
def examples_site(site: Site) -> Site:
    """The site with the example documents in its library."""
    return site.load(EXAMPLES)


def started(client: SignedClient, audience: str = "novice") -> str:
    """Start a run of the refund SOP through the form; the runner's path."""
    response = client.post(
        "/runs", data={"code": "SOP-FIN-003", "audience": audience, "csrf_token": client.csrf}
    )
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    assert re.fullmatch(rf"/runs/[0-9a-f]{{12}}\?audience={audience}", location)
    return location.partition("?")[0]


def test_each_form_redirects_to_the_run(examples_site: Site) -> None:
    rita = examples_site.client("rita")
    run = started(rita)
    form = {"csrf_token": rita.csrf, "audience": "novice", "view": "runner"}
    done = rita.post(f"{run}/answer", data={**form, "node": "log-request", "done": "1"})
    assert (done.status_code, done.headers["location"]) == (303, f"{run}?audience=novice")
    page = rita.get(f"{run}?audience=novice").text
    assert "Find the order in the shop admin" in page
    assert 'name="node" value="find-order"' in page
    checklist = rita.post(f"{run}/pause", data={**form, "view": "checklist"})
    assert checklist.headers["location"] == f"{run}/checklist?audience=novice"
    assert "Paused." in rita.get(f"{run}/checklist").text


def test_a_stale_form_shows_the_run_as_it_is_now(examples_site: Site) -> None:
    rita = examples_site.client("rita")
    run = started(rita)
    form = {"csrf_token": rita.csrf, "node": "log-request", "done": "1"}
    assert rita.post(f"{run}/answer", data=form).status_code == 303
    again = rita.post(f"{run}/answer", data=form)  # the same form, sent twice
    assert again.status_code == 409
    assert "is at &#39;find-order&#39;, not &#39;log-request&#39;" in again.text
    assert "Find the order in the shop admin" in again.text
    wrong = rita.post(
        f"{run}/answer", data={"csrf_token": rita.csrf, "node": "find-order", "option": "Yes"}
    )
    assert wrong.status_code == 422
    assert 'class="problem"' in wrong.text


def test_forms_need_the_csrf_token_and_the_run_s_owner(examples_site: Site) -> None:
    rita, arthur = examples_site.client("rita"), examples_site.client("arthur")
    run = started(rita)
    forged = rita.post(f"{run}/answer", data={"node": "log-request", "done": "1"})
    assert forged.status_code == 403
    other = arthur.post(
        f"{run}/answer", data={"csrf_token": arthur.csrf, "node": "log-request", "done": "1"}
    )
    assert other.status_code == 403
    assert "only they can act on it" in other.text
    looking = arthur.get(run).text
    assert "only they can act on it" in looking
    assert 'name="done"' not in looking


def test_signed_out_the_pages_ask_to_sign_in(examples_site: Site) -> None:
    anonymous = examples_site.client()
    for path in ("/runs", "/runs/new?code=SOP-FIN-003", "/documents/SOP-FIN-003/stats"):
        response = anonymous.get(path, headers={"accept": "text/html"})
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


def test_a_reader_may_not_see_the_stats_page(examples_site: Site) -> None:
    refused = examples_site.client("rita").get("/documents/SOP-FIN-003/stats")
    assert refused.status_code == 403
    assert "see-all-runs" in refused.text


def test_the_chosen_detail_is_remembered_for_the_next_pages(examples_site: Site) -> None:
    rita = examples_site.client("rita")
    run = started(rita, audience="expert")
    detail = "into the description and fill in the order number"
    page = rita.get(run).text
    assert detail not in page
    assert 'aria-current="true">Expert detail' in page
    assert detail in rita.get(f"{run}?audience=novice").text
    assert detail in rita.get(run).text, "the detail chosen last is remembered"
    listing = rita.get("/runs").text
    assert "Customer refund" in listing


def test_a_draft_revision_runs_on_trial_for_those_who_may_read_drafts(
    examples_site: Site,
) -> None:
    arthur, rita = examples_site.client("arthur"), examples_site.client("rita")
    document = arthur.get("/api/v1/documents/SOP-FIN-003").json()["document"]
    document["title"] = "Customer refund, reworded"
    saved = arthur.unsafe(
        "PUT",
        "/api/v1/documents/SOP-FIN-003",
        json={"summary": "A new title", "document": document},
        headers={"If-Match": '"SOP-FIN-003@1"'},
    )
    assert saved.status_code == 200, saved.text
    start = arthur.get("/runs/new?code=SOP-FIN-003&revision=2").text
    assert 'revision 2 <span class="badge draft">draft</span>' in start
    assert '<input type="hidden" name="revision" value="2">' in start
    form = {"code": "SOP-FIN-003", "revision": "2", "csrf_token": arthur.csrf}
    run = arthur.get(arthur.post("/runs", data=form).headers["location"])
    assert "Customer refund, reworded" in run.text
    assert rita.get("/runs/new?code=SOP-FIN-003&revision=2").status_code == 403
    refused = rita.post("/runs", data={**form, "csrf_token": rita.csrf})
    assert refused.status_code == 403
    by_api = arthur.unsafe("POST", "/api/v1/runs", json={"code": "SOP-FIN-003", "revision": 2})
    assert by_api.json()["revision"]["number"] == 2
