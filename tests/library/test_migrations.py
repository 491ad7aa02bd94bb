"""The migration chain is linear, and upgrades and downgrades cleanly on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from sopflow.library.engine import create_library_engine
from sopflow.library.migrations import alembic_config, current_revision, head_revision, scripts


def test_the_chain_is_linear() -> None:
    directory = scripts()
    assert len(directory.get_bases()) == 1
    assert len(directory.get_heads()) == 1, "two heads: stack the new revision on the head"
    walked = list(directory.walk_revisions())  # head to base
    for script in walked:
        assert not isinstance(script.down_revision, tuple | list), f"{script.revision} merges"
    assert walked[0].revision == head_revision()
    assert walked[-1].down_revision is None


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_upgrade_downgrade_upgrade(
    database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'm.sqlite3'}"
        if database == "sqlite"
        else request.getfixturevalue("empty_postgres_url")
    )
    engine = create_library_engine(url)
    try:
        for target in ("head", "base", "head"):
            with engine.begin() as connection:
                config = alembic_config(connection)
                if target == "head":
                    command.upgrade(config, "head")
                else:
                    command.downgrade(config, "base")
            with engine.connect() as connection:
                tables = set(inspect(connection).get_table_names())
                revision = current_revision(connection)
            if target == "head":
                assert {"documents", "revisions", "code_counters", "links", "tags"} <= tables
                assert "search_index" in tables
                assert revision == head_revision()
            else:
                assert tables <= {"alembic_version"}
                assert revision is None
    finally:
        engine.dispose()
