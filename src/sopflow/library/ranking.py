"""The order of search hits: a document named by the query first, then the text's own rank.

Both databases rank by how often and where the words occur (bm25 on SQLite, ts_rank_cd on
PostgreSQL). That alone can put a document that mentions "refund" more often above the one
titled "Customer refund", and SQLite's bm25 even counts the whole document's length against
a match in its title. Someone who types the words of a document's name expects that
document first, so the order is decided first by the title: how many of the query's words
it (or the code) holds, then how much of the title they make up, then the database's text
rank. The databases compute it over their candidates with the same SQL expression, so both
order alike, and only the page of hits leaves the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

_STEMMER = snowballstemmer.stemmer("porter")
"""Porter, as SQLite's FTS5 index stems (PostgreSQL's English Snowball differs in rare
words: a difference can change an order, never whether a document matches)."""

CLOSENESS_WEIGHT = 0.5
TEXT_WEIGHT = 0.49
"""Each query word in the title is worth 1; how much of the title the query makes up adds
at most 0.5 and the database's text rank at most 0.49, so neither outweighs a word."""

SEPARATORS = "-/"
"""Characters of a title read as spaces, so "bank-transfer" holds "transfer"."""


@lru_cache(maxsize=4096)
def prefix(word: str) -> str:
    """The beginning every form of word shares: its Porter stem, less a final "i" or "e".

    Porter's stems are the start of the word except where it writes y as i ("policy",
    "polici"); without that letter the stem begins "policy" and "policies" alike, so a
    plain substring test in SQL finds the word in a title. Short stems stay whole words.
    """
    lower = word.lower()
    stem = str(_STEMMER.stemWord(lower))
    if stem[-1:] in ("i", "e") and len(stem) > 4:
        stem = stem[:-1]
    return stem if len(stem) >= 3 and lower.startswith(stem) else lower


@dataclass(frozen=True)
class TitleTerms:
    """The bound parameters and SQL that rank candidates by their titles."""

    params: dict[str, str]
    columns: str
    """SQL select-list items over a candidate's documents row `d`: one flag per query word
    for its title (t0, t1, …) and its code (c0, …), and the title's number of words."""
    expression: str
    """SQL over those columns, score (the text rank, higher is better) and best (the
    highest score among the candidates): the rank."""


def title_terms(words: list[str], *, find: str = "instr") -> TitleTerms:
    """The rank of a candidate for these query words (stop words already left out).

    find: the database's substring function taking (text, part): SQLite's instr,
    PostgreSQL's strpos. Each flag is worked out once per candidate, in the candidates'
    select list, since a title is read for every word.
    """
    distinct = list(dict.fromkeys(word.lower() for word in words))
    title = normalized_title("d.title")
    code = normalized_code("d.code")
    params: dict[str, str] = {}
    columns: list[str] = []
    for n, word in enumerate(distinct):
        params[f"title_{n}"] = f" {prefix(word)}"
        params[f"code_{n}"] = f" {word} "
        columns.append(f"CASE WHEN {find}({title}, :title_{n}) > 0 THEN 1 ELSE 0 END AS t{n}")
        columns.append(f"CASE WHEN {find}({code}, :code_{n}) > 0 THEN 1 ELSE 0 END AS c{n}")
    columns.append(f"length({title}) - length(replace({title}, ' ', '')) AS title_words")
    held = " + ".join(f"CASE WHEN t{n} + c{n} > 0 THEN 1 ELSE 0 END" for n in range(len(distinct)))
    in_title = " + ".join(f"t{n}" for n in range(len(distinct)))
    closeness = f"coalesce(({in_title}) / (1.0 * nullif(title_words, 0)), 0)"
    text = "coalesce(score / nullif(best, 0), 0)"
    expression = f"({held}) + {CLOSENESS_WEIGHT} * {closeness} + {TEXT_WEIGHT} * {text}"
    return TitleTerms(params=params, columns=", ".join(columns), expression=expression)


def normalized_title(column: str) -> str:
    """SQL for a title column as title_terms reads it: lower case, separators as spaces."""
    sql = f"lower({column})"
    for character in SEPARATORS:
        sql = f"replace({sql}, '{character}', ' ')"
    return f"' ' || {sql}"


def normalized_code(column: str) -> str:
    """SQL for a code column as title_terms reads it: "SOP-FIN-003" as " sop fin 003 "."""
    return f"' ' || replace(lower({column}), '-', ' ') || ' '"
