"""The audit trail for admins over real HTTP (SQLite and PostgreSQL): entries a page at a
time with filters, the chain's verdict, the /audit page; an entry edited in SQL is named;
everyone but admins is refused."""

from __future__ import annotations

from sqlalchemy import text
from tests.web.conftest import Site

from sopflow.library.store import open_library


def test_entries_come_a_page_at_a_time_and_filter(stocked: Site) -> None:
    ada = stocked.client("ada")
    first = ada.get("/api/v1/audit", params={"limit": 3}).json()
    seqs = [entry["seq"] for entry in first["entries"]]
    assert seqs == sorted(seqs, reverse=True)
    assert len(seqs) == 3
    following = ada.get("/api/v1/audit", params={"limit": 3, "before": first["next_before"]})
    assert following.json()["entries"][0]["seq"] == seqs[-1] - 1
    imported = ada.get("/api/v1/audit", params={"subject": "SOP-FIN-003"}).json()["entries"]
    assert [(e["action"], e["actor"] != "") for e in imported] == [("revision.imported", True)]
    logins = ada.get("/api/v1/audit", params={"actor": "ada", "action": "login"}).json()
    assert [e["subject"] for e in logins["entries"]] == ["user:ada"]
    assert logins["next_before"] is None
    for query, field in (({"limit": 0}, "limit"), ({"before": 2**31}, "before")):
        bad = ada.get("/api/v1/audit", params=query)
        assert (bad.status_code, bad.json()["field"]) == (422, field)
    nul = ada.get("/api/v1/audit", params={"actor": "ada\x00"})  # no database stores a NUL
    assert (nul.status_code, nul.json()["field"]) == (422, "actor")


def test_verify_gives_the_head_and_names_an_edited_entry(stocked: Site) -> None:
    ada = stocked.client("ada")
    holds = ada.get("/api/v1/audit/verify").json()
    newest = ada.get("/api/v1/audit", params={"limit": 1}).json()["entries"][0]
    assert holds["ok"]
    assert holds["problem"] is None
    assert holds["head"] == {"seq": newest["seq"], "hash": newest["hash"]}
    assert "The chain holds" in ada.get("/audit").text
    elsewhere = ada.get("/api/v1/audit/verify", params={"head": "f" * 64}).json()
    assert not elsewhere["ok"]  # a head exported earlier that this chain does not hold
    edit_subject(stocked, seq=3)
    broken = ada.get("/api/v1/audit/verify").json()
    assert not broken["ok"]
    assert (broken["problem"]["kind"], broken["problem"]["seq"]) == ("edited", 3)
    page = ada.get("/audit").text
    assert "The chain is broken at entry 3" in page
    assert '<tr id="entry-3" class="broken">' in page


def edit_subject(site: Site, *, seq: int) -> None:
    """Edit one audit row in SQL, past the append-only triggers, as someone holding the
    database could."""
    with (
        open_library(site.settings.library_url, create=False) as library,
        library.transaction() as connection,
    ):
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER audit_entries_no_update"))
        connection.execute(
            text("UPDATE audit_entries SET subject = 'SOP-XXX-001' WHERE seq = :seq"),
            {"seq": seq},
        )


def test_the_page_filters_and_pages(stocked: Site) -> None:
    ada = stocked.client("ada")
    page = ada.get("/audit", params={"action": "revision.imported"}).text
    assert page.count('<span class="badge">revision.imported</span>') == 8
    assert 'value="revision.imported"' in page
    assert 'href="/audit">Clear' in page
    assert "Older entries" not in page
    signed_in = ada.get("/audit", params={"action": "login.failed"}).text
    assert "No entry matches." in signed_in
    stocked.client().post("/login", data={"name": "ada", "password": "wrong"})
    failed = ada.get("/audit", params={"action": "login.failed"}).text
    assert "<strong>known</strong> yes" in failed  # details as words, not Python values
    nav = ada.get("/library").text
    assert 'href="/audit"' in nav


def test_only_admins_see_the_audit_trail(stocked: Site) -> None:
    for name in ("rita", "arthur", "vera"):
        client = stocked.client(name)
        assert client.get("/api/v1/audit").status_code == 403
        assert client.get("/api/v1/audit/verify").status_code == 403
        assert client.get("/audit").status_code == 403
        assert 'href="/audit"' not in client.get("/library").text
    assert stocked.client().get("/api/v1/audit").status_code == 401
