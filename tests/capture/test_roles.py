"""Who does each drafted step, and where the work changes hands."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.transcript import Transcript
from sopflow.model import Handoff, Role, Sop, Step

Drafted = Callable[[str], tuple[Sop, Transcript]]


def lanes(sop: Sop) -> list[str]:
    """Each step as "role: instruction", each role-change handoff as "-> role"."""
    names = {role.id: role.name for role in sop.roles}
    shown: list[str] = []
    for node in sop.flow.nodes:
        if isinstance(node, Step):
            shown.append(f"{names.get(node.role or '', node.role)}: {node.instruction}")
        elif isinstance(node, Handoff):
            shown.append(f"-> {names[node.to_role]}")
    return shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the narrator's "I" and "you" take the role the text gives them
        (
            "I am the office manager. I open the post and then I sort it.",
            ["Office manager: Open the post.", "Office manager: Sort the post."],
        ),
        (
            "As the claims clerk, I register the claim. Then you check it.",
            ["Claims clerk: Register the claim.", "Claims clerk: Check the claim."],
        ),
        (
            "Hi, I'm Priya from payroll. First I export the hours from the time system.",
            ["Payroll: Export the hours from the time system."],
        ),
        # "Performer" only when nothing names one
        ("Click Save. Then click Close.", ["Performer: Click Save.", "Performer: Click Close."]),
        # a passive's agent is the role of its step
        (
            "The clerk registers the claim. The claim is then approved by the manager.",
            ["Clerk: Register the claim.", "-> Manager", "Manager: Approve the claim."],
        ),
        # a pronoun is never a role: it is the role it refers to
        (
            "The clerk sends the form to the customer. She then files a copy.",
            ["Clerk: Send the form to the customer.", "Clerk: File a copy."],
        ),
        (
            "Auditors act as reviewers. First they read the accounts, then they sign the report.",
            ["Auditors: Read the accounts.", "Auditors: Sign the report."],
        ),
        (
            "The designs are revised. Then they are tested.",
            ["Performer: Revise the designs.", "Performer: Test the designs."],
        ),
        # a team and its member are no handoff
        (
            "The HR department receives the application. The HR coordinator checks it.",
            ["HR department: Receive the application.", "HR coordinator: Check the application."],
        ),
        (
            "The sales department receives the order. Then the sales clerk checks it.",
            ["Sales department: Receive the order.", "Sales clerk: Check the order."],
        ),
        # "the supervisor" and "the direct supervisor of the intern" are one role
        (
            "The leave form is received by the direct supervisor of the intern. "
            "The supervisor approves it.",
            [
                "Direct supervisor of intern: Receive the leave form.",
                "Direct supervisor of intern: Approve the leave form.",
            ],
        ),
        # a person's name is no role
        ("I send the invoice to Mr Smith.", ["Performer: Send the invoice to Mr Smith."]),
        (
            "Anna from the accounting team checks the invoice.",
            ["Accounting team: Check the invoice."],
        ),
        # no two handoffs around one step of another role
        (
            "The clerk checks the order. The manager signs it. The clerk files the order.",
            ["Clerk: Check the order.", "Manager: Sign the order.", "Clerk: File the order."],
        ),
        # the work an order gives someone is theirs, one step per verb
        (
            "The manager takes the call. She asks the clerk to fetch the file and to copy it.",
            [
                "Manager: Take the call.",
                "Manager: Ask the clerk.",
                "-> Clerk",
                "Clerk: Fetch the file.",
                "Clerk: Copy the file.",
            ],
        ),
        (
            "The host gives a task to the cook to prepare the soup. The host lays the table.",
            [
                "Host: Give a task to the cook.",
                "Cook: Prepare the soup.",
                "Host: Lay the table.",
            ],
        ),
        (
            "The owner hands a work order to the team to begin painting the hall. "
            "The owner orders the paint.",
            [
                "Owner: Hand a work order to the team.",
                "Team: Paint the hall.",
                "Owner: Order the paint.",
            ],
        ),
        (
            "The buyer invites the suppliers to make offers.",
            ["Buyer: Invite the suppliers.", "-> Suppliers", "Suppliers: Make offers."],
        ),
        # what someone is told of is no part of their role's name
        (
            "The clerk informs the tenant of the new rent. The tenant pays the rent.",
            ["Clerk: Inform the tenant of the new rent.", "-> Tenant", "Tenant: Pay the rent."],
        ),
        (
            "The clerk informs the head of finance. The head of finance signs the budget.",
            [
                "Clerk: Inform the head of finance.",
                "-> Head of finance",
                "Head of finance: Sign the budget.",
            ],
        ),
        # "IT" in capitals is the department, not the pronoun
        (
            "The assistant registers the new hire. Then IT creates the accounts.",
            ["Assistant: Register the new hire.", "-> IT", "IT: Create the accounts."],
        ),
        # "he" is the person who acts, not a thing known only by its ending that is acted on
        (
            "The janitor checks the boiler. If the heater can be repaired, he orders the parts.",
            ["Janitor: Check the boiler.", "Janitor: Order the parts."],
        ),
        # a handoff where the work passes on for good
        (
            "The clerk checks the order. The manager signs it. The manager archives it.",
            [
                "Clerk: Check the order.",
                "-> Manager",
                "Manager: Sign the order.",
                "Manager: Archive the order.",
            ],
        ),
    ],
)
def test_roles_and_handoffs(drafted: Drafted, text: str, expected: list[str]) -> None:
    sop, _ = drafted(text)
    assert lanes(sop) == expected


def test_the_role_the_text_names_has_provenance(drafted: Drafted) -> None:
    sop, transcript = drafted("I am the office manager. I open the post.")
    (role,) = sop.roles
    assert role.provenance is not None
    assert role.provenance.supported
    assert role.provenance.span is not None
    assert transcript.quote(role.provenance.span) == "the office manager"


def test_each_speaker_keeps_the_role_they_give_themselves(drafted: Drafted) -> None:
    sop, _ = drafted(
        "Anna: I'm the support agent. I open the ticket.\n\nBen: I refund the payment."
    )
    assert [step.role for step in sop.flow.steps()] == ["support-agent", "ben"]


def test_related_roles() -> None:
    from sopflow.capture.roles import related

    def role(name: str, kind: str = "person") -> Role:
        return Role(id=name.replace(" ", "-").casefold(), name=name, kind=kind)  # type: ignore[arg-type]

    assert related(role("HR", "team"), role("HR coordinator"))
    assert related(role("Sales department", "team"), role("Sales clerk"))
    assert related(role("Member of sales department"), role("Sales department", "team"))
    assert not related(role("Sales clerk"), role("Sales manager"))
    assert not related(role("Billing team", "team"), role("Support agent"))


@pytest.mark.parametrize(
    ("text", "transfers"),
    [
        (
            "The clerk sends the invoice to the manager. The manager signs the invoice.",
            ["the invoice"],
        ),
        ("The nurse passes the chart to the doctor. The doctor reads the chart.", ["the chart"]),
    ],
)
def test_a_step_that_passes_work_on_is_a_step_and_its_handoff_carries_what_it_passes(
    drafted: Drafted, text: str, transfers: list[str]
) -> None:
    """The sending is work of the sender (a step a modeller draws as a task); the handoff
    follows where the recipient's work starts and says what went with it."""
    sop, _ = drafted(text)
    first, *_ = sop.flow.steps()
    assert first.instruction.startswith(("Send", "Pass"))
    (handoff,) = sop.flow.handoffs()
    assert list(handoff.transfers) == transfers
    assert sop.flow.by_id()[handoff.next or ""].role == handoff.to_role


def test_a_party_only_sent_something_is_no_role(drafted: Drafted) -> None:
    sop, _ = drafted("The clerk sends a reminder to the tenant. Then the clerk files the form.")
    assert [role.id for role in sop.roles] == ["clerk"]
