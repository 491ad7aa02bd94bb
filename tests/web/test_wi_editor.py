"""The work instruction editor's routes on a real server (SQLite and PostgreSQL): who may
open and save it, the live check's fragment, where-used before a save, screenshots (and
names that try to leave their folder), conflicts that keep the edit, a new WI, and a new
SOP from an uploaded BPMN model with its report."""

from __future__ import annotations

import re
import struct
import zlib
from html import unescape
from pathlib import Path
from typing import Any

from tests.web.conftest import SignedClient, Site

CODE = "WI-PAY-003"
BPMN = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "two-pools.bpmn"


def png(width: int = 4, height: int = 3, shade: int = 90) -> bytes:
    """A real PNG of one grey, made here (no image library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes([shade]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def form_of(client: SignedClient, code: str = CODE) -> dict[str, Any]:
    """The editor's form fields as the page holds them (text inputs and textareas)."""
    html = client.get(f"/documents/{code}/edit").text
    fields: dict[str, Any] = {"row": re.findall(r'name="row" value="(r\d+)"', html)}
    for name, value in re.findall(r'<input[^>]* name="([^"]+)" value="([^"]*)"', html):
        skipped = name in ("row", "csrf_token", "used", "confirm_used") or "__KEY__" in name
        if not skipped and not name.startswith("drop-image-"):
            fields[name] = unescape(value)
    for name, value in re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        fields[name] = unescape(value)
    fields["csrf_token"] = client.csrf
    return fields


def post(client: SignedClient, fields: dict[str, Any], code: str = CODE, **extra: Any) -> Any:
    return client.post(f"/documents/{code}/edit", data={**fields, **extra})


def latest(client: SignedClient, code: str = CODE) -> dict[str, Any]:
    body: dict[str, Any] = client.get(f"/api/v1/documents/{code}").json()
    return body


def test_only_editors_open_check_and_save_it(stocked: Site) -> None:
    reader = stocked.client("rita")
    assert reader.get(f"/documents/{CODE}/edit").status_code == 403
    assert reader.unsafe("POST", f"/documents/{CODE}/edit/check", data={}).status_code == 403
    assert (
        reader.post(f"/documents/{CODE}/edit", data={"csrf_token": reader.csrf}).status_code == 403
    )
    assert reader.get("/builder/new-wi?code=WI-OPS-001").status_code == 403
    reviewer = stocked.client("vera")
    assert reviewer.get(f"/documents/{CODE}/edit").status_code == 403
    assert reviewer.get("/builder/new").status_code == 403
    nobody = stocked.client()
    assert nobody.get(f"/documents/{CODE}/edit").status_code in (303, 401)
    author = stocked.client("arthur")
    no_token = author.post(f"/documents/{CODE}/edit", data={"title": "x"})
    assert no_token.status_code == 403
    assert latest(author)["revision"]["number"] == 1


def test_the_page_shows_the_actions_and_where_the_wi_is_used(stocked: Site) -> None:
    author = stocked.client("arthur")
    page = author.get(f"/documents/{CODE}/edit")
    assert page.status_code == 200
    assert len(re.findall(r'name="row" value="r\d+"', page.text)) == 7
    assert 'value="Search field at the top of the page"' in page.text
    warning = page.text.split('class="where-used-warning"')[1].split("</section>")[0]
    assert "SOP-FIN-003" in warning
    assert "Customer refund" in warning
    assert (
        'step “Refund the card payment in Stripe.” (<span class="code">refund-card</span>)'
        in warning
    )
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page.text)), "inline script"
    assert author.get("/documents/SOP-FIN-003/edit").headers["location"].endswith("/builder")
    assert author.get("/documents/POL-FIN-001/edit").status_code == 422


