"""bench/graph_diff.py reads drafts and models with the eval data's own scorer: a model
compared with itself loses nothing, and a step left out shows as a missing edge."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import EVAL, REPO

MODELS = EVAL / "friedrich" / "Models"


def _diff(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "graph_diff.py"), *args, "--eval", str(EVAL)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def one_model(tmp_path: Path) -> tuple[Path, str]:
    if not (EVAL / "graph_score.py").is_file() or not MODELS.is_dir():
        pytest.skip(f"the evaluation data is not at {EVAL}")
    model = sorted(MODELS.glob("*.bpmn"))[0]
    shutil.copy(model, tmp_path / model.name)
    return tmp_path, model.stem


def test_a_model_compared_with_itself_loses_nothing(one_model: tuple[Path, str]) -> None:
    folder, name = one_model
    assert "as drafted: mean similarity 1.000" in _diff(str(folder), "oracle", name)
    terms = _diff(str(folder), "terms", name)
    assert "fskipn: 0.000" in terms
    assert "fskipe: 0.000" in terms
    assert " - " not in _diff(str(folder), "edges", name)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "graph_diff.py"), str(tmp_path / "x"), "terms"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "no such folder" in done.stderr or "no graph scorer" in done.stderr
