"""Fixtures for the view and interchange tests: the example library, loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.formats.yaml_source import read_documents
from sopflow.model import AnyDocument, Sop


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
