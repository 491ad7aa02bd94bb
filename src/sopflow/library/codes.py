"""The code counter: one per kind and area (SOP-FIN, WI-PAY), with no gaps and no duplicates.

Each allocation is a single upsert that increments and returns the counter, so concurrent
writers serialise on the counter's row (PostgreSQL) or on the write lock (SQLite). Importing a
document with an existing code raises the counter past it, so a later allocation never
hands out a code that is already taken.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, case
from sqlalchemy.dialects import postgresql, sqlite

from sopflow.library.tables import code_counters
from sopflow.model.codes import KIND_PREFIX, Kind, format_code, parse_code


def _upsert(connection: Connection, prefix: str, number: int | None) -> int:
    """Increment the counter (number None) or raise it to at least number; the new value."""
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    insert: Any = dialect.insert(code_counters).values(prefix=prefix, last=number or 1)
    last = code_counters.c.last
    new = last + 1 if number is None else case((last < number, number), else_=last)
    statement = insert.on_conflict_do_update(
        index_elements=[code_counters.c.prefix], set_={"last": new}
    ).returning(last)
    value: int = connection.execute(statement).scalar_one()
    return value


def allocate_code(connection: Connection, *, kind: Kind, area: str) -> str:
    """The next free code for kind and area: SOP-FIN-001, then SOP-FIN-002, and so on."""
    prefix = f"{KIND_PREFIX[kind]}-{area}"
    return format_code(kind, area, _upsert(connection, prefix, None))


def reserve_code(connection: Connection, *, code: str) -> None:
    """Record that code is taken, so the counter for its kind and area never hands it out."""
    parsed = parse_code(code)
    _upsert(connection, f"{KIND_PREFIX[parsed.kind]}-{parsed.area}", parsed.number)
