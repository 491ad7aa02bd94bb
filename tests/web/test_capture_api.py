"""The capture API on a real server, SQLite and PostgreSQL: upload, follow the job's events,
read the result, fetch the recording by ranges, edit, save; and the upload's safety: names
never become paths, the size cap, CSRF, who may see a job."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from tests.web.conftest import SignedClient, Site

from sopflow.library.documents import get_revision
from sopflow.library.store import open_library
from sopflow.model import Sop

REPO = Path(__file__).resolve().parents[2]
WALKTHROUGHS = REPO / "examples" / "walkthroughs"
MEDIA = REPO / "tests" / "fixtures" / "media"

FileSpec = tuple[str, bytes]


def start(client: SignedClient, files: list[FileSpec], **fields: str) -> httpx.Response:
    """POST the files as one walkthrough, as the page's script does."""
    parts = [("files", (name, content, "application/octet-stream")) for name, content in files]
    return client.unsafe("POST", "/api/v1/captures", files=parts, data=fields)


def follow(client: httpx.Client, job_id: str) -> list[tuple[str, dict[str, Any]]]:
    """Every event of the job's stream until it ends."""
    found: list[tuple[str, dict[str, Any]]] = []
    event = "message"
    with client.stream("GET", f"/api/v1/captures/{job_id}/events", timeout=180) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line.removeprefix("event:").strip()
            elif line.startswith("data:"):
                found.append((event, json.loads(line.removeprefix("data:"))))
    return found


def captured(client: SignedClient, files: list[FileSpec], **fields: str) -> dict[str, Any]:
    """Upload, wait for the end of the job, and return its final status."""
    response = start(client, files, **fields)
    assert response.status_code == 202, response.text
    events = follow(client, response.json()["id"])
    assert events[-1][0] in ("done", "failed", "cancelled")
    return events[-1][1]


def test_upload_follow_and_read_the_result_of_a_transcript(site: Site) -> None:
    client = site.client("arthur")
    response = start(
        client,
        [("refund call.vtt", (WALKTHROUGHS / "refund-call-teams.vtt").read_bytes())],
        area="fin",
        title="Refund by phone",
    )
    assert response.status_code == 202, response.text
    body = response.json()
    assert response.headers["location"] == f"/api/v1/captures/{body['id']}"
    assert body["state"] == "queued"
    assert body["files"] == [{"name": "refund call.vtt", "kind": "webvtt", "size": 1120}]
    assert [stage["name"] for stage in body["stages"]] == ["structure"]

    events = follow(client, body["id"])
    assert events[-1][0] == "done"
    assert {name for name, _ in events[:-1]} <= {"progress"}
    status = client.get(body["links"]["self"]).json()
    assert status["state"] == "done"
    assert status["links"]["review"] == f"/captures/{body['id']}/review"
    assert client.get("/api/v1/captures").json()["captures"][0]["id"] == body["id"]

    result = client.get(f"/api/v1/captures/{body['id']}/result").json()
    assert result["title"] == "Refund by phone"
    assert result["classification"]["kind"] == "sop"
    assert result["classification"]["signals"]
    # the two speakers' names, hidden as "Speaker 1" and "Speaker 2"
    assert [(r["kind"], r["time"]) for r in result["redactions"]] == [
        ("person", [1.2, 7.8]),
        ("person", [26.5, 33.0]),
    ]
    assert result["media"] is None
    text = result["transcript"]["text"]
    assert result["transcript"]["segments"][0]["time"][0] >= 1.2
    (draft,) = result["drafts"]
    assert draft["document"]["code"] == "SOP-FIN-001"
    step = next(item for item in draft["elements"] if item["type"] == "step")
    provenance = step["provenance"]
    assert set(provenance) >= {"span", "time", "confidence", "supported"}
    assert text[provenance["span"][0] : provenance["span"][1]].strip()


def test_edit_a_draft_and_save_it_to_the_library(site: Site) -> None:
    client = site.client("arthur")
    vtt = (WALKTHROUGHS / "refund-call-teams.vtt").read_bytes()
    status = captured(client, [("call.vtt", vtt)], area="FIN")
    base = f"/api/v1/captures/{status['id']}"
    draft = client.get(f"{base}/result").json()["drafts"][0]
    document = draft["document"]
    step = next(item for item in draft["elements"] if item["type"] == "step")
    node = next(n for n in document["flow"]["nodes"] if n["id"] == step["key"])
    node["instruction"] = "Look the order up in the helpdesk."
    put = client.unsafe("PUT", f"{base}/drafts/0", json={"document": document})
    assert put.status_code == 200, put.text
    assert put.json()["edited"] is True

    node["next"] = "nowhere"
    bad = client.unsafe("PUT", f"{base}/drafts/0", json={"document": document})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert bad.json()["field"].startswith("document.flow.nodes[")
    assert client.unsafe("PUT", f"{base}/drafts/7", json={"document": document}).status_code == 404

    saved = client.unsafe("POST", f"{base}/save")
    assert saved.status_code == 201, saved.text
    (entry,) = saved.json()["saved"]
    assert entry["code"] == "SOP-FIN-001"
    assert entry["url"] == "/documents/SOP-FIN-001"
    with (
        open_library(site.settings.library_url, create=False) as library,
        library.reading() as connection,
    ):
        stored = get_revision(connection, code="SOP-FIN-001")
    assert stored.info.state.value == "draft"
    assert isinstance(stored.document, Sop)
    steps = [s.instruction for s in stored.document.flow.steps()]
    assert "Look the order up in the helpdesk." in steps
    again = client.unsafe("POST", f"{base}/save")
    assert again.status_code == 409
    assert "SOP-FIN-001" in again.json()["detail"]


