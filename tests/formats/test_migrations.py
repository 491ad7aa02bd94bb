"""Format versions: older files load unchanged, newer features need the newer version."""

from __future__ import annotations

from sopflow.formats.migrations import FORMAT_VERSION, migrate
from sopflow.formats.yaml_source import parse_document
from sopflow.formats.yaml_write import dump_document

VERSION_1 = """\
sopflow: 1
kind: sop
code: SOP-OPS-001
title: Returns
flow:
  start: a
  nodes:
    - type: step
      id: a
      instruction: Open the parcel
      next: end
    - type: outcome
      id: end
      name: Done
"""

PARALLEL_NODES = """\
    - type: parallel
      id: both
      branches:
        - label: Refund
          next: refund
        - next: restock
      join: end
    - type: step
      id: refund
      instruction: Refund the customer
      next: end
    - type: step
      id: restock
      instruction: Put the item back on the shelf
      next: end
"""


def test_a_version_1_file_reads_unchanged_and_is_written_as_the_current_version() -> None:
    loaded = parse_document(VERSION_1, "old.yaml")
    assert loaded.ok, loaded.problems
    assert loaded.document is not None
    assert FORMAT_VERSION == 3
    assert dump_document(loaded.document) == VERSION_1.replace("sopflow: 1", "sopflow: 3")


def test_the_upgrade_from_version_1_changes_nothing_but_the_version() -> None:
    data = {"sopflow": 1, "kind": "wi", "code": "WI-OPS-001", "title": "t", "steps": []}
    assert migrate(dict(data)) == {**data, "sopflow": 3}


def test_a_parallel_node_needs_version_2() -> None:
    text = VERSION_1.replace(
        "next: end\n    - type: outcome", "next: both\n" + PARALLEL_NODES + "    - type: outcome"
    )
    older = parse_document(text, "f.yaml")
    assert [str(problem) for problem in older.problems] == [
        "f.yaml:1:10: flow.nodes[1] is a parallel node, which needs format version 2: "
        "start the file with `sopflow: 2`"
    ]
    current = parse_document(text.replace("sopflow: 1", "sopflow: 2"), "f.yaml")
    assert current.ok, current.problems
    assert current.document is not None
    assert dump_document(current.document) == text.replace("sopflow: 1", "sopflow: 3")


def test_external_documents_need_version_3() -> None:
    text = VERSION_1.replace("sopflow: 1", "sopflow: 2").replace(
        "title: Returns\n", "title: Returns\nexternal: [EXT-ISO-9001]\n"
    )
    older = parse_document(text, "f.yaml")
    assert [str(problem) for problem in older.problems] == [
        "f.yaml:1:10: external needs format version 3: start the file with `sopflow: 3`"
    ]
    current = parse_document(text.replace("sopflow: 2", "sopflow: 3"), "f.yaml")
    assert current.ok, current.problems
    assert current.document is not None
    assert current.document.external == ("EXT-ISO-9001",)
    assert "\nexternal:\n  - EXT-ISO-9001\n" in dump_document(current.document)


def test_an_external_code_of_the_wrong_form_is_refused_naming_the_field() -> None:
    text = VERSION_1.replace("sopflow: 1", "sopflow: 3").replace(
        "title: Returns\n", "title: Returns\nexternal: [ISO 9001]\n"
    )
    loaded = parse_document(text, "f.yaml")
    assert not loaded.ok
    assert any("external" in str(problem) for problem in loaded.problems), loaded.problems


LAYOUT = "  layout:\n    a: {x: 170, y: 26}\n    end: {x: 510, y: 0}\n"


def test_layout_hints_need_version_3_and_round_trip() -> None:
    text = VERSION_1.replace("sopflow: 1", "sopflow: 2") + LAYOUT
    older = parse_document(text, "f.yaml")
    assert [problem.message for problem in older.problems] == [
        "flow.layout needs format version 3: start the file with `sopflow: 3`"
    ]
    current = parse_document(text.replace("sopflow: 2", "sopflow: 3"), "f.yaml")
    assert current.ok, current.problems
    assert current.document is not None
    flow = current.document.flow  # type: ignore[union-attr]
    assert (flow.layout["a"].x, flow.layout["end"].x) == (170, 510)
    written = dump_document(current.document)
    assert written.endswith(
        "  layout:\n    a:\n      x: 170\n      y: 26\n    end:\n      x: 510\n      y: 0\n"
    )
    assert parse_document(written, "g.yaml").document == current.document


def test_a_layout_hint_off_the_canvas_is_refused_naming_the_field() -> None:
    text = VERSION_1.replace("sopflow: 1", "sopflow: 3") + "  layout:\n    a: {x: -5, y: 0}\n"
    loaded = parse_document(text, "f.yaml")
    assert not loaded.ok
    assert any("flow.layout.a.x" in str(problem) for problem in loaded.problems), [
        str(problem) for problem in loaded.problems
    ]
