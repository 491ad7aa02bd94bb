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
"""Characters of a title read as spaces, so "bank-transfer" holds "transfer" and a code's
dashes part its words."""


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


CODE_WORDS = 3
"""A code is three words to the ranking: "SOP-FIN-003" reads "sop fin 003"."""


@dataclass(frozen=True)
class TitleTerms:
    """The bound parameters and SQL that rank candidates by their titles."""

    params: dict[str, str]
    find: str
    """The database's substring function the SQL calls."""
    columns: str
    """SQL select-list items: one flag per query word, 1 when the code or title holds it
    (t0, t1, …), and the number of words of code and title (named_words; runs of
    separators count as several, which only a careless title has)."""
    expression: str
    """SQL over those columns, score (the text rank, higher is better) and best (the
    highest score among the candidates): the rank."""


def title_terms(words: list[str], *, named: str, find: str = "instr") -> TitleTerms:
    """The rank of a candidate for these query words (stop words already left out).

    named: SQL of the candidate's code and title, "SOP-FIN-003 Customer refund".
    find: the database's substring function taking (text, part): SQLite's instr,
    PostgreSQL's strpos. Each flag is worked out once per candidate, in the candidates'
    select list, since the title is read for every word.
    """
    distinct = list(dict.fromkeys(word.lower() for word in words))
    text = normalized(named)
    params = {f"word_{n}": f" {prefix(word)}" for n, word in enumerate(distinct)}
    columns = [
        f"CASE WHEN {find}({text}, :word_{n}) > 0 THEN 1 ELSE 0 END AS t{n}"
        for n in range(len(distinct))
    ]
    separators = named
    for character in (" ", *SEPARATORS):
        separators = f"replace({separators}, '{character}', '')"
    columns.append(f"length({named}) - length({separators}) + 1 AS named_words")
    held = " + ".join(f"t{n}" for n in range(len(distinct)))
    # Floating point on both databases: PostgreSQL's numeric arithmetic is slower.
    closeness = f"CAST({held} AS DOUBLE PRECISION) / nullif(named_words - {CODE_WORDS}, 0)"
    score = "score / nullif(best, 0)"
    expression = (
        f"{held} + {CLOSENESS_WEIGHT} * coalesce({closeness}, 0)"
        f" + {TEXT_WEIGHT} * coalesce({score}, 0)"
    )
    return TitleTerms(params=params, find=find, columns=", ".join(columns), expression=expression)


def mentions_any(column: str, terms: TitleTerms) -> str:
    """SQL true when column holds the start of any query word: a cheap test to run before
    an exact one (PostgreSQL's to_tsvector), which it may only narrow, never widen."""
    text = normalized(column)
    return " OR ".join(f"{terms.find}({text}, :{name}) > 0" for name in terms.params)


def normalized(column: str) -> str:
    """SQL for a title as title_terms reads it: lower case, separators as spaces, a space
    before every word ("SOP-FIN-003 Bank-transfer" reads " sop fin 003 bank transfer")."""
    sql = f"lower({column})"
    for character in SEPARATORS:
        sql = f"replace({sql}, '{character}', ' ')"
    return f"' ' || {sql}"
