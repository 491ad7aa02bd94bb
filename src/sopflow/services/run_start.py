"""Starting a run: what a new run of a library SOP would follow, whether its starter must
acknowledge that revision first (`sopflow.services.acknowledgements`), and the start itself,
which the setting SOPFLOW_REQUIRE_ACKNOWLEDGEMENT makes refuse, warn about, or only record.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sopflow.errors import InvalidInputError
from sopflow.library import acknowledgements as marks
from sopflow.library.audit import append_entry
from sopflow.library.runs import LibraryRunStore, store_run
from sopflow.library.store import Library
from sopflow.model import Sop, is_code
from sopflow.model.runs import RevisionRef, Run
from sopflow.runner import engine
from sopflow.services.access import Actor, Permission, require
from sopflow.services.acknowledgements import (
    RunCheck,
    RunPolicy,
    check_run,
    refuse_unacknowledged,
)
from sopflow.services.following import Source, library_source


def _now() -> datetime:
    return datetime.now(UTC)


def new_run_id() -> str:
    """A fresh run id: 12 hex digits."""
    return uuid.uuid4().hex[:12]


def check_code(code: str) -> str:
    """A document code, or an InvalidInputError naming the field."""
    if not is_code(code):
        raise InvalidInputError(
            f"code: {code!r} is not a document code like SOP-FIN-003", field="code"
        )
    return code


def open_run_source(
    *, library: Library, actor: Actor | None, code: str, number: int | None = None
) -> Source:
    """The revision of a library document a new run follows (see `library_source`);
    naming a revision number needs READ_DRAFTS, as it may not be the one in force."""
    require(actor, Permission.RUN)
    if number is not None:
        require(actor, Permission.READ_DRAFTS)
    return library_source(library, check_code(code), number)


@dataclass(frozen=True)
class RunPreview:
    """What a new run of a library SOP would follow, to confirm before starting it."""

    sop: Sop
    revision: RevisionRef
    state: str | None
    """The revision's document-control state ("draft", "effective"...)."""
    check: RunCheck | None = None
    """Whether the actor must acknowledge the revision first, and has."""
    policy: RunPolicy = "warn"
    """What starting it unacknowledged does: block, warn or off."""

    @property
    def blocked(self) -> bool:
        """Whether starting the run would be refused until the actor acknowledges."""
        return self.policy == "block" and self.check is not None and self.check.warning is not None


def preview_run(
    *,
    library: Library,
    actor: Actor | None,
    code: str,
    policy: RunPolicy = "warn",
    number: int | None = None,
) -> RunPreview:
    """The SOP and revision a new run of code would follow (revision number when given, a
    trial of a draft, say), and whether the actor must acknowledge it first; nothing is
    started."""
    source = open_run_source(library=library, actor=actor, code=code, number=number)
    assert actor is not None
    state = source.info.state.value if source.info else None
    check = acknowledgement_check(source, actor)
    return RunPreview(source.followed.sop, source.followed.revision, state, check, policy)


def acknowledgement_check(source: Source, actor: Actor) -> RunCheck | None:
    """For a library revision: whether actor must acknowledge it and has (None: a file)."""
    if not isinstance(source.store, LibraryRunStore) or source.info is None:
        return None
    with source.store.library.reading() as connection:
        return check_run(
            connection, name=actor.name, code=source.info.code, number=source.info.number
        )


@dataclass(frozen=True)
class Started:
    """A new run, and whether its starter had acknowledged its revision when they had to."""

    run: Run
    check: RunCheck | None


def start(
    *,
    actor: Actor | None,
    source: Source,
    run_id: str | None = None,
    policy: RunPolicy = "warn",
) -> Started:
    """Start a run of source's revision as the actor and save it. A library revision the
    actor must acknowledge and has not is refused when policy is block; otherwise the run
    is marked unacknowledged and the audit trail records it."""
    who = require(actor, Permission.RUN)
    check = acknowledgement_check(source, who)
    if check is not None:
        refuse_unacknowledged(check, policy=policy, name=who.name)
    run = engine.start(source.followed, run_id=run_id or new_run_id(), who=who.name, at=_now())
    source.store.keep_revision(source.followed.revision, source.text)
    if check is None or check.mark is None or not isinstance(source.store, LibraryRunStore):
        source.store.save(run)
        return Started(run, check)
    with source.store.library.transaction() as connection:
        store_run(connection, run)
        marks.mark_run(connection, run_id=run.id, acknowledgement=check.mark)
        if check.mark == "unacknowledged":
            append_entry(
                connection,
                actor=who.name,
                action="run.started_unacknowledged",
                subject=run.code,
                details={"run": run.id, "revision": check.number},
            )
    return Started(run, check)


def begin(*, actor: Actor | None, source: Source, run_id: str | None = None) -> Run:
    """Start a run of source's revision, recorded as the actor's, and save it (see start)."""
    return start(actor=actor, source=source, run_id=run_id).run
