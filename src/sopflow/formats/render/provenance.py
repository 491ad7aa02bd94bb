"""How a captured element's origin reads in a document: where in the recording it was said,
and whether a reviewer must check it.

A captured draft is reviewed against its recording, so each element says when it was said
(minutes and seconds from the start) and marks what capture was unsure of (confidence
under model.base.REVIEW_BELOW, the capture review page's threshold too) or found nothing in
the recording to support. Hand-written documents carry no provenance and show none of this.
"""

from __future__ import annotations

from pathlib import PurePath

from sopflow.model.base import REVIEW_BELOW, Provenance


def clock(seconds: float) -> str:
    """Seconds from the start of a recording as m:ss (h:mm:ss past an hour)."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def origin(provenance: Provenance | None) -> str | None:
    """ "Recorded at 0:02–0:04 in NAME: “words”", or None without provenance or a source."""
    if provenance is None or (provenance.time is None and provenance.source is None):
        return None
    where = f" in {PurePath(provenance.source).name}" if provenance.source else ""
    if provenance.time is None:
        said = f"Captured{where}"
    else:
        start, end = provenance.time
        span = clock(start) if clock(start) == clock(end) else f"{clock(start)}–{clock(end)}"
        said = f"Recorded at {span}{where}"
    return said + (f": “{provenance.quote}”" if provenance.quote else "")


def review(provenance: Provenance | None, what: str = "") -> tuple[str, ...]:
    """What a reviewer must check about an element, one line a reason (none when sure)."""
    if provenance is None:
        return ()
    thing = f" {what}" if what else ""
    found = []
    if not provenance.supported:
        found.append(f"Check{thing}: nothing in the recording supports it.")
    if provenance.confidence is not None and provenance.confidence < REVIEW_BELOW:
        found.append(f"Check{thing}: low confidence ({provenance.confidence:.0%}).")
    return tuple(found)
