"""The document register and external documents, on SQLite and PostgreSQL.

Most tests set a revision's state in SQL (as an import of revisions already in force does);
the lifecycle test moves one through review and approval as people do."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import update
from tests.services.conftest import AUTHOR, PASSWORD, READER

from sopflow.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from sopflow.library.store import Library
from sopflow.library.tables import documents, revisions
from sopflow.services import control, control_dates
from sopflow.services import documents as reading
from sopflow.services import register as service
from sopflow.services import revisions as saving
from sopflow.services.access import Actor
from sopflow.services.register import ExternalDocument, RegisterFilters


def _make_effective(library: Library, code: str) -> None:
    """Revision 1 of code effective, revision 2 a draft above it (a change in the works)."""
    with library.transaction() as connection:
        document_id = (
            connection.execute(documents.select().where(documents.c.code == code)).one().id
        )
        connection.execute(
            update(revisions)
            .where(revisions.c.document_id == document_id, revisions.c.number == 1)
            .values(state="effective")
        )


def _obsolete(library: Library, code: str) -> None:
    with library.transaction() as connection:
        connection.execute(
            update(documents).where(documents.c.code == code).values(state="obsolete")
        )


def test_every_document_is_listed_with_none_in_force_and_no_invented_dates(
    stocked: Library,
) -> None:
    rows = service.register(library=stocked, actor=AUTHOR)
    assert [row.code for row in rows] == sorted(row.code for row in rows)
    refund = next(row for row in rows if row.code == "SOP-FIN-003")
    assert (refund.title, refund.kind, refund.owner) == (
        "Customer refund",
        "sop",
        "Head of Customer Support",
    )
    assert refund.revision is None
    assert refund.in_force == "none in force"
    assert (refund.effective_date, refund.approvers, refund.next_review) == (None, (), None)
    assert refund.state == "draft"


def test_the_revision_in_force_is_the_last_effective_one(stocked: Library) -> None:
    _make_effective(stocked, "SOP-FIN-003")
    [row] = service.register(library=stocked, actor=AUTHOR, filters=RegisterFilters(text="fin-003"))
    assert row.revision == 1
    assert row.in_force == "1"


def test_filters_narrow_the_register(stocked: Library) -> None:
    def codes(**chosen: str) -> list[str]:
        rows = service.register(library=stocked, actor=AUTHOR, filters=RegisterFilters(**chosen))
        return [row.code for row in rows]

    assert codes(kind="wi") == ["WI-IT-001", "WI-PAY-003", "WI-PAY-004"]
    assert codes(owner="billing team lead") == ["WI-PAY-003", "WI-PAY-004"]
    assert codes(text="REFUND") == [
        "POL-FIN-001",
        "SOP-FIN-003",
        "WF-FIN-001",
        "WI-PAY-003",
        "WI-PAY-004",
    ]
    assert codes(text="100%_") == []  # LIKE's wildcards are taken literally
    assert codes(state="effective") == []
    with pytest.raises(InvalidInputError, match="kind: 'memo' is not a kind"):
        codes(kind="memo")
    with pytest.raises(InvalidInputError, match="state: 'live' is not a revision state"):
        codes(state="live")


def test_readers_see_what_is_in_force_and_the_obsolete_marked(stocked: Library) -> None:
    assert service.register(library=stocked, actor=READER) == []  # drafts stay unlisted
    _make_effective(stocked, "SOP-FIN-003")
    _obsolete(stocked, "WI-PAY-004")
    rows = service.register(library=stocked, actor=READER)
    assert [(row.code, row.obsolete) for row in rows] == [
        ("SOP-FIN-003", False),
        ("WI-PAY-004", True),
    ]
    with pytest.raises(AuthenticationError, match="sign in first"):
        service.register(library=stocked, actor=None)


def test_exports_carry_the_same_rows(stocked: Library) -> None:
    _obsolete(stocked, "WI-PAY-004")
    csv_text = service.export_register(library=stocked, actor=AUTHOR, form="csv").decode()
    lines = csv_text.splitlines()
    assert lines[0] == ",".join(service.COLUMNS)
    assert any(line.startswith("WI-PAY-004,") and line.endswith(",obsolete") for line in lines)
    assert service.export_register(library=stocked, actor=AUTHOR, form="pdf").startswith(b"%PDF")
    assert service.export_register(library=stocked, actor=AUTHOR, form="xlsx")[:2] == b"PK"
    with pytest.raises(InvalidInputError, match="format: 'doc' is not an export format"):
        service.export_register(library=stocked, actor=AUTHOR, form="doc")


def _through_review(library: Library, people: dict[str, Actor], code: str) -> None:
    """arthur edits code; vera then quinn approve and sign; in force from now."""
    arthur = people["arthur"]
    latest = reading.get_revision(library=library, actor=arthur, code=code)
    saving.save_revision(
        library=library,
        actor=arthur,
        document=latest.document.model_copy(update={"title": latest.document.title + " (2)"}),
        base=latest.info.number,
        summary="Retitled",
    )
    control.submit_review(
        library=library,
        actor=arthur,
        code=code,
        approvers=["vera", "quinn"],
        mode="sequential",
        reason="Clearer title",
    )
    for name in ("vera", "quinn"):
        control.approve_revision(library=library, actor=people[name], code=code, password=PASSWORD)


def test_the_register_shows_the_lifecycle_of_the_revision_in_force(
    stocked: Library, people: dict[str, Actor]
) -> None:
    _through_review(stocked, people, "SOP-FIN-003")
    control_dates.set_review_interval(
        library=stocked, actor=people["arthur"], code="SOP-FIN-003", months=6
    )
    today = datetime.now(UTC).date()
    [row] = service.register(library=stocked, actor=READER, filters=RegisterFilters(text="fin-003"))
    assert (row.revision, row.state) == (2, "effective")
    assert row.effective_date == today
    assert row.approvers == ("Vera Example", "Quinn Example")
    assert row.next_review == control_dates.add_months(today, 6)
    expected = (
        "SOP-FIN-003",
        "2",
        today.isoformat(),
        "Vera Example, Quinn Example",
        control_dates.add_months(today, 6).isoformat(),
    )
    form = RegisterFilters(text="fin-003")
    data = service.export_register(library=stocked, actor=AUTHOR, form="csv", filters=form)
    [header, line] = list(csv.reader(io.StringIO(data.decode())))
    cells = dict(zip(header, line, strict=True))
    assert (
        cells["code"],
        cells["revision in force"],
        cells["effective date"],
        cells["approvers"],
        cells["next review"],
    ) == expected
    sheet = load_workbook(
        io.BytesIO(
            service.export_register(library=stocked, actor=AUTHOR, form="xlsx", filters=form)
        )
    ).active
    assert sheet is not None
    values = [str(cell.value or "") for cell in list(sheet.iter_rows())[-1]]
    assert all(value in values for value in expected)
    pdf = service.export_register(library=stocked, actor=AUTHOR, form="pdf", filters=form)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert all(value in text for value in expected[2:4])
    assert expected[4] in text


def test_an_obsolete_document_keeps_its_dates_and_is_due_no_review(
    stocked: Library, people: dict[str, Actor]
) -> None:
    _through_review(stocked, people, "WI-PAY-004")
    control_dates.make_obsolete(
        library=stocked, actor=people["vera"], code="WI-PAY-004", reason="Bank transfers end"
    )
    [row] = service.register(library=stocked, actor=READER, filters=RegisterFilters(text="pay-004"))
    assert row.obsolete
    assert row.effective_date == datetime.now(UTC).date()
    assert row.approvers == ("Vera Example", "Quinn Example")
    assert row.next_review is None


def test_an_approval_waiting_for_its_date_leaves_the_register_as_it_was(
    stocked: Library, people: dict[str, Actor]
) -> None:
    arthur = people["arthur"]
    latest = reading.get_revision(library=stocked, actor=arthur, code="WI-PAY-003")
    saving.save_revision(
        library=stocked,
        actor=arthur,
        document=latest.document.model_copy(update={"title": "Later"}),
        base=latest.info.number,
        summary="Later",
    )
    control.submit_review(
        library=stocked,
        actor=arthur,
        code="WI-PAY-003",
        approvers=["vera"],
        mode="parallel",
        reason="Later",
    )
    control.approve_revision(
        library=stocked,
        actor=people["vera"],
        code="WI-PAY-003",
        password=PASSWORD,
        effective_on=datetime.now(UTC) + timedelta(days=10),
    )
    [row] = service.register(library=stocked, actor=AUTHOR, filters=RegisterFilters(text="pay-003"))
    assert (row.revision, row.effective_date, row.approvers, row.next_review) == (
        None,
        None,
        (),
        None,
    )


ISO = ExternalDocument(
    code="EXT-ISO-9001",
    issuer="ISO",
    reference="ISO 9001",
    revision="2015",
    title="Quality management systems: requirements",
    url="https://www.iso.org/standard/62085.html",
    issued=date(2015, 9, 15),
)


def test_external_documents_are_added_listed_and_removed(library: Library) -> None:
    added = service.add_external(library=library, actor=AUTHOR, document=ISO)
    assert added.registered_by == "arthur"
    spec = ExternalDocument("EXT-ACME-SPEC-12", " Acme Corp ", "SPEC-12", "Rev C")
    service.add_external(library=library, actor=AUTHOR, document=spec)
    listed = service.list_external(library=library, actor=READER)
    assert [(item.code, item.issuer, item.issued) for item in listed] == [
        ("EXT-ACME-SPEC-12", "Acme Corp", None),
        ("EXT-ISO-9001", "ISO", date(2015, 9, 15)),
    ]
    assert listed[1].registered_at is not None
    assert listed[1].registered_at.tzinfo is not None
    with pytest.raises(ConflictError, match="EXT-ISO-9001 is registered already"):
        service.add_external(library=library, actor=AUTHOR, document=ISO)
    service.remove_external(library=library, actor=AUTHOR, code="EXT-ISO-9001")
    assert [item.code for item in service.list_external(library=library, actor=AUTHOR)] == [
        "EXT-ACME-SPEC-12"
    ]
    with pytest.raises(NotFoundError, match="no external document EXT-ISO-9001"):
        service.remove_external(library=library, actor=AUTHOR, code="EXT-ISO-9001")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "ISO-9001"}, "code: 'ISO-9001' is not an external document code"),
        ({"code": "EXT-iso"}, "code: 'EXT-iso' is not an external document code"),
        ({"issuer": "  "}, "issuer: give a value"),
        ({"reference": ""}, "reference: give a value"),
        ({"revision": "\x00"}, "revision: remove the control characters"),
        ({"url": "javascript:alert(1)"}, "url: give an http:// or https:// address"),
    ],
)
def test_bad_external_documents_are_refused_naming_the_field(
    library: Library, change: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        service.add_external(
            library=library, actor=AUTHOR, document=ExternalDocument(**{**ISO.__dict__, **change})
        )
    assert service.list_external(library=library, actor=AUTHOR) == []


def test_readers_may_not_register_external_documents(library: Library) -> None:
    with pytest.raises(PermissionDeniedError, match="needs the edit permission"):
        service.add_external(library=library, actor=READER, document=ISO)