def test_the_live_check_names_the_field_and_stores_nothing(stocked: Site) -> None:
    author = stocked.client("arthur")
    fields = form_of(author)
    fields["action-r2"] = ""
    fields["value-r3"] = "If the button is grey, ask the team lead"
    answer = author.unsafe("POST", f"/documents/{CODE}/edit/check", data=fields)
    assert answer.status_code == 200
    slot = re.search(r'<span id="p-r2-action"[^>]*hx-swap-oob="true">([^<]*)</span>', answer.text)
    assert slot
    assert "at least 1 character" in slot.group(1)
    assert '<span id="p-r1-action" class="field-problem" hx-swap-oob="true"></span>' in answer.text
    fields["action-r2"] = "Search for the order number"
    fixed = author.unsafe("POST", f"/documents/{CODE}/edit/check", data=fields).text
    assert '<span id="p-r2-action" class="field-problem" hx-swap-oob="true"></span>' in fixed
    assert re.search(r'id="p-r3-value"[^>]*>warning: step 3 branches', fixed)
    assert latest(author)["revision"]["number"] == 1


def test_a_save_of_a_used_wi_waits_for_the_where_used_confirmation(stocked: Site) -> None:
    author = stocked.client("arthur")
    fields = form_of(author)
    fields["row"] = ["r2", "r1", *fields["row"][2:]]  # the search before the page is open
    fields["expected_result-r3"] = "The refund dialog opens."
    refused = post(author, fields, summary="Search first")
    assert refused.status_code == 422
    assert re.search(r'id="p-confirm_used"[^>]*>[^<]*SOP-FIN-003', refused.text)
    assert 'value="The refund dialog opens."' in refused.text  # nothing typed is lost
    saved = post(author, fields, summary="Search first", confirm_used="yes", used="SOP-FIN-003")
    assert saved.status_code == 303
    assert saved.headers["location"].endswith(f"/documents/{CODE}/edit?saved=2&from=1")
    document = latest(author)["document"]
    assert [step["action"] for step in document["steps"]][:2] == [
        "Search for the order number",
        "Open the Payments page",
    ]
    assert document["steps"][2]["expected_result"] == "The refund dialog opens."
    assert document["prerequisites"]  # what the editor does not show is kept
    history = author.get(f"/api/v1/documents/{CODE}/history").json()["revisions"]
    assert [item["summary"] for item in history] == ["Imported from YAML", "Search first"]


def test_an_unedited_save_adds_nothing(stocked: Site) -> None:
    author = stocked.client("arthur")
    saved = post(author, form_of(author), confirm_used="yes", used="SOP-FIN-003")
    assert saved.headers["location"].endswith("?unchanged=1")
    assert latest(author)["revision"]["number"] == 1


def test_a_conflict_keeps_the_edit_and_can_be_saved_on_top(stocked: Site) -> None:
    arthur, ada = stocked.client("arthur"), stocked.client("ada")
    mine, theirs = form_of(arthur), form_of(ada)
    theirs["title"] = "Refund a card payment in the Stripe Dashboard"
    assert post(ada, theirs, confirm_used="yes", used="SOP-FIN-003").status_code == 303
    mine["warning-r1"] = "Use the live mode, not the test mode."
    clash = post(arthur, mine, confirm_used="yes", used="SOP-FIN-003", summary="Live mode")
    assert clash.status_code == 409
    assert "ada saved revision 2" in clash.text
    assert 'value="Use the live mode, not the test mode."' in clash.text
    assert 'name="on_top" value="2"' in clash.text
    on_top = post(
        arthur, mine, confirm_used="yes", used="SOP-FIN-003", summary="Live mode", on_top="2"
    )
    assert on_top.status_code == 303
    document = latest(arthur)["document"]
    assert document["steps"][0]["warning"] == "Use the live mode, not the test mode."
    assert latest(arthur)["revision"]["number"] == 3


