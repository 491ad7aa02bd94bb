"""The OMG BPMN MIWG suite (831 models from about 30 tools), read where the evaluation data
sits beside the checkout: the import keeps what the benchmark says it keeps
(bench/miwg_import.py; its README table has the figures). Skips when the suite is absent."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch, eval_dir: Path) -> ModuleType:
    """bench/miwg_import.py (benchmarks run from the repository, not installed)."""
    if not (eval_dir / "miwg" / "models").is_dir():
        pytest.skip(f"the MIWG suite is not at {eval_dir / 'miwg' / 'models'}")
    monkeypatch.syspath_prepend(str(REPO))
    import bench.miwg_import

    return bench.miwg_import


def test_every_reference_model_keeps_all_tasks_as_steps_and_splits(bench: ModuleType) -> None:
    results = [bench.check(p) for p in sorted((bench.MODELS / "Reference").glob("*.bpmn"))]
    assert len(results) == 21
    assert [r.path.name for r in results if r.refused] == []
    lost = {r.path.name: [e.type for e in r.lost] for r in results if r.lost}
    assert lost == {}
    strict = {r.path.name: [e.type for e in r.strict_misses] for r in results if r.strict_misses}
    assert strict == {}


@pytest.mark.slow
def test_the_suite_meets_the_import_figures(bench: ModuleType) -> None:
    results = [bench.check(p) for p in sorted(bench.MODELS.rglob("*.bpmn"))]
    imported = [r for r in results if r.refused is None]
    wrong = [r.path.name for r in results if r.refused and not bench.right_refusal(r.refused)]
    assert len(results) == 831
    assert len(imported) / len(results) >= 0.98
    assert wrong == []
    assert all(bench.right_refusal(r.refused) for r in results if r.refused)
    assert [str(r.path) for r in imported if r.lost] == []
