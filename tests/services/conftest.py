"""Fixtures for the application layer: the example library on both databases, and one
actor per role."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from pwdlib import PasswordHash

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


class SessionHasher:
    """Argon2 with its results kept for the session, for making the `people` accounts: a
    hash or a check costs a fifth of a second of CPU, and each test made eight. The hash is
    a real salted Argon2 hash of PASSWORD, made once; a check's answer for the same password
    and hash is the same every time. The tests' own sign-ins and signatures use Argon2 as is."""

    @staticmethod
    @cache
    def hash(password: str) -> str:
        return PasswordHash.recommended().hash(password)

    @staticmethod
    @cache
    def verify(password: str, hashed: str) -> bool:
        return PasswordHash.recommended().verify(password, hashed)


@pytest.fixture
def people(stocked: Library, monkeypatch: pytest.MonkeyPatch) -> dict[str, Actor]:
    """Accounts: arthur writes, vera and quinn review, rita reads."""
    roles = {"arthur": Role.AUTHOR, "vera": Role.REVIEWER, "quinn": Role.REVIEWER}
    roles["rita"] = Role.READER
    found = {}
    with monkeypatch.context() as patched:
        patched.setattr(users, "_hasher", SessionHasher)
        for name, role in roles.items():
            found[name] = _account(stocked, name, role)
    return found


def _account(library: Library, name: str, role: Role) -> Actor:
    """Add the account through the service and sign it in, as a user would."""
    users.add_user(
        library=library,
        actor=Actor.local(),
        name=name,
        full_name=name.title() + " Example",
        password=PASSWORD,
        roles=[role],
    )
    return users.authenticate(library=library, name=name, password=PASSWORD)
