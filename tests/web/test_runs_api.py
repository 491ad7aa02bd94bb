"""The runs API on a real server (SQLite and PostgreSQL) with the examples imported: start a
run, answer it to an outcome, go back, pause and resume, list runs, an SOP's stats; wrong
and stale answers, and who may do what."""

from __future__ import annotations

import pytest
from tests.web.conftest import EXAMPLES, SignedClient, Site

from sopflow.library.documents import get_info
from sopflow.library.store import open_library

CARD_REFUND = [
    {"node": "log-request", "done": True},
    {"node": "find-order", "done": True},
    {"node": "check-eligibility", "option": "Eligible"},
    {"node": "record-decision", "done": True},
    {"node": "to-billing", "done": True},
    {"node": "payment-method", "option": "Card"},
    {"node": "refund-card", "done": True},
    {"node": "record-reference", "done": True, "note": "re_123"},
    {"node": "confirm-to-customer", "done": True},
]


@pytest.fixture
def examples_site(site: Site) -> Site:
    """The site with the example documents in its library."""
    return site.load(EXAMPLES)


def start(client: SignedClient, code: str = "SOP-FIN-003", **extra: str) -> dict[str, object]:
    response = client.unsafe("POST", "/api/v1/runs", json={"code": code, **extra})
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def answer(client: SignedClient, run_id: object, body: dict[str, object]) -> dict[str, object]:
    response = client.unsafe("POST", f"/api/v1/runs/{run_id}/answer", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


def test_a_reader_starts_a_run_and_answers_it_to_an_outcome(examples_site: Site) -> None:
    rita = examples_site.client("rita")
    response = rita.unsafe("POST", "/api/v1/runs", json={"code": "SOP-FIN-003"})
    assert response.status_code == 201
    run = response.json()
    assert response.headers["location"] == f"/api/v1/runs/{run['id']}"
    with (
        open_library(examples_site.settings.library_url, create=False) as library,
        library.reading() as connection,
    ):
        info = get_info(connection, code="SOP-FIN-003")
    assert run["revision"] == {"code": "SOP-FIN-003", "number": info.number, "sha256": info.sha256}
    assert (run["state"], run["node"]["node"], run["started_by"]) == (
        "in_progress",
        "log-request",
        "rita",
    )
    assert run["started_by_name"] == "Rita Example"
    assert run["node"]["detail"], "novice detail by default"
    assert rita.get(response.headers["location"]).json()["id"] == run["id"]
    for body in CARD_REFUND:
        latest = answer(rita, run["id"], body)
    assert latest["state"] == "finished"
    assert latest["node"] is None
    assert latest["outcome"]["text"] == "Refund issued"
    assert latest["answers"] == {"check-eligibility": "Eligible", "payment-method": "Card"}
    assert [entry["done_by_name"] for entry in latest["path"]] == ["Rita Example"] * 10
    assert latest["path"][7]["note"] == "re_123"


def test_the_current_view_follows_the_audience(examples_site: Site) -> None:
    rita = examples_site.client("rita")
    run = start(rita, audience="expert")
    assert run["audience"] == "expert"
    assert run["node"]["detail"] is None
    for body in CARD_REFUND[:6]:
        answer(rita, run["id"], body)
    novice = rita.get(f"/api/v1/runs/{run['id']}?audience=novice").json()
    reference = novice["node"]["reference"]
    assert (reference["code"], reference["href"]) == ("WI-PAY-003", "/documents/WI-PAY-003")
    assert reference["steps"]
    expert = rita.get(f"/api/v1/runs/{run['id']}?audience=expert").json()
    assert expert["node"]["reference"]["steps"] == []
    bad = rita.get(f"/api/v1/runs/{run['id']}?audience=beginner")
    assert (bad.status_code, bad.json()["field"]) == (422, "audience")


def test_a_wrong_option_is_422_naming_the_field_and_a_stale_answer_409(
    examples_site: Site,
) -> None:
    rita = examples_site.client("rita")
    run = start(rita)
    for body in CARD_REFUND[:2]:
        answer(rita, run["id"], body)
    url = f"/api/v1/runs/{run['id']}/answer"
    wrong = rita.unsafe("POST", url, json={"node": "check-eligibility", "option": "Maybe"})
    assert wrong.status_code == 422
    assert wrong.headers["content-type"] == "application/problem+json"
    assert wrong.json()["field"] == "option"
    assert (
        "choose one of 'Eligible', 'Not eligible', 'Exception requested'"
        in (wrong.json()["detail"])
    )
    done = rita.unsafe("POST", url, json={"node": "check-eligibility", "done": True})
    assert (done.status_code, done.json()["field"]) == (422, "option")
    stale = rita.unsafe("POST", url, json={"node": "find-order", "done": True})
    assert stale.status_code == 409
    assert "is at 'check-eligibility', not 'find-order'" in stale.json()["detail"]
    missing = rita.unsafe("POST", url, json={"option": "Eligible"})
    assert (missing.status_code, missing.json()["field"]) == (422, "node")
    assert rita.unsafe("POST", "/api/v1/runs/nope/answer", json=CARD_REFUND[0]).status_code == 404


def test_back_pause_and_resume(examples_site: Site) -> None:
    rita = examples_site.client("rita")
    run = start(rita)
    base = f"/api/v1/runs/{run['id']}"
    for body in CARD_REFUND[:3]:
        answer(rita, run["id"], body)
    back = rita.unsafe("POST", f"{base}/back")
    assert back.status_code == 200
    assert back.json()["node"]["node"] == "check-eligibility"
    further = rita.unsafe("POST", f"{base}/back", json={"node": "log-request"})
    assert further.json()["node"]["node"] == "log-request"
    assert further.json()["back_to"] is None
    nowhere = rita.unsafe("POST", f"{base}/back", json={"node": "refund-card"})
    assert nowhere.status_code == 409, "nothing is behind the start node"
    paused = rita.unsafe("POST", f"{base}/pause")
    assert paused.json()["state"] == "paused"
    refused = rita.unsafe("POST", f"{base}/answer", json=CARD_REFUND[0])
    assert (refused.status_code, "resume it first" in refused.json()["detail"]) == (409, True)
    assert rita.unsafe("POST", f"{base}/pause").status_code == 409
    resumed = rita.unsafe("POST", f"{base}/resume")
    assert (resumed.json()["state"], resumed.json()["node"]["node"]) == (
        "in_progress",
        "log-request",
    )


def test_lists_are_filtered_and_paged_and_a_reader_sees_only_their_own(
    examples_site: Site,
) -> None:
    rita, arthur = examples_site.client("rita"), examples_site.client("arthur")
    first = start(rita)
    for body in CARD_REFUND:
        answer(rita, first["id"], body)
    second = start(rita, code="SOP-HR-001")
    rita.unsafe("POST", f"/api/v1/runs/{second['id']}/pause")
    theirs = start(arthur)
    mine = rita.get("/api/v1/runs").json()
    assert [run["id"] for run in mine["runs"]] == [second["id"], first["id"]], "newest first"
    assert mine["runs"][1]["where"] == "Refund issued"
    assert mine["runs"][0]["node"] == "create-record"
    assert rita.get("/api/v1/runs?person=arthur").status_code == 403
    assert rita.get(f"/api/v1/runs/{theirs['id']}").status_code == 403
    everyone = arthur.get("/api/v1/runs?code=SOP-FIN-003").json()
    assert [run["id"] for run in everyone["runs"]] == [theirs["id"], first["id"]]
    paused = arthur.get("/api/v1/runs?state=paused&person=rita").json()
    assert [run["id"] for run in paused["runs"]] == [second["id"]]
    page = arthur.get("/api/v1/runs?offset=1&limit=1").json()
    assert (page["total"], page["offset"], page["limit"], len(page["runs"])) == (3, 1, 1, 1)
    for query, field in [("state=done", "state"), ("limit=0", "limit"), ("code=SOP", "code")]:
        bad = arthur.get(f"/api/v1/runs?{query}")
        assert (bad.status_code, bad.json()["field"]) == (422, field)


def test_only_the_starter_acts_on_a_run(examples_site: Site) -> None:
    rita, vera = examples_site.client("rita"), examples_site.client("vera")
    run = start(rita)
    looked = vera.get(f"/api/v1/runs/{run['id']}")
    assert looked.status_code == 200
    assert looked.json()["can_act"] is False
    refused = vera.unsafe("POST", f"/api/v1/runs/{run['id']}/answer", json=CARD_REFUND[0])
    assert refused.status_code == 403
    assert "only they can act on it" in refused.json()["detail"]
    anonymous = examples_site.client()
    assert anonymous.post("/api/v1/runs", json={"code": "SOP-FIN-003"}).status_code == 401
    assert anonymous.get("/api/v1/runs").status_code == 401
    no_csrf = rita.post(f"/api/v1/runs/{run['id']}/pause")
    assert (no_csrf.status_code, "csrf_token" in no_csrf.json()["detail"]) == (403, True)


def test_a_script_runs_an_sop_with_an_api_token(examples_site: Site) -> None:
    created = examples_site.client("rita").unsafe("POST", "/api/v1/tokens", json={"name": "bot"})
    headers = {"Authorization": f"Bearer {created.json()['token']}"}
    script = examples_site.client()
    run = script.post("/api/v1/runs", json={"code": "SOP-FIN-003"}, headers=headers)
    assert run.status_code == 201
    step = script.post(
        f"/api/v1/runs/{run.json()['id']}/answer", json=CARD_REFUND[0], headers=headers
    )
    assert step.json()["node"]["node"] == "find-order"


def test_what_cannot_be_started(examples_site: Site) -> None:
    rita = examples_site.client("rita")
    wi = rita.unsafe("POST", "/api/v1/runs", json={"code": "WI-PAY-003"})
    assert (wi.status_code, wi.json()["field"]) == (422, "code")
    assert "only an SOP can be run" in wi.json()["detail"]
    missing = rita.unsafe("POST", "/api/v1/runs", json={"code": "SOP-FIN-999"})
    assert missing.status_code == 404
    audience = rita.unsafe("POST", "/api/v1/runs", json={"code": "SOP-FIN-003", "audience": "x"})
    assert (audience.status_code, audience.json()["field"]) == (422, "audience")


def test_stats_count_runs_outcomes_and_paths_for_see_all_runs(examples_site: Site) -> None:
    rita, arthur = examples_site.client("rita"), examples_site.client("arthur")
    for _ in range(2):
        run = start(rita)
        for body in CARD_REFUND:
            answer(rita, run["id"], body)
    declined = start(rita)
    for body in [*CARD_REFUND[:2], {"node": "check-eligibility", "option": "Not eligible"}]:
        answer(rita, declined["id"], body)
    assert rita.get("/api/v1/documents/SOP-FIN-003/stats").status_code == 403
    stats = arthur.get("/api/v1/documents/SOP-FIN-003/stats").json()
    assert (stats["runs"], stats["finished"], stats["completion_rate"]) == (3, 2, 0.6667)
    assert stats["title"] == "Customer refund"
    assert [(o["name"], o["count"]) for o in stats["outcomes"]] == [("Refund issued", 2)]
    assert [(p["outcome_name"], p["count"], p["share"]) for p in stats["paths"]] == [
        ("Refund issued", 2, 1.0)
    ]
    assert [a["label"] for a in stats["paths"][0]["answers"]] == ["Eligible", "Card"]
    eligibility = stats["decisions"][0]
    assert eligibility["question"] == "Is the purchase eligible under the refund policy?"
    assert [(o["label"], o["count"]) for o in eligibility["options"]] == [
        ("Eligible", 2),
        ("Not eligible", 1),
        ("Exception requested", 0),
    ]
    names = {t["node"]: t["name"] for t in stats["step_times"]}
    assert names["refund-card"] == "Refund the card payment in Stripe."
    assert stats["stopped_at"] == [
        {"node": "explain-refusal", "name": stats["stopped_at"][0]["name"], "count": 1}
    ]
    assert arthur.get("/api/v1/documents/SOP-XYZ-001/stats").status_code == 404


def test_the_runs_api_is_in_the_openapi_document(examples_site: Site) -> None:
    paths = examples_site.client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/runs",
        "/api/v1/runs/{run_id}",
        "/api/v1/runs/{run_id}/answer",
        "/api/v1/runs/{run_id}/back",
        "/api/v1/runs/{run_id}/pause",
        "/api/v1/runs/{run_id}/resume",
        "/api/v1/documents/{code}/stats",
    ):
        assert path in paths, path
    assert not any(path.startswith("/runs") for path in paths), "pages stay out of the API"
