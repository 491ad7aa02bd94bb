"""A "once" sentence waiting for what one branch set going stays in that branch
(`capture.tree_awaits`); the other branches go straight on. The texts are sopflow's own
examples."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "waiting for what the branch asked for goes on in that branch": (
        "The agent checks the request. If the address is known, the agent books the parcel. "
        "Otherwise the agent asks the customer for the address. Once the address is "
        "received, the agent books the parcel. The agent closes the ticket.",
        [
            "Check the request. -> Is the address known?",
            "Is the address known? [Yes] -> Book the parcel.",
            "Is the address known? [No] -> Ask the customer for the address.",
            "Book the parcel. -> Close the ticket.",
            "Close the ticket. -> end: Ticket closed",
            "Ask the customer for the address. -> Book the parcel.",
            "Book the parcel. -> Close the ticket.",
        ],
    ),
    "waiting for what one branch ordered goes on there, though the other names it": (
        "The clerk checks the stock. If the lamp is in stock, the storeman packs the lamp. "
        "If the lamp is not in stock, the buyer orders it from the maker. As soon as the "
        "lamp arrives, it is packed. The box is then handed over to the driver.",
        [
            "Check the stock. -> Is the lamp in stock?",
            "Is the lamp in stock? [Yes] -> Pack the lamp.",
            "Is the lamp in stock? [No] -> Order the lamp from the maker.",
            "Pack the lamp. -> Hand over the box to the driver.",
            "Hand over the box to the driver. -> end: Box handed over",
            "Order the lamp from the maker. -> to storeman",
            "to storeman -> Pack the lamp.",
            "Pack the lamp. -> Hand over the box to the driver.",
        ],
    ),
    "what both branches name is waited for after their join": (
        "If the form is complete, the clerk files the form. Otherwise, the clerk returns "
        "the form. Once the form is filed, the manager signs it.",
        [
            "Is the form complete? [Yes] -> File the form.",
            "Is the form complete? [No] -> Return the form.",
            "File the form. -> to manager",
            "to manager -> Sign the form.",
            "Sign the form. -> end: Form signed",
            "Return the form. -> to manager",
            "to manager -> Sign the form.",
        ],
    ),
    "waiting in the only branch said so far; work named again is that step": (
        "The technician receives the broken laptop and runs a diagnosis. If the fault is in "
        "the hardware, he orders the spare part. Once the part arrives, he installs it. If "
        "the fault is in the software, he reinstalls the system. Afterwards he tests the "
        "laptop. If the test fails, he starts the diagnosis again. Otherwise he returns the "
        "laptop to the customer.",
        [
            "Receive the broken laptop. -> Run a diagnosis.",
            "Run a diagnosis. -> Is the fault in the hardware or software?",
            "Is the fault in the hardware or software? [Hardware] -> Order the spare part.",
            "Is the fault in the hardware or software? [Software] -> Reinstall the system.",
            "Order the spare part. -> Install the part.",
            "Install the part. -> Test the laptop.",
            "Test the laptop. -> Does the test fail?",
            "Does the test fail? [Yes] -> Run a diagnosis.",
            "Does the test fail? [No] -> Return the laptop to the customer.",
            "Return the laptop to the customer. -> end: Laptop returned",
            "Reinstall the system. -> Test the laptop.",
        ],
    ),
    "a step on a thing the last branch brought in follows that branch": (
        "The mechanic inspects the car. If the brakes are fine, he washes the car. Otherwise "
        "he orders a new brake disc. He fits the disc. Then he hands the keys to the owner.",
        [
            "Inspect the car. -> Are the brakes fine?",
            "Are the brakes fine? [Yes] -> Wash the car.",
            "Are the brakes fine? [No] -> Order a new brake disc.",
            "Wash the car. -> Hand the keys to the owner.",
            "Hand the keys to the owner. -> end: Keys handed",
            "Order a new brake disc. -> Fit the disc.",
            "Fit the disc. -> Hand the keys to the owner.",
        ],
    ),
    "so does a choice about that thing": (
        "The receptionist takes the booking. If the room is free, she confirms the booking. "
        "If not, she offers another date. The guest either accepts the date or cancels the "
        "booking. Finally, the receptionist updates the calendar.",
        [
            "Take the booking. -> Is the room free?",
            "Is the room free? [Yes] -> Confirm the booking.",
            "Is the room free? [No] -> Offer another date.",
            "Confirm the booking. -> Update the calendar.",
            "Update the calendar. -> end: Calendar updated",
            "Offer another date. -> Accept the date or cancel the booking?",
            "Accept the date or cancel the booking? [Accept the date] -> Accept the date.",
            "Accept the date or cancel the booking? [Cancel] -> Cancel the booking.",
            "Accept the date. -> to receptionist",
            "to receptionist -> Update the calendar.",
            "Cancel the booking. -> end: Booking canceled",
        ],
    ),
    "work of someone the branch brought in follows that branch": (
        "The clerk checks the order. If the order is large, the clerk calls the manager. The "
        "manager signs the order. The clerk ships the order.",
        [
            "Check the order. -> Is the order large?",
            "Is the order large? [Yes] -> Call the manager.",
            "Is the order large? [No] -> Ship the order.",
            "Call the manager. -> Sign the order.",
            "Sign the order. -> Ship the order.",
            "Ship the order. -> end: Order shipped",
        ],
    ),
    "a case said again with a pronoun fills the 'whether'; 'after the X' follows X": (
        "A customer brings a bike to the shop. The mechanic inspects the bike. The customer "
        "decides whether he wants the repair. If he does not want it, he takes the bike "
        "home. If he wants it, the mechanic repairs the bike. After the repair, the customer "
        "pays the bill.",
        [
            "Bring a bike to the shop. -> to mechanic",
            "to mechanic -> Inspect the bike.",
            "Inspect the bike. -> Does he want the repair?",
            "Does he want the repair? [Yes] -> Repair the bike.",
            "Does he want the repair? [No] -> Take the bike home.",
            "Repair the bike. -> to customer",
            "to customer -> Pay the bill.",
            "Pay the bill. -> end: Bill paid",
            "Take the bike home. -> end: Bike home taken",
        ],
    ),
    "so does the choice of someone one of two alternatives brought in": (
        "The agent assesses the damage. Depending on the amount, the agent pays the claim "
        "directly or sends it to the manager. The manager approves or rejects the claim. "
        "Finally, the agent archives the file.",
        [
            "Assess the damage. -> What is the amount?",
            "What is the amount? [Pay] -> Pay the claim directly.",
            "What is the amount? [Send] -> Send the claim to the manager.",
            "Pay the claim directly. -> Archive the file.",
            "Archive the file. -> end: File archived",
            "Send the claim to the manager. -> Approve or reject the claim?",
            "Approve or reject the claim? [Approve] -> Approve the claim.",
            "Approve or reject the claim? [Reject] -> Reject the claim.",
            "Approve the claim. -> to agent",
            "to agent -> Archive the file.",
            "Reject the claim. -> end: Claim rejected",
        ],
    ),
    "a thing named before the decision is no branch's own": (
        "The clerk checks the order. If the order is large, the clerk calls the manager. "
        "Otherwise the clerk approves the order. The clerk ships the order.",
        [
            "Check the order. -> Is the order large?",
            "Is the order large? [Yes] -> Call the manager.",
            "Is the order large? [No] -> Approve the order.",
            "Call the manager. -> Ship the order.",
            "Ship the order. -> end: Order shipped",
            "Approve the order. -> Ship the order.",
        ],
    ),
    "who the one branch said passed the work to goes on in that branch": (
        "The agent records the call and tries to solve the problem. If the agent cannot solve "
        "the problem, he passes the ticket to the specialist. The specialist analyses the "
        "problem and fixes it. Finally the employee receives a survey.",
        [
            "Record the call. -> Solve the problem.",
            "Solve the problem. -> Can the agent solve the problem?",
            "Can the agent solve the problem? [No] -> Pass the ticket to the specialist.",
            "Can the agent solve the problem? [Yes] -> Receive a survey.",
            "Pass the ticket to the specialist. -> to specialist",
            "to specialist -> Analyse the problem.",
            "Analyse the problem. -> Fix the problem.",
            "Fix the problem. -> to employee",
            "to employee -> Receive a survey.",
            "Receive a survey. -> end: Survey received",
        ],
    ),
}


test_a_wait_stays_in_its_branch = flow_examples(CASES)
