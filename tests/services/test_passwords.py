"""Passwords are kept as Argon2id hashes only (salted: one password, two hashes), checked
with Argon2, never shorter than the minimum, and one message answers a wrong name and a
wrong password alike."""

from __future__ import annotations

import pytest

from sopflow.errors import AuthenticationError, InvalidInputError
from sopflow.library.store import Library
from sopflow.services import users
from sopflow.services.access import Actor, Role

ADMIN = Actor("ada", "Ada", frozenset({Role.ADMIN}))
SECRET = "a-long-enough-pass"


def stored_hashes(library: Library) -> dict[str, str]:
    with library.reading() as connection:
        found = connection.exec_driver_sql("SELECT name, password_hash FROM users")
        return {str(name): str(hashed) for name, hashed in found.tuples()}


def test_a_password_is_stored_as_a_salted_argon2id_hash(library: Library) -> None:
    for name in ("rita", "vera"):
        users.add_user(
            library=library, actor=ADMIN, name=name, password=SECRET, roles=[Role.READER]
        )
    hashes = stored_hashes(library)
    assert all(hashed.startswith("$argon2id$") for hashed in hashes.values())
    assert hashes["rita"] != hashes["vera"]  # the same password, two salts
    assert not any(SECRET in hashed for hashed in hashes.values())
    assert users.authenticate(library=library, name="rita", password=SECRET).name == "rita"


def test_a_wrong_name_and_a_wrong_password_get_the_same_answer(library: Library) -> None:
    users.add_user(library=library, actor=ADMIN, name="rita", password=SECRET, roles=[Role.READER])
    messages = []
    for name, password in (("rita", "not-the-pass"), ("nobody", SECRET)):
        with pytest.raises(AuthenticationError) as refused:
            users.authenticate(library=library, name=name, password=password)
        messages.append(str(refused.value))
    assert messages[0] == messages[1]


def test_a_short_password_is_refused_naming_the_minimum(library: Library) -> None:
    with pytest.raises(InvalidInputError, match=f"at least {users.MIN_PASSWORD} characters"):
        users.add_user(
            library=library, actor=ADMIN, name="rita", password="short", roles=[Role.READER]
        )
