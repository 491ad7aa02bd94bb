"""The JSON Schema editors use: generated from the model, and true to the loader."""

from __future__ import annotations

from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

from sopflow.formats.schema import document_schema
from sopflow.formats.yaml_source import document_data, load_document


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(document_schema())


def test_every_example_file_satisfies_the_schema(examples: Path) -> None:
    validator = jsonschema.Draft202012Validator(document_schema())
    for path in sorted(examples.rglob("*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == [], path
        assert list(validator.iter_errors(document_data(load_document(path)))) == [], path


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    validator = jsonschema.Draft202012Validator(document_schema())
    missing_version = {"kind": "wi", "code": "WI-OPS-001", "title": "t", "steps": []}
    assert not validator.is_valid(missing_version)
    unknown_field = {"sopflow": 1, **missing_version, "ownr": "x"}
    assert not validator.is_valid(unknown_field)
    bad_code = {"sopflow": 1, **missing_version, "code": "WI-1"}
    assert not validator.is_valid(bad_code)
    assert validator.is_valid({"sopflow": 1, **missing_version})


def test_nodes_carry_their_descriptions() -> None:
    step = document_schema()["$defs"]["Step"]
    assert step["properties"]["instruction"]["description"].startswith("The action")
