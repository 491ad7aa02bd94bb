"""Accounts, sign-in, sessions and API tokens: the use cases behind `sopflow user`,
`sopflow token` and the web app's login.

Passwords are hashed with Argon2 (pwdlib's recommended settings); sessions and tokens are
random secrets stored by their SHA-256. Changing a password ends the account's sessions.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from pwdlib import PasswordHash

from sopflow.errors import AuthenticationError, ConflictError, InvalidInputError, NotFoundError
from sopflow.library import users as rows
from sopflow.library.audit import append_entry
from sopflow.library.store import Library
from sopflow.services.access import Actor, Permission, Role, require

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
"""A login name: lower-case letters, digits, dot, dash, underscore; at most 64."""

MIN_PASSWORD = 8
"""The shortest password accepted, in characters."""

SESSION_LIFETIME = timedelta(hours=12)
"""How long a browser session lasts without signing in again."""

TOKEN_PREFIX = "sfp_"
"""API tokens start with this, so a leaked one is recognisable in a log or a scan."""


@cache
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class User:
    """An account as people see it: no hash."""

    name: str
    full_name: str
    email: str | None
    roles: tuple[Role, ...]
    created_at: datetime

    def actor(self, user_id: int | None = None) -> Actor:
        """The actor this account acts as."""
        return Actor(self.name, self.full_name, frozenset(self.roles), user_id)


def _user(row: rows.UserRow) -> User:
    return User(row.name, row.full_name, row.email, _roles(row.roles), row.created_at)


def _roles(names: Iterable[str]) -> tuple[Role, ...]:
    return tuple(Role(name) for name in names if name in Role.__members__.values())


def _actor(row: rows.UserRow) -> Actor:
    return Actor(row.name, row.full_name, frozenset(_roles(row.roles)), row.id)


def check_name(name: str) -> str:
    """A valid login name, or an InvalidInputError naming the field."""
    if not NAME_PATTERN.fullmatch(name):
        raise InvalidInputError(
            f"name: {name!r} is not a login name: use 1 to 64 lower-case letters, digits, "
            "'.', '-' or '_', starting with a letter or digit",
            field="name",
        )
    return name


def check_password(password: str, *, field: str = "password") -> str:
    """A password long enough, or an InvalidInputError naming the field."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInputError(
            f"{field}: a password needs at least {MIN_PASSWORD} characters", field=field
        )
    return password


LABEL_LENGTH = 200


def plain_label(value: str, field: str, *, what: str) -> str:
    """A name a person gives something, stripped; refused when empty, over 200 characters,
    or holding control characters (a NUL no database stores, a line break no list shows)."""
    label = value.strip()
    if not label:
        raise InvalidInputError(f"{field}: give {what} a name that says what it is", field=field)
    if len(label) > LABEL_LENGTH:
        raise InvalidInputError(f"{field}: at most {LABEL_LENGTH} characters", field=field)
    if any(unicodedata.category(char) == "Cc" for char in label):
        raise InvalidInputError(f"{field}: control characters are not allowed", field=field)
    return label


def add_user(
    *,
    library: Library,
    actor: Actor,
    name: str,
    password: str,
    roles: Iterable[Role],
    full_name: str | None = None,
    email: str | None = None,
) -> User:
    """Create an account; ConflictError when the name is taken."""
    require(actor, Permission.ADMIN)
    check_name(name)
    check_password(password)
    chosen = sorted(set(roles))
    if not chosen:
        raise InvalidInputError("role: give the account at least one role", field="role")
    shown = plain_label(full_name, "full_name", what="the account") if full_name else name
    hashed = _hasher().hash(password)
    with library.transaction() as connection:
        if rows.find_user(connection, name=name) is not None:
            raise ConflictError(f"name: a user called {name!r} already exists")
        rows.insert_user(
            connection,
            name=name,
            full_name=shown,
            email=email,
            password_hash=hashed,
            roles=chosen,
            now=_now(),
        )
        details = {"roles": list(chosen), "full_name": shown, "email": email}
        append_entry(
            connection,
            actor=actor.name,
            action="user.added",
            subject=f"user:{name}",
            details=details,
        )
        created = rows.find_user(connection, name=name)
    assert created is not None
    return _user(created)


def list_users(*, library: Library, actor: Actor) -> list[User]:
    """Every account, by name."""
    require(actor, Permission.ADMIN)
    with library.reading() as connection:
        return [_user(row) for row in rows.all_users(connection)]


def has_users(*, library: Library) -> bool:
    """Whether any account exists (the first start explains how to create the admin)."""
    with library.reading() as connection:
        return rows.count_users(connection) > 0


