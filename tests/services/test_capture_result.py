"""The elements a capture's review page lists, for a draft with a parallel split."""

from __future__ import annotations

from pathlib import Path

from sopflow.formats.yaml_source import load_document
from sopflow.services.capture_result import elements


def test_a_parallel_is_listed_with_its_branches_as_options(shipping_sop: Path) -> None:
    listed = {item["key"]: item for item in elements(load_document(shipping_sop), {})}
    split = listed["split"]
    assert (split["type"], split["role"]) == ("parallel", "warehouse")
    assert split["text"] == "In parallel, then on to 'ship'"
    assert split["options"] == [
        {"label": "Pack the goods", "next": "fragile"},
        {"label": "Branch 2", "next": "invoice"},
    ]
    assert listed["invoice"]["options"][1] == {"label": "E-mail it", "next": "mail"}
