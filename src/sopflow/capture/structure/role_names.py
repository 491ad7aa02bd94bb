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
    if "/" in one or "/" in other:
        return any(same_role(a, b) for a in _either(one) for b in _either(other))
    core, _, of = one.partition(" of ")
    other_core, _, other_of = other.partition(" of ")
    if of and other_of and of != other_of:
        return False
    if core == other_core or _unit(core) == other_core or _unit(other_core) == core:
        return True  # "billing" and "the billing team"
    if f"{of} {core}" == other or f"{other_of} {other_core}" == one:
        return True  # "physician of the lab" and "lab physician"
    if core.endswith(" " + other_core):  # other is the more general one
        return _same_rank(core, other_core) and (not other_of or other_of == of)
    if other_core.endswith(" " + core):
        return _same_rank(other_core, core) and (not of or of == other_of)
    return False


def _either(name: str) -> list[str]:
    """A name with words joined by "/" ("petitioner/employee", "sales/billing team"): itself
    and each alternative, which names the same role ("the employee")."""
    if "/" not in name:
        return [name]
    words = name.split()
    at = next(i for i, word in enumerate(words) if "/" in word)
    parts = [part for part in words[at].split("/") if part]
    return [name.replace("/", " "), *(" ".join([*words[:at], p, *words[at + 1 :]]) for p in parts)]


UNIT_WORDS = frozenset({"team", "department", "unit", "division", "section", "desk"})
"""Last words that only say a name is a unit's: "Billing" and "the billing team" are one."""


def _unit(name: str) -> str | None:
    """The unit's own name without its last word "team" or "department", else None."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1] in UNIT_WORDS else None


RANKS = frozenset(
    {"senior", "junior", "chief", "deputy", "assistant", "vice", "associate", "head", "trainee"}
)
"""Words that make a role of another rank: "senior claims officer" is not "claims officer"."""


def _same_rank(specific: str, general: str) -> bool:
    """Whether the words that make specific more specific than general leave its rank."""
    return not RANKS.intersection(specific[: -len(general)].split())
