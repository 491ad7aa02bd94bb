"""Fixtures for the application layer: the example library on both databases, and one
actor per role."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.library.store import Library
from sopflow.services import revisions, users
from sopflow.services.access import Actor, Role

READER = Actor("rita", "Rita Reader", frozenset({Role.READER}), user_id=1)
AUTHOR = Actor("arthur", "Arthur Author", frozenset({Role.AUTHOR}), user_id=2)
PASSWORD = "correct-horse-42"
"""The password of every account `people` makes."""

REVIEWER = Actor("vera", "Vera Reviewer", frozenset({Role.REVIEWER}), user_id=3)


@pytest.fixture
def stocked(library: Library, examples: Path) -> Library:
    """The library (SQLite and PostgreSQL) holding the examples, each at revision 1."""
    revisions.import_documents(
        library=library,
        actor=Actor.local(),
        sources=revisions.read_import([examples]),
        summary="Imported from YAML",
    )
    return library


@pytest.fixture
def people(stocked: Library) -> dict[str, Actor]:
    """Accounts: arthur writes, vera and quinn review, rita reads."""
    roles = {"arthur": Role.AUTHOR, "vera": Role.REVIEWER, "quinn": Role.REVIEWER}
    roles["rita"] = Role.READER
    found = {}
    for name, role in roles.items():
        users.add_user(
            library=stocked,
            actor=Actor.local(),
            name=name,
            full_name=name.title() + " Example",
            password=PASSWORD,
            roles=[role],
        )
        found[name] = users.authenticate(library=stocked, name=name, password=PASSWORD)
    return found
