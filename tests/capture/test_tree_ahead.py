"""What is said between a branch and its "otherwise" belongs to that branch
(`capture.tree_ahead`). Each case is a small text and the flow it must give, one line per
edge as in `tests.capture.flows`; the texts are sopflow's own examples."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "a step between a branch and its otherwise": (
        "The clerk opens the parcel. If the parcel is damaged, the clerk takes a photo of it. "
        "The clerk then writes a claim to the sender. Otherwise, the clerk shelves the goods. "
        "Finally the clerk updates the log.",
        [
            "Open the parcel. -> Is the parcel damaged?",
            "Is the parcel damaged? [Yes] -> Take a photo of it.",
            "Is the parcel damaged? [No] -> Shelve the goods.",
            "Take a photo of it. -> Write a claim to the sender.",
            "Write a claim to the sender. -> Update the log.",
            "Update the log. -> end: Log updated",
            "Shelve the goods. -> Update the log.",
        ],
    ),
    "a choice between a branch and its otherwise": (
        "The nurse checks the patient's blood pressure. If it is too high, she calls the "
        "doctor, who examines the patient. The doctor may prescribe a drug or send the "
        "patient to the hospital. Otherwise, the nurse notes the value in the chart.",
        [
            "Check the patient's blood pressure. -> Is the patient's blood pressure too high?",
            "Is the patient's blood pressure too high? [Yes] -> Call the doctor.",
            "Is the patient's blood pressure too high? [No] -> Note the value in the chart.",
            "Call the doctor. -> to doctor",
            "to doctor -> Examine the patient.",
            "Examine the patient. -> Prescribe a drug or send the patient to the hospital?",
            "Prescribe a drug or send the patient to the hospital? [Prescribe a drug] -> "
            "Prescribe a drug.",
            "Prescribe a drug or send the patient to the hospital? [Send] -> "
            "Send the patient to the hospital.",
            "Prescribe a drug. -> end: Drug prescribed",
            "Send the patient to the hospital. -> end: Patient sent",
            "Note the value in the chart. -> end: Value noted",
        ],
    ),
    "a choice between a branch and the next case of its decision": (
        "The customer calls the hotline. The agent asks for the contract number. If the "
        "customer cannot give the number, the agent asks for the date of birth instead. The "
        "agent then opens the file. If the problem is technical, the agent forwards the call "
        "to a technician. The technician solves the problem or arranges a visit. If the "
        "problem is about billing, the agent corrects the bill.",
        [
            "Call the hotline. -> to agent",
            "to agent -> Ask for the contract number.",
            "Ask for the contract number. -> Can the customer give the number?",
            "Can the customer give the number? [No] -> Ask for the date of birth instead.",
            "Can the customer give the number? [Yes] -> Open the file.",
            "Ask for the date of birth instead. -> Open the file.",
            "Open the file. -> Is the problem technical or about billing?",
            "Is the problem technical or about billing? [Technical] -> "
            "Forward the call to a technician.",
            "Is the problem technical or about billing? [About billing] -> Correct the bill.",
            "Forward the call to a technician. -> Solve the problem or arrange a visit?",
            "Solve the problem or arrange a visit? [Solve the problem] -> Solve the problem.",
            "Solve the problem or arrange a visit? [Arrange] -> Arrange a visit.",
            "Solve the problem. -> end: Problem solved",
            "Arrange a visit. -> end: Visit arranged",
            "Correct the bill. -> end: Bill corrected",
        ],
    ),
}


test_what_comes_before_the_otherwise_stays_in_the_branch = flow_examples(CASES)
