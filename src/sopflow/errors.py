"""The errors every layer raises for a user's mistake.

The CLI prints them as one line without a traceback; the web face maps each kind to one HTTP
status in one place (`sopflow.web.problems`). Bugs are other exceptions and keep their
traceback.
"""

from __future__ import annotations

import errno

DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
"""The errno values of a write that found no room: the disk, or the user's quota, is full."""


class SopflowError(Exception):
    """A problem the user can fix: bad input, a missing file, an unreachable database.

    The message names the file, line or field.
    """

    exit_code = 1


class InvalidInputError(SopflowError):
    """A value the user gave is wrong; field names it (a form field, a query parameter)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(SopflowError):
    """What was asked for does not exist (a document, a revision, a run, a job)."""


class ConflictError(SopflowError):
    """The request clashes with the current state: a stale edit, a name already taken."""


class AuthenticationError(SopflowError):
    """Nobody is signed in, or the credentials given are wrong."""


class PermissionDeniedError(SopflowError):
    """The signed-in person's roles do not allow this."""


class TooLargeError(SopflowError):
    """An input is bigger than a limit allows (an upload over SOPFLOW_UPLOAD_LIMIT)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UnavailableError(SopflowError):
    """A service sopflow needs is out of reach for now (the job queue's broker); the same
    request may succeed in retry_after seconds, and nothing was accepted meanwhile."""

    def __init__(self, message: str, *, retry_after: int = 30) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StorageFullError(SopflowError):
    """The disk (or the quota) filled up while storing a file (an upload, a job's file, an
    export); nothing of that file was kept, and the same request may succeed once space is
    freed."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
