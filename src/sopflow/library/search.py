"""Ranked full-text search over titles, steps, roles and tags, with highlighted snippets.

SQLite uses an FTS5 table (rowid = document id) ranked by bm25; PostgreSQL a weighted
tsvector column with a GIN index, ranked by ts_rank_cd. Both answer the same question the
same way: every word of the query must occur (stemmed; English stop words left out), and
the hits are ordered by sopflow.library.ranking: the words the title holds first, then the
database's text rank, in which title and tag matches weigh most. Only the first
RANKED_CANDIDATES matches are ranked, and only the page of hits gets snippets, so a word
found in most of the library is as quick to look for as a rare one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from sopflow.errors import SopflowError
from sopflow.library.ranking import mentions_any, title_terms
from sopflow.model import AnyDocument, Policy, Sop, Workflow, WorkInstruction
from sopflow.model.flow import Decision, Handoff, Outcome, Parallel, Step

START, STOP = "\x02", "\x03"
"""Markers the databases put around matched words; split out into Fragments."""

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchFields:
    """The text of a document as the index sees it, by weight."""

    title: str
    body: str
    roles: str
    tags: str


def _join(parts: list[str | None]) -> str:
    return "\n".join(part for part in parts if part)


def _body(document: AnyDocument) -> list[str | None]:
    parts: list[str | None] = [document.summary]
    if isinstance(document, Policy):
        parts += [document.statement, document.scope]
    elif isinstance(document, Workflow):
        parts += [document.purpose, document.trigger, *document.outcomes]
        for stage in document.stages:
            parts += [stage.name, stage.handover]
    elif isinstance(document, Sop):
        parts += [document.purpose, document.scope, document.trigger]
        for node in document.flow.nodes:
            if isinstance(node, Step):
                parts += [node.instruction, *node.detail.values(), *node.warnings]
                parts += [*node.notes, node.expected_result]
            elif isinstance(node, Decision):
                parts += [node.question, *node.detail.values()]
                parts += [
                    part for option in node.options for part in (option.label, option.condition)
                ]
            elif isinstance(node, Parallel):
                parts += [branch.label for branch in node.branches]
            elif isinstance(node, Handoff):
                parts += [*node.transfers, node.channel]
            elif isinstance(node, Outcome):
                parts += [node.name, node.description]
        parts += [f"{item.term}: {item.meaning}" for item in document.definitions]
    elif isinstance(document, WorkInstruction):
        parts += [document.purpose, document.system, *document.prerequisites]
        for step in document.steps:
            parts += [step.action, step.target, step.value, step.expected_result, step.warning]
            parts.append(step.detail)
    return parts


def _roles(document: AnyDocument) -> list[str | None]:
    if isinstance(document, Sop):
        return [part for role in document.roles for part in (role.name, *role.responsibilities)]
    if isinstance(document, WorkInstruction):
        return [document.role]
    if isinstance(document, Workflow):
        return list(dict.fromkeys(stage.performer.name for stage in document.stages))
    return []


def search_fields(document: AnyDocument) -> SearchFields:
    """What of a document is searchable, split into title, body, roles and tags."""
    return SearchFields(
        title=f"{document.code} {document.title}",
        body=_join(_body(document)),
        roles=_join(_roles(document)),
        tags=" ".join(document.tags),
    )


_SQLITE_INSERT = text(
    "INSERT INTO search_index (rowid, title, body, roles, tags) "
    "VALUES (:id, :title, :body, :roles, :tags)"
)
_POSTGRES_UPSERT = text(
    "INSERT INTO search_index (document_id, title, body, roles, tags) "
    "VALUES (:id, :title, :body, :roles, :tags) ON CONFLICT (document_id) DO UPDATE "
    "SET title = excluded.title, body = excluded.body, roles = excluded.roles, "
    "tags = excluded.tags"
)


def index_documents(
    connection: Connection, *, items: Sequence[tuple[int, AnyDocument]], new: bool = False
) -> None:
    """Put documents' latest content in the search index, replacing what was there.

    new: the documents were just created, so there is nothing to replace.
    """
    if not items:
        return
    rows = [{"id": document_id, **search_fields(doc).__dict__} for document_id, doc in items]
    if connection.dialect.name != "sqlite":
        connection.execute(_POSTGRES_UPSERT, rows)
        return
    if not new:
        connection.execute(
            text("DELETE FROM search_index WHERE rowid = :id"), [{"id": r["id"]} for r in rows]
        )
    connection.execute(_SQLITE_INSERT, rows)


def optimize_index(connection: Connection) -> None:
    """Merge the search index into one piece after a large import (SQLite's FTS5).

    FTS5 keeps each batch of inserts as a segment and merges them gradually; a query reads
    every segment, so merging after a bulk load makes searches faster. PostgreSQL's GIN
    index needs nothing like it.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("INSERT INTO search_index (search_index) VALUES ('optimize')")


@dataclass(frozen=True)
class Fragment:
    """A piece of a snippet; highlighted pieces are the words that matched."""

    text: str
    highlighted: bool


@dataclass(frozen=True)
class SearchHit:
    """One document that matches a query, best first."""

    code: str
    kind: str
    title: str
    state: str
    owner: str | None
    department: str | None
    rank: float
    """Higher is better; comparable only within one search (see sopflow.library.ranking)."""
    snippet: tuple[Fragment, ...]

    @property
    def snippet_text(self) -> str:
        """The snippet with the matched words in [brackets]."""
        return "".join(f"[{f.text}]" if f.highlighted else f.text for f in self.snippet)


@dataclass(frozen=True)
class Filters:
    """Narrow a search to documents of one kind, state, owner, department or tag."""

    kind: str | None = None
    state: str | None = None
    owner: str | None = None
    department: str | None = None
    tag: str | None = None


def fragments(marked: str) -> tuple[Fragment, ...]:
    """A snippet with START/STOP markers as fragments, whitespace folded to single spaces."""
    result: list[Fragment] = []
    for index, piece in enumerate(re.split(f"[{START}{STOP}]", " ".join(marked.split()))):
        if piece:
            result.append(Fragment(piece, highlighted=index % 2 == 1))
    return tuple(result)


def _filters(filters: Filters, params: dict[str, Any]) -> str:
    clauses = []
    for name in ("kind", "state"):
        value = getattr(filters, name)
        if value:
            clauses.append(f"d.{name} = :{name}")
            params[name] = value
    for name in ("owner", "department"):
        value = getattr(filters, name)
        if value:
            clauses.append(f"lower(d.{name}) = lower(:{name})")
            params[name] = value
    if filters.tag:
        clauses.append(
            "EXISTS (SELECT 1 FROM tags AS t WHERE t.document_id = d.id"
            " AND lower(t.tag) = lower(:tag))"
        )
        params["tag"] = filters.tag
    return "".join(f" AND {clause}" for clause in clauses)


RANKED_CANDIDATES = 1000
"""How many matches a search ranks at most: the first ones the index yields.

Ranking reads every match's word positions, so a word found in most of the library would
cost as much as ranking the whole library; capped, it costs what a rarer word does. The
best of a thousand matches still have the words in their titles, which rank highest."""

_SQLITE = """
WITH candidate AS (
    SELECT search_index.rowid AS id, d.code,
           -bm25(search_index, 10.0, 1.0, 2.0, 5.0) AS score, {columns}
    FROM search_index CROSS JOIN documents AS d ON d.id = search_index.rowid
    WHERE search_index MATCH :match{filters}
    LIMIT :candidates
),
scored AS (SELECT *, max(score) OVER () AS best FROM candidate),
hit AS (SELECT id, code, {rank} AS rank FROM scored ORDER BY rank DESC, code LIMIT :limit)
SELECT d.code, d.kind, d.title, d.state, d.owner, d.department, hit.rank,
       snippet(search_index, -1, :start, :stop, '…', 14) AS marked
FROM hit CROSS JOIN search_index CROSS JOIN documents AS d
WHERE search_index MATCH :match AND search_index.rowid = hit.id AND d.id = hit.id
ORDER BY hit.rank DESC, d.code
"""
"""The first RANKED_CANDIDATES matches ranked by title and bm25, then snippets for the page.

bm25 is negated so that higher is better. CROSS JOIN keeps the order of the loops: the
full-text index drives the candidates (a filter checks each one), and each hit is found
again by rowid to cut its snippet."""

_POSTGRES = """
WITH candidate AS MATERIALIZED (
    SELECT s.document_id, s.title, ts_rank_cd(s.vector, q) AS score
    FROM search_index AS s{join}, plainto_tsquery('english', :words) AS q
    WHERE s.vector @@ q{filters}
),
first AS (
    SELECT c.document_id, c.title, c.score, {columns}
    FROM (SELECT * FROM candidate LIMIT :candidates) AS c
),
scored AS (SELECT *, max(score) OVER () AS best FROM first),
hit AS (
    SELECT document_id, title, {rank} AS rank FROM scored
    ORDER BY rank DESC, title LIMIT :limit
)
SELECT d.code, d.kind, d.title, d.state, d.owner, d.department, hit.rank,
       ts_headline('english', s.title || ' … ' || coalesce(lines.text, left(s.body, 200)), q,
                   'StartSel=' || :start || ', StopSel=' || :stop
                   || ', MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter= … ')
           AS marked
FROM hit
JOIN search_index AS s ON s.document_id = hit.document_id
JOIN documents AS d ON d.id = hit.document_id
CROSS JOIN plainto_tsquery('english', :words) AS q
CROSS JOIN LATERAL (SELECT replace(q::text, ' & ', ' | ')::tsquery AS query) AS any_word
LEFT JOIN LATERAL (
    SELECT string_agg(line, E'\\n' ORDER BY number) AS text
    FROM (
        SELECT line, number
        FROM unnest(string_to_array(
                 CASE WHEN ts_filter(s.vector, '{{d}}') @@ any_word.query THEN s.body
                      ELSE s.roles || E'\\n' || s.tags END,
                 E'\\n'
             )) WITH ORDINALITY AS part (line, number)
        WHERE ({line_mentions}) AND to_tsvector('english', line) @@ any_word.query
        LIMIT 2
    ) AS matched
) AS lines ON true
ORDER BY hit.rank DESC, hit.title
"""
"""The first RANKED_CANDIDATES matches ranked by title and ts_rank_cd, then headlines.

The candidates are a materialized CTE, so the planner picks the plan that reads all matches
best (the GIN index, unless the words are in most rows), while the LIMIT outside reads only
the first ones. The index's title column is the code and the title, in the row the vector
is read from, so ranking by title costs no lookup; ties go by it, which is by code.

Headlines are cut from the title and the first two lines that hold a query word (of the
body, or of the roles and tags when the body has none), not from the whole body: parsing
whole bodies took most of the time. A line is parsed only when it holds the start of a
query word (line_mentions), which most lines do not."""

_CUSTOM_PLANS = text("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)")

_STOP_WORDS = """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing don down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other
    our ours ourselves out over own s same she should so some such t than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with you your yours
    yourself yourselves
"""

STOP_WORDS = frozenset(_STOP_WORDS.split())
"""PostgreSQL's English stop words, which its index leaves out; SQLite's search drops them
too, so both databases answer alike and "the" or "in" in a query costs nothing."""


def _sqlite_match(words: list[str]) -> str:
    """An FTS5 query for documents holding every one of words, each quoted."""
    return " ".join('"' + word.replace('"', "") + '"' for word in words)


def _meaningful(words: list[str]) -> list[str]:
    """The words of a query that are not stop words (all of them if every one is)."""
    return [word for word in words if word.lower() not in STOP_WORDS] or words


def search(
    connection: Connection,
    *,
    query: str,
    filters: Filters | None = None,
    limit: int = 20,
    candidates: int = RANKED_CANDIDATES,
) -> list[SearchHit]:
    """The documents that contain every word of query, best match first.

    Only the first candidates matches the index yields (of those the filters keep; never
    fewer than limit) are ranked (sopflow.library.ranking: the title first, then the
    database's text rank), so a word found in most documents answers as fast as a rare one.
    """
    words = _WORD.findall(query)
    if not words:
        raise SopflowError(f"search: {query!r} has no words to look for")
    meaningful = _meaningful(words)
    sqlite = connection.dialect.name == "sqlite"
    terms = title_terms(
        meaningful,
        named="d.code || ' ' || d.title" if sqlite else "c.title",
        find="instr" if sqlite else "strpos",
    )
    params: dict[str, Any] = {
        "start": START,
        "stop": STOP,
        "limit": limit,
        "candidates": max(limit, candidates),
        **terms.params,
    }
    where = _filters(filters or Filters(), params)
    ranking = {"columns": terms.columns, "rank": terms.expression, "filters": where}
    if sqlite:
        params["match"] = _sqlite_match(meaningful)
        sql = _SQLITE.format(**ranking)
    else:
        params["words"] = " ".join(words)
        join = " JOIN documents AS d ON d.id = s.document_id" if where else ""
        mentions = mentions_any("line", terms)
        sql = _POSTGRES.format(join=join, line_mentions=mentions, **ranking)
        # psycopg prepares a statement run five times, and PostgreSQL then soon settles on
        # a generic plan, which cannot know whether the words are rare (read the GIN
        # index) or in most rows (read the table): it took twice as long. For the rest of
        # this transaction, every statement is planned for its own parameters.
        connection.execute(_CUSTOM_PLANS)
    rows = connection.execute(text(sql), params).all()
    return [
        SearchHit(
            code=row.code,
            kind=row.kind,
            title=row.title,
            state=row.state,
            owner=row.owner,
            department=row.department,
            rank=float(row.rank),
            snippet=fragments(row.marked or ""),
        )
        for row in rows
    ]
