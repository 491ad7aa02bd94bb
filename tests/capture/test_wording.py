"""How drafted steps read: the imperative of what the text says, in words a reviewer keeps."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from sopflow.capture.extraction import Extraction
from sopflow.capture.outcome_words import purpose_text
from sopflow.capture.structure.pipeline import structure
from sopflow.capture.transcript import Transcript
from sopflow.model import Sop

Drafted = Callable[[str], tuple[Sop, Transcript]]


@pytest.fixture(scope="session")
def structured(capture_nlp: Language) -> Callable[[str], Extraction]:
    """Structure a text as capture does."""
    return lambda text: structure(text, capture_nlp)


def instructions(drafted: Drafted, text: str) -> list[str]:
    sop, _ = drafted(text)
    return [step.instruction for step in sop.flow.steps()]


def only_step(drafted: Drafted, text: str) -> tuple[str, list[str]]:
    """The instruction and notes of the one step a sentence drafts."""
    sop, _ = drafted(text)
    (step,) = sop.flow.steps()
    return step.instruction, list(step.notes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a phrasal verb keeps its particle, beside the verb or after the object
        ("The agent looks up the order.", ["Look up the order."]),
        ("The applicant fills out the form.", ["Fill out the form."]),
        ("The server is backed up.", ["Back up the server."]),
        ("The tenant hands the keys in.", ["Hand in the keys."]),
        ("I log in.", ["Log in."]),
        # and in the clause a step finds out
        ("I check if the transfer went through.", ["Check if the transfer went through."]),
        (
            "Billing sends the money back by bank transfer.",
            ["Send back the money by bank transfer."],
        ),
        # a verb the parser read as part of one noun phrase with its subject and object
        (
            "If the stock is low, the storekeeper orders supplies from the vendor.",
            ["Order supplies from the vendor."],
        ),
        # a verb the parser read as a noun keeps its own object, and only its own
        (
            "A helper unpacks each box and sorts the cups into two piles.",
            ["Unpack each box.", "Sort the cups into two piles."],
        ),
        (
            "A volunteer unpacks each parcel and sorts the toys into two piles: toys in good "
            "condition and broken toys.",
            ["Unpack each parcel.", "Sort the toys into two piles."],
        ),
        # a pronoun object goes between the verb and its particle
        ("If it is wrong, the clerk sends it back.", ["Send it back."]),
        # a verb the tokenizer split at its hyphen stays one word
        ("The student can re-submit the essay.", ["Re-submit the essay."]),
        # and so does an object the parser cut at its hyphen
        ("The porter sends an e-mail to the tenant.", ["Send an e-mail to the tenant."]),
        # a reflexive said for emphasis goes; one after a preposition is meant
        ("The gardener waters the roses herself.", ["Water the roses."]),
        ("The tutor books a room for herself.", ["Book a room for herself."]),
        # "is expected to" passes the step to its verb
        (
            "The tenant is expected to clean the flat.",
            ["Clean the flat."],
        ),
        # "by" a means of sending or paying is how, not who
        ("The tenants are notified by e-mail.", ["Notify the tenants by e-mail."]),
        ("The deposit is paid by bank transfer.", ["Pay the deposit by bank transfer."]),
        # a passive's agent is the step's role, not part of its words
        ("The parcel is received by the porter.", ["Receive the parcel."]),
        ("The order is looked up by the agent in Shopify.", ["Look up the order in Shopify."]),
        (
            "The parcel is received by the head of the team requesting the funds.",
            ["Receive the parcel."],
        ),
        (
            "Incoming post is collected every morning by the mail team.",
            ["Collect incoming post."],  # "every morning" is a note
        ),
        # every agent it offers, and a pronoun subject that stands for nothing said before
        ("The form is signed by the clerk or by the manager.", ["Sign the form."]),
        (
            "The order is looked up either by the agent or by the clerk in Shopify.",
            ["Look up the order in Shopify."],
        ),
        ("It is archived by the clerk.", ["Archive it."]),
        # also the agent of a second participle that shares the first one's "is"
        (
            "The parcel is weighed and labelled by the courier.",
            ["Weigh the parcel.", "Label the parcel."],
        ),
        (
            "The claim is recorded by the clerk and checked by the supervisor.",
            ["Record the claim.", "Check the claim."],
        ),
        # no preposition left without its object, no "in the meantime" read as a place
        (
            "In the meantime the parcels are packed by the warehousemen.",
            ["Pack the parcels."],
        ),
        # the next clause's subject, which the parser joined to the object, is not the object
        (
            "The clerk rejects the claim or the clerk approves the claim.",
            ["Reject the claim.", "Approve the claim."],
        ),
        # a preposition that opens another step goes with it; no space before a comma
        (
            "The crates are washed and dried, before stacking them in the yard.",
            ["Wash the crates.", "Dry the crates.", "Stack the crates in the yard."],
        ),
        (
            "Then the parts are cleaned and painted, before going back to the shelf.",
            ["Clean the parts.", "Paint the parts, before going back to the shelf."],
        ),
        # a place or tool said first still belongs to the step
        (
            "In Stripe the billing specialist opens the Payments page.",
            ["Open the Payments page in Stripe."],
        ),
    ],
)
def test_step_texts(drafted: Drafted, text: str, expected: list[str]) -> None:
    assert instructions(drafted, text) == expected


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("The agent looks up the order.", "Order looked up"),
        ("The student can re-submit the essay.", "Essay re-submitted"),
        ("The clerk sends the form back.", "Form sent back"),
        ("The clerk receives the claim. Then the clerk files it.", "Claim filed"),
        ("The clerk files the claim and looks into the complaint.", "Complaint looked into"),
        ("The clerk files the claim. Then she lets the tenant know.", "Tenant informed"),
        # a step without an object keeps the few words after its verb
        ("The clerk files the claim. Then the tenant pays at the desk.", "Paid at the desk"),
    ],
)
def test_outcome_names(drafted: Drafted, text: str, outcome: str) -> None:
    sop, _ = drafted(text)
    assert sop.flow.nodes[-1].name == outcome


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a pronoun object reads as what it stands for
        (
            "The clerk receives the claim. Then she examines it.",
            ["Receive the claim.", "Examine the claim."],
        ),
        (
            "The clerk receives the invoices. She checks them and files them.",
            ["Receive the invoices.", "Check the invoices.", "File the invoices."],
        ),
        (
            "The car is registered. It is inspected by a mechanic.",
            ["Register the car.", "Inspect the car."],
        ),
        # a verb said without its object acts on what came before or after it
        ("The clerk receives the claim and checks.", ["Receive the claim.", "Check the claim."]),
        (
            "After a venue is chosen and booked, the planner sends the invitations.",
            ["Choose a venue.", "Book the venue.", "Send the invitations."],
        ),
        (
            "The system generates and sends a purchase order.",
            ["Generate a purchase order.", "Send a purchase order."],
        ),
        # a list of things is no step
        ("The clerk receives the invoices and receipts.", ["Receive the invoices and receipts."]),
        # a pronoun that stands for nothing found reads as an object
        ("They are combined.", ["Combine them."]),
        # a passive's subject said once for several participles, or on the verb before it
        (
            "The laundry is washed and folded into piles.",
            ["Wash the laundry.", "Fold the laundry into piles."],
        ),
        (
            "The clerk prints the form. Then it has to be scanned into the archive.",
            ["Print the form.", "Scan the form into the archive."],
        ),
        # whom a passive informs is what the step acts on; a remark after a comma is no part
        (
            "The applicant is informed of the decision, which closes the case.",
            ["Inform the applicant of the decision."],
        ),
        (
            "The employee sends the report to the manager. The manager approves.",
            ["Send the report to the manager.", "Approve the report."],
        ),
        ("The clerk checks and files the invoice.", ["Check the invoice.", "File the invoice."]),
        (
            "The landlord must accept or refuse the offer.",
            ["Accept the offer.", "Refuse the offer."],
        ),
        # a thing whose name ends like a person's ("pager") is what "it" stands for
        (
            "The nurse charges a pager and hands it over to the visitor.",
            ["Charge a pager.", "Hand over the pager to the visitor."],
        ),
        # "him" / "her" is someone other than the clause's subject: the role said before
        (
            "The patient rings the bell. The nurse calls for him after a minute.",
            ["Ring the bell.", "Call for the patient."],
        ),
        (
            "The clerk receives the claim from the customer and sends it back to her.",
            ["Receive the claim from the customer.", "Send back the claim to the customer."],
        ),
        # "them" stands for no name said only in passing, in a list of groups
        (
            "I add the new hire to the right teams, mostly Billing or Audit. Then I send them "
            "the starter pack.",
            [
                "Add the new hire to the right teams, mostly Billing or Audit.",
                "Send them the starter pack.",
            ],
        ),
        # a verb without an object acts on the question said after it
        (
            "The agent copies the keys. Then the agent asks who will do the cleaning.",
            ["Copy the keys.", "Ask who will do the cleaning."],
        ),
        # a thing handed on "to" someone without being named is the thing made before
        (
            "The clerk prints another copy of the list and sends to the office.",
            ["Print another copy of the list.", "Send the copy of the list to the office."],
        ),
        # a second participle acts on the passive's subject; "in" is where it goes
        (
            "The letter is printed and put in an envelope.",
            ["Print the letter.", "Put the letter in an envelope."],
        ),
        (
            "The report is searched in the archive and put in a folder together with the bill.",
            [
                "Search the report in the archive.",
                "Put the report in a folder together with the bill.",
            ],
        ),
        # a participle before a second object describes it: no step of its own
        (
            "The clerk scans the letter and signed forms into the archive.",
            ["Scan the letter and signed forms into the archive."],
        ),
        ("The clerk checks the form and signed it.", ["Check the form.", "Sign the form."]),
        # "one of them" is some of what "them" stands for
        (
            "The clerk receives the invoices. She checks each of them.",
            ["Receive the invoices.", "Check each of the invoices."],
        ),
        (
            "The clerk prints three copies. Then he signs one of them.",
            ["Print three copies.", "Sign one of the copies."],
        ),
        # what a thing was handled "for" is not said again with it
        (
            "The author submits the draft for review. The editor rejects it.",
            ["Submit the draft for review.", "Reject the draft."],
        ),
        # everyone a passive tells is told
        (
            "The order is accepted. Then the stores and the workshop are informed.",
            ["Accept the order.", "Inform the stores and the workshop."],
        ),
        # a preposition that only leads to the next step stays with it
        (
            "The parcels are weighed and labelled, before leaving the depot.",
            ["Weigh the parcels.", "Label the parcels.", "Leave the depot."],
        ),
        # "that" opening a clause the parser took for an object is no part of the step
        (
            "The lead tests the build. Then she tells the other team that they need to"
            " repeat their checks.",
            ["Test the build.", "Repeat the checks."],
        ),
        # an object said with a preposition is not borrowed: "ask for a change" says it
        (
            "The supervisor approves the order or asks for a change.",
            ["Approve the order.", "Ask for a change."],
        ),
    ],
)
def test_what_a_step_acts_on(drafted: Drafted, text: str, expected: list[str]) -> None:
    assert instructions(drafted, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb said once for several objects: one step each
        (
            "I open the admin console, click Directory, then People, then Add Person.",
            ["Open the admin console.", "Click Directory.", "Click People.", "Click Add Person."],
        ),
        (
            "The clerk enters the name, then the address and then the date of birth.",
            ["Enter the name.", "Enter the address.", "Enter the date of birth."],
        ),
        (  # a label that reads like a clause ("Add Person") is still what is clicked
            "First I open the console, click Users, then Groups, then Add Group.",
            [
                "Open the console.",
                "Click Users.",
                "Click Groups.",
                "Click Add Group.",
            ],
        ),
        # a clause of its own after "then" is a step of its own
        ("I open the console, then click Save.", ["Open the console.", "Click Save."]),
        (
            "The clerk checks the invoice, then the manager signs it.",
            ["Check the invoice.", "Sign the invoice."],
        ),
        (
            "The billing team refunds the payment and notifies the customer.",
            ["Refund the payment.", "Notify the customer."],
        ),
        # a verb read as a noun after the first object takes the object said after it
        (
            "The nurse measures the blood values and prints the lab report.",
            ["Measure the blood values.", "Print the lab report."],
        ),
        # a clause the parser joined to the object is no part of it
        (
            "The pupil chooses a book from the shelf and waits until the teacher comes.",
            ["Choose a book from the shelf."],
        ),
        # a step said inside another step's clause is a step of its own
        (
            "The driver goes to the paint shop that mixes the colour.",
            ["Go to the paint shop.", "Mix the colour."],
        ),
        # what a verb checks is part of its step
        (
            "The clerk checks that the invoice matches the order.",
            ["Check that the invoice matches the order."],
        ),
        # the process introducing itself is not a step
        (
            "Our intake procedure can be summarized in two steps. The clerk registers the claim.",
            ["Register the claim."],
        ),
        # a second verb read as a plural noun though it has an object of its own; the
        # pronoun after a "when" clause stands for that clause's subject
        (
            "The porter receives the order and prints the label. When the parcel is ready, "
            "the porter ships it.",
            ["Receive the order.", "Print the label.", "Ship the parcel."],
        ),
    ],
)
def test_one_step_per_action(drafted: Drafted, text: str, expected: list[str]) -> None:
    assert instructions(drafted, text) == expected


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        (
            "This procedure describes how we close a ticket. The agent closes the ticket.",
            "This procedure describes how we close a ticket.",
        ),
        (
            "The Grand Plaza is a large conference hotel. The porter carries the bags.",
            "The Grand Plaza is a large conference hotel.",
        ),
        ("The procedure can be outlined as follows. The clerk files the claim.", None),
        ("The clerk files the claim.", None),
    ],
)
def test_the_purpose_is_what_the_text_says_about_the_process(
    structured: Callable[[str], Extraction], text: str, purpose: str | None
) -> None:
    assert purpose_text(structured(text)) == purpose


@pytest.mark.parametrize(
    ("text", "instruction", "notes"),
    [
        (
            "The nurse takes the sample (a few drops of blood) to the lab.",
            "Take the sample to the lab.",
            ["A few drops of blood."],
        ),
        (
            "The clerk hands the form to the porter (i.e. the night porter).",
            "Hand the form to the porter.",
            ["I.e. the night porter."],
        ),
        # what the work goes by, said after it, is a note too
        (
            "The planner drafts a schedule based on the template in the shared folder.",
            "Draft a schedule.",
            ["Based on the template in the shared folder."],
        ),
        (
            "The auditor votes based on the score.",
            "Vote based on the score.",
            [],
        ),
        # one bracketed word is a short name, part of the step
        (
            "The clerk enters the booking into the room system (RMS).",
            "Enter the booking into the room system (RMS).",
            [],
        ),
    ],
)
def test_a_bracketed_remark_is_a_note_of_the_step(
    drafted: Drafted, text: str, instruction: str, notes: list[str]
) -> None:
    assert only_step(drafted, text) == (instruction, notes)


@pytest.mark.parametrize(
    ("text", "instruction", "notes"),
    [
        (
            "On Monday morning, the clerk prints the weekly report.",
            "Print the weekly report.",
            ["On Monday morning."],
        ),
        (
            "In March of each year, the accountant closes the books.",
            "Close the books.",
            ["In March of each year."],
        ),
        (
            "Every Friday afternoon, the payroll file is exported by the clerk.",
            "Export the payroll file.",
            ["Every Friday afternoon."],
        ),
        ("Once a month, the manager reviews the budget.", "Review the budget.", ["Once a month."]),
        # a place or tool said first stays in the step
        (
            "In Stripe, the clerk opens the payment.",
            "Open the payment in Stripe.",
            [],
        ),
    ],
)
def test_a_time_said_first_is_a_note_a_place_stays(
    drafted: Drafted, text: str, instruction: str, notes: list[str]
) -> None:
    sop, _ = drafted(text)
    (step,) = sop.flow.steps()
    assert step.instruction == instruction
    assert list(step.notes) == notes


@pytest.mark.parametrize(
    ("text", "instruction", "notes"),
    [
        (
            "The porter empties the bins on a weekly basis.",
            "Empty the bins.",
            ["On a weekly basis."],
        ),
        (
            "The clerk files the receipts within three working days.",
            "File the receipts.",
            ["Within three working days."],
        ),
        (
            "The agent answers the complaint depending on the result of the review.",
            "Answer the complaint.",
            ["Depending on the result of the review."],
        ),
        # a "by" of when names no performer: the deadline is a note, not dropped
        (
            "The timesheet must be signed by 4 pm.",
            "Sign the timesheet.",
            ["By 4 pm."],
        ),
        (
            "The rent is paid by noon by the tenant.",
            "Pay the rent.",
            ["By noon."],
        ),
    ],
)
def test_when_how_often_and_in_which_case_are_notes(
    drafted: Drafted, text: str, instruction: str, notes: list[str]
) -> None:
    assert only_step(drafted, text) == (instruction, notes)
