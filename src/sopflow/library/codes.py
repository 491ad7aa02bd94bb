"""The code counter: one per kind and area (SOP-FIN, WI-PAY), with no gaps and no duplicates.

Each allocation is a single upsert that increments and returns the counter, so concurrent
writers serialise on the counter's row (PostgreSQL) or on the write lock (SQLite). Importing a
document with an existing code raises the counter past it, so a later allocation never
hands out a code that is already taken. The SQL is the same on both databases.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, text

from sopflow.model.codes import KIND_PREFIX, Kind, format_code, parse_code

_NEXT = text(
    "INSERT INTO code_counters (prefix, last) VALUES (:prefix, 1) "
    "ON CONFLICT (prefix) DO UPDATE SET last = code_counters.last + 1 RETURNING last"
)
_AT_LEAST = text(
    "INSERT INTO code_counters (prefix, last) VALUES (:prefix, :number) "
    "ON CONFLICT (prefix) DO UPDATE SET last = CASE WHEN code_counters.last < excluded.last "
    "THEN excluded.last ELSE code_counters.last END"
)


_HELD = text("SELECT 1 FROM documents WHERE code = :code")


def allocate_code(connection: Connection, *, kind: Kind, area: str) -> str:
    """The next free code for kind and area: SOP-FIN-001, then SOP-FIN-002, and so on.

    A code the library holds is passed over even if the counter lags behind it (a
    document stored without going through the counter), so a new document never takes
    a code in use.
    """
    while True:
        number: int = connection.execute(
            _NEXT, {"prefix": f"{KIND_PREFIX[kind]}-{area}"}
        ).scalar_one()
        code = format_code(kind, area, number)
        if connection.execute(_HELD, {"code": code}).first() is None:
            return code


def reserve_codes(connection: Connection, *, codes: Iterable[str]) -> None:
    """Record that codes are taken, so the counters never hand them out."""
    highest: dict[str, int] = {}
    for code in codes:
        parsed = parse_code(code)
        prefix = f"{KIND_PREFIX[parsed.kind]}-{parsed.area}"
        highest[prefix] = max(highest.get(prefix, 0), parsed.number)
    if highest:
        connection.execute(
            _AT_LEAST, [{"prefix": prefix, "number": n} for prefix, n in sorted(highest.items())]
        )


def reserve_code(connection: Connection, *, code: str) -> None:
    """Record that one code is taken."""
    reserve_codes(connection, codes=[code])
