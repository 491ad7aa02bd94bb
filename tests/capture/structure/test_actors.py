"""Roles, teams and systems: found in subjects, agents and recipients, merged by coreference."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.extraction import Extraction


def actors(extraction: Extraction) -> list[tuple[str, str, int, bool]]:
    """(name, kind, number of mentions, narrator) of each actor."""
    return [(a.name, a.kind, len(a.mentions), a.narrator) for a in extraction.actors]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a full name, a shorter one and a pronoun are one actor
        (
            "The support agent opens the ticket. The agent checks the order. "
            "Then she refunds the payment.",
            [("support agent", "person", 3, False)],
        ),
        # "she" skips the team mentioned in between; "it" may refer to a system
        (
            "The agent emails the finance team. Then she closes the ticket.",
            [("agent", "person", 2, False), ("finance team", "team", 1, False)],
        ),
        # the narrator is its own actor, apart from the people they work with
        (
            "I check the claim and then the manager approves it.",
            [("I", "person", 1, True), ("manager", "person", 1, False)],
        ),
        # teams and systems by their head noun
        (
            "The finance department pays the invoice. The billing system sends a receipt.",
            [("finance department", "team", 1, False), ("billing system", "system", 1, False)],
        ),
        # an agent noun not in any list, and an acronym of an organisation
        (
            "The underwriter signs the contract. Then the CA confirms the registration.",
            [("underwriter", "person", 1, False), ("ca", "team", 1, False)],
        ),
        # a passive's agent
        ("The claim is checked by a claims officer.", [("claims officer", "person", 1, False)]),
        # "who" refers to its antecedent
        (
            "The car goes to a tyre fitter who checks the wheels.",
            [("tyre fitter", "person", 2, False)],
        ),
    ],
)
def test_actors(
    structured: Callable[[str], Extraction],
    text: str,
    expected: list[tuple[str, str, int, bool]],
) -> None:
    assert actors(structured(text)) == expected


def test_things_are_not_actors(structured: Callable[[str], Extraction]) -> None:
    extraction = structured("The order arrives. The report is filed.")
    assert extraction.actors == ()


def test_a_lower_case_name_is_a_role_by_what_it_does(
    structured: Callable[[str], Extraction],
) -> None:
    # a recogniser writes the acronym "DO" as the word "do"
    extraction = structured(
        "The do verifies the request. The do rejects the request, the do informs the clerk."
    )
    assert ("do", 3) in [(a.name, len(a.mentions)) for a in extraction.actors]


def test_a_thing_that_is_acted_on_is_not_a_role(structured: Callable[[str], Extraction]) -> None:
    extraction = structured("I open the form. The form shows the total. The form lists the items.")
    assert [a.name for a in extraction.actors] == ["I"]


def performers(extraction: Extraction) -> list[str | None]:
    """The name of each activity's performer, None where there is none."""
    return [
        extraction.actors[a.actor].name if a.actor is not None else None
        for a in extraction.activities
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a pronoun refers to the nearest earlier subject that fits it, not to a recipient
        (
            "The clerk sends the form to the customer. She then files a copy.",
            ["clerk", "clerk"],
        ),
        # "they" prefers several people to a team said closer, and a later "they" the same
        (
            "A company selects the auditors. Auditors act as reviewers. "
            "First they read the accounts, then they sign the report.",
            ["company", "auditors", "auditors"],
        ),
        # a pronoun that refers to no role is no role
        ("The designs are revised. Then they need to restart.", [None, None]),
        # a role and a more specific mention of it; not two roles specific each their own way
        (
            "The supervisor receives the request. The direct supervisor of the intern "
            "approves it. A nurse of the clinic tests it. The night nurse signs it.",
            [
                "direct supervisor of intern",
                "direct supervisor of intern",
                "nurse of clinic",
                "night nurse",
            ],
        ),
        # a named person with their team is the team; "one of" a role is that role
        ("Anna from the accounting team checks the invoice.", ["accounting team"]),
        ("First, one of the foremen plans the shift.", ["foremen"]),
    ],
)
def test_who_performs_each_step(
    structured: Callable[[str], Extraction], text: str, expected: list[str | None]
) -> None:
    assert performers(structured(text)) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("I send the invoice to Mr Smith.", "mr smith"),
        ("Then I ask Anna for the figures.", "anna"),
    ],
)
def test_people_s_names_are_marked(
    structured: Callable[[str], Extraction], text: str, named: str
) -> None:
    extraction = structured(text)
    assert [a.name for a in extraction.actors if a.named] == [named]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("I am the office manager. I open the post.", "office manager"),
        ("As the claims clerk, I register the claim.", "claims clerk"),
        ("I work as a payroll specialist. I check the hours.", "payroll specialist"),
        ("I work in the billing team. I check the hours.", "billing team"),
        ("Hi, I'm Anna, the office manager. I open the post.", "office manager"),
        ("We are the billing team. We send the invoices.", "billing team"),
        ("I file it as a copy.", None),
        ("I am happy. I open the post.", None),
    ],
)
def test_the_role_the_narrator_gives_themselves(
    structured: Callable[[str], Extraction], text: str, role: str | None
) -> None:
    extraction = structured(text)
    (narrator,) = [a for a in extraction.actors if a.narrator]
    assert narrator.role == role


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        (
            "The clerk checks the order. Then the storehouse and the engineering team are "
            "informed.",
            ["the storehouse", "the engineering team"],
        ),
        (
            "The clerk sends the invoice to the manager and the auditor.",
            ["the manager", "the auditor"],
        ),
    ],
)
def test_roles_said_beside_the_recipient_receive_it_too(
    structured: Callable[[str], Extraction], text: str, recipients: list[str]
) -> None:
    extraction = structured(text)
    (activity,) = [a for a in extraction.activities if a.recipient_mention is not None]
    spans = [activity.recipient_mention, *activity.other_recipients]
    assert [span.text(extraction.text) for span in spans if span is not None] == recipients


def test_a_subject_the_parser_split_at_the_sentence_root_is_one_mention() -> None:
    """ "The bakery employees weigh the flour" read as "the bakery (that) employees weigh
    the flour": the mention is "The bakery employees", not "employees"."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from sopflow.capture.structure.actors import mention_tokens

    words = ["The", "bakery", "employees", "weigh", "the", "flour", "."]
    doc = Doc(
        Vocab(),
        words=words,
        heads=[1, 1, 3, 1, 5, 3, 1],
        deps=["det", "ROOT", "nsubj", "relcl", "det", "dobj", "punct"],
        pos=["DET", "NOUN", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
    )
    assert [t.text for t in mention_tokens(doc[2])] == ["The", "bakery", "employees"]
    # a clause's own subject, with its own "the", stays itself: "the bakery the cooks use"
    words = ["The", "bakery", "the", "cooks", "use", "."]
    doc = Doc(
        Vocab(),
        words=words,
        heads=[1, 1, 3, 4, 1, 1],
        deps=["det", "ROOT", "det", "nsubj", "relcl", "punct"],
        pos=["DET", "NOUN", "DET", "NOUN", "VERB", "PUNCT"],
    )
    assert [t.text for t in mention_tokens(doc[3])] == ["the", "cooks"]
