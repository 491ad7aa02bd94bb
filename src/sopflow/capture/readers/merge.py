"""Several inputs of one session (a transcript and an event log) merged on one timeline."""

from __future__ import annotations

from collections.abc import Sequence

from sopflow.capture.timeline import Walkthrough


def merge(parts: Sequence[Walkthrough]) -> Walkthrough:
    """One walkthrough: timed utterances and events sorted by time, untimed text kept in order.

    All inputs are taken to start at the same moment (time 0), as a recording and the event
    log of the same session do. The first title, system, role and media found win.
    """
    if len(parts) == 1:
        return parts[0]
    utterances = [u for part in parts for u in part.utterances]
    timed = sorted((u for u in utterances if u.start is not None), key=lambda u: u.start or 0.0)
    untimed = [u for u in utterances if u.start is None]
    return Walkthrough(
        sources=tuple(source for part in parts for source in part.sources),
        utterances=(*timed, *untimed),
        events=tuple(sorted((e for part in parts for e in part.events), key=lambda e: e.time)),
        media=next((part.media for part in parts if part.media), None),
        title=next((part.title for part in parts if part.title), None),
        system=next((part.system for part in parts if part.system), None),
        role=next((part.role for part in parts if part.role), None),
    )
