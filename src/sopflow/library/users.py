"""Accounts, roles, sessions and API tokens as rows: the storage behind `services.users`.

Secrets never reach the database: passwords arrive here already hashed (Argon2), and a
session or token is looked up by the SHA-256 of its value, so a copy of the database lets
nobody sign in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, update

from sopflow.library.tables import api_tokens, sessions, user_roles, users


def secret_hash(secret: str) -> str:
    """The SHA-256 a session or token secret is stored and found by."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class UserRow:
    """One account as stored: its roles sorted, its password hash."""

    id: int
    name: str
    full_name: str
    email: str | None
    password_hash: str
    roles: tuple[str, ...]
    created_at: datetime
    password_changed_at: datetime


def _roles_of(connection: Connection, user_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    rows = connection.execute(
        select(user_roles.c.user_id, user_roles.c.role)
        .where(user_roles.c.user_id.in_(list(user_ids)))
        .order_by(user_roles.c.role)
    )
    for user_id, role in rows:
        found.setdefault(user_id, []).append(role)
    return {user_id: tuple(roles) for user_id, roles in found.items()}


def _user_rows(connection: Connection, where: object | None = None) -> list[UserRow]:
    query = select(users).order_by(users.c.name)
    if where is not None:
        query = query.where(where)  # type: ignore[arg-type]
    rows = connection.execute(query).all()
    roles = _roles_of(connection, [row.id for row in rows])
    return [
        UserRow(
            id=row.id,
            name=row.name,
            full_name=row.full_name,
            email=row.email,
            password_hash=row.password_hash,
            roles=roles.get(row.id, ()),
            created_at=row.created_at,
            password_changed_at=row.password_changed_at,
        )
        for row in rows
    ]


def find_user(connection: Connection, *, name: str) -> UserRow | None:
    """The account with that login name, or None."""
    found = _user_rows(connection, users.c.name == name)
    return found[0] if found else None


def user_by_id(connection: Connection, *, user_id: int) -> UserRow | None:
    """The account with that id, or None."""
    found = _user_rows(connection, users.c.id == user_id)
    return found[0] if found else None


def all_users(connection: Connection) -> list[UserRow]:
    """Every account, by login name."""
    return _user_rows(connection)


def count_users(connection: Connection) -> int:
    """How many accounts there are (none: the first start explains how to make one)."""
    return len(connection.execute(select(users.c.id).limit(1)).all())


def insert_user(
    connection: Connection,
    *,
    name: str,
    full_name: str,
    email: str | None,
    password_hash: str,
    roles: Iterable[str],
    now: datetime,
) -> int:
    """Add an account with its roles; its id."""
    user_id: int = connection.execute(
        insert(users)
        .values(
            name=name,
            full_name=full_name,
            email=email,
            password_hash=password_hash,
            created_at=now,
            password_changed_at=now,
        )
        .returning(users.c.id)
    ).scalar_one()
    set_roles(connection, user_id=user_id, roles=roles)
    return user_id


def set_roles(connection: Connection, *, user_id: int, roles: Iterable[str]) -> None:
    """Replace the roles an account holds."""
    connection.execute(delete(user_roles).where(user_roles.c.user_id == user_id))
    unique = sorted(set(roles))
    if unique:
        connection.execute(
            insert(user_roles), [{"user_id": user_id, "role": role} for role in unique]
        )


def set_password_hash(
    connection: Connection, *, user_id: int, password_hash: str, now: datetime
) -> None:
    """Store a new password hash and end every session of the account."""
    connection.execute(
        update(users)
        .where(users.c.id == user_id)
        .values(password_hash=password_hash, password_changed_at=now)
    )
    connection.execute(delete(sessions).where(sessions.c.user_id == user_id))


def insert_session(
    connection: Connection,
    *,
    secret: str,
    user_id: int,
    now: datetime,
    expires_at: datetime,
) -> None:
    """Remember a browser session by the hash of its cookie value."""
    connection.execute(
        insert(sessions).values(
            token_sha256=secret_hash(secret),
            user_id=user_id,
            created_at=now,
            expires_at=expires_at,
        )
    )


@dataclass(frozen=True)
class SessionRow:
    """A live session: whose it is, until when."""

    user_id: int
    expires_at: datetime


def find_session(connection: Connection, *, secret: str, now: datetime) -> SessionRow | None:
    """The session whose cookie value is secret, unless it has expired."""
    row = connection.execute(
        select(sessions.c.user_id, sessions.c.expires_at).where(
            sessions.c.token_sha256 == secret_hash(secret), sessions.c.expires_at > now
        )
    ).first()
    return SessionRow(row.user_id, row.expires_at) if row else None


def delete_session(connection: Connection, *, secret: str) -> None:
    """End one session (sign out)."""
    connection.execute(delete(sessions).where(sessions.c.token_sha256 == secret_hash(secret)))


def delete_expired_sessions(connection: Connection, *, now: datetime) -> None:
    """Forget sessions past their expiry."""
    connection.execute(delete(sessions).where(sessions.c.expires_at <= now))


def insert_token(
    connection: Connection, *, secret: str, user_id: int, name: str, now: datetime
) -> int:
    """Remember an API token by the hash of its value; its id."""
    token_id: int = connection.execute(
        insert(api_tokens)
        .values(token_sha256=secret_hash(secret), user_id=user_id, name=name, created_at=now)
        .returning(api_tokens.c.id)
    ).scalar_one()
    return token_id


def find_token_user(connection: Connection, *, secret: str) -> int | None:
    """The id of the account an API token belongs to, or None."""
    value: int | None = connection.execute(
        select(api_tokens.c.user_id).where(api_tokens.c.token_sha256 == secret_hash(secret))
    ).scalar_one_or_none()
    return value


def full_names(connection: Connection, *, names: Iterable[str]) -> dict[str, str]:
    """Login name -> full name, for the names that are accounts (runs record login names)."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    rows = connection.execute(
        select(users.c.name, users.c.full_name).where(users.c.name.in_(wanted))
    )
    return {row.name: row.full_name for row in rows}
