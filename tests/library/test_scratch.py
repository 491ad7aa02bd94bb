"""Scratch PostgreSQL databases for tests and benchmarks: made empty, dropped after."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from sopflow.library.scratch import (
    DEFAULT_ADMIN_URL,
    ServerUnavailableError,
    admin_url,
    scratch_postgres_database,
)


def test_the_admin_url_comes_from_the_environment_given() -> None:
    assert admin_url({}) == DEFAULT_ADMIN_URL
    assert admin_url({"SOPFLOW_TEST_POSTGRES_URL": " postgresql://u@db/x "}) == (
        "postgresql://u@db/x"
    )


def test_a_server_that_does_not_answer_is_named() -> None:
    with (
        pytest.raises(ServerUnavailableError, match=r"not reachable at .*127\.0\.0\.1:1/"),
        scratch_postgres_database("sopflow_nowhere", admin="postgresql://postgres@127.0.0.1:1/x"),
    ):
        pass


@pytest.mark.postgres
def test_a_scratch_database_is_empty_and_dropped_afterwards(empty_postgres_url: str) -> None:
    with scratch_postgres_database("sopflow_scratch", admin=empty_postgres_url) as url:
        engine = create_engine(url)
        with engine.connect() as connection:
            tables = connection.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            ).scalar_one()
        engine.dispose()
        name = url.rsplit("/", 1)[1]
    assert tables == 0
    assert name.startswith("sopflow_scratch_")
    admin = create_engine(empty_postgres_url)
    with admin.connect() as connection:
        left = connection.execute(
            text("SELECT count(*) FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar_one()
    admin.dispose()
    assert left == 0