def test_a_screenshot_is_kept_with_the_action_and_bad_names_are_refused(stocked: Site) -> None:
    author = stocked.client("arthur")
    fields = {**form_of(author), "confirm_used": "yes", "used": "SOP-FIN-003"}
    for name in ("../../etc/passwd.png", "..\\evil.png", ".hidden.png"):
        bad = author.post(
            f"/documents/{CODE}/edit",
            data=fields,
            files={"image_file-r2": (name, png(), "image/png")},
        )
        assert bad.status_code == 422, name
        assert "not a plain file name" in bad.text
    not_image = author.post(
        f"/documents/{CODE}/edit",
        data=fields,
        files={"image_file-r2": ("a.png", b"text", "image/png")},
    )
    assert not_image.status_code == 422
    assert "is not a PNG, JPEG, GIF or WebP image" in not_image.text
    good = author.post(
        f"/documents/{CODE}/edit",
        data={**fields, "summary": "A screenshot of the search"},
        files={"image_file-r2": ("search box.png", png(), "image/png")},
    )
    assert good.status_code == 303
    image = latest(author)["document"]["steps"][1]["image"]
    assert re.fullmatch(rf"{CODE}\.media/search-box-[0-9a-f]{{10}}\.png", image)
    stored = author.get(f"/api/v1/documents/{CODE}/revisions/2/files/{image}")
    assert stored.status_code == 200
    assert stored.content == png()
    page = author.get(f"/documents/{CODE}/edit").text
    assert f"/api/v1/documents/{CODE}/revisions/2/files/{image}" in page


def test_user_text_is_escaped(stocked: Site) -> None:
    author = stocked.client("arthur")
    fields = {**form_of(author), "confirm_used": "yes", "used": "SOP-FIN-003"}
    fields["action-r1"] = '<script>alert("x")</script>'
    fields["title"] = "<b>bold</b>"
    assert post(author, fields).status_code == 303
    page = author.get(f"/documents/{CODE}/edit").text
    assert "<script>alert" not in page
    assert "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_a_new_wi_is_opened_empty_and_saved_as_revision_1(stocked: Site) -> None:
    author = stocked.client("arthur")
    opened = author.get("/builder/new-wi?code=WI-OPS-020&title=Reset+a+password")
    assert opened.status_code == 303
    page = author.get(opened.headers["location"]).text
    assert 'value="Reset a password"' in page
    assert "Not in the library yet" in page
    assert author.get("/builder/new-wi?code=WI-PAY-003").status_code == 422
    assert author.get("/builder/new-wi?code=SOP-OPS-020").status_code == 422
    fields = {
        "csrf_token": author.csrf,
        "base": "",
        "title": "Reset a password",
        "owner": "IT Service Desk",
        "row": ["r1"],
        "action-r1": "Open the user's account",
        "target-r1": "Admin console > Users",
    }
    saved = author.post("/documents/WI-OPS-020/edit", data=fields)
    assert saved.status_code == 303, saved.text
    body = latest(author, "WI-OPS-020")
    assert body["revision"]["number"] == 1
    assert body["document"]["steps"] == [
        {"action": "Open the user's account", "target": "Admin console > Users"}
    ]


def test_rows_move_add_and_go_without_script(stocked: Site) -> None:
    author = stocked.client("arthur")
    fields = form_of(author)
    moved = post(author, fields, op="down:r1")
    assert moved.status_code == 200
    keys = re.findall(r'name="row" value="(r\d+)"', moved.text)
    assert keys[:2] == ["r2", "r1"]
    added = post(author, fields, op="add")
    assert len(re.findall(r'name="row" value="(r\d+)"', added.text)) == 8
    assert latest(author)["revision"]["number"] == 1


