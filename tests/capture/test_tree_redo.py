"""Cases said with "it can happen that" (`capture.structure.gateways`), the work a case said
alone calls for and cases said alike in sentences of their own (`capture.tree_alone`), and
rework ending in a step done again (`capture.tree_redo`). Each case is a small text and the
flow it must give, one line per edge as in `tests.capture.flows`; the texts are sopflow's own
examples."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "a case that may happen, its rework and the step done again": (
        "The tailor sews the jacket and hands it to the customer for a fitting. It may happen "
        "that the customer does not like the fit and asks for changes. Then the tailor alters "
        "the jacket and hands it to the customer again. If the customer finally likes the "
        "fit, the tailor bills the jacket.",
        [
            "Sew the jacket. -> Hand the jacket to the customer for a fitting.",
            "Hand the jacket to the customer for a fitting. -> "
            "Does the customer finally like the fit?",
            "Does the customer finally like the fit? [No] -> Ask for changes.",
            "Does the customer finally like the fit? [Yes] -> Bill the jacket.",
            "Ask for changes. -> to tailor",
            "to tailor -> Alter the jacket.",
            "Alter the jacket. -> Hand the jacket to the customer for a fitting.",
            "Bill the jacket. -> end: Jacket billed",
        ],
    ),
    "a case that is someone's work stays a step of its branch": (
        "The author submits the manuscript to the editor and waits for a decision. It can "
        "also happen that the editor rejects the manuscript and asks for changes. Then the "
        "author revises the manuscript and submits it again. If the manuscript is finally "
        "accepted, the editor sends it to the printer.",
        [
            "Submit the manuscript to the editor. -> Does the editor reject the manuscript?",
            "Does the editor reject the manuscript? [Editor rejects] -> Reject the manuscript.",
            "Does the editor reject the manuscript? [Is finally accepted] -> "
            "Send the manuscript to the printer.",
            "Reject the manuscript. -> Ask for changes.",
            "Ask for changes. -> to author",
            "to author -> Revise the manuscript.",
            "Revise the manuscript. -> Submit the manuscript to the editor.",
            "Send the manuscript to the printer. -> end: Manuscript sent",
        ],
    ),
    "a case said alone: the next sentence is its work": (
        "The driver loads the van. It can happen that a parcel is damaged. Then the driver "
        "calls the depot. The driver delivers the parcels.",
        [
            "Load the van. -> Is a parcel damaged?",
            "Is a parcel damaged? [Yes] -> Call the depot.",
            "Is a parcel damaged? [No] -> Deliver the parcels.",
            "Call the depot. -> Deliver the parcels.",
            "Deliver the parcels. -> end: Parcels delivered",
        ],
    ),
    "cases said with 'sometimes' in sentences of their own are one decision": (
        "The plumber inspects the heater. Sometimes the heater only needs a new valve. In "
        "this case, the plumber replaces the valve. Sometimes the heater is too old. Then "
        "the plumber writes an offer for a new heater. Finally the plumber cleans up.",
        [
            "Inspect the heater. -> Replace the valve or write an offer for a new heater?",
            "Replace the valve or write an offer for a new heater? [Replace] -> Replace the valve.",
            "Replace the valve or write an offer for a new heater? [Write] -> "
            "Write an offer for a new heater.",
            "Replace the valve. -> Clean up.",
            "Clean up. -> end: Cleaned up",
            "Write an offer for a new heater. -> Clean up.",
        ],
    ),
    "'sometimes it can happen that' is one case, not two decisions": (
        "The clerk prints the labels. Sometimes it can happen that the printer runs out of "
        "paper. Then the clerk refills the tray. The clerk sticks the labels on the boxes.",
        [
            "Print the labels. -> Does the printer run out of paper?",
            "Does the printer run out of paper? [Yes] -> Refill the tray.",
            "Does the printer run out of paper? [No] -> Stick the labels on the boxes.",
            "Refill the tray. -> Stick the labels on the boxes.",
            "Stick the labels on the boxes. -> end: Labels stuck",
        ],
    ),
    "a plain step after a branch still follows the join": (
        "The baker checks the dough. It can happen that the dough is too dry. Then the baker "
        "adds water. The baker bakes the bread.",
        [
            "Check the dough. -> Is the dough too dry?",
            "Is the dough too dry? [Yes] -> Add water.",
            "Is the dough too dry? [No] -> Bake the bread.",
            "Add water. -> Bake the bread.",
            "Bake the bread. -> end: Bread baked",
        ],
    ),
}


test_cases_that_may_happen_and_their_rework = flow_examples(CASES)
