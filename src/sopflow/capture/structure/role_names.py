"""When two mentions name one role: the more general name and the more specific one.

Kept apart from the actor index that uses it: the rules of a role's name (ranks, "X of Y")
grow on their own, the index's merging stays as it is.
"""

from __future__ import annotations


def same_role(one: str, other: str) -> bool:
    """Whether two mentions name one role: "agent" and "support agent", "supervisor" and
    "direct supervisor of the intern", "physician of the lab" and "lab physician"; not "head
    of finance" and "head of sales", nor "nurse of the clinic" and "night nurse" (each more
    specific its own way), nor "senior clerk" and "clerk" (another rank)."""
    core, _, of = one.partition(" of ")
    other_core, _, other_of = other.partition(" of ")
    if of and other_of and of != other_of:
        return False
    if core == other_core:
        return True
    if f"{of} {core}" == other or f"{other_of} {other_core}" == one:
        return True  # "physician of the lab" and "lab physician"
    if core.endswith(" " + other_core):  # other is the more general one
        return _same_rank(core, other_core) and (not other_of or other_of == of)
    if other_core.endswith(" " + core):
        return _same_rank(other_core, core) and (not of or of == other_of)
    return False


RANKS = frozenset(
    {"senior", "junior", "chief", "deputy", "assistant", "vice", "associate", "head", "trainee"}
)
"""Words that make a role of another rank: "senior claims officer" is not "claims officer"."""


def _same_rank(specific: str, general: str) -> bool:
    """Whether the words that make specific more specific than general leave its rank."""
    return not RANKS.intersection(specific[: -len(general)].split())
