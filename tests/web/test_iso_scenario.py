"""The ISO 9001 document-control scenario, played by people in a real browser on a real
server, on SQLite and on PostgreSQL.

Revision 1 of SOP-FIN-003 is in force. The author edits the SOP and submits it to two
approvers in sequence with a change reason; the first reads the diff and rejects it with a
comment; the author revises and resubmits; both approve and sign with their passwords, the
second choosing the date it takes effect; on that date revision 1 is superseded. The PDF a
reader downloads carries both signatures. The support agents are asked to acknowledge it:
one does; the other starts a run without acknowledging and is warned. The register lists
the revision in force with its next review date, and `sopflow audit verify` passes, then
names the one audit row edited in SQL.

The author's edits go through the documents API from the author's own browser session,
with its CSRF token, as the flow builder sends them (its own tests drive its canvas).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from tests.web.conftest import PASSWORD, Site, password_hash

from sopflow.library.store import open_library
from sopflow.library.users import insert_user
from sopflow.services.access import Role

CODE = "SOP-FIN-003"
CONTROL = f"/documents/{CODE}/control"
SECOND = "quentin"  # the second approver, a reviewer like vera
AGENTS = ("sam", "sue")  # the support agents on the SOP's distribution list


@pytest.fixture
def in_force(stocked: Site) -> Site:
    """The example library with revision 1 of CODE in force (approved by ada before the
    scenario starts), a second reviewer's account, and the support agents' accounts on
    CODE's distribution list."""
    with (
        open_library(stocked.settings.library_url, create=False) as library,
        library.transaction() as connection,
    ):
        insert_user(
            connection,
            name=SECOND,
            full_name="Quentin Example",
            email=None,
            password_hash=password_hash(),
            roles=(Role.REVIEWER,),
            now=datetime.now(UTC),
        )
        for name in AGENTS:
            insert_user(
                connection,
                name=name,
                full_name=f"{name.title()} Agent",
                email=None,
                password_hash=password_hash(),
                roles=(Role.READER,),
                now=datetime.now(UTC),
            )
    arthur, ada = stocked.client("arthur"), stocked.client("ada")
    base = f"/api/v1/documents/{CODE}"
    first = {"approvers": ["ada"], "reason": "First issue"}
    assert arthur.unsafe("POST", f"{base}/review", json=first).status_code == 201
    approved = ada.unsafe("POST", f"{base}/review/approve", json={"password": PASSWORD})
    assert approved.json()["state"] == "effective", approved.text
    agents = {"entries": list(AGENTS), "days": 7}
    assert arthur.unsafe("PUT", f"{base}/distribution", json=agents).status_code == 200
    return stocked


def sign_in(browser: Any, site: Site, name: str) -> Any:
    """A page of a browser context of its own, signed in as name through the form."""
    context = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/library$"))
    return page


def edit_first_step(page: Any, instruction: str) -> None:
    """Save CODE with a new first instruction, from the author's browser session."""
    page.goto(f"/documents/{CODE}")
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    found = page.request.get(f"/api/v1/documents/{CODE}")
    document = found.json()["document"]
    document["flow"]["nodes"][0]["instruction"] = instruction
    saved = page.request.put(
        f"/api/v1/documents/{CODE}",
        data={"summary": "Ticket number in the first step", "document": document},
        headers={"If-Match": found.headers["etag"], "X-CSRF-Token": csrf},
    )
    assert saved.status == 200, saved.text()


def submit(page: Any, reason: str) -> None:
    """Submit the latest revision to vera, then SECOND, from the control page."""
    page.goto(f"/documents/{CODE}")
    page.click("#control a.button")  # the document page's control panel
    page.fill("#submit-form input[name=approvers]", f"vera, {SECOND}")
    page.check("#submit-form input[value=sequential]")
    page.fill("#submit-form textarea[name=reason]", reason)
    page.click("#submit-form button[type=submit]")
    page.wait_for_selector("text=Submitted for review")


