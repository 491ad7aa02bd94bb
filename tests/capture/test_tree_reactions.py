"""A reaction that does not come, said last (`capture.tree_reactions`): the decision is asked
right after the step that gave the signal, and the steps said in between are its usual way
on. Each case is a small text and the flow it must give, one line per edge as in
`tests.capture.flows`; the texts are sopflow's own examples."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "no answer to the bell: asked after the ringing, knocking until it comes": (
        "The clerk rings the bell. The guest opens the door and takes the parcel. The clerk "
        "signs the list. Should the guest not answer the bell, the clerk knocks at the door "
        "after a minute, if necessary several times.",
        [
            "Ring the bell. -> Does the guest answer the bell?",
            "Does the guest answer the bell? [No] -> Knock at the door.",
            "Does the guest answer the bell? [Yes] -> Open the door.",
            "Knock at the door. -> Does the guest answer the bell?",
            "Open the door. -> Take the parcel.",
            "Take the parcel. -> to clerk",
            "to clerk -> Sign the list.",
            "Sign the list. -> end: List signed",
        ],
    ),
    "no response to the reminder: asked after sending it, the call joining the way on": (
        "The clerk sends the reminder. The customer pays the bill. The clerk closes the file. "
        "If the customer does not respond to the reminder, the clerk calls him.",
        [
            "Send the reminder. -> Does the customer respond to the reminder?",
            "Does the customer respond to the reminder? [No] -> Call the customer.",
            "Does the customer respond to the reminder? [Yes] -> Pay the bill.",
            "Call the customer. -> Pay the bill.",
            "Pay the bill. -> Close the file.",
            "Close the file. -> end: File closed",
        ],
    ),
    "the last step naming the signal is where it is asked": (
        "The clerk sends the reminder. The customer reads the reminder. The clerk closes the "
        "file. If the customer does not respond to the reminder, the clerk calls him.",
        [
            "Send the reminder. -> to customer",
            "to customer -> Read the reminder.",
            "Read the reminder. -> Does the customer respond to the reminder?",
            "Does the customer respond to the reminder? [No] -> Call the customer.",
            "Does the customer respond to the reminder? [Yes] -> Close the file.",
            "Call the customer. -> Close the file.",
            "Close the file. -> end: File closed",
        ],
    ),
    "a condition that is no missing reaction stays where it is said": (
        "The clerk sends the reminder. The customer pays the bill. If the bill is late, the "
        "clerk calls the customer.",
        [
            "Send the reminder. -> to customer",
            "to customer -> Pay the bill.",
            "Pay the bill. -> Is the bill late?",
            "Is the bill late? [Yes] -> Call the customer.",
            "Is the bill late? [No] -> end: Customer called",
            "Call the customer. -> end: Customer called",
        ],
    ),
}


test_a_missing_reaction_is_asked_after_its_signal = flow_examples(CASES)
