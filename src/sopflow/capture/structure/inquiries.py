"""What a step finds out: "check whether the form is signed", "check (again) if the items are
in stock". The clause after such a verb is the question the step asks: its verbs are no
steps, and its "if" opens no decision; a decision, when there is one, follows the step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.lexicon import INQUIRY_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

GOVERNED = frozenset({"ccomp", "advcl", "xcomp"})
"""How the parser hangs the asked clause on the verb that asks it."""


def inquiry_mark(mark: Token) -> bool:
    """ "whether" after a verb of finding out, or "if" right after one ("check if …", "check
    again if …"); "checks the form if the customer asks" stays a condition."""
    if mark.lower_ not in {"whether", "if"} or mark.head.dep_ not in GOVERNED:
        return False
    governor = mark.head.head
    if governor.lemma_.lower() not in INQUIRY_VERBS:
        return False
    if mark.lower_ == "whether":
        return True
    between = mark.doc[governor.i + 1 : mark.i]
    return governor.i < mark.i and all(t.pos_ in {"ADV", "PART"} for t in between)


def asks(verb: Token) -> bool:
    """Whether verb heads an "if" clause that a verb of finding out asks."""
    return any(c.dep_ == "mark" and c.lower_ == "if" and inquiry_mark(c) for c in verb.children)


def asked(verb: Token) -> bool:
    """Whether verb heads a clause a verb of finding out asks: "(checks) whether the
    customer has paid", "(checks) if the parts are in stock"."""
    return any(c.dep_ == "mark" and inquiry_mark(c) for c in verb.children)


def inquiry_tokens(doc: Doc) -> set[int]:
    """The tokens of every asked clause: no step is found inside them ("checks whether the
    customer has paid" asks about the payment; the customer does nothing here)."""
    return {t.i for verb in doc if asked(verb) for t in verb.subtree}
