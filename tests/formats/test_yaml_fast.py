"""The fast loader accepts exactly the valid files, and loads them as the precise one does."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.formats.yaml_fast import quick_load, quick_load_all
from sopflow.formats.yaml_source import find_sources, read_document


def test_valid_files_load_equal_to_the_precise_loader(examples: Path) -> None:
    files, _ = find_sources([examples])
    assert quick_load_all(files) == [read_document(file).document for file in files]


@pytest.mark.parametrize(
    "text",
    [
        "sopflow: 1\nkind: wi\ncode: WI-PAY-1\ntitle: x\n",  # a bad code
        "kind: wi\ncode: WI-PAY-001\ntitle: x\n",  # no format version
        "sopflow: 1\nkind: wi\ncode: WI-PAY-001\ntitle: x\ntitle: y\n",  # a duplicate key
        "sopflow: 1\nkind: wi\ncode: [WI-PAY-001\n",  # YAML syntax
        "- a list\n",
        "sopflow: 1\nkind: sop\ncode: SOP-FIN-001\ntitle: x\nflow: {start: nowhere}\n",  # rules
        "sopflow: 1\nkind: sop\ncode: SOP-FIN-001\ntitle: x\n"  # a parallel in version 1
        "flow: {start: p, nodes: [{id: p, type: parallel, join: p}]}\n",
    ],
)
def test_anything_invalid_is_left_to_the_precise_loader(tmp_path: Path, text: str) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    assert quick_load(path) is None
    assert not read_document(path).ok