def test_a_saved_capture_never_takes_a_code_in_use(stocked: Site) -> None:
    with (
        open_library(stocked.settings.library_url, create=False) as library,
        library.transaction() as connection,
    ):  # a counter behind the codes held, as after documents stored around it
        connection.execute(text("UPDATE code_counters SET last = 2 WHERE prefix = 'SOP-FIN'"))
    client = stocked.client("arthur")
    vtt = (WALKTHROUGHS / "refund-call-teams.vtt").read_bytes()
    status = captured(client, [("call.vtt", vtt)], area="FIN")
    saved = client.unsafe("POST", f"/api/v1/captures/{status['id']}/save")
    assert saved.status_code == 201, saved.text
    assert [entry["code"] for entry in saved.json()["saved"]] == ["SOP-FIN-004"]
    held = client.get("/api/v1/documents/SOP-FIN-003").json()["document"]
    assert held["title"] == "Customer refund"


def test_a_recording_can_be_played_from_any_point_and_its_screenshots_served(
    site: Site,
) -> None:
    client = site.client("arthur")
    status = captured(
        client,
        [
            ("short.mp4", (MEDIA / "short.mp4").read_bytes()),
            ("short.events.json", (MEDIA / "short.events.json").read_bytes()),
        ],
    )
    assert status["state"] == "done", status["error"]
    assert [stage["state"] for stage in status["stages"]] == ["done", "done", "done"]
    result = client.get(f"/api/v1/captures/{status['id']}/result").json()
    assert result["media"]["kind"] == "video"
    media = result["media"]["url"]
    size = (MEDIA / "short.mp4").stat().st_size
    whole = client.get(media)
    assert whole.status_code == 200
    assert whole.headers["content-type"] == "video/mp4"
    assert whole.headers["accept-ranges"] == "bytes"
    part = client.get(media, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-199/{size}"
    assert part.content == (MEDIA / "short.mp4").read_bytes()[100:200]
    shots = [
        item["screenshot_url"]
        for draft in result["drafts"]
        for item in draft["elements"]
        if item["screenshot_url"]
    ]
    assert shots
    picture = client.get(shots[0])
    assert picture.headers["content-type"] == "image/png"
    assert picture.content.startswith(b"\x89PNG")
    missing = client.get(f"/api/v1/captures/{status['id']}/screenshots/999.png")
    assert missing.status_code == 404


def test_uploaded_names_never_become_paths(site: Site, tmp_path: Path) -> None:
    client = site.client("arthur")
    transcript = (WALKTHROUGHS / "refund-mixed.md").read_bytes()
    events = (WALKTHROUGHS / "stripe-refund-events.json").read_bytes()
    status = captured(client, [("../../etc/passwd", transcript), ("a/b.mp4", events)])
    assert status["state"] == "done", status["error"]
    assert [item["name"] for item in status["files"]] == ["passwd", "b.mp4"]
    folder = site.settings.home / "jobs" / status["id"]
    assert sorted(p.name for p in folder.glob("input-*")) == ["input-1.md", "input-2.json"]
    everything = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(p.name not in ("passwd", "b.mp4") for p in everything)
    assert all(folder in p.parents for p in everything if "jobs" in p.parts)
    assert not (site.settings.home / "etc").exists()
    assert not (site.settings.home / "jobs" / "a").exists()


def test_an_upload_over_the_cap_is_413_naming_the_file_and_leaves_nothing(
    make_site: Callable[..., Site], web_settings: Any
) -> None:
    small = make_site(replace(web_settings, upload_limit=4096))
    client = small.client("arthur")
    response = start(client, [("long-call.mp4", (MEDIA / "short.mp4").read_bytes())])
    assert response.status_code == 413
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["field"] == "files"
    assert "long-call.mp4" in problem["detail"]
    assert "4 KB" in problem["detail"]
    jobs = small.settings.home / "jobs"
    assert not jobs.exists() or not any(jobs.iterdir())
    fine = start(client, [("note.txt", b"The agent closes the ticket.\n")])
    assert fine.status_code == 202


def test_bad_uploads_are_problems_naming_the_file(site: Site) -> None:
    client = site.client("arthur")
    for name, content, message in (
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("corrupt.mp4", (MEDIA / "corrupt.mp4").read_bytes(), "corrupt.mp4: not a readable"),
        ("mute.mp4", (MEDIA / "no_audio.mp4").read_bytes(), "mute.mp4: the file has no audio"),
        ("data.json", b'{"rows": [1, 2]}', "data.json: JSON, but not a sopflow event log"),
    ):
        response = start(client, [(name, content)])
        assert response.status_code == 422, name
        assert message in response.json()["detail"]
        assert response.json()["field"] == "files"
    assert start(client, []).status_code == 422
    kind = start(client, [("a.txt", b"The agent closes the ticket.\n")], kind="policy")
    assert kind.status_code == 422
    assert kind.json()["field"] == "kind"
    not_multipart = client.unsafe("POST", "/api/v1/captures", json={"files": []})
    assert not_multipart.status_code == 422
    jobs = site.settings.home / "jobs"
    assert not jobs.exists() or not any(jobs.iterdir())
    silent = captured(client, [("quiet.wav", (MEDIA / "silence.wav").read_bytes())])
    assert silent["state"] == "failed"
    assert silent["error"] == "quiet.wav: no speech found in the recording"
    conflict = client.get(f"/api/v1/captures/{silent['id']}/result")
    assert conflict.status_code == 409


def test_who_may_upload_and_see_a_capture(site: Site) -> None:
    arthur = site.client("arthur")
    note = [("note.txt", b"The agent opens the ticket. Then the agent closes it.\n")]
    without_header = arthur.post(
        "/api/v1/captures", files=[("files", ("note.txt", note[0][1], "text/plain"))]
    )
    assert without_header.status_code == 403
    assert "X-CSRF-Token" in without_header.json()["detail"]
    assert start(site.client("rita"), note).status_code == 403
    anonymous = site.client().post(
        "/api/v1/captures", files=[("files", ("note.txt", note[0][1], "text/plain"))]
    )
    assert anonymous.status_code == 401
    jobs = site.settings.home / "jobs"
    assert not jobs.exists() or not any(jobs.iterdir())

    status = captured(arthur, note)
    url = f"/api/v1/captures/{status['id']}"
    assert site.client("ada").get(url).status_code == 200  # admins capture too
    assert site.client("rita").get(url).status_code == 404
    assert site.client("vera").get(f"{url}/result").status_code == 404
    assert site.client().get(url).status_code == 401
    assert site.client("rita").get("/api/v1/captures").status_code == 403


NAMED = (
    "Anna Berg opens the claim in Salesforce. Then the clerk sends it to Tom Weber. "
    "Tom checks the amount and closes the claim.\n"
)


def test_names_are_redacted_unless_the_upload_keeps_them(site: Site) -> None:
    client = site.client("arthur")
    hidden = captured(client, [("claim.txt", NAMED.encode())])
    result = client.get(f"/api/v1/captures/{hidden['id']}/result").json()
    assert {r["kind"] for r in result["redactions"]} == {"person"}
    written = json.dumps(result["drafts"])
    assert "[PERSON]" in written
    assert "Salesforce" in written
    assert not re.search(r"Anna|Berg|Tom|Weber", written)
    assert not re.search(r"Anna|Berg|Tom|Weber", result["transcript"]["text"])

    kept = captured(client, [("claim.txt", NAMED.encode())], keep_names="true")
    result = client.get(f"/api/v1/captures/{kept['id']}/result").json()
    assert result["redactions"] == []
    assert "Tom Weber" in json.dumps(result["drafts"])


def test_a_bad_keep_names_value_is_a_problem_naming_the_field(site: Site) -> None:
    response = start(
        site.client("arthur"), [("n.txt", b"The agent closes the ticket.\n")], keep_names="maybe"
    )
    assert response.status_code == 422
    assert response.json()["field"] == "keep_names"


def test_a_script_uploads_with_an_api_token(site: Site) -> None:
    token = site.client("arthur").unsafe("POST", "/api/v1/tokens", json={"name": "uploader"})
    script = site.client()
    script.headers["Authorization"] = f"Bearer {token.json()['token']}"
    response = script.post(
        "/api/v1/captures",
        files=[("files", ("n.txt", b"The agent closes the ticket.\n", "text/plain"))],
        data={"redact": "false"},
    )
    assert response.status_code == 202, response.text
    assert response.json()["owner"] == "arthur"


XSS = (
    "The agent types <script>alert('x')</script> into the ticket.\n\n"
    "Then the agent clicks <img src=x onerror=alert(1)> on the refund page.\n\n"
    "The agent opens javascript:alert(2) and closes the ticket.\n"
)


def test_script_in_a_transcript_is_shown_as_text_on_the_review_page(site: Site) -> None:
    client = site.client("arthur")
    status = captured(
        client, [("<b>evil</b>.txt", XSS.encode())], title='<script>alert("t")</script>'
    )
    assert status["state"] == "done", status["error"]
    page = client.get(f"/captures/{status['id']}/review")
    assert page.status_code == 200
    html = page.text
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", html, re.I)
    assert "javascript:alert(2" in html  # shown, as words of the transcript and a step
    fragment = client.get(f"/captures/{status['id']}/review/drafts/0").text
    assert "<script>alert(" not in fragment
    listing = client.get("/capture").text
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in listing
