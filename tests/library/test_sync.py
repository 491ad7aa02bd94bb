"""Folder sync: import is all or nothing, export round-trips byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from sopflow.library import documents as store
from sopflow.library.documents import history
from sopflow.library.engine import LibraryError
from sopflow.library.store import Library, open_library
from sopflow.library.sync import (
    export_documents,
    import_documents,
    latest_documents,
    merges_index,
    read_sources,
)


def _import(library: Library, *paths: Path, summary: str = "import") -> Any:
    with library.transaction() as connection:
        return import_documents(connection, docs=read_sources(paths), author="t", summary=summary)


def _export(library: Library, folder: Path) -> dict[str, bytes]:
    with library.transaction() as connection:
        export_documents(latest_documents(connection), folder=folder)
    return {
        str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*.yaml"))
    }


def test_export_import_export_is_byte_identical(
    library: Library, examples: Path, tmp_path: Path
) -> None:
    _import(library, examples)
    first = _export(library, tmp_path / "first")
    assert sorted(first) == [
        "policies/POL-FIN-001.yaml",
        "sops/SOP-FIN-003.yaml",
        "sops/SOP-HR-001.yaml",
        "sops/SOP-LOG-001.yaml",
        "work-instructions/WI-IT-001.yaml",
        "work-instructions/WI-PAY-003.yaml",
        "work-instructions/WI-PAY-004.yaml",
        "workflows/WF-FIN-001.yaml",
    ]
    with open_library(f"sqlite:///{tmp_path / 'empty.sqlite3'}", create=True) as fresh:
        _import(fresh, tmp_path / "first")
        second = _export(fresh, tmp_path / "second")
    assert second == first


def test_an_export_rewrites_only_changed_files(
    library: Library, examples: Path, tmp_path: Path
) -> None:
    _import(library, examples)
    _export(library, tmp_path / "out")
    with library.transaction() as connection:
        report = export_documents(latest_documents(connection), folder=tmp_path / "out")
    assert report.written == []
    assert len(report.unchanged) == 8


def test_reimporting_adds_revisions_only_for_changed_content(
    library: Library, examples: Path, tmp_path: Path
) -> None:
    assert len(_import(library, examples).created) == 8
    copy = tmp_path / "copy"
    shutil.copytree(examples, copy)
    stripe = copy / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"
    stripe.write_text(
        stripe.read_text(encoding="utf-8").replace(
            "title: Refund a card payment in Stripe", "title: Refund a card payment"
        ),
        encoding="utf-8",
    )
    report = _import(library, copy, summary="shorter title")
    assert report.revised == ["WI-PAY-003"]
    assert len(report.unchanged) == 7
    with library.transaction() as connection:
        assert [(i.number, i.summary) for i in history(connection, code="WI-PAY-003")] == [
            (1, "import"),
            (2, "shorter title"),
        ]
        assert [i.number for i in history(connection, code="SOP-FIN-003")] == [1]


def test_an_invalid_file_imports_nothing(library: Library, examples: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(examples, copy)
    (copy / "refunds" / "broken.yaml").write_text("kind: sop\ncode: SOP-FIN-1\n", encoding="utf-8")
    with pytest.raises(LibraryError, match=r"(?s)nothing imported.*broken\.yaml:1:1: missing"):
        _import(library, copy)
    with library.transaction() as connection:
        assert store.count_documents(connection) == 0


def _dump(library: Library) -> dict[str, list[str]]:
    """Every row of every table, the search index and its shadow tables included."""
    with library.engine.connect() as connection:
        tables = sorted(inspect(connection).get_table_names())
        return {
            table: sorted(
                repr(tuple(row)) for row in connection.execute(text(f'SELECT * FROM "{table}"'))
            )
            for table in tables
        }


def test_a_failure_half_way_leaves_the_library_as_it_was(
    library: Library, examples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(library, examples / "onboarding")
    before = _dump(library)
    real_add = store.add_new_documents
    written: list[str] = []

    def add_then_fail(*args: Any, **kwargs: Any) -> Any:
        written.extend(info.code for info in real_add(*args, **kwargs))
        raise OSError("disk full (injected after the new documents were written)")

    monkeypatch.setattr(store, "add_new_documents", add_then_fail)
    with pytest.raises(OSError, match="injected"):
        _import(library, examples)
    assert len(written) == 6  # the rows were written, then the import failed
    assert _dump(library) == before
    monkeypatch.undo()
    report = _import(library, examples)
    assert len(report.created) == 6
    assert report.unchanged == ["SOP-HR-001", "WI-IT-001"]


@pytest.mark.parametrize(
    ("stored", "total", "merges"),
    [
        (999, 999, False),  # a small import: FTS5 merges its pieces as it goes
        (1000, 1000, True),
        (1000, 10_000, True),
        (1000, 10_001, False),  # a thousand into a large library: not worth a rewrite
        (100_000, 100_000, True),
    ],
)
def test_large_imports_merge_the_search_index(stored: int, total: int, merges: bool) -> None:
    assert merges_index(stored=stored, total=total) is merges
