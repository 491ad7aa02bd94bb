"""Electronic signatures in the manner of 21 CFR Part 11 (§11.50, §11.70, §11.200).

Signing asks for the signer's password again at that moment, even inside a signed-in
session. The record holds the signer's full name, the meaning of the signature, the UTC time
and the SHA-256 of the exact canonical content signed; it is bound to its revision by id and
hash, and sealed by the SHA-256 of the record itself, so verification (which recomputes the
content's hash) detects a signature moved to other content, edited content, or an edited
record.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Row, insert, select

from sopflow.errors import AuthenticationError, InvalidInputError
from sopflow.library.audit import append_entry
from sopflow.library.control import ControlledRevision, utc
from sopflow.library.revisions import content_hash
from sopflow.library.store import Library
from sopflow.library.tables import documents, revisions, signatures
from sopflow.services import users
from sopflow.services.access import Actor


class Meaning(StrEnum):
    """What a signature says its signer did (§11.50(a)(3))."""

    AUTHORED = "authored"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    ACKNOWLEDGED = "acknowledged"


class SignatureRefusedError(InvalidInputError):
    """The password given to sign with is not the signer's."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="password")


def confirm_signer(*, library: Library, actor: Actor, password: str) -> Actor:
    """The signer's account, when password is theirs: signing re-authenticates (§11.200)."""
    if actor.user_id is None:
        raise SignatureRefusedError(
            f"password: {actor.name} has no account to sign with; act as a named user"
        )
    try:
        return users.authenticate(library=library, name=actor.name, password=password)
    except AuthenticationError:
        raise SignatureRefusedError(
            f"password: that is not {actor.name}'s password; nothing was signed"
        ) from None


def _seal(
    *, revision: ControlledRevision, signer: str, full_name: str, meaning: str, at: datetime
) -> str:
    record = {
        "code": revision.code,
        "number": revision.number,
        "revision_id": revision.id,
        "sha256": revision.sha256,
        "signer": signer,
        "full_name": full_name,
        "meaning": meaning,
        "signed_at": at.isoformat(timespec="microseconds"),
    }
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_signature(
    connection: Connection,
    *,
    revision: ControlledRevision,
    signer: Actor,
    meaning: Meaning,
    now: datetime,
) -> None:
    """Store a signature of revision by a signer confirm_signer returned, and its entry in
    the audit trail, in the caller's transaction."""
    at = now
    hashed = content_hash(revision.content)
    connection.execute(
        insert(signatures).values(
            revision_id=revision.id,
            signer=signer.name,
            full_name=signer.full_name,
            meaning=meaning.value,
            signed_at=at,
            sha256=hashed,
            seal=_seal(
                revision=revision,
                signer=signer.name,
                full_name=signer.full_name,
                meaning=meaning.value,
                at=at,
            ),
        )
    )
    append_entry(
        connection,
        actor=signer.name,
        action="signature.added",
        subject=revision.code,
        details={"revision": revision.number, "meaning": meaning.value, "sha256": hashed},
    )


@dataclass(frozen=True)
class Signature:
    """One signature as shown and verified."""

    code: str
    number: int
    signer: str
    full_name: str
    meaning: str
    signed_at: datetime
    sha256: str
    valid: bool
    problem: str | None  # why it does not verify


def _check(row: Row[Any], controlled: ControlledRevision, at: datetime) -> str | None:
    recomputed = content_hash(controlled.content)
    if recomputed != controlled.sha256:
        return "the revision's content no longer matches its recorded SHA-256"
    if row.sha256 != recomputed:
        return "the signature was made over other content than this revision's"
    sealed = _seal(
        revision=controlled,
        signer=row.signer,
        full_name=row.full_name,
        meaning=row.meaning,
        at=at,
    )
    if sealed != row.seal:
        return "the signature record was changed after it was made"
    return None


def signatures_of(
    connection: Connection, *, revisions_by_id: dict[int, ControlledRevision]
) -> list[Signature]:
    """The signatures of the given revisions, oldest first, each verified."""
    query = (
        select(signatures)
        .join(revisions, revisions.c.id == signatures.c.revision_id)
        .join(documents, documents.c.id == revisions.c.document_id)
        .where(signatures.c.revision_id.in_(list(revisions_by_id)))
        .order_by(signatures.c.id)
    )
    found = []
    for row in connection.execute(query):
        controlled = revisions_by_id[row.revision_id]
        at = utc(row.signed_at)
        assert at is not None
        problem = _check(row, controlled, at)
        found.append(
            Signature(
                controlled.code,
                controlled.number,
                row.signer,
                row.full_name,
                row.meaning,
                at,
                row.sha256,
                problem is None,
                problem,
            )
        )
    return found
