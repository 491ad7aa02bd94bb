"""Placeholders stay whole: one token to the parser, and whole in every step and outcome."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from spacy.language import Language

from sopflow.capture.clean.names import load_name_recogniser
from sopflow.capture.clean.placeholders import keep_placeholders_whole
from sopflow.capture.clean.redaction import RedactionKind, placeholder
from sopflow.capture.draft import draft, rule_based
from sopflow.capture.readers.text import parse_text
from sopflow.capture.timeline import Walkthrough
from sopflow.formats.yaml_write import dump_document
from sopflow.model import Step
from sopflow.settings import DEFAULT_SPACY_MODEL

KINDS = "|".join(kind.upper() for kind in get_args(RedactionKind))
PLACEHOLDER = re.compile(rf"\[(?:{KINDS})\]")


def cut_placeholders(text: str) -> list[str]:
    """What is left of a placeholder once the whole ones are taken out: "[EMAIL", "PASSWORD]"."""
    rest = PLACEHOLDER.sub(" ", text)
    return re.findall(r"\[[A-Z_]+|[A-Z_]+\]|\b(?:EMAIL|PASSWORD|PERSON|API_KEY|PHONE|CARD)\b", rest)


SAID = (
    "The clerk opens the refund form. The secretary checks the password policy. "
    "The clerk types the password is Tr0ub4dor into the form. Anna Berg approves the refund. "
    "Then the clerk mails the receipt to anna.berg@example.com. "
    "If the card 4242 4242 4242 4242 is declined, the clerk calls +44 20 7946 0958. "
    "Ask Tom Weber for the PIN: 4711. The clerk e-mails the confirmation to Tom Weber."
)


@pytest.fixture(scope="module")
def names() -> Language:
    return load_name_recogniser(DEFAULT_SPACY_MODEL)


def test_each_placeholder_is_one_token(capture_nlp: Language) -> None:
    keep_placeholders_whole(capture_nlp)
    for kind in get_args(RedactionKind):
        doc = capture_nlp(f"Send it to {placeholder(kind)}.")
        assert [t.text for t in doc] == ["Send", "it", "to", placeholder(kind), "."]
        assert doc[3].pos_ in {"NOUN", "PROPN", "NUM"}
        assert doc[3].lemma_ == placeholder(kind)


def test_teaching_twice_changes_nothing(capture_nlp: Language) -> None:
    keep_placeholders_whole(capture_nlp)
    ruler = capture_nlp.get_pipe("attribute_ruler")
    patterns = len(ruler.patterns)  # type: ignore[attr-defined]
    keep_placeholders_whole(capture_nlp)
    assert len(ruler.patterns) == patterns  # type: ignore[attr-defined]


def test_no_step_outcome_or_role_of_a_draft_cuts_a_placeholder(
    capture_nlp: Language, names: Language
) -> None:
    captured = draft(
        Walkthrough(("t.txt",), parse_text(SAID)), rule_based(capture_nlp), names=names
    )
    assert captured.sop is not None
    joined = dump_document(captured.sop)  # every step, decision, outcome, role and quote
    assert cut_placeholders(joined) == []
    assert "Mail the receipt to [EMAIL]." in joined
    for kind in ("password", "email", "person", "card", "phone"):
        assert placeholder(kind) in joined  # type: ignore[arg-type]
    assert "secretary" in joined.casefold()
    assert not re.search(r"Anna|Berg|Tom|Weber|Tr0ub4dor|4711|example\.com", joined)
    kinds = sorted({record.kind for record in captured.redactions})
    assert kinds == ["card", "email", "password", "person", "phone"]


def test_a_named_performer_still_performs(capture_nlp: Language, names: Language) -> None:
    said = "Anna Berg checks the invoice and sends it to the manager. The manager signs it."
    captured = draft(
        Walkthrough(("t.txt",), parse_text(said)), rule_based(capture_nlp), names=names
    )
    assert captured.sop is not None
    first = next(n for n in captured.sop.flow.nodes if isinstance(n, Step))
    assert first.instruction == "Check the invoice."
    assert first.role == "person"


@pytest.mark.parametrize(
    "said",
    [
        "The agent writes to anna.berg@example.com and reads the card 4242 4242 4242 4242. "
        "Then the agent closes the ticket.",
        "Anna Berg sends the receipt to the manager at tom.weber@example.com. "
        "The manager files it.",
        "If the PIN: 4711 fails, the clerk calls +44 20 7946 0958 and logs the call.",
    ],
)
def test_a_redacted_draft_has_the_shape_of_the_one_as_said(
    capture_nlp: Language, names: Language, said: str
) -> None:
    walkthrough = Walkthrough(("t.txt",), parse_text(said))
    shapes = []
    for redact in (True, False):
        captured = draft(walkthrough, rule_based(capture_nlp), redact_secrets=redact, names=names)
        assert captured.sop is not None
        shapes.append([node.type for node in captured.sop.flow.nodes])
    assert shapes[0] == shapes[1]
