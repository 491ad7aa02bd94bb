"""Screenshots in folder sync: an export writes them beside their documents, never elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import PNG, store_with_image

from sopflow.library.engine import LibraryError
from sopflow.library.media_files import export_media, media_targets
from sopflow.library.store import Library


def test_an_export_writes_each_screenshot_beside_its_document(
    library: Library, examples: Path, tmp_path: Path
) -> None:
    store_with_image(library, examples, "WI-PAY-003.media/step-01.png")
    with library.reading() as connection:
        targets = media_targets(connection, folder=tmp_path / "out")
    written, unchanged = export_media(targets)
    beside = tmp_path / "out" / "work-instructions" / "WI-PAY-003.media" / "step-01.png"
    assert written == [beside.resolve()]
    assert written[0].read_bytes() == PNG
    assert unchanged == []
    assert export_media(targets) == ([], written)  # the same bytes again: left alone


@pytest.mark.parametrize("image", ["../../../escape.png", "media/../../../../escape.png"])
def test_a_stored_screenshot_path_out_of_the_folder_is_refused_naming_the_document(
    library: Library, examples: Path, tmp_path: Path, image: str
) -> None:
    store_with_image(library, examples, image)
    with (
        library.reading() as connection,
        pytest.raises(LibraryError, match=r"WI-PAY-003: screenshot path .* leads outside"),
    ):
        media_targets(connection, folder=tmp_path / "deep" / "er" / "out")
    assert not list(tmp_path.rglob("escape.png"))
