"""Who does each drafted step, and where the work changes hands."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from sopflow.capture.transcript import Transcript
from sopflow.model import Decision, Handoff, Role, Sop, Step

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
        # saying the role is no step
        (
            "I work in the returns team. I open the parcel and then I check it.",
            ["Returns team: Open the parcel.", "Returns team: Check the parcel."],
        ),
        # "Performer" only when nothing names one
        ("Click Save. Then click Close.", ["Performer: Click Save.", "Performer: Click Close."]),
        # a passive's agent is the role of its step
        (
            "The clerk registers the claim. The claim is then approved by the manager.",
            ["Clerk: Register the claim.", "-> Manager", "Manager: Approve the claim."],
        ),
        # a role the parser read as an adjective of the verb after "the"
        (
            "The clerk orders the parts. The mechanic fits them.",
            ["Clerk: Order the parts.", "-> Mechanic", "Mechanic: Fit the parts."],
        ),
        # a noun said with "who" names people, an adjective after it is part of the name
        (
            "The clerk forwards the bill to accounts payable, who pay it.",
            [
                "Clerk: Forward the bill to accounts payable.",
                "-> Accounts payable",
                "Accounts payable: Pay the bill.",
            ],
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
            "Maria checks the invoice. Then she sends it to Tom. Tom pays it.",
            [
                "Performer: Check the invoice.",
                "Performer: Send the invoice to Tom.",
                "Performer: Pay the invoice.",
            ],
        ),
        (
            "The clerk checks the invoice and sends it to Tom. Tom pays it.",
            [
                "Clerk: Check the invoice.",
                "Clerk: Send the invoice to Tom.",
                "-> Performer",
                "Performer: Pay the invoice.",
            ],
        ),
        (
            "Anna from the accounting team checks the invoice.",
            ["Accounting team: Check the invoice."],
        ),
        # a named team is itself, not the place it sits in ("… at the City Council")
        (
            "Each spring, the Planning Unit at the City Council drafts a timetable. The Support "
            "Officer then checks the dates. The Planning Unit then rechecks all dates.",
            [
                "Planning Unit: Draft a timetable.",
                "Support Officer: Check the dates.",
                "Planning Unit: Recheck all dates.",
            ],
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
        # a role only told what to do does that step, and lends its name to no other
        (
            "The samples are labelled. Then it informs the night staff that they have to "
            "test them. The results are recorded.",
            [
                "Performer: Label the samples.",
                "Performer: Inform the night staff.",
                "Night staff: Test the samples.",
                "Performer: Record the results.",
            ],
        ),
        # a department without a determiner after "and" starts a clause of its own
        (
            "Marketing drafts the text and sales sends it to the client.",
            ["Marketing: Draft the text.", "-> Sales", "Sales: Send the text to the client."],
        ),
        (
            "The clerk checks the request. If it is complete, compliance approves the contract "
            "and billing opens an account.",
            [
                "Clerk: Check the request.",
                "Compliance: Approve the contract.",
                "-> Billing",
                "Billing: Open an account.",
            ],
        ),
        # a department and its clerk are one lane, also when no list knows the department
        (
            "The invoice goes to Treasury. Treasury checks it. Then the treasury clerk pays it.",
            ["Treasury: Check the invoice.", "Treasury clerk: Pay the invoice."],
        ),
        # a thing known by its ending that is ordered is no role, nor its arrival a step;
        # someone ordered to do something is
        (
            "The manager orders the porter to carry the bags. The porter loads the van.",
            [
                "Manager: Order the porter.",
                "-> Porter",
                "Porter: Carry the bags.",
                "Porter: Load the van.",
            ],
        ),
        (
            "The janitor orders a new heater. Once the heater arrives, he installs it.",
            ["Janitor: Order a new heater.", "Janitor: Install the heater."],
        ),
        # a later branch's passive is the work of whoever worked before the question
        (
            "The clerk packs the laptop. If the customer is abroad, the courier collects it. "
            "Otherwise the laptop is posted instead.",
            [
                "Clerk: Pack the laptop.",
                "Courier: Collect the laptop.",
                "Clerk: Post the laptop instead.",
            ],
        ),
        # a rank makes another role; "the physician of the lab" is "the lab physician"
        (
            "The loans clerk drafts a letter. A senior loans clerk reads the letter. "
            "The loans clerk then posts it.",
            [
                "Loans clerk: Draft a letter.",
                "Senior loans clerk: Read the letter.",
                "Loans clerk: Post the letter.",
            ],
        ),
        (
            "A physician of the lab checks the sample. Then the lab physician signs the report.",
            ["Physician of lab: Check the sample.", "Physician of lab: Sign the report."],
        ),
        # a role's name as written, without the number of those who fill it
        (
            "The secretary writes to three courier companies. The three courier companies "
            "quote a price. The room-service manager picks one.",
            [
                "Secretary: Write to three courier companies.",
                "-> Courier companies",
                "Courier companies: Quote a price.",
                "-> Room-service manager",
                "Room-service manager: Pick one.",
            ],
        ),
        # "she" goes on as the subject said before, past a person named only as an object
        (
            "The nurse admits the patient. She gives the chart to the doctor (i.e., the ward "
            "physician) for a signature. Most visits are short. Then she files the chart.",
            [
                "Nurse: Admit the patient.",
                "Nurse: Give the chart to the doctor for a signature.",
                "Nurse: File the chart.",
            ],
        ),
        # what is confirmed, paid or sold "to" someone, or lodged "with" them, goes to them
        (
            "The clerk confirms the booking to the guest. The guest pays the deposit.",
            ["Clerk: Confirm the booking to the guest.", "-> Guest", "Guest: Pay the deposit."],
        ),
        (
            "The tenant files a complaint with the council. The council reviews it.",
            [
                "Tenant: File a complaint with the council.",
                "-> Council",
                "Council: Review the complaint.",
            ],
        ),
        (
            "The clerk files the form in the cabinet. Then the clerk closes the case.",
            ["Clerk: File the form in the cabinet.", "Clerk: Close the case."],
        ),
        # the one a passive's work goes to is not who does it ("Performer" when nobody is said)
        (
            "The tenant is given a key. The tenant opens the flat.",
            ["Performer: Give the tenant a key.", "-> Tenant", "Tenant: Open the flat."],
        ),
        (
            "The clerk checks the claim. Then the manager is sent the report. The manager "
            "signs it.",
            [
                "Clerk: Check the claim.",
                "Clerk: Send the manager the report.",
                "-> Manager",
                "Manager: Sign the report.",
            ],
        ),
        (
            "The form is sent to the clerk. The clerk checks it.",
            ["Performer: Send the form to the clerk.", "-> Clerk", "Clerk: Check the form."],
        ),
        # a step nobody is said to do: whoever did that work on that thing before, unless
        # the thing went to someone since
        (
            "The clerk checks the stock. If the lamp is in stock, the storeman packs the "
            "lamp. If the lamp is not in stock, the buyer orders it from the maker. As soon "
            "as the lamp arrives, it is packed. The box is then handed over to the driver.",
            [
                "Clerk: Check the stock.",
                "Storeman: Pack the lamp.",
                "Storeman: Hand over the box to the driver.",
                "Buyer: Order the lamp from the maker.",
                "-> Storeman",
                "Storeman: Pack the lamp.",
            ],
        ),
        (
            "The cook chops the onions. The cook hands the onions to the chef. When the "
            "onions are received by the chef, they are chopped again.",
            [
                "Cook: Chop the onions.",
                "Cook: Hand the onions to the chef.",
                "-> Chef",
                "Chef: Chop the onions again.",
            ],
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
    assert related(role("Compliance", "team"), role("Compliance officer"))
    assert related(role("Treasury"), role("Treasury clerk"))
    assert not related(role("Supplier"), role("Supplier manager"))
    assert not related(role("Customer"), role("Customer service", "team"))
    assert not related(role("Guest"), role("Guest manager"))
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit named by two words joined by "/" is one role, named by both
        (
            "The Sales/Billing team receives the signed lease. Sales/Billing files the lease. "
            "Then the caretaker hands over the keys.",
            [
                "Sales/Billing team: Receive the signed lease.",
                "Sales/Billing team: File the lease.",
                "-> Caretaker",
                "Caretaker: Hand over the keys.",
            ],
        ),
        # a unit's label before a colon stays in its name; a hyphen keeps its words together
        (
            "The Front-Office logs the complaint. Then the HR: Payroll team pays the refund.",
            [
                "Front-Office: Log the complaint.",
                "-> HR: Payroll team",
                "HR: Payroll team: Pay the refund.",
            ],
        ),
        (
            "The gardener waters the beds. Then KT: Quotes/Orders sends the bill.",
            [
                "Gardener: Water the beds.",
                "-> KT: Quotes/Orders",
                "KT: Quotes/Orders: Send the bill.",
            ],
        ),
        # a heading before a colon is no unit's label
        (
            "IMPORTANT: The clerk checks the form. NOTE: Finance approves it. Then the clerk "
            "files it.",
            ["Clerk: Check the form.", "Finance: Approve the form.", "Clerk: File the form."],
        ),
        # a word broken at its hyphen ("Key- holder") is one word again
        (
            "The baker bakes the rolls. Then the Key- holder locks the shop.",
            ["Baker: Bake the rolls.", "-> Key-holder", "Key-holder: Lock the shop."],
        ),
        # "applicant/member" is the member said before, no role of its own
        (
            "The member of the club fills in the form. The manager checks the form and "
            "returns it to the applicant/member. The applicant/member corrects the form.",
            [
                "Member of club: Fill in the form.",
                "-> Manager",
                "Manager: Check the form.",
                "Manager: Return the form to the applicant/member.",
                "-> Member of club",
                "Member of club: Correct the form.",
            ],
        ),
    ],
)
def test_names_joined_by_marks(drafted: Drafted, text: str, expected: list[str]) -> None:
    sop, _ = drafted(text)
    assert lanes(sop) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "they" of "when they have sent out invitations to tenants" are not the tenants:
        # a clause's subject is not whom the same clause sends to
        (
            "After the owner says that new tenants are needed, the letting team will "
            "photograph the flat. When they have sent out invitations to possible tenants "
            "the letting team informs the owner about the replies.",
            [
                "Letting team: Photograph the flat.",
                "Letting team: Send out invitations to possible tenants.",
                "Letting team: Inform the owner about the replies.",
            ],
        ),
        # a role noun the tagger read as a number ("the dispatcher") is still the role
        (
            "If more drivers are needed, the dispatcher calls the agency. When they arrive, "
            "the dispatcher hands them the keys.",
            [
                "Dispatcher: Call the agency.",
                "Drivers: Arrive.",
                "Dispatcher: Hand them the keys.",
            ],
        ),
    ],
)
def test_who_a_subject_pronoun_stands_for(drafted: Drafted, text: str, expected: list[str]) -> None:
    sop, _ = drafted(text)
    assert lanes(sop) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # how someone was picked is no part of the role's name: "the assigned technician"
        # is the technician, and the same one as "a technician" before
        (
            "The desk assigns the job to a heating technician. The assigned technician "
            "visits the site and repairs the boiler. The appointed inspector then checks the "
            "work.",
            [
                "Desk: Assign the job to a heating technician.",
                "-> Heating technician",
                "Heating technician: Visit the site.",
                "Heating technician: Repair the boiler.",
                "-> Inspector",
                "Inspector: Check the work.",
            ],
        ),
        # a participle the writer drops later ("the trained lifeguard … the lifeguard")
        (
            "The trained lifeguard opens the pool. The cashier sells the tickets. Then the "
            "lifeguard watches the swimmers.",
            [
                "Lifeguard: Open the pool.",
                "Cashier: Sell the tickets.",
                "Lifeguard: Watch the swimmers.",
            ],
        ),
        # one the writer keeps is the role's name
        (
            "The registered nurse checks the chart. Then the registered nurse gives the dose.",
            ["Registered nurse: Check the chart.", "Registered nurse: Give the dose."],
        ),
    ],
)
def test_words_that_describe_the_person_are_no_part_of_the_role(
    drafted: Drafted, text: str, expected: list[str]
) -> None:
    sop, _ = drafted(text)
    assert lanes(sop) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # work sent to the first role named is not that role's own, nor what came before it
        (
            "The form is filled in and sent to the clerk. The clerk checks it.",
            [
                "Performer: Fill in the form.",
                "Performer: Send the form to the clerk.",
                "-> Clerk",
                "Clerk: Check the form.",
            ],
        ),
        # nor is work sent to where that role works ("the depot" of "the depot workers")
        (
            "The parcel is weighed. Then it is sent to the depot. The depot workers sort it.",
            [
                "Performer: Weigh the parcel.",
                "Performer: Send the parcel to the depot.",
                "-> Depot workers",
                "Depot workers: Sort the parcel.",
            ],
        ),
        # without it, the first role named does the steps said before it
        (
            "The parcel is weighed. The depot workers sort it.",
            ["Depot workers: Weigh the parcel.", "Depot workers: Sort the parcel."],
        ),
    ],
)
def test_steps_before_the_first_role(drafted: Drafted, text: str, expected: list[str]) -> None:
    sop, _ = drafted(text)
    assert lanes(sop) == expected


@pytest.mark.parametrize(
    ("text", "party", "outside"),
    [
        # the tenant does no step and the condition asks about the tenant
        (
            "The agent sends the offer to the tenant. If the tenant accepts the offer, the "
            "agent prepares the lease.",
            "tenant",
            True,
        ),
        # the manager the claim went to does the work of the branch
        (
            "The clerk sends the claim to the manager. If the amount is high, the manager "
            "signs the claim.",
            "manager",
            False,
        ),
        # the panel is named deciding, not asked about
        (
            "The clerk sends the plan to the panel. The panel decides whether the budget is "
            "enough.",
            "panel",
            False,
        ),
    ],
)
def test_a_party_outside_the_process_that_a_condition_asks_about(
    capture_nlp: Language, text: str, party: str, outside: bool
) -> None:
    """Who keeps a decision after a step that sends the work to someone: not a party that
    does no step and that the condition is about (the layout asks `outside_party`)."""
    from sopflow.capture.builder import BuildOptions, SopBuilder
    from sopflow.capture.readers.text import parse_text
    from sopflow.capture.structure.pipeline import structure
    from sopflow.capture.timeline import Walkthrough
    from sopflow.capture.transcript import build_transcript

    extraction = structure(text, capture_nlp)
    transcript = build_transcript(Walkthrough(("t.txt",), parse_text(text)))
    options = BuildOptions(code="SOP-TST-001", title="Test", source="t.txt")
    builder = SopBuilder(extraction, transcript, options)
    builder.book.resolve()
    actor = next(i for i, a in enumerate(extraction.actors) if a.name == party)
    conditions = [b.condition for g in extraction.gateways for b in g.branches if b.condition]
    assert builder.book.outside_party(actor, conditions) is outside


def test_a_name_said_with_its_team_stays_that_team(drafted: Drafted) -> None:
    """ "Nadia from Catering" is Catering's work, and so is "she" or "Nadia" later (one
    step of the chef's between is no handoff)."""
    sop, _ = drafted(
        "Nadia from Catering collects the menus every Monday. She checks each menu against "
        "the price list. Then the chef signs the menus. Nadia files the menus."
    )
    assert lanes(sop) == [
        "Catering: Collect the menus every Monday.",
        "Catering: Check each menu against the price list.",
        "Chef: Sign the menus.",
        "Catering: File the menus.",
    ]


def test_a_team_named_through_its_member_keeps_the_capitals_of_its_acronym(
    drafted: Drafted,
) -> None:
    """ "Nadia from the QA team": the role is the team, its mention Nadia's; the text
    writes "QA" in capitals."""
    sop, _ = drafted(
        "Nadia from the QA team tests the build. Then the clerk checks it and files it."
    )
    assert lanes(sop)[0] == "QA team: Test the build."


def test_a_decision_about_an_outside_party_is_taken_by_who_sent_it(drafted: Drafted) -> None:
    """The tenant only answers; the agent who sent the offer asks whether it was accepted."""
    sop, _ = drafted(
        "The agent shows the flat and sends an offer to the tenant. If the tenant accepts the "
        "offer, the agent prepares the lease. Otherwise the agent archives the file."
    )
    decisions = [node for node in sop.flow.nodes if isinstance(node, Decision)]
    assert [(d.question, d.role) for d in decisions] == [
        ("Does the tenant accept the offer?", "agent")
    ]
