from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PageObject, PdfReader

from sopflow.formats.render.context import Control, HistoryEntry, RenderContext, SignatureEntry
from sopflow.formats.render.pdf import render
from sopflow.model import Sop

EFFECTIVE = Control(
    revision="4",
    state="effective",
    effective_date=date(2026, 3, 1),
    owner="Head of Customer Support",
    approver="Chief Financial Officer",
    history=(
        HistoryEntry("3", date(2025, 9, 1), "A. Agent", "Added bank transfers", "superseded"),
        HistoryEntry("4", date(2026, 3, 1), "B. Billing", "New refund window", "effective"),
    ),
    signatures=(
        SignatureEntry(
            "Ada Lindqvist-Okonkwo", "approved", datetime(2026, 2, 20, 9, 15, tzinfo=UTC)
        ),
        SignatureEntry("Bruno Castellanos", "approved", datetime(2026, 2, 21, 14, 2, tzinfo=UTC)),
    ),
    next_review=date(2027, 3, 1),
)
A4_WIDTH = 595.28
"""Points."""


def _pages(data: bytes) -> list[str]:
    """The text of each page as a reader sees it: runs on one line (within 2 points) left to
    right, lines top to bottom (a tagged PDF draws a table's labels before its values, so
    the order in the file is not the reading order of the control block)."""
    return [_reading(page) for page in PdfReader(io.BytesIO(data)).pages]


def _reading(page: PageObject) -> str:
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    for text, x, y in _placed(page):
        if not text.strip():
            continue
        line = next((runs for top, runs in lines if abs(top - y) <= 2), None)
        if line is None:
            lines.append((y, [(x, text)]))
        else:
            line.append((x, text))
    ordered = sorted(lines, key=lambda line: -line[0])
    return " ".join(" ".join(t for _, t in sorted(runs)) for _, runs in ordered).replace("\n", " ")


def _placed(page: PageObject) -> list[tuple[str, float, float]]:
    """Each run of text on the page with where it starts (points from the bottom left)."""
    found: list[tuple[str, float, float]] = []

    def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        found.append((text, x, y))

    page.extract_text(visitor_text=seen)
    return found


@pytest.fixture(scope="module")
def effective_data(request: pytest.FixtureRequest) -> bytes:
    from sopflow.formats.yaml_source import load_document

    examples = request.config.rootpath / "examples"
    sop = load_document(examples / "refunds" / "SOP-FIN-003-customer-refund.yaml")
    return render(sop, RenderContext(control=EFFECTIVE))


@pytest.fixture(scope="module")
def effective_pdf(effective_data: bytes) -> list[str]:
    return _pages(effective_data)


def test_the_control_block_is_on_every_page(effective_pdf: list[str]) -> None:
    assert len(effective_pdf) >= 2
    for number, text in enumerate(effective_pdf, 1):
        for value in (
            "SOP-FIN-003",
            "Customer refund",
            "effective",
            "Effective date 2026-03-01",
            "Next review 2027-03-01",
            "Approvers Chief Financial Officer",
            f"{number} of {len(effective_pdf)}",
            "Ada Lindqvist-Okonkwo approved 2026-02-20 09:15 UTC",
            "Bruno Castellanos approved 2026-02-21 14:02 UTC",
        ):
            assert value in text, (number, value)


def test_two_signatures_take_two_rows_inside_the_right_margin(effective_data: bytes) -> None:
    reader = PdfReader(io.BytesIO(effective_data))
    assert abs(float(reader.pages[0].mediabox.width) - A4_WIDTH) < 1
    for page in reader.pages:
        found = _placed(page)
        block = [f for f in found if f[0].strip() in ("Ada Lindqvist-Okonkwo", "Bruno Castellanos")]
        # a row each, name, meaning and time: the same left edge, one under the other
        times = [
            [t.strip() for t, _, y2 in found if abs(y2 - y) < 1 and t.strip().endswith("UTC")]
            for _, _, y in block
        ]
        assert times == [["2026-02-20 09:15 UTC"], ["2026-02-21 14:02 UTC"]]
        (_, x1, y1), (_, x2, y2) = block
        assert abs(x1 - x2) < 1
        assert y1 > y2
        right = [x for text, x, _ in found if text.strip() == "2027-03-01"]
        assert right
        assert max(right) < float(page.mediabox.width) - 45 - 50  # inside the 16 mm margin


def test_it_carries_history_roles_steps_and_options(effective_pdf: list[str]) -> None:
    text = "\n".join(effective_pdf)
    assert "Revision history" in text
    assert "New refund window" in text
    assert "Billing team: Refund the card payment in Stripe." in text
    assert "Exception requested" in text
    assert "UNCONTROLLED" not in text


def test_a_draft_says_uncontrolled_copy_on_every_page(refund: Sop) -> None:
    pages = _pages(render(refund, RenderContext()))
    assert all("UNCONTROLLED COPY" in text for text in pages)


PRINTED = date(2026, 4, 2)


@pytest.mark.parametrize(
    ("state", "mark"),
    [
        ("effective", None),
        ("superseded", "SUPERSEDED: a later revision is in force"),
        ("obsolete", "OBSOLETE: withdrawn from use"),
        ("draft", "UNCONTROLLED COPY: not an effective revision"),
    ],
)
def test_every_page_says_uncontrolled_when_printed_and_the_revisions_mark(
    refund: Sop, state: str, mark: str | None
) -> None:
    control = Control(revision="4", state=state, effective_date=date(2026, 3, 1))
    pages = _pages(render(refund, RenderContext(control=control, printed=PRINTED)))
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert "Uncontrolled when printed; printed 2026-04-02" in text, number
        if mark:
            assert text.count(mark) == 2, number  # under the control block and in the margin
        else:
            assert "SUPERSEDED" not in text
            assert "OBSOLETE" not in text
            assert "UNCONTROLLED COPY" not in text