def test_an_sop_from_an_uploaded_bpmn_model_opens_in_the_builder_with_its_report(
    stocked: Site,
) -> None:
    author = stocked.client("arthur")
    sent = author.post(
        "/builder/new/bpmn",
        data={"csrf_token": author.csrf, "code": "SOP-OPS-040", "title": ""},
        files={"file": ("two-pools.bpmn", BPMN.read_bytes(), "application/xml")},
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == "/documents/SOP-OPS-040/builder"
    builder = author.get(sent.headers["location"])
    assert "Imported from two-pools.bpmn as revision 1" in builder.text
    assert "dataStoreReference" in builder.text
    again = author.get(sent.headers["location"])
    assert "Imported from" not in again.text  # the report is shown once
    body = latest(author, "SOP-OPS-040")
    assert body["revision"]["summary"] == "Imported from the BPMN model two-pools.bpmn"
    assert body["document"]["kind"] == "sop"


def test_a_bad_model_is_named_not_a_server_error(stocked: Site) -> None:
    author = stocked.client("arthur")
    cases = {
        "broken.bpmn": (b"<definitions", "not well-formed XML"),
        "notes.bpmn": (b"<notes/>", "not BPMN 2.0"),
        "bomb.bpmn": (b'<!DOCTYPE x [<!ENTITY a "b">]><x/>', "DOCTYPE"),
        "empty.bpmn": (b"", "is empty"),
    }
    for name, (data, said) in cases.items():
        answer = author.post(
            "/builder/new/bpmn",
            data={"csrf_token": author.csrf, "code": "SOP-OPS-041"},
            files={"file": (name, data, "application/xml")},
        )
        assert answer.status_code == 422, name
        assert said in answer.text, name
        assert name in answer.text, name
    taken = author.post(
        "/builder/new/bpmn",
        data={"csrf_token": author.csrf, "code": "SOP-FIN-003"},
        files={"file": ("two-pools.bpmn", BPMN.read_bytes(), "application/xml")},
    )
    assert taken.status_code == 422
    assert "SOP-FIN-003" in taken.text
    exported = author.get(f"/api/v1/documents/{CODE}?format=bpmn").content
    a_wi = author.post(
        "/builder/new/bpmn",
        data={"csrf_token": author.csrf, "code": "SOP-OPS-041"},
        files={"file": ("card-refund.bpmn", exported, "application/xml")},
    )
    assert a_wi.status_code == 422
    assert "card-refund.bpmn holds a work instruction, not an SOP" in a_wi.text
    reader = stocked.client("rita")
    refused = reader.post(
        "/builder/new/bpmn",
        data={"csrf_token": reader.csrf, "code": "SOP-OPS-042"},
        files={"file": ("two-pools.bpmn", BPMN.read_bytes(), "application/xml")},
    )
    assert refused.status_code == 403
    assert author.get("/api/v1/documents/SOP-OPS-041").status_code == 404


def test_every_editor_and_import_route_is_documented() -> None:
    from fastapi.routing import APIRoute

    from sopflow.web.routes import builder_pages, wi_pages

    docs = Path(__file__).resolve().parents[2] / "docs"
    text = "".join((docs / name).read_text() for name in ("web.md", "wi-editor.md"))
    text += (docs / "flow-builder.md").read_text()
    routes = [*wi_pages.router.routes, *builder_pages.router.routes]
    paths = [r.path.replace("{code}", "CODE") for r in routes if isinstance(r, APIRoute)]
    assert len(paths) >= 8
    assert [path for path in paths if f"`{path}" not in text] == []


def test_a_new_wi_whose_code_was_taken_meanwhile_keeps_the_edit(stocked: Site) -> None:
    author, admin = stocked.client("arthur"), stocked.client("ada")
    theirs = {
        "kind": "wi",
        "code": "WI-OPS-021",
        "title": "Unlock an account",
        "steps": [{"action": "Open the account"}],
    }
    made = admin.unsafe(
        "PUT", "/api/v1/documents/WI-OPS-021", json={"summary": "New", "document": theirs}
    )
    assert made.status_code == 201, made.text
    mine = {
        "csrf_token": author.csrf,
        "base": "",
        "title": "Unlock a locked account",
        "row": ["r1"],
        "action-r1": "Open the account in the admin console",
    }
    clash = author.post("/documents/WI-OPS-021/edit", data=mine)
    assert clash.status_code == 409
    assert 'value="Open the account in the admin console"' in clash.text
    assert latest(author, "WI-OPS-021")["document"]["title"] == "Unlock an account"
