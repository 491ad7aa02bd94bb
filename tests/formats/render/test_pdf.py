from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from sopflow.formats.render.context import Control, HistoryEntry, RenderContext
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
)


def _pages(data: bytes) -> list[str]:
    """The text of each page, with line breaks inside table cells folded to spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def effective_pdf(request: pytest.FixtureRequest) -> list[str]:
    from sopflow.formats.yaml_source import load_document

    examples = request.config.rootpath / "examples"
    sop = load_document(examples / "refunds" / "SOP-FIN-003-customer-refund.yaml")
    return _pages(render(sop, RenderContext(control=EFFECTIVE)))


def test_the_control_block_is_on_every_page(effective_pdf: list[str]) -> None:
    assert len(effective_pdf) >= 2
    for number, text in enumerate(effective_pdf, 1):
        for value in (
            "SOP-FIN-003",
            "Customer refund",
            "effective",
            "2026-03-01",
            "Chief Financial Officer",
            f"{number} of {len(effective_pdf)}",
        ):
            assert value in text, (number, value)


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
