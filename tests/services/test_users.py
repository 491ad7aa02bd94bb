"""Names people give things (API tokens, accounts) are plain labels the library can store."""

from __future__ import annotations

import pytest

from sopflow.errors import InvalidInputError
from sopflow.library.store import Library
from sopflow.services import users
from sopflow.services.access import Actor, Role


@pytest.mark.parametrize("name", ["", "   ", "bad\x00name", "line\nbreak", "x" * 201])
def test_a_token_name_must_be_a_plain_label(name: str, library: Library) -> None:
    users.add_user(
        library=library,
        actor=Actor.local(),
        name="tina",
        password="correct-horse-42",
        roles=[Role.AUTHOR],
    )
    tina = users.authenticate(library=library, name="tina", password="correct-horse-42")
    with pytest.raises(InvalidInputError) as raised:
        users.create_token(library=library, actor=tina, user="tina", name=name)
    assert raised.value.field == "name"


def test_a_plain_label_is_kept_as_given_but_for_its_ends() -> None:
    assert users.plain_label("  Nightly export  ", "name", what="the token") == "Nightly export"
