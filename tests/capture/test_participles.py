"""Outcome names need the past participle of the step's verb: "Request rejected", "Parcel
sent", "Car driven to the depot"."""

from __future__ import annotations

import pytest

from sopflow.capture.participles import past_participle


@pytest.mark.parametrize(
    ("lemma", "participle"),
    [
        # regular verbs, with their spelling rules
        ("close", "closed"),
        ("copy", "copied"),
        ("stop", "stopped"),
        ("plan", "planned"),
        ("open", "opened"),
        ("submit", "submitted"),
        ("archive", "archived"),
        ("check", "checked"),
        # irregular ones
        ("pay", "paid"),
        ("send", "sent"),
        ("drive", "driven"),
        ("have", "had"),
        ("forget", "forgotten"),
        ("withdraw", "withdrawn"),
        # a prefix keeps the irregular participle; a word that only looks prefixed does not
        ("rebuild", "rebuilt"),
        ("withhold", "withheld"),
        ("resend", "resent"),
        ("remind", "reminded"),
        ("re-submit", "re-submitted"),
    ],
)
def test_past_participle(lemma: str, participle: str) -> None:
    assert past_participle(lemma) == participle
