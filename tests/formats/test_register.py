"""The register's writers: formula-safe CSV, an XLSX that opens as text, a PDF with marks."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from sopflow.formats.register import Sheet, safe_cell, sheet_html, write_csv, write_pdf, write_xlsx

SHEET = Sheet(
    title="Document register",
    columns=("code", "title", "state"),
    rows=(
        ("SOP-FIN-003", '=HYPERLINK("http://x","click")', "draft"),
        ("WI-PAY-004", "<b>Bank</b> refund", "obsolete"),
    ),
    obsolete=(False, True),
    made_at=datetime(2026, 12, 2, 11, 0, tzinfo=UTC),
)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_get_an_apostrophe(start: str) -> None:
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


def test_plain_text_stays_as_it_is() -> None:
    assert safe_cell("Customer refund") == "Customer refund"
    assert safe_cell("") == ""


def test_csv_cells_are_inert() -> None:
    rows = list(csv.reader(io.StringIO(write_csv(SHEET).decode("utf-8"))))
    assert rows[0] == ["code", "title", "state"]
    assert rows[1][1] == '\'=HYPERLINK("http://x","click")'


def test_xlsx_holds_text_not_formulas_and_marks_the_obsolete() -> None:
    book = load_workbook(io.BytesIO(write_xlsx(SHEET)))
    page = book["Register"]
    assert [cell.value for cell in page[1]] == ["code", "title", "state"]
    assert page["B2"].value == '\'=HYPERLINK("http://x","click")'
    assert page["B2"].data_type == "s"
    assert page["A3"].font.strike is True
    assert page["A2"].font.strike is not True
    assert page.freeze_panes == "A2"


def test_html_escapes_every_cell_and_marks_withdrawn_rows() -> None:
    page = sheet_html(SHEET)
    assert "&lt;b&gt;Bank&lt;/b&gt; refund" in page
    assert "<b>Bank" not in page
    assert "<tr class=obsolete><td>WI-PAY-004</td>" in page
    assert "obsolete (withdrawn)" in page
    assert "uncontrolled when printed" in page


def test_pdf_is_a_pdf() -> None:
    assert write_pdf(SHEET).startswith(b"%PDF-")
