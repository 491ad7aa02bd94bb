from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from sopflow.errors import StorageFullError
from sopflow.formats.files import write_atomically


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("umask_022")
def test_a_new_file_is_readable_by_others_as_the_umask_allows(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "SOP-FIN-003.yaml"
    write_atomically(path, "sopflow: 1\n")
    assert path.read_text() == "sopflow: 1\n"
    assert _mode(path) == 0o644


@pytest.mark.usefixtures("umask_022")
def test_a_replaced_file_keeps_its_mode_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    path = tmp_path / "private.yaml"
    path.write_text("old")
    path.chmod(0o600)
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert _mode(path) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["private.yaml"]


def test_a_full_disk_is_a_storage_full_error_and_leaves_no_file(small_disk: Path) -> None:
    target = small_disk / "export" / "big.bin"
    with pytest.raises(StorageFullError, match=r"big\.bin: the disk is full"):
        write_atomically(target, b"x" * (3 * 1024 * 1024))
    assert list(target.parent.iterdir()) == []  # neither the file nor its temporary one
