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

SEPARATORS = "-/()"
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
    """The bound parameters and SQL expression that rank candidates by their titles."""

    params: dict[str, str]
    expression: str
    """SQL over a candidate's columns title (lower case, SEPARATORS as spaces, a space
    before), code (lower case, dashes as spaces, a space on each side), score (the text
    rank, higher is better) and best (the highest score among the candidates)."""


def title_terms(words: list[str], *, find: str = "instr") -> TitleTerms:
    """The rank of a candidate for these query words (stop words already left out).

    find: the database's substring function taking (text, part): SQLite's instr,
    PostgreSQL's strpos.
    """
    distinct = list(dict.fromkeys(word.lower() for word in words))
    params: dict[str, str] = {}
    in_title: list[str] = []
    held: list[str] = []
    for n, word in enumerate(distinct):
        params[f"title_{n}"] = f" {prefix(word)}"
        params[f"code_{n}"] = f" {word} "
        title = f"{find}(title, :title_{n}) > 0"
        in_title.append(f"CASE WHEN {title} THEN 1 ELSE 0 END")
        held.append(f"CASE WHEN {title} OR {find}(code, :code_{n}) > 0 THEN 1 ELSE 0 END")
    title_words = "(length(title) - length(replace(title, ' ', '')))"
    closeness = f"1.0 * ({' + '.join(in_title)}) / nullif({title_words}, 0)"
    text = "score / nullif(best, 0)"
    expression = (
        f"({' + '.join(held)}) + {CLOSENESS_WEIGHT} * coalesce({closeness}, 0)"
        f" + {TEXT_WEIGHT} * coalesce({text}, 0)"
    )
    return TitleTerms(params=params, expression=expression)


def normalized_title(column: str) -> str:
    """SQL for a title column as title_terms reads it: lower case, separators as spaces."""
    sql = f"lower({column})"
    for character in SEPARATORS:
        sql = f"replace({sql}, '{character}', ' ')"
    return f"' ' || {sql}"


def normalized_code(column: str) -> str:
    """SQL for a code column as title_terms reads it: "SOP-FIN-003" as " sop fin 003 "."""
    return f"' ' || replace(lower({column}), '-', ' ') || ' '"
