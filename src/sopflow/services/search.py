"""Full-text search over the library, with snippets whose matched words are marked as data.

The snippets are fragments of plain text, each saying whether it is a matched word, so a
face highlights them its own way (a terminal in reverse video, a page with <mark> around
escaped text) and never has to trust markup that came from a document.
"""

from __future__ import annotations

import re

from sopflow.errors import InvalidInputError
from sopflow.library import search as index
from sopflow.library.browse import DocumentFilters
from sopflow.library.search import Filters, SearchHit
from sopflow.library.store import Library
from sopflow.services.access import Actor, Permission, require
from sopflow.services.documents import check_filters, check_text

MAX_HITS = 1000
"""The most hits one search returns."""

MAX_QUERY = 500
"""The longest query accepted, in characters."""

_WORD = re.compile(r"\w+", re.UNICODE)


def search(
    *,
    library: Library,
    actor: Actor | None,
    query: str,
    filters: DocumentFilters | None = None,
    limit: int = 20,
) -> list[SearchHit]:
    """The documents holding every word of query (filtered), best match first.

    The text searched is each document's latest revision (see sopflow.services.documents on
    what readers see until document control exists).
    """
    require(actor, Permission.READ)
    check_text(query, field="q", longest=MAX_QUERY)
    if not _WORD.search(query):
        raise InvalidInputError(f"search: {query!r} has no words to look for", field="q")
    if not 1 <= limit <= MAX_HITS:
        raise InvalidInputError(f"limit: give 1 to {MAX_HITS}, not {limit}", field="limit")
    chosen = check_filters(filters or DocumentFilters())
    narrowed = Filters(
        kind=chosen.kind,
        state=chosen.state,
        owner=chosen.owner,
        department=chosen.department,
        tag=chosen.tag,
    )
    with library.reading() as connection:
        return index.search(connection, query=query, filters=narrowed, limit=limit)


__all__ = ["MAX_HITS", "MAX_QUERY", "SearchHit", "search"]
