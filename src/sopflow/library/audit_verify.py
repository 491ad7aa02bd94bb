"""Checking the audit chain, and naming the first entry that was edited, deleted, inserted
or moved.

Every entry is checked against itself first (its hash over its content and previous hash;
its columns against what was hashed), then against the chain in sequence order. Where the
chain breaks, the neighbours tell what happened: an entry whose successor is chained to its
predecessor was inserted; an entry that holds another place's content, chained to a real
entry, was moved; a gap in the hashed sequence numbers is a deletion; a link to a hash no
entry has is an edit of the entry before, its hash recomputed to hide it.

Entries deleted from the end leave no gap: compare the head hash with one exported earlier
(`expect_head`), which is what the export's head hash is for.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, Row, select

from sopflow.library.audit import GENESIS, entry_hash
from sopflow.library.tables import audit_entries

Tampering = Literal["edited", "deleted", "inserted", "reordered"]

COLUMNS = ("at", "actor", "action", "subject")
"""The columns an entry repeats from its hashed content, so lists can filter on them."""


@dataclass(frozen=True)
class Problem:
    """The first place the chain is broken: what happened, to which entry, in words."""

    kind: Tampering
    seq: int
    message: str


@dataclass(frozen=True)
class Verification:
    """The outcome of a check: how many entries, the head, and the first problem if any."""

    entries: int
    head_seq: int
    head_hash: str
    problem: Problem | None

    @property
    def ok(self) -> bool:
        """Whether the whole chain holds."""
        return self.problem is None


@dataclass(frozen=True)
class _Link:
    """What the walk needs of one stored row."""

    seq: int  # the sequence number column
    hashed_seq: int | None  # the sequence number inside the hashed content
    prev_hash: str
    hash: str
    fault: str | None  # why the row disagrees with itself


def _fault(row: Row[Any]) -> tuple[int | None, str | None]:
    """The hashed sequence number of a row, and what is wrong with the row on its own."""
    content: str = row.content
    if entry_hash(content, row.prev_hash) != row.hash:
        return None, "its content or hash was changed: the hash does not match the content"
    try:
        data = json.loads(content)
    except ValueError:
        return None, "its content is not JSON"
    hashed_seq = data.get("seq") if isinstance(data, dict) else None
    if not isinstance(hashed_seq, int):
        return None, "its content holds no sequence number"
    for column in COLUMNS:
        if data.get(column) != getattr(row, column):
            return hashed_seq, f"its {column} column differs from the {column} that was hashed"
    return hashed_seq, None


def _links(connection: Connection) -> list[_Link]:
    query = select(audit_entries).order_by(audit_entries.c.seq).execution_options(yield_per=1000)
    links: list[_Link] = []
    for row in connection.execute(query):
        hashed_seq, fault = _fault(row)
        links.append(_Link(row.seq, hashed_seq, row.prev_hash, row.hash, fault))
    return links


def _break(links: list[_Link], index: int, expected: int, prev_hash: str) -> Problem:
    """What happened at links[index], the first row that does not follow the chain."""
    link = links[index]
    hashes = {item.hash: position for position, item in enumerate(links)}
    hashed = Counter(item.hashed_seq for item in links)
    following = links[index + 1] if index + 1 < len(links) else None
    moved = hashed[link.hashed_seq] == 1 and hashed[expected] > 0  # not a duplicate place
    if link.hashed_seq != expected and moved and link.prev_hash in hashes:
        return Problem(
            "reordered",
            link.seq,
            f"entry {link.hashed_seq} is out of order: it stands at place {link.seq}, "
            f"where entry {expected} belongs",
        )
    if following is not None and following.fault is None and following.prev_hash == prev_hash:
        return Problem(
            "inserted",
            link.seq,
            f"entry {link.seq} was inserted: the entry after it is chained to the one before it",
        )
    earlier = hashes.get(link.prev_hash)
    if earlier is not None and earlier < index - 1:
        first = links[earlier + 1]
        return Problem(
            "inserted",
            first.seq,
            f"entry {first.seq} was inserted: entry {link.seq} is chained to entry "
            f"{links[earlier].seq}, before it",
        )
    if link.hashed_seq is not None and link.hashed_seq > expected and not hashed[expected]:
        gone = [n for n in range(expected, link.hashed_seq) if not hashed[n]]
        shown = f"{gone[0]}" if len(gone) == 1 else f"{gone[0]} to {gone[-1]}"
        return Problem("deleted", expected, f"entry {shown} was deleted")
    if link.hashed_seq != expected:
        return Problem(
            "reordered",
            link.seq,
            f"entry {link.hashed_seq} stands at place {link.seq}, where entry {expected} belongs",
        )
    if index == 0:
        return Problem("edited", link.seq, f"entry {link.seq} was edited: not chained to the start")
    before = links[index - 1].seq
    return Problem(
        "edited",
        before,
        f"entry {before} was edited and its hash recomputed: entry {link.seq} was chained "
        "to a different hash",
    )


def _walk(links: list[_Link]) -> Problem | None:
    expected, prev_hash = 1, GENESIS
    for index, link in enumerate(links):
        if link.fault is not None:
            return Problem("edited", link.seq, f"entry {link.seq} was edited: {link.fault}")
        if link.hashed_seq != expected or link.prev_hash != prev_hash:
            return _break(links, index, expected, prev_hash)
        if link.seq != link.hashed_seq:
            return Problem(
                "edited",
                link.seq,
                f"entry {link.hashed_seq} was edited: its sequence number column says {link.seq}",
            )
        expected, prev_hash = expected + 1, link.hash
    return None


def _missing_head(links: Iterable[_Link], expect_head: str) -> Problem | None:
    if any(link.hash == expect_head for link in links) or expect_head == GENESIS:
        return None
    return Problem(
        "deleted",
        0,
        f"no entry has the head hash {expect_head}: the entries up to it were deleted or edited",
    )


def verify_chain(connection: Connection, *, expect_head: str | None = None) -> Verification:
    """Check every entry and every link; the first problem found, in sequence order.

    expect_head: a head hash exported earlier, which the chain must still hold (this finds
    entries deleted from the end).
    """
    links = _links(connection)
    problem = _walk(links)
    if problem is None and expect_head is not None:
        problem = _missing_head(links, expect_head.strip().lower())
    last = links[-1] if links else None
    return Verification(
        entries=len(links),
        head_seq=last.seq if last else 0,
        head_hash=last.hash if last else GENESIS,
        problem=problem,
    )
