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
