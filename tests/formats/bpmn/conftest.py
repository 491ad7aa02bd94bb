"""Fixtures for BPMN tests: the official schema and the hand-written sample models."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bpmn"


@pytest.fixture(scope="session")
def bpmn_schema() -> etree.XMLSchema:
    """The OMG BPMN 2.0 schema (BPMN20.xsd with the DI, DC and semantic parts it includes)."""
    return etree.XMLSchema(etree.parse(str(FIXTURES / "xsd" / "BPMN20.xsd")))


@pytest.fixture
def bpmn_fixtures() -> Path:
    """The folder of hand-written BPMN models used by the import tests."""
    return FIXTURES
