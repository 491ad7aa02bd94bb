"""The JSON Schema editors use: generated from the model, and true to the loader."""

from __future__ import annotations

from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

from sopflow.formats.schema import document_schema
from sopflow.formats.yaml_source import load_document
from sopflow.formats.yaml_write import document_data


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


def test_the_schema_takes_parallel_nodes_and_every_version_sopflow_reads() -> None:
    validator = jsonschema.Draft202012Validator(document_schema())
    step = {"id": "pack", "type": "step", "instruction": "Pack", "next": "done"}
    split = {
        "id": "both",
        "type": "parallel",
        "branches": [{"label": "Pack", "next": "pack"}, {"next": "bill"}],
        "join": "done",
    }
    sop = {
        "sopflow": 2,
        "kind": "sop",
        "code": "SOP-OPS-001",
        "title": "Ship",
        "flow": {"start": "both", "nodes": [split, step, {**step, "id": "bill"}]},
    }
    assert validator.is_valid(sop)
    assert validator.is_valid({**sop, "sopflow": 1})  # refused by the loader, for its parallel
    assert not validator.is_valid({**sop, "sopflow": 4})
    no_join = {key: value for key, value in split.items() if key != "join"}
    assert not validator.is_valid({**sop, "flow": {"start": "both", "nodes": [no_join]}})
    unlabelled = {**split, "branches": [{"label": "", "next": "pack"}, {"next": "bill"}]}
    assert not validator.is_valid({**sop, "flow": {"start": "both", "nodes": [unlabelled]}})


def test_the_schema_takes_external_document_codes_and_refuses_others() -> None:
    validator = jsonschema.Draft202012Validator(document_schema())
    wi = {"sopflow": 3, "kind": "wi", "code": "WI-OPS-001", "title": "t", "steps": []}
    assert validator.is_valid({**wi, "external": ["EXT-ISO-9001", "EXT-ACME-SPEC-12"]})
    assert not validator.is_valid({**wi, "external": ["ISO 9001"]})
