"""A parallel split in the web runner and the runs API, on a real server: the branches with
where each stands, taken and switched by number from the forms and from JSON."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.web.conftest import SignedClient, Site


@pytest.fixture
def shipping_site(site: Site, shipping_sop: Path) -> Site:
    """The site with SOP-LOG-009 (pack and invoice in parallel) in its library."""
    return site.load(shipping_sop)


def started(client: SignedClient) -> str:
    response = client.post("/runs", data={"code": "SOP-LOG-009", "csrf_token": client.csrf})
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location.partition("?")[0]


def test_the_runner_page_offers_every_branch_and_the_others_from_inside_one(
    shipping_site: Site,
) -> None:
    rita = shipping_site.client("rita")
    run = started(rita)
    form = {"csrf_token": rita.csrf, "audience": "novice", "view": "runner"}
    rita.post(f"{run}/answer", data={**form, "node": "take-order", "done": "1"})
    page = rita.get(run).text
    assert "Choose a branch to work on" in page
    assert "Every branch must be done, in any order; then the run goes on at “Did the" in page
    assert re.search(
        r'name="branch" value="1"[^>]*>\s*<span class="label">Start: Pack the goods', page
    )
    assert 'name="branch" value="2"' in page
    taken = rita.post(f"{run}/answer", data={**form, "node": "split", "branch": "1"})
    assert taken.status_code == 303
    page = rita.get(run).text
    assert "Is anything fragile?" in page
    assert "In parallel with this branch" in page
    assert "Switch to: Print the invoice and E-mail it" in page
    assert 'name="branch" value="1"' not in page  # the one being worked on
    rita.post(f"{run}/answer", data={**form, "node": "fragile", "option": "Yes"})
    rita.post(f"{run}/answer", data={**form, "node": "pad", "branch": "2"})
    page = rita.get(run).text
    assert "Print the invoice" in page
    assert "E-mail it" in page
    assert "Branch: Pack the goods" in page  # the path says which branch was taken
    checklist = rita.get(f"{run}/checklist").text
    assert "Branch: Print the invoice and E-mail it" in checklist
    done_at_split = rita.post(f"{run}/answer", data={**form, "node": "invoice", "done": "1"})
    assert done_at_split.status_code == 422
    assert "take one of its branches" in done_at_split.text


def test_the_api_takes_branches_by_number_and_says_where_each_stands(
    shipping_site: Site,
) -> None:
    rita = shipping_site.client("rita")
    run = rita.unsafe("POST", "/api/v1/runs", json={"code": "SOP-LOG-009"}).json()

    def answer(body: dict[str, object], status: int = 200) -> dict[str, object]:
        response = rita.unsafe("POST", f"/api/v1/runs/{run['id']}/answer", json=body)
        assert response.status_code == status, response.text
        result: dict[str, object] = response.json()
        return result

    at_split = answer({"node": "take-order", "done": True})
    assert at_split["node"]["type"] == "parallel"  # type: ignore[index]
    assert at_split["parallel"] == {
        "node": "split",
        "role": "Warehouse",
        "branches": [
            {"number": 1, "title": "Pack the goods", "state": "to_do", "next_text": None},
            {
                "number": 2,
                "title": "Print the invoice and E-mail it",
                "state": "to_do",
                "next_text": None,
            },
        ],
        "join": "Did the carrier take the parcel?",
    }
    wrong = answer({"node": "split", "branch": 3}, status=422)
    assert wrong["field"] == "branch"
    assert answer({"node": "split", "option": "Yes"}, status=422)["field"] == "branch"
    answer({"node": "split", "branch": 2})
    answer({"node": "invoice", "branch": 1})
    answer({"node": "print", "done": True})
    answer({"node": "invoice", "branch": 2})
    answer({"node": "mail", "done": True})
    back = answer({"node": "file", "done": True})
    assert [b["state"] for b in back["parallel"]["branches"]] == ["to_do", "done"]  # type: ignore[index]
    answer({"node": "split", "branch": 1})
    answer({"node": "fragile", "option": "No"})
    at_ship = answer({"node": "pack", "done": True})
    assert at_ship["parallel"] is None
    finished = answer({"node": "ship", "option": "Yes"})
    assert finished["outcome"]["text"] == "Shipped"  # type: ignore[index]
    taken = [(e["node"], e["branch"]) for e in finished["path"] if e["branch"]]  # type: ignore[attr-defined,index]
    assert taken == [("split", 2), ("invoice", 1), ("invoice", 2), ("split", 1)]