def approve(page: Any, *, password: str = PASSWORD, effective_on: str = "") -> None:
    page.goto(CONTROL)
    page.fill("#approve-form textarea[name=comment]", "Reads well")
    if effective_on:
        page.fill("#approve-form input[name=effective_on]", effective_on)
    page.fill("#approve-form input[name=password]", password)
    page.click("#approve-form button[type=submit]")


def state_of(page: Any, number: int) -> str:
    """The state the control page gives revision number."""
    row = page.locator("table.control-table tbody tr").filter(
        has=page.locator(f'a[href="/documents/{CODE}/revisions/{number}"]')
    )
    return str(row.locator(".badge").inner_text())


def cli(site: Site, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The real `sopflow` command on the site's library."""
    env = {**os.environ, "SOPFLOW_DATABASE_URL": site.settings.library_url}
    env["SOPFLOW_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "sopflow", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.mark.slow
def test_the_iso_scenario(in_force: Site, browser: Any, tmp_path: Path) -> None:
    site = in_force
    author, first, second = (sign_in(browser, site, n) for n in ("arthur", "vera", SECOND))
    review_with_a_rejection(author, first, second)
    due = approve_and_take_effect(first, second)
    reader = sign_in(browser, site, "rita")
    pdf_carries_both_signatures(reader)

    agents = [sign_in(browser, site, name) for name in AGENTS]
    one_acknowledges_one_runs_warned(*agents)
    register_lists_the_revision_in_force(reader, due)
    admin = sign_in(browser, site, "ada")
    audit_verify_passes_then_names_an_edited_row(site, admin, tmp_path)
    for page in (author, first, second, reader, admin, *agents):
        page.context.close()


def review_with_a_rejection(author: Any, first: Any, second: Any) -> None:
    """The author edits and submits to two approvers in sequence, with a reason; the second
    waits for the first, who reads the diff and rejects with a comment; the author reads
    it, revises and resubmits."""
    edit_first_step(author, "Open a refund ticket in the helpdesk and note the order number.")
    submit(author, "Support needs the order number on every ticket")
    second.goto(CONTROL)
    assert second.locator("#approve-form").count() == 0
    assert "waits for vera" in second.locator(".control-forms").inner_text()
    first.goto(CONTROL)
    added = " ".join(first.locator(".diff .words ins").all_inner_texts())  # marked words
    removed = " ".join(first.locator(".diff .words del").all_inner_texts())
    assert all(word in added for word in ("note", "order", "number"))
    assert "customer's" in removed
    first.fill("#reject-form textarea[name=comment]", "Say where the order number goes")
    first.click("#reject-form button[type=submit]")
    first.wait_for_selector("text=Rejected.")
    author.goto(CONTROL)
    rejected = author.locator(".past-review", has_text="Revision 2: rejected")
    assert "Say where the order number goes" in rejected.locator(".comment").inner_text()
    edit_first_step(author, "Open a refund ticket and put the order number in its subject.")
    submit(author, "Support needs the order number on every ticket")


def approve_and_take_effect(first: Any, second: Any) -> str:
    """Both approve and sign with their passwords (a wrong one signs nothing); the second
    sets a date, which the first brings forward to today: revision 3 takes effect and
    revision 1 is superseded. The next review date the page gives."""
    approve(first, password="not-my-password")
    assert "not vera's password" in first.locator("#approve-password-error").inner_text()
    approve(first)
    first.wait_for_selector("text=Approved and signed.")
    approve(second, effective_on="2099-06-30")
    second.wait_for_selector("text=Approved and signed.")
    assert state_of(second, 3) == "approved"
    assert state_of(second, 1) == "effective"  # until the chosen date comes
    today = datetime.now(UTC).date().isoformat()
    first.goto(CONTROL)
    first.fill("#effective-form input[name=on]", today)
    first.click("#effective-form button[value=date]")
    first.wait_for_selector("text=The date the revision takes effect is set.")
    assert (state_of(first, 3), state_of(first, 1)) == ("effective", "superseded")
    shown = first.locator(".stand div", has_text="Next review").locator("dd").inner_text()
    due = f"{int(today[:4]) + 1}{today[4:]}"  # the default interval: 12 months on
    assert shown.startswith(due)
    return due


def pdf_carries_both_signatures(reader: Any) -> None:
    """A reader sees revision 3 and downloads its PDF: both signatures are in it."""
    reader.goto(f"/documents/{CODE}")
    assert "put the order number in its subject" in reader.locator(".doc-body").inner_text()
    reader.click(".downloads summary")
    with reader.expect_download() as downloaded:
        reader.click(".downloads a[href*='format=pdf']")
    pdf = Path(downloaded.value.path()).read_bytes()
    pages = PdfReader(io.BytesIO(pdf)).pages
    words = " ".join(" ".join(page.extract_text() for page in pages).split())  # cells wrap
    assert "Vera Example approved" in words  # a row: name, meaning, UTC time
    assert "Quentin Example approved" in words


def one_acknowledges_one_runs_warned(sam: Any, sue: Any) -> None:
    """Both support agents find revision 3 to acknowledge in their tasks; sam acknowledges
    it with his password and starts a run unwarned; sue starts a run without acknowledging
    and is warned on the start page and in the runner."""
    for agent in (sam, sue):
        agent.goto("/tasks")
        assert "Read and acknowledge revision 3 by" in agent.inner_text("main")
    sam.goto(f"/documents/{CODE}")
    box = sam.locator("#acknowledge")
    box.get_by_label("Your password").fill(PASSWORD)
    box.get_by_role("button", name="Acknowledge revision 3").click()
    sam.wait_for_url(f"**/documents/{CODE}#acknowledge")
    assert "You acknowledged revision 3 on" in sam.inner_text("#acknowledge")
    sam.goto(f"/runs/new?code={CODE}")
    assert sam.locator(".acknowledgement-warning").count() == 0
    sue.goto(f"/runs/new?code={CODE}")
    warning = sue.locator(".acknowledgement-warning").inner_text()
    assert f"You have not acknowledged {CODE} revision 3" in warning
    sue.get_by_role("button", name="Start the run").click()
    sue.wait_for_url("**/runs/*?audience=novice")
    assert "before acknowledging" in sue.inner_text(".run-head + .acknowledgement-warning")


def register_lists_the_revision_in_force(reader: Any, due: str) -> None:
    """The register's row of CODE names revision 3 as the one in force, effective today,
    its two approvers, and the next review date the control page gave."""
    reader.goto("/register")
    row = reader.locator("table.register-table tbody tr", has_text=CODE)
    cells = row.locator("td").all_inner_texts()
    assert cells[3] == "3"
    today = datetime.now(UTC).date().isoformat()
    assert cells[4].startswith(today)  # effective from today
    assert cells[6] == "Vera Example, Quentin Example"  # in signing order
    assert cells[7].startswith(due)


def audit_verify_passes_then_names_an_edited_row(site: Site, admin: Any, home: Path) -> None:
    """`sopflow audit verify` passes; after one row is edited in SQL it names that row,
    and so does the admin's audit page."""
    verified = cli(site, "audit", "verify", home=home)
    assert verified.returncode == 0, verified.stderr
    assert "audit trail intact" in verified.stdout
    seq = edit_audit_row(site, actor="vera", action="login")
    broken = cli(site, "audit", "verify", home=home)
    assert broken.returncode == 1
    assert f"audit trail broken: entry {seq} was edited" in broken.stderr
    admin.goto("/audit")
    assert f"The chain is broken at entry {seq}" in admin.locator("#verdict").inner_text()


def edit_audit_row(site: Site, *, actor: str, action: str) -> int:
    """Change the subject of actor's first action entry in SQL, past the append-only
    triggers (as someone holding the database could); its sequence number."""
    with (
        open_library(site.settings.library_url, create=False) as library,
        library.transaction() as connection,
    ):
        seq: int = connection.execute(
            text("SELECT min(seq) FROM audit_entries WHERE actor = :a AND action = :b"),
            {"a": actor, "b": action},
        ).scalar_one()
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER audit_entries_no_update"))
        connection.execute(
            text("UPDATE audit_entries SET subject = 'user:mallory' WHERE seq = :seq"),
            {"seq": seq},
        )
    return seq
