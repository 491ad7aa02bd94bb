"""Fixtures for the view and interchange tests: the example library, the BPMN schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from sopflow.formats.yaml_source import load_document, read_documents
from sopflow.model import AnyDocument, Sop, WorkInstruction


@pytest.fixture
def library(examples: Path) -> dict[str, AnyDocument]:
    """Every example document by code."""
    return {
        loaded.document.code: loaded.document
        for loaded in read_documents([examples])
        if loaded.document is not None
    }


@pytest.fixture
def refund(library: dict[str, AnyDocument]) -> Sop:
    """The customer refund SOP: three roles, two decisions, two handoffs, two references."""
    sop = library["SOP-FIN-003"]
    assert isinstance(sop, Sop)
    return sop


@pytest.fixture
def shipping(shipping_sop: Path) -> Sop:
    """SOP-LOG-009: packing and invoicing in parallel, the invoice split again."""
    sop = load_document(shipping_sop)
    assert isinstance(sop, Sop)
    return sop


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn"


@pytest.fixture(scope="session")
def bpmn_schema() -> etree.XMLSchema:
    """The OMG BPMN 2.0 schema (BPMN20.xsd with the DI, DC and semantic parts it includes)."""
    return etree.XMLSchema(etree.parse(str(FIXTURES / "xsd" / "BPMN20.xsd")))


@pytest.fixture
def bpmn_fixtures() -> Path:
    """The folder of hand-written BPMN models used by the import tests."""
    return FIXTURES


@pytest.fixture
def png() -> bytes:
    """A small real PNG, as a screenshot would be."""
    import io

    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (64, 40), (30, 90, 160)).save(stream, format="PNG")
    return stream.getvalue()


@pytest.fixture
def shown_wi(library: dict[str, AnyDocument]) -> WorkInstruction:
    """The Stripe refund WI with a screenshot on its first step."""
    wi = library["WI-PAY-003"]
    assert isinstance(wi, WorkInstruction)
    first = wi.steps[0].model_copy(update={"image": "WI-PAY-003.media/step-01.png"})
    return wi.model_copy(update={"steps": (first, *wi.steps[1:])})
