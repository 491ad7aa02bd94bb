"""People's names redacted as [PERSON] with the installed pipeline's recogniser; roles,
organisations and products kept."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sopflow.capture.clean.mapped import Mapped
from sopflow.capture.clean.names import (
    is_role,
    load_name_recogniser,
    mentions,
    person_finder,
    speaker_aliases,
    without_speaker_names,
)
from sopflow.capture.clean.redaction import redact
from sopflow.capture.timeline import Utterance
from sopflow.errors import SopflowError
from sopflow.settings import DEFAULT_SPACY_MODEL


@pytest.fixture(scope="module")
def recogniser() -> Language:
    return load_name_recogniser(DEFAULT_SPACY_MODEL)


PEOPLE = [
    ("Anna Berg from Acme approves the refund.", "[PERSON] from Acme approves the refund."),
    ("Then Tom sends it to the HR coordinator.", "Then [PERSON] sends it to the HR coordinator."),
    (
        "The clerk forwards the form to John Smith, the account manager.",
        "The clerk forwards the form to [PERSON], the account manager.",
    ),
    ("The Payroll Clerk informs Mr. Jones.", "The Payroll Clerk informs Mr. [PERSON]."),
    ("Put the form on Anna's desk.", "Put the form on [PERSON]'s desk."),
    (
        "Anna Berg checks the claim. Later Berg signs it.",
        "[PERSON] checks the claim. Later [PERSON] signs it.",
    ),
    (
        "Create the ticket in Zendesk and assign it to Maria Lopez.",
        "Create the ticket in Zendesk and assign it to [PERSON].",
    ),
]

NOT_PEOPLE = [
    "The Finance Manager signs the voucher.",
    "The HR Coordinator files the contract in HubSpot.",
    "The Service Desk sends the laptop to the new starter.",
    "Log in to Salesforce and open the account.",
    "Open QuickBooks and enter the invoice.",
    "Refund the payment in Stripe.",
    "Post it on Slack for the team.",
    "Export the file from SAP and send it to Procurement.",
    "Ask the secretary for the key.",
]


def test_the_recogniser_runs_alone(recogniser: Language) -> None:
    assert recogniser.pipe_names == ["ner"]


@pytest.mark.parametrize(("said", "redacted"), PEOPLE)
def test_names_become_person(recogniser: Language, said: str, redacted: str) -> None:
    text, found = redact(Mapped.of(said), person_finder(recogniser))
    assert text.text == redacted
    assert {item.kind for item in found} == {"person"}


@pytest.mark.parametrize("said", NOT_PEOPLE)
def test_roles_organisations_and_products_are_kept(recogniser: Language, said: str) -> None:
    assert redact(Mapped.of(said), person_finder(recogniser)) == (Mapped.of(said), ())


def test_known_names_are_found_even_where_the_recogniser_sees_none(
    recogniser: Language,
) -> None:
    text, _ = redact(Mapped.of("Thanks, Dana, that helps."), person_finder(recogniser, ["Dana"]))
    assert text.text == "Thanks, [PERSON], that helps."


@pytest.mark.parametrize(
    ("names", "text", "spans"),
    [
        (["Anna Berg"], "Anna Berg signs; Berg files it", [(0, 9), (17, 21)]),
        (["Will Smith"], "Will you ask Smith?", [(13, 18)]),  # "Will" opens the question
        (["Tom"], "Tomorrow Tom", [(9, 12)]),
        (["Anna Berg"], "mail anna.berg@example.com", []),
    ],
)
def test_every_mention_of_a_name(names: list[str], text: str, spans: list[tuple[int, int]]) -> None:
    assert sorted(mentions(text, names)) == spans


@pytest.mark.parametrize(
    ("name", "role"),
    [("Finance Manager", True), ("HR Coordinator", True), ("Tom Baker", False), ("Anna", False)],
)
def test_is_role(name: str, role: bool) -> None:
    assert is_role(name) is role


def test_speakers_named_as_people_get_an_alias_and_roles_keep_theirs() -> None:
    said = (
        Utterance("I open it.", speaker="Dana Reyes"),
        Utterance("Thanks.", speaker="Agent"),
        Utterance("I close it.", speaker="Sam"),
        Utterance("Done.", speaker="Dana Reyes"),
    )
    aliases = speaker_aliases(said)
    assert aliases == {"Dana Reyes": "Speaker 1", "Sam": "Speaker 2"}
    assert [u.speaker for u in without_speaker_names(said, aliases)] == [
        "Speaker 1",
        "Agent",
        "Speaker 2",
        "Speaker 1",
    ]


def test_a_pipeline_that_is_not_installed_is_named() -> None:
    with pytest.raises(SopflowError, match="no_such_pipeline"):
        load_name_recogniser("no_such_pipeline")
