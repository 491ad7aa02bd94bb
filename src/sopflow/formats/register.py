"""The document register written out: CSV, XLSX and PDF of a table of text cells.

The writers know nothing of documents: they get column names, rows of text and which rows
are withdrawn (obsolete), so the register's columns are decided in one place (services).
Spreadsheets open CSV cells that start with = + - @ (or a tab or carriage return) as
formulas; those cells are written with a leading apostrophe so they stay text.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet takes as the start of a formula in a cell."""

EXPORT_FORMATS = ("csv", "xlsx", "pdf")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Sheet:
    """A titled table: the columns, the rows of text, and which rows are marked obsolete."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    obsolete: tuple[bool, ...]
    made_at: datetime


def safe_cell(text: str) -> str:
    """text, made inert for spreadsheets: a formula-like cell gets a leading apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_csv(sheet: Sheet) -> bytes:
    """UTF-8 CSV with a header row; every cell formula-safe."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(column) for column in sheet.columns])
    writer.writerows([safe_cell(cell) for cell in row] for row in sheet.rows)
    return buffer.getvalue().encode("utf-8")


def write_xlsx(sheet: Sheet) -> bytes:
    """An Excel workbook: bold header, frozen, filtered; obsolete rows grey and struck."""
    from openpyxl import Workbook  # imported here: only exports need it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    page = book.active
    assert page is not None
    page.title = "Register"
    page.append(list(sheet.columns))
    for cell in page[1]:
        cell.font = Font(bold=True)
    withdrawn = Font(color="808080", strike=True)
    for row, obsolete in zip(sheet.rows, sheet.obsolete, strict=True):
        page.append([safe_cell(cell) for cell in row])  # stored as text, never formulas
        if obsolete:
            for cell in page[page.max_row]:
                cell.font = withdrawn
    page.freeze_panes = "A2"
    page.auto_filter.ref = page.dimensions
    for index, column in enumerate(sheet.columns, start=1):
        width = max([len(column), *(len(row[index - 1]) for row in sheet.rows)])
        page.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_STYLE = """
@page { size: A4 landscape; margin: 14mm;
  @bottom-left { content: "Printed %(printed)s; uncontrolled when printed"; font-size: 8pt; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font-family: sans-serif; font-size: 9pt; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
th { background: #eee; }
tr.obsolete td { color: #777; text-decoration: line-through; }
tr.obsolete td.state { text-decoration: none; font-weight: bold; }
"""


def sheet_html(sheet: Sheet) -> str:
    """The sheet as one HTML page, every cell escaped; obsolete rows marked."""
    printed = sheet.made_at.strftime("%Y-%m-%d %H:%M UTC")
    head = "".join(f"<th>{html.escape(column)}</th>" for column in sheet.columns)
    state = sheet.columns.index("state") if "state" in sheet.columns else -1
    lines = []
    for row, obsolete in zip(sheet.rows, sheet.obsolete, strict=True):
        cells = "".join(
            f"<td{' class=state' if index == state else ''}>{html.escape(cell)}"
            f"{' (withdrawn)' if obsolete and index == state else ''}</td>"
            for index, cell in enumerate(row)
        )
        lines.append(f"<tr{' class=obsolete' if obsolete else ''}>{cells}</tr>")
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{html.escape(sheet.title)}"
        f"</title><style>{_STYLE % {'printed': printed}}</style></head><body>"
        f"<h1>{html.escape(sheet.title)}</h1><p>{len(sheet.rows)} document(s), as of "
        f"{printed}.</p><table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}"
        "</tbody></table></body></html>"
    )


def write_pdf(sheet: Sheet) -> bytes:
    """A4 landscape pages with the header row repeated, page numbers and the print date."""
    from weasyprint import HTML  # imported here: loading WeasyPrint takes a second

    result: bytes = HTML(string=sheet_html(sheet)).write_pdf()
    return result


def write_sheet(sheet: Sheet, form: str) -> bytes:
    """The sheet in one of EXPORT_FORMATS."""
    writers = {"csv": write_csv, "xlsx": write_xlsx, "pdf": write_pdf}
    return writers[form](sheet)


def rows_of(cells: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Rows as the immutable tuples a Sheet holds."""
    return tuple(tuple(row) for row in cells)


__all__ = [
    "EXPORT_FORMATS",
    "FORMULA_STARTS",
    "MEDIA_TYPES",
    "Sheet",
    "rows_of",
    "safe_cell",
    "sheet_html",
    "write_csv",
    "write_pdf",
    "write_sheet",
    "write_xlsx",
]
