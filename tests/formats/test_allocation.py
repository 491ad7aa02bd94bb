"""New codes continue after the highest one in the output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.formats.allocation import CodeAllocator


def test_numbers_continue_after_the_folder(tmp_path: Path) -> None:
    (tmp_path / "SOP-FIN-003-refund.yaml").write_text("code: SOP-FIN-003\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "renamed.yml").write_text("kind: wi\ncode: WI-FIN-007\n")
    allocate = CodeAllocator(tmp_path, "FIN")
    assert [allocate("sop"), allocate("sop"), allocate("wi")] == [
        "SOP-FIN-004",
        "SOP-FIN-005",
        "WI-FIN-008",
    ]
    assert CodeAllocator(tmp_path, "HR")("sop") == "SOP-HR-001"


def test_empty_or_missing_folder(tmp_path: Path) -> None:
    assert CodeAllocator(tmp_path / "new", "GEN")("wi") == "WI-GEN-001"


@pytest.mark.parametrize("area", ["fin", "F", "TOOLONGAREA", "1AB"])
def test_bad_area(tmp_path: Path, area: str) -> None:
    with pytest.raises(ValueError, match="area"):
        CodeAllocator(tmp_path, area)
