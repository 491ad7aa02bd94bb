"""Past participles of English verbs, for outcome names ("Request rejected") and for telling
an auxiliary "has" from a possessive one in questions ("has been sent")."""

from __future__ import annotations

import re

PARTICIPLES: dict[str, str] = {
    "be": "been",
    "begin": "begun",
    "bring": "brought",
    "buy": "bought",
    "choose": "chosen",
    "do": "done",
    "draw": "drawn",
    "find": "found",
    "forward": "forwarded",
    "get": "received",
    "give": "given",
    "go": "gone",
    "hold": "held",
    "keep": "kept",
    "know": "known",
    "leave": "left",
    "lend": "lent",
    "make": "made",
    "meet": "met",
    "pay": "paid",
    "put": "put",
    "read": "read",
    "see": "seen",
    "sell": "sold",
    "send": "sent",
    "set": "set",
    "shut": "shut",
    "take": "taken",
    "tell": "told",
    "think": "thought",
    "write": "written",
    "arise": "arisen",
    "bear": "borne",
    "beat": "beaten",
    "become": "become",
    "bend": "bent",
    "bet": "bet",
    "bid": "bid",
    "bind": "bound",
    "bite": "bitten",
    "bleed": "bled",
    "blow": "blown",
    "break": "broken",
    "breed": "bred",
    "broadcast": "broadcast",
    "build": "built",
    "burst": "burst",
    "cast": "cast",
    "catch": "caught",
    "come": "come",
    "cost": "cost",
    "cut": "cut",
    "deal": "dealt",
    "dig": "dug",
    "drink": "drunk",
    "drive": "driven",
    "eat": "eaten",
    "fall": "fallen",
    "feed": "fed",
    "feel": "felt",
    "fight": "fought",
    "fly": "flown",
    "forbid": "forbidden",
    "forecast": "forecast",
    "forget": "forgotten",
    "forgive": "forgiven",
    "freeze": "frozen",
    "grow": "grown",
    "hang": "hung",
    "have": "had",
    "hear": "heard",
    "hide": "hidden",
    "hit": "hit",
    "hurt": "hurt",
    "lay": "laid",
    "lead": "led",
    "let": "let",
    "lie": "lain",
    "light": "lit",
    "lose": "lost",
    "mean": "meant",
    "quit": "quit",
    "ride": "ridden",
    "ring": "rung",
    "rise": "risen",
    "run": "run",
    "say": "said",
    "seek": "sought",
    "shake": "shaken",
    "shine": "shone",
    "shoot": "shot",
    "show": "shown",
    "shrink": "shrunk",
    "sing": "sung",
    "sink": "sunk",
    "sit": "sat",
    "sleep": "slept",
    "slide": "slid",
    "speak": "spoken",
    "spend": "spent",
    "spin": "spun",
    "split": "split",
    "spread": "spread",
    "stand": "stood",
    "steal": "stolen",
    "stick": "stuck",
    "sting": "stung",
    "strike": "struck",
    "swear": "sworn",
    "sweep": "swept",
    "swim": "swum",
    "swing": "swung",
    "teach": "taught",
    "tear": "torn",
    "throw": "thrown",
    "understand": "understood",
    "wake": "woken",
    "wear": "worn",
    "weep": "wept",
    "win": "won",
    "wind": "wound",
    "withdraw": "withdrawn",
    "wring": "wrung",
    "submit": "submitted",
    "commit": "committed",
    "admit": "admitted",
    "permit": "permitted",
    "transfer": "transferred",
    "refer": "referred",
    "prefer": "preferred",
    "occur": "occurred",
}
"""Past participles not made by adding "-ed" to the verb: "sent", "paid", "permitted"."""


VERB_PREFIXES = ("re", "un", "over", "under", "with", "mis", "out", "up", "fore")
"""Prefixes an irregular verb keeps its participle under: "resend" -> "resent"."""


def past_participle(lemma: str) -> str:
    """The past participle of an English verb, for outcome names: "close" -> "closed"."""
    word = lemma.casefold()
    prefix, hyphen, base = word.rpartition("-")
    if hyphen and base:
        return f"{prefix}-{past_participle(base)}"  # "re-submit" -> "re-submitted"
    if word in PARTICIPLES:
        return PARTICIPLES[word]
    for prefix in VERB_PREFIXES:  # "rebuild" -> "rebuilt", "withhold" -> "withheld"
        if word.startswith(prefix) and word[len(prefix) :] in PARTICIPLES:
            return prefix + PARTICIPLES[word[len(prefix) :]]
    if word.endswith("e"):
        return word + "d"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ied"
    one_syllable = len(re.findall(r"[aeiouy]+", word)) == 1
    if re.search(r"(?:^|[^aeiou])[aeiou][bdgmnpt]$", word) and one_syllable:
        return word + word[-1] + "ed"
    return word + "ed"
