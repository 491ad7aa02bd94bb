"""Several inputs of one session (a transcript and an event log) merged on one timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sopflow.capture.timeline import Walkthrough


def shift_events(part: Walkthrough, offset: float) -> Walkthrough:
    """The part with its screen events moved `offset` seconds later on the timeline.

    An event log whose clock started before the recording (a negative offset) keeps its
    earlier events, at the recording's first moment, in their order.
    """
    if not offset or not part.events:
        return part
    return replace(
        part, events=tuple(replace(e, time=max(0.0, e.time + offset)) for e in part.events)
    )


def merge(parts: Sequence[Walkthrough], *, events_offset: float = 0.0) -> Walkthrough:
    """One walkthrough: timed utterances and events sorted by time, untimed text kept in order.

    All inputs are taken to start at the same moment (time 0), as a recording and the event
    log of the same session do, unless `events_offset` says at how many seconds into the
    recording the event log's time 0 falls. The first title, system, role and media found win.
    """
    parts = [shift_events(part, events_offset) for part in parts]
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
