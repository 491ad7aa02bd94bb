"""Revisions: immutable snapshots of a document's content, numbered from 1.

The lifecycle follows ISO 9001 document control: a draft goes into review, is approved,
becomes effective, and is later superseded or made obsolete. Only drafts exist for now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sopflow.model.codes import Kind


class RevisionState(StrEnum):
    """Where a revision stands in the document-control lifecycle."""

    DRAFT = "draft"
    IN_REVIEW = "in review"
    APPROVED = "approved"
    EFFECTIVE = "effective"
    SUPERSEDED = "superseded"
    OBSOLETE = "obsolete"


@dataclass(frozen=True)
class RevisionInfo:
    """What is known about one revision besides its content."""

    code: str
    kind: Kind
    number: int
    sha256: str
    author: str
    created_at: datetime
    summary: str
    state: RevisionState
