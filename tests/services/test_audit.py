"""The use cases record themselves in the audit trail, and only admins read it."""

from __future__ import annotations

import pytest

from sopflow.errors import AuthenticationError, PermissionDeniedError
from sopflow.library.store import Library
from sopflow.services import audit, users
from sopflow.services.access import Actor, Role

ADMIN = Actor("ada", "Ada", frozenset({Role.ADMIN}))


def test_accounts_and_sign_ins_are_recorded(library: Library) -> None:
    users.add_user(
        library=library, actor=ADMIN, name="rita", password="rita-pass", roles=[Role.READER]
    )
    with pytest.raises(AuthenticationError):
        users.authenticate(library=library, name="rita", password="wrong-one", client="10.0.0.9")
    rita = users.authenticate(library=library, name="rita", password="rita-pass")
    started = users.start_session(library=library, actor=rita)
    users.create_token(library=library, actor=rita, user="rita", name="script")
    users.change_password(
        library=library,
        actor=rita,
        name="rita",
        current_password="rita-pass",
        new_password="new-pass1",
    )
    users.end_session(library=library, secret=started.secret)
    entries = list(reversed(audit.show_entries(library=library, actor=ADMIN)))
    assert [(e.actor, e.action, e.subject) for e in entries] == [
        ("ada", "user.added", "user:rita"),
        ("rita", "login.failed", "user:rita"),
        ("rita", "login", "user:rita"),
        ("rita", "token.created", "user:rita"),
        ("rita", "password.changed", "user:rita"),
    ]  # the session ended with the password change, so the logout found none
    assert entries[1].details == {"client": "10.0.0.9", "known": True}
    assert audit.verify(library=library, actor=ADMIN).ok


def test_only_admins_read_the_trail(library: Library) -> None:
    author = Actor("arthur", "Arthur", frozenset({Role.AUTHOR}))
    with pytest.raises(PermissionDeniedError):
        audit.show_entries(library=library, actor=author)
    with pytest.raises(PermissionDeniedError):
        audit.verify(library=library, actor=author)
