"""Verbs a text mentions without asking for work stay out of the draft's steps."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.transcript import Transcript
from sopflow.model import Sop, Step

Drafted = Callable[[str], tuple[Sop, Transcript]]

CASES = [
    (
        "receiving a message is learning of it, not work",
        "The clerk checks the application. The tenant receives a refusal letter in the post. "
        "The clerk archives the application.",
        ["Check the application.", "Archive the application."],
    ),
    (
        "getting clearance from someone is their answer arriving",
        "The broker files the papers. After the broker gets clearance from the regulator, "
        "the broker sets the price.",
        ["File the papers.", "Set the price."],
    ),
    (
        "receiving a thing to work on stays a step",
        "The clerk receives the invoice. Then the clerk checks the invoice.",
        ["Receive the invoice.", "Check the invoice."],
    ),
    (
        "a statement of what someone does not do",
        "The clerk checks the invoice. The clerk does not sign the invoice. "
        "Then the clerk files the invoice.",
        ["Check the invoice.", "File the invoice."],
    ),
    (
        "an imperative 'do not' is an instruction",
        "Open the ticket. Do not close the ticket. Save the ticket.",
        ["Open the ticket.", "Do not close the ticket.", "Save the ticket."],
    ),
    (
        "a time clause recalling a listed step",
        "The buyer selects a supplier. After the supplier is selected, the buyer orders the parts.",
        ["Select a supplier.", "Order the parts."],
    ),
    (
        "a time clause after its main clause recalls a listed step too",
        "The clerk closes the file. The tenant receives a refund after the file is closed.",
        ["Close the file.", "Receive a refund."],
    ),
    (
        "the same verb with another particle is another action",
        "The guard sets up the alarm. As soon as the guard is ready, the guard sets off the alarm.",
        ["Set up the alarm.", "Set off the alarm."],
    ),
    (
        "a participle right after its noun says which one, also when read as a past tense",
        "Besides the address, the card includes details about the part ordered and refers "
        "to a supplier. The mechanic files the card.",
        ["File the card."],
    ),
    (
        "a thing that waits is a state of the case, not work",
        "The broker files the papers. The filing is awaiting approval. The broker sets the price.",
        ["File the papers.", "Set the price."],
    ),
    (
        "a role that waits may be a step",
        "The broker files the papers. The broker awaits the approval. The broker sets the price.",
        ["File the papers.", "Await the approval.", "Set the price."],
    ),
    (
        "a time clause with new work stays",
        "The buyer selects a supplier. Once the contract is signed, the buyer orders the parts.",
        ["Select a supplier.", "Sign the contract.", "Order the parts."],
    ),
    (
        "a clause of purpose says why",
        "The planner groups the jobs so that the machines are idle less often. "
        "Then the planner publishes the plan.",
        ["Group the jobs.", "Publish the plan."],
    ),
    (
        "a gerund after 'for' on a verb says what the work is for",
        "The porter stacks the boxes for being collected by the courier. "
        "Then the porter signs the list.",
        ["Stack the boxes.", "Sign the list."],
    ),
    (
        "after an adjective, 'for' and a gerund is the work",
        "The waiter is responsible for preparing the drinks. Then the waiter cleans the bar.",
        ["Prepare the drinks.", "Clean the bar."],
    ),
    (
        "a participle of means says with what",
        "Using the checklist, the nurse prepares the room. The nurse calls the patient.",
        ["Prepare the room.", "Call the patient."],
    ),
    (
        "a participle of result says what comes of it",
        "The gardener inspects the beds, resulting in a planting plan. "
        "The gardener waters the beds.",
        ["Inspect the beds.", "Water the beds."],
    ),
    (
        "a gerund after 'in addition to' recalls other work",
        "The agent logs the call. In addition to logging the call, the agent tags the customer.",
        ["Log the call.", "Tag the customer."],
    ),
    (
        "what someone is told is no step of theirs",
        "The cook prepares the soup. The cook informs the waiter that the soup is served. "
        "The waiter brings the bread.",
        ["Prepare the soup.", "Inform the waiter that the soup is served.", "Bring the bread."],
    ),
    (
        "a participle saying which one",
        "The nurse takes the sample ordered by the doctor. The nurse labels the sample.",
        ["Take the sample ordered by the doctor.", "Label the sample."],
    ),
    (
        "a sentence saying the last step again",
        "The clerk files the claim. The clerk sends a letter. "
        "In every case the clerk sends the claimant a letter.",
        ["File the claim.", "Send a letter."],
    ),
    (
        "the same step on two branches stays on both",
        "If the claim is valid, the clerk sends a letter. "
        "If the claim is invalid, the clerk sends a letter.",
        ["Send a letter.", "Send a letter."],
    ),
    (
        "receiving in a time clause what a step handed over is the same handover",
        "The clerk prints the permit and mails it to the owner. Once the owner receives the "
        "permit, the owner signs the form.",
        ["Print the permit.", "Mail the permit to the owner.", "Sign the form."],
    ),
    (
        "a receipt said as a step of its own stays",
        "The printer sends a proof to the author. The author receives the proof.",
        ["Send a proof to the author.", "Receive the proof."],
    ),
    (
        "a participle after the object read as a clause still leaves the object",
        "The porter packs the crate requested. He ships it to the depot. After receiving the "
        "crate, the storekeeper checks its seal.",
        ["Pack the crate requested.", "Ship the crate to the depot.", "Check its seal."],
    ),
    (
        "a bracket opened by 'i.e.' says the step before in detail",
        "The porter readies the room (i.e., airs the room and makes the bed). "
        "Then the porter cleans it.",
        ["Ready the room.", "Clean the room."],
    ),
    (
        "a bracket opened by 'e.g.' gives an example of the step before",
        "The clerk files the form (e.g. stores the paper in the cabinet). "
        "The clerk informs the manager.",
        ["File the form.", "Inform the manager."],
    ),
    (
        "the time clause the process starts on, by someone who does nothing else, is its trigger",
        "When a tenant reports a leak, the caretaker books a plumber. The caretaker pays the bill.",
        ["Book a plumber.", "Pay the bill."],
    ),
    (
        "the opening time clause is the trigger even when its performer works on later",
        "Whenever the shop receives an order, the clerk checks it. Then the shop ships it.",
        ["Check the order.", "Ship the order."],
    ),
    (
        "when a member joins, the member's later work stays, the joining is the trigger",
        "When a new member joins the choir, the secretary prints a badge. "
        "The member attends the first rehearsal.",
        ["Print a badge.", "Attend the first rehearsal."],
    ),
    (
        "an opening time clause that is no step leaves the main clause's steps alone",
        "When a parcel arrives, the porter opens it and checks it. Then he files the slip.",
        ["Open the parcel.", "Check the parcel.", "File the slip."],
    ),
    (
        "what 'the process starts when' names is the first step",
        "The process starts when a guest books a table. The waiter lays the table.",
        ["Book a table.", "Lay the table."],
    ),
    (
        "what a statement of a role lists after its colon is what the role is",
        "Brokers play a double role: first they advise the seller, then they find a buyer. "
        "The broker values the house. Then the broker lists it.",
        ["Value the house.", "List the house."],
    ),
    (
        "steps after a colon that introduces the procedure stay",
        "This is how we handle returns: first the clerk opens the parcel, then the clerk "
        "checks the goods.",
        ["Open the parcel.", "Check the goods."],
    ),
    (
        "a second passive said without its 'is' is a step of its own",
        "The form is signed by the clerk and the receipt filed by the manager.",
        ["Sign the form.", "File the receipt."],
    ),
    (
        "what someone waits for is someone else's work; a thing coming is the waiter's to receive",
        "The buyer orders the parts. The buyer then waits for the parts to be shipped. "
        "The buyer pays the invoice.",
        ["Order the parts.", "Receive the parts.", "Pay the invoice."],
    ),
    (
        "what someone waits for is someone else's work",
        "The buyer orders the parts. The buyer then waits for the parts to be checked. "
        "The buyer pays the invoice.",
        ["Order the parts.", "Pay the invoice."],
    ),
    (
        "a thing arriving is what the process waits for, not a step",
        "The clerk orders the parts from the supplier. Once the parts arrive, the technician "
        "installs them.",
        ["Order the parts from the supplier.", "Install the parts."],
    ),
    (
        "a thing handed over without a performer is awaited",
        "The buyer places the order. When the goods are delivered, the storeman checks them.",
        ["Place the order.", "Check the goods."],
    ),
    (
        "a thing handed back, with a state beside it in the time clause, is awaited",
        "The baker lends the customer a cake tin. Once the tin is returned and the deposit "
        "is ready, the baker refunds the deposit.",
        ["Lend the customer a cake tin.", "Refund the deposit."],
    ),
    (
        "a thing received without a performer is awaited",
        "The cashier issues the invoice. After the payment is received, the clerk ships the order.",
        ["Issue the invoice.", "Ship the order."],
    ),
    (
        "gerunds that set a step beside earlier ones recall those steps",
        "The clerk packs the goods and labels them. Concurrently with packing the goods and "
        "labelling them, the accountant writes the invoice.",
        ["Pack the goods.", "Label the goods.", "Write the invoice."],
    ),
    (
        "gerunds set beside a step in the middle of a sentence recall earlier steps",
        "The clerk packs goods for the courier and then labels the goods, concurrently with "
        "packing the goods and labelling them, the accountant writes the invoice.",
        ["Pack goods for the courier.", "Label the goods.", "Write the invoice."],
    ),
    (
        "a gerund after 'after' that was not said before is a step",
        "The clerk packs the goods. After packing the goods and weighing them, the clerk calls "
        "the courier.",
        ["Pack the goods.", "Weigh the goods.", "Call the courier."],
    ),
    (
        "a handing said with its performer stays a step",
        "The clerk packs the box. When the porter delivers the box, the storeman opens it. "
        "Then the porter signs the sheet.",
        ["Pack the box.", "Deliver the box.", "Open the box.", "Sign the sheet."],
    ),
    (
        "'all of this' with a deadline restates the work before it",
        "The baker kneads the dough and shapes the loaves. All of this must be done by six. "
        "The driver loads the van.",
        ["Knead the dough.", "Shape the loaves.", "Load the van."],
    ),
    (
        "a thing that goes to a role hands it over; that role's work follows",
        "The nurse fills in the chart. Then the chart goes to the ward doctor. "
        "The ward doctor signs the chart.",
        ["Fill in the chart.", "Sign the chart."],
    ),
    (
        "someone who goes somewhere does a step",
        "The porter loads the trolley. Then the porter goes to the loading bay.",
        ["Load the trolley.", "Go to the loading bay."],
    ),
    (
        "finishing all the work said before is a deadline, not one more step",
        "The cook slices the onions. The cook fries the onions. "
        "All of this must be finished by noon, if not, a warning is sent to the owner.",
        ["Slice the onions.", "Fry the onions.", "Send a warning to the owner."],
    ),
    (
        "finishing a named thing stays a step",
        "The cook slices the onions. The cook finishes the sauce.",
        ["Slice the onions.", "Finish the sauce."],
    ),
    (
        "leaving someone alone is no work: the branch ends",
        "The agent phones the tenant. If the tenant is not interested, we leave him alone. "
        "Otherwise the agent books a viewing.",
        ["Phone the tenant.", "Book a viewing."],
    ),
    (
        "a thing said finished in a time clause is the state the work before ends in",
        "The cook fills the tray with onions. Once the onion tray has been completed, "
        "the cook checks the oven.",
        ["Fill the tray with onions.", "Check the oven."],
    ),
    (
        "a performer finishing a thing does a step",
        "The painter paints the wall. When the painter has finished the wall, "
        "he cleans the brushes.",
        ["Paint the wall.", "Finish the wall.", "Clean the brushes."],
    ),
    (
        "what the work before amounts to is no step of its own",
        "The agents sell the tickets. Thus, besides selling the tickets, the agents in effect "
        "give their blessing to the show. The agents close the office.",
        ["Sell the tickets.", "Close the office."],
    ),
    (
        "what someone outside the flow is expected to do is a wait",
        "The library mails a survey to the member. The member is expected to fill in the "
        "survey by Friday. Then the library counts the replies.",
        ["Mail a survey to the member.", "Count the replies."],
    ),
    (
        "a role of the flow expected to do something does the step",
        "The clerk opens the file. The clerk is expected to sign the file within a day. "
        "Then the clerk archives the file.",
        ["Open the file.", "Sign the file.", "Archive the file."],
    ),
]


@pytest.mark.parametrize(("text", "steps"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_steps(drafted: Drafted, text: str, steps: list[str]) -> None:
    sop, _ = drafted(text)
    found = [node.instruction for node in sop.flow.nodes if isinstance(node, Step)]
    assert found == steps


def test_the_opening_event_is_the_trigger(drafted: Drafted) -> None:
    sop, _ = drafted("When a tenant reports a leak, the caretaker books a plumber.")
    assert sop.trigger == "When a tenant reports a leak."
    assert [n.instruction for n in sop.flow.nodes if isinstance(n, Step)] == ["Book a plumber."]


def test_a_thing_going_to_a_role_is_a_handoff(drafted: Drafted) -> None:
    sop, _ = drafted(
        "The nurse fills in the chart. If the chart is complete it will go to the records "
        "office who are in charge of scanning the chart and archiving it."
    )
    steps = {n.instruction: n.role for n in sop.flow.nodes if isinstance(n, Step)}
    assert steps == {
        "Fill in the chart.": "nurse",
        "Scan the chart.": "records-office",
        "Archive the chart.": "records-office",
    }


def test_a_deed_done_before_the_process_is_its_trigger(drafted: Drafted) -> None:
    sop, _ = drafted(
        "When the janitor has noticed a leak, the janitor calls the plumber. "
        "Then the janitor writes the repair ticket."
    )
    assert sop.trigger == "When the janitor has noticed a leak."
    steps = [n.instruction for n in sop.flow.nodes if isinstance(n, Step)]
    assert steps == ["Call the plumber.", "Write the repair ticket."]


def test_an_opening_by_a_performer_who_works_on_is_the_trigger(drafted: Drafted) -> None:
    sop, _ = drafted(
        "When the janitor notices a leak, the janitor calls the plumber. "
        "Then the janitor writes the repair ticket."
    )
    assert sop.trigger == "When the janitor notices a leak."
    steps = [n.instruction for n in sop.flow.nodes if isinstance(n, Step)]
    assert steps == ["Call the plumber.", "Write the repair ticket."]
