"""Which verbs are passives, and which "by" names their performer (invented sentences)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sopflow.capture.structure.passives import (
    gapped_passive,
    is_passive,
    passive_agent,
    shared_passive,
)


@pytest.mark.parametrize(
    ("sentence", "verb", "kind", "performer"),
    [
        ("The claim is checked by the clerk.", "checked", "passive", "clerk"),
        ("The invoice is archived.", "archived", "passive", None),
        ("The parcel is weighed and labelled by the courier.", "labelled", "shared", "courier"),
        (
            "The form is signed by the clerk and the receipt filed by the manager.",
            "filed",
            "gapped",
            "manager",
        ),
        # a participle that says which one, and a verb sharing an active subject: no passives
        ("The clerk files the form signed by the manager.", "signed", None, None),
        ("The clerk checks and files the invoice.", "files", None, None),
    ],
)
def test_kinds_of_passive(
    nlp: Language, sentence: str, verb: str, kind: str | None, performer: str | None
) -> None:
    token = next(t for t in nlp(sentence) if t.text == verb)
    kinds = {"passive": is_passive, "shared": shared_passive, "gapped": gapped_passive}
    assert [name for name, test in kinds.items() if test(token)] == ([kind] if kind else [])
    agent = passive_agent(token) if kind else None
    named = next((c.text for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    assert named == performer
