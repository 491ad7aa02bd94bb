"""The error every layer raises for a user's mistake: the CLI prints it without a traceback."""

from __future__ import annotations


class SopflowError(Exception):
    """A problem the user can fix: bad input, a missing file, an unreachable database.

    The message names the file, line or field. Bugs are other exceptions and keep their
    traceback.
    """

    exit_code = 1
