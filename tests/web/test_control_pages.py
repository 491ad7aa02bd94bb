"""The document-control page and its forms over real HTTP (SQLite and PostgreSQL): each form
is shown only to who may use it, a refused form comes back with the message beside the
field, what people typed is escaped, and the forms need the CSRF token."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.web.conftest import PASSWORD, SignedClient, Site
from tests.web.test_control_api import save_title

CODE = "SOP-FIN-003"
PAGE = f"/documents/{CODE}/control"


def send(client: SignedClient, form: str, **data: str) -> tuple[int, str]:
    """Post one of the page's forms as the browser does; the status and where it led (or
    the page shown again)."""
    response = client.post(f"{PAGE}/{form}", data={**data, "csrf_token": client.csrf})
    if response.status_code == 303:
        return 303, response.headers["location"]
    return response.status_code, response.text


def forms_on(html: str) -> set[str]:
    """The ids of the forms a page offers."""
    return set(re.findall(r'<form [^>]*id="([a-z]+)-form"', html))


def test_a_revision_moves_through_review_by_the_page_s_forms(stocked: Site) -> None:
    arthur, vera, ada = (stocked.client(n) for n in ("arthur", "vera", "ada"))
    assert forms_on(arthur.get(PAGE).text) >= {"submit"}
    assert "submit" not in forms_on(vera.get(PAGE).text)  # reviewers do not edit
    status, where = send(arthur, "submit", approvers="vera, ada", mode="sequential", reason="Ids")
    assert (status, where) == (303, f"{PAGE}?done=submitted")
    assert "Submitted for review" in arthur.get(where).text
    assert not forms_on(ada.get(PAGE).text) & {"approve", "reject"}  # in sequence: vera first
    assert {"approve", "reject"} <= forms_on(vera.get(PAGE).text)
    assert send(vera, "reject", comment="Name the ticket field")[0] == 303
    shown = arthur.get(PAGE).text
    assert "Name the ticket field" in shown
    assert "rejected" in shown
    save_title(arthur, "Customer refund (ticket field)")
    assert send(arthur, "submit", approvers="vera ada", reason="Ticket field named")[0] == 303
    assert send(vera, "approve", password=PASSWORD, comment="Fine")[0] == 303
    assert send(ada, "approve", password=PASSWORD, effective_on="2099-01-01")[0] == 303
    waiting = ada.get(PAGE).text
    assert "Next takes effect" in waiting
    assert "2099-01-01 00:00 UTC" in waiting
    assert "effective" in forms_on(waiting)
    assert send(ada, "effective", when="now")[0] == 303
    assert "Customer refund (ticket field)" in rita_sees(stocked)


def rita_sees(site: Site) -> str:
    """The document page a reader sees (the revision in force)."""
    return site.client("rita").get(f"/documents/{CODE}").text


def test_a_refused_form_says_why_beside_the_field(stocked: Site) -> None:
    arthur, vera = stocked.client("arthur"), stocked.client("vera")
    status, page = send(arthur, "submit", approvers="vera, nobody-here", reason="Why not")
    assert status == 422
    assert 'id="submit-approver-error"' in page
    assert "is neither a user nor role:ROLE" in page
    assert 'value="vera, nobody-here"' in page  # what was typed is kept
    status, page = send(arthur, "submit", approvers="vera\x00", reason="Why not")
    assert (status, 'id="submit-approver-error"' in page) == (422, True)
    status, page = send(arthur, "submit", approvers="vera", reason="  ")
    assert (status, 'id="submit-reason-error"' in page) == (422, True)
    assert send(arthur, "submit", approvers="role:reviewer", reason="Ids")[0] == 303
    status, page = send(vera, "approve", password="not-the-password", comment="Kept")
    assert status == 422
    assert re.search(r'id="approve-password-error">That is not vera&#39;s password', page)
    assert ">Kept</textarea>" in page
    assert "not-the-password" not in page
    status, page = send(vera, "approve", password=PASSWORD, effective_on="31/12/2099")
    assert (status, 'id="approve-effective_on-error"' in page) == (422, True)
    assert vera.get(f"/api/v1/documents/{CODE}/signatures").json()["signatures"] == []


def test_what_people_type_is_escaped(stocked: Site) -> None:
    arthur, vera = stocked.client("arthur"), stocked.client("vera")
    assert send(arthur, "submit", approvers="vera", reason="<script>alert(1)</script>")[0] == 303
    assert send(vera, "reject", comment='<img src=x onerror="alert(2)">')[0] == 303
    page = arthur.get(PAGE).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page


def test_forms_need_the_csrf_token_and_the_permission(stocked: Site) -> None:
    arthur, rita = stocked.client("arthur"), stocked.client("rita")
    forged = arthur.post(f"{PAGE}/submit", data={"approvers": "vera", "reason": "x"})
    assert forged.status_code == 403
    assert "csrf_token" in forged.text
    assert rita.get(PAGE).status_code == 403
    refused = rita.post(f"{PAGE}/obsolete", data={"reason": "old", "csrf_token": rita.csrf})
    assert refused.status_code == 403
    assert 'id="control"' not in rita.get(f"/documents/{CODE}").text  # no panel for readers
    assert 'id="control"' in arthur.get(f"/documents/{CODE}").text


def test_sign_obsolete_and_periodic_review(stocked: Site) -> None:
    arthur, vera = stocked.client("arthur"), stocked.client("vera")
    assert send(arthur, "submit", approvers="vera", reason="First issue")[0] == 303
    before = datetime.now(UTC).replace(microsecond=0)
    assert (
        send(vera, "approve", password=PASSWORD, effective_on=before.date().isoformat())[0] == 303
    )
    since = vera.get(f"/api/v1/documents/{CODE}/control").json()["revisions"][0]
    assert since["state"] == "effective"
    assert datetime.fromisoformat(since["effective_from"]) >= before  # today: now, not midnight
    assert "periodic" in forms_on(vera.get(PAGE).text)
    assert send(vera, "periodic-review")[0] == 303
    assert "periodic review is recorded" in vera.get(f"{PAGE}?done=reviewed").text
    save_title(arthur, "Customer refund, signed")
    assert "sign" in forms_on(arthur.get(PAGE).text)
    assert send(arthur, "sign", number="2", meaning="authored", password=PASSWORD)[0] == 303
    signed = arthur.get(PAGE).text
    assert "Arthur Example" in signed
    assert ">authored<" in signed
    status, page = send(vera, "obsolete", reason="")
    assert (status, 'id="obsolete-reason-error"' in page) == (422, True)
    assert send(vera, "obsolete", reason="Replaced by the new refund flow")[0] == 303
    withdrawn = vera.get(PAGE).text
    assert "Withdrawn: Replaced by the new refund flow" in withdrawn
    assert not forms_on(withdrawn) & {"submit", "obsolete", "periodic"}
