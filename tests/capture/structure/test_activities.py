"""Steps: the verb, who performs it, what it acts on, how, and for whom."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.extraction import Activity, Extraction


def describe(extraction: Extraction, activity: Activity) -> tuple[str, str | None, list[str]]:
    """(verb, performer's name, object texts) of one activity."""
    text = extraction.text
    actor = extraction.actors[activity.actor].name if activity.actor is not None else None
    return activity.verb.text(text), actor, [span.text(text) for span in activity.objects]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # third-person description
        ("The clerk checks the invoice.", [("checks", "clerk", ["the invoice"])]),
        # coordination: two activities on one object, the subject shared
        (
            "The clerk checks and files the invoice.",
            [("checks", "clerk", ["the invoice"]), ("files", "clerk", ["the invoice"])],
        ),
        (
            "The nurse measures the blood values and prints the lab report.",
            [("measures", "nurse", ["the blood values"]), ("prints", "nurse", ["the lab report"])],
        ),
        (
            "The manager reviews the report and signs it.",
            [("reviews", "manager", ["the report"]), ("signs", "manager", ["it"])],
        ),
        # first-person narration
        (
            "So I click Save and then we send the form.",
            [("click", "I", ["Save"]), ("send", "we", ["the form"])],
        ),
        # instructions: imperative and "you"
        ("Open the customer record.", [("Open", "you", ["the customer record"])]),
        ("You open the refund tab.", [("open", "you", ["the refund tab"])]),
        # passive with and without agent
        ("The claim is checked by the clerk.", [("checked", "clerk", ["The claim"])]),
        ("The invoice is archived.", [("archived", None, ["The invoice"])]),
        # a second passive said without its "is": a step of its own with its own agent
        (
            "The form is signed by the clerk and the receipt filed by the manager.",
            [("signed", "clerk", ["The form"]), ("filed", "manager", ["the receipt"])],
        ),
        # a second participle sharing the first one's "is": its own "by" names its performer
        (
            "The claim is recorded by the clerk and checked by the supervisor.",
            [("recorded", "clerk", ["The claim"]), ("checked", "supervisor", [])],
        ),
        # a participle that says which one is no passive
        ("The clerk files the form signed by the manager.", [("files", "clerk", ["the form"])]),
        # a verb read as a plural noun after a name the text gives a role
        ("The ACME deregisters at the bank.", [("deregisters", "acme", [])]),
        # a verb read as a plural noun between its subject and its object, one noun phrase
        ("If it is low, the clerk orders parts.", [("orders", "clerk", ["parts"])]),
        ("The nurse orders tests.", [("orders", "nurse", ["tests"])]),
        # a role's head word read as the verb: the verb after it is the step
        ("Then the team lead signs the form.", [("signs", "team lead", ["the form"])]),
        (
            "After the interview, the manager and the team lead discuss the candidate.",
            [("discuss", "manager", ["the candidate"])],
        ),
        ("I lead the meeting.", [("lead", "I", ["the meeting"])]),
        # going somewhere said by an adverb of place
        ("The guest can go home.", [("go", "guest", [])]),
        # a light verb passes the step to its complement
        ("The clerk needs to verify the address.", [("verify", "clerk", ["the address"])]),
        # click-level narration: moving somewhere and prepositional objects
        (
            "First I go to the Stripe dashboard. Then I click on Payments.",
            [("go", "I", []), ("click", "I", ["Payments"])],
        ),
        (
            "I search for the customer's email address.",
            [("search", "I", ["the customer's email address"])],
        ),
        # a phrasal verb is a step even when the bare verb is not
        ("The agent looks up the order.", [("looks up", "agent", ["the order"])]),
        # a subject the parser read as a compound
        ("The customer emails the support team.", [("emails", "customer", [])]),
        # a phrasal verb keeps its particle
        ("The agent sends back the form.", [("sends back", "agent", ["the form"])]),
        # a verb that rarely names a step does when it acts on something
        ("The waiter serves the soup.", [("serves", "waiter", ["the soup"])]),
        # a verb the tagger read as an adverb, between its subject and its object
        ("I forward the report to the insurer.", [("forward", "I", ["the report"])]),
        # a bare participle after the verb says the state the thing goes in, not a step
        (
            "If the customer declines, the van is returned unrepaired and the job is closed.",
            [("returned", None, ["the van"])],
        ),
        # an offer or a promise passes the step to what is offered
        ("The librarian offers to reserve the book.", [("reserve", "librarian", ["the book"])]),
        # deciding which one gets something is the step; the asked clause is what it decides
        (
            "The clerk decides which courier takes the parcel.",
            [("decides", "clerk", [])],
        ),
    ],
)
def test_activities(
    structured: Callable[[str], Extraction],
    sentence: str,
    expected: list[tuple[str, str | None, list[str]]],
) -> None:
    extraction = structured(sentence)
    assert [describe(extraction, a) for a in extraction.activities] == expected