def change_password(
    *,
    library: Library,
    actor: Actor,
    name: str,
    new_password: str,
    current_password: str | None = None,
) -> None:
    """Set a new password and end every session of the account.

    People change their own password by giving the current one (checked whenever it is
    given); an admin sets anyone's.
    """
    check_password(new_password, field="new_password")
    own = actor.name == name and actor.user_id is not None
    if not own:
        require(actor, Permission.ADMIN)
    with library.transaction() as connection:
        row = rows.find_user(connection, name=name)
        if row is None:
            raise NotFoundError(f"name: no user called {name!r}")
        asks_current = current_password is not None or not actor.can(Permission.ADMIN)
        if own and asks_current and not _verify(current_password or "", row.password_hash):
            raise AuthenticationError("current_password: that is not your current password")
        rows.set_password_hash(
            connection, user_id=row.id, password_hash=_hasher().hash(new_password), now=_now()
        )
        append_entry(
            connection, actor=actor.name, action="password.changed", subject=f"user:{name}"
        )


def _verify(password: str, hashed: str) -> bool:
    try:
        return _hasher().verify(password, hashed)
    except ValueError:  # a hash no scheme recognises: never a match
        return False


_DUMMY_HASH: list[str] = []


def _spend_like_a_check(password: str) -> None:
    """Hash once for an unknown name, so a wrong name takes as long as a wrong password."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(_hasher().hash(secrets.token_hex(8)))
    _verify(password, _DUMMY_HASH[0])


def authenticate(*, library: Library, name: str, password: str, client: str | None = None) -> Actor:
    """The actor for a name and password; AuthenticationError (one message) otherwise, and
    the failure recorded in the audit trail with the name tried and the client."""
    tried = name.strip().casefold()[:LABEL_LENGTH]
    with library.reading() as connection:
        row = rows.find_user(connection, name=tried)
    if row is None:
        _spend_like_a_check(password)
    if row is None or not _verify(password, row.password_hash):
        with library.transaction() as connection:
            append_entry(
                connection,
                actor=tried,
                action="login.failed",
                subject=f"user:{tried}",
                details={"client": client, "known": row is not None},
            )
        raise AuthenticationError("the name or the password is wrong")
    return _actor(row)


def csrf_token(secret: str) -> str:
    """The CSRF token of the session whose cookie value is secret: derived from it, so it
    is stored nowhere and a copy of the database or a log of its statements holds none."""
    return hmac.new(secret.encode(), b"sopflow csrf token", hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Session:
    """A signed-in browser: the cookie secret, its CSRF token, and who it is."""

    secret: str
    csrf_token: str
    actor: Actor
    expires_at: datetime


def start_session(*, library: Library, actor: Actor) -> Session:
    """A new session for an authenticated actor."""
    if actor.user_id is None:
        raise AuthenticationError("only an account can hold a browser session")
    secret = secrets.token_urlsafe(32)
    now = _now()
    expires = now + SESSION_LIFETIME
    with library.transaction() as connection:
        rows.delete_expired_sessions(connection, now=now)
        rows.insert_session(
            connection,
            secret=secret,
            user_id=actor.user_id,
            now=now,
            expires_at=expires,
        )
        append_entry(connection, actor=actor.name, action="login", subject=f"user:{actor.name}")
    return Session(secret, csrf_token(secret), actor, expires)


def session(*, library: Library, secret: str) -> Session | None:
    """The live session with that cookie value, or None."""
    with library.reading() as connection:
        found = rows.find_session(connection, secret=secret, now=_now())
        row = rows.user_by_id(connection, user_id=found.user_id) if found else None
    if found is None or row is None:
        return None
    return Session(secret, csrf_token(secret), _actor(row), found.expires_at)


def end_session(*, library: Library, secret: str) -> None:
    """Sign a browser out."""
    with library.transaction() as connection:
        found = rows.find_session(connection, secret=secret, now=_now())
        row = rows.user_by_id(connection, user_id=found.user_id) if found else None
        rows.delete_session(connection, secret=secret)
        if row is not None:
            append_entry(connection, actor=row.name, action="logout", subject=f"user:{row.name}")


@dataclass(frozen=True)
class CreatedToken:
    """A new API token: its value, shown once and never stored."""

    name: str
    user: str
    secret: str


def create_token(*, library: Library, actor: Actor, user: str, name: str) -> CreatedToken:
    """A new API token for user (one's own; an admin's for anyone)."""
    if actor.name != user or actor.user_id is None:
        require(actor, Permission.ADMIN)
    label = plain_label(name, "name", what="the token")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with library.transaction() as connection:
        row = rows.find_user(connection, name=user)
        if row is None:
            raise NotFoundError(f"user: no user called {user!r}")
        token_id = rows.insert_token(
            connection, secret=secret, user_id=row.id, name=label, now=_now()
        )
        append_entry(
            connection,
            actor=actor.name,
            action="token.created",
            subject=f"user:{user}",
            details={"token": token_id, "name": label},
        )
    return CreatedToken(label, user, secret)


def token_actor(*, library: Library, secret: str) -> Actor | None:
    """The actor an API token acts as, or None for an unknown token."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    with library.reading() as connection:
        user_id = rows.find_token_user(connection, secret=secret)
        row = rows.user_by_id(connection, user_id=user_id) if user_id is not None else None
    return _actor(row) if row else None
