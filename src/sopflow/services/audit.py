"""Reading and checking the audit trail: the use cases behind `sopflow audit`. Admins only.

Entries are appended by the use cases that make the changes (`sopflow.library.audit`); no
use case edits or removes one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sopflow.errors import InvalidInputError
from sopflow.library import audit
from sopflow.library.audit import AuditEntry
from sopflow.library.audit_verify import Verification, verify_chain
from sopflow.library.store import Library
from sopflow.services.access import Actor, Permission, require
from sopflow.services.documents import check_text

MAX_LIMIT = 10_000
MAX_SEQ = 2**31 - 1
"""The highest sequence number the table can hold (a 32-bit integer column)."""


def show_entries(
    *,
    library: Library,
    actor: Actor | None,
    limit: int = 50,
    by: str | None = None,
    action: str | None = None,
    subject: str | None = None,
    before: int | None = None,
) -> list[AuditEntry]:
    """The newest entries first, filtered by who acted, by action and by subject; those
    older than sequence number before when given (the next page)."""
    require(actor, Permission.ADMIN)
    for field, value in (("actor", by), ("action", action), ("subject", subject)):
        check_text(value or "", field=field)
    if before is not None and not 1 <= before <= MAX_SEQ:
        raise InvalidInputError(f"before: give 1 to {MAX_SEQ}", field="before")
    with library.reading() as connection:
        return audit.recent_entries(
            connection,
            limit=max(1, min(limit, MAX_LIMIT)),
            actor=by,
            action=action,
            subject=subject,
            before=before,
        )


def verify(
    *, library: Library, actor: Actor | None, expect_head: str | None = None
) -> Verification:
    """Check the whole chain; the first problem names the entry."""
    require(actor, Permission.ADMIN)
    with library.reading() as connection:
        return verify_chain(connection, expect_head=expect_head)


def export_lines(*, library: Library, actor: Actor | None) -> Iterator[str]:
    """The chain as JSON Lines, one entry a line, then a last line with the head."""
    require(actor, Permission.ADMIN)
    with library.reading() as connection:
        seq, digest = 0, audit.GENESIS
        for entry in audit.all_entries(connection):
            seq, digest = entry.seq, entry.hash
            yield json.dumps(entry.as_json(), ensure_ascii=False, sort_keys=True)
        yield json.dumps({"head": {"seq": seq, "hash": digest}}, sort_keys=True)