@pytest.mark.parametrize(
    ("sentence", "recipient", "kind"),
    [
        ("The agent forwards the ticket to the team leader.", "the team leader", "handoff"),
        (
            "I report the leak to the Facilities Office.",
            "the Facilities Office",
            "handoff",
        ),
        ("The parcel is sent straight back to the courier.", "the courier", "handoff"),
        ("The secretary informs the customer.", "the customer", "step"),
        ("Then we hand the file over to the auditor.", "the auditor", "handoff"),
    ],
)
def test_recipients_and_handoffs(
    structured: Callable[[str], Extraction], sentence: str, recipient: str, kind: str
) -> None:
    extraction = structured(sentence)
    activity = extraction.activities[0]
    assert activity.recipient_mention is not None
    assert activity.recipient_mention.text(extraction.text) == recipient
    assert activity.kind == kind


def test_recipient_is_not_part_of_the_object(structured: Callable[[str], Extraction]) -> None:
    extraction = structured("I report the leak to the Facilities Office.")
    assert [s.text(extraction.text) for s in extraction.activities[0].objects] == ["the leak"]


@pytest.mark.parametrize(
    ("sentence", "details"),
    [
        ("She refunds the payment by e-mail.", ["by e-mail"]),
        ("The readings must be entered manually.", ["manually"]),
        ("The clerk stores it in the register.", ["in the register"]),
        ("They hold a workshop to train new staff.", ["to train new staff"]),
        # a place the parser hung on the object is still a detail of the step
        ("The support agent looks up the order in Shopify.", ["in Shopify"]),
        ("I click on Payments.", []),
    ],
)
def test_manner_and_tool_details(
    structured: Callable[[str], Extraction], sentence: str, details: list[str]
) -> None:
    extraction = structured(sentence)
    assert [s.text(extraction.text) for s in extraction.activities[0].details] == details


@pytest.mark.parametrize(
    "sentence",
    [
        "The inventory count starts on the last Friday of each month.",
        "Mechanics are careful of their tools.",
        "It seems fine.",
        "The signed form serves as a receipt.",
        # a narrator introducing the procedure, not doing a step of it
        "Okay, so this is how we handle a refund request.",
        "Let me show you how we process an invoice.",
        "Today I'll walk you through how we onboard a new employee.",
        "I will explain how the team approves a purchase order.",
        # what someone wants, said to pick out who
        "A tenant who wants to leave early is welcome.",
        # the verb that names the process itself
        "The process of renewing a library card is short.",
        "The procedure for replacing a broken window has four parts.",
        # said of the process as a whole
        "The process takes two days.",
        "This process checks nothing by itself.",
    ],
)
def test_sentences_without_a_step(structured: Callable[[str], Extraction], sentence: str) -> None:
    assert structured(sentence).activities == ()


def test_the_process_named_as_who_does_a_step(structured: Callable[[str], Extraction]) -> None:
    """An automated flow may be said to do the work itself: "the process checks X"."""
    extraction = structured("Then the process checks the ledger for open items.")
    assert [a.lemma for a in extraction.activities] == ["check"]


def test_negation_is_kept(structured: Callable[[str], Extraction]) -> None:
    extraction = structured("The clerk does not approve the claim.")
    assert extraction.activities[0].negated


def test_where_the_work_comes_from(structured: Callable[[str], Extraction]) -> None:
    extraction = structured("Every month we receive an invoice from the supplier.")
    activity = extraction.activities[0]
    assert activity.sender is not None
    assert extraction.actors[activity.sender].name == "supplier"
    assert [s.text(extraction.text) for s in activity.objects] == ["an invoice"]


def test_a_subject_the_parser_hung_on_the_previous_object(
    structured: Callable[[str], Extraction],
) -> None:
    extraction = structured("The CA rejects the claim of the SRM or the CA confirms it.")
    performers = [
        a.actor_mention.text(extraction.text) if a.actor_mention else None
        for a in extraction.activities
    ]
    assert performers == ["The CA", "the CA"]
    assert extraction.activities[1].actor_mention != extraction.activities[0].actor_mention


def test_a_verb_read_as_a_plural_noun_keeps_its_dictionary_form(
    structured: Callable[[str], Extraction],
) -> None:
    # the tagger reads "clarifies" after "the receptionist" as a plural noun
    extraction = structured("If rooms are booked, the receptionist clarifies who will pay.")
    assert "clarify" in [activity.lemma for activity in extraction.activities]
