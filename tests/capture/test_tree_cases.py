"""Cases of one decision (`capture.tree_cases`): the cases of a "whether" named by the
question's participle ("shortlisted entries …") or by what is left ("the others …"), and a
second outcome of a check said after a branch that sent the work back; a case named by its
noun ("for an incident, …", "dogs are …"); after alternatives ("A or B"), a subject opened
by the participle of one of them ("accepted drafts …") or a noun of action ("in the case of
a rejection", its "otherwise" going on with the others). The texts are sopflow's own
examples."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "a second case said of a pronoun restates the first case's subject": (
        "The cashier checks the voucher. If the voucher was bought online, the cashier scans "
        "it. If it was bought in a shop, the cashier stamps it. The cashier hands out the "
        "ticket.",
        [
            "Check the voucher. -> Was the voucher bought online or in a shop?",
            "Was the voucher bought online or in a shop? [Online] -> Scan the voucher.",
            "Was the voucher bought online or in a shop? [In a shop] -> Stamp the voucher.",
            "Scan the voucher. -> Hand out the ticket.",
            "Hand out the ticket. -> end: Ticket handed out",
            "Stamp the voucher. -> Hand out the ticket.",
        ],
    ),
    "the participle and 'the others' name the two cases": (
        "The jury decides whether the entry is shortlisted. Shortlisted entries go to the "
        "final round. The others get a thank-you note. The jury publishes the results.",
        [
            "Is the entry shortlisted? [Yes] -> Go to the final round.",
            "Is the entry shortlisted? [No] -> Get a thank-you note.",
            "Go to the final round. -> Publish the results.",
            "Publish the results. -> end: Results published",
            "Get a thank-you note. -> Publish the results.",
        ],
    ),
    "the participle alone names the 'Yes' case": (
        "The board decides whether the grant is approved. Approved grants are paid out "
        "within a week. The board closes the round.",
        [
            "Is the grant approved? [Yes] -> Pay out approved grants.",
            "Is the grant approved? [No] -> Close the round.",
            "Pay out approved grants. -> Close the round.",
            "Close the round. -> end: Round closed",
        ],
    ),
    "a condition after work sent back is another outcome of the same check": (
        "The author submits the draft. The editor reviews the draft. If changes are needed, "
        "the editor sends the draft back to the author. If it is approved, the editor "
        "publishes it. The editor informs the team.",
        [
            "Submit the draft. -> to editor",
            "to editor -> Review the draft.",
            "Review the draft. -> Are changes needed?",
            "Are changes needed? [Needed] -> Submit the draft.",
            "Are changes needed? [Approved] -> Publish the draft.",
            "Publish the draft. -> Inform the team.",
            "Inform the team. -> end: Team informed",
        ],
    ),
    "participles after 'A or B' go on with the branch they name": (
        "The editor reads the draft. She accepts the draft or rejects it. Accepted drafts "
        "are filed in the archive. Rejected drafts are shredded. Then the editor updates "
        "the list.",
        [
            "Read the draft. -> Accept or reject the draft?",
            "Accept or reject the draft? [Accept] -> Accept the draft.",
            "Accept or reject the draft? [Reject] -> Reject the draft.",
            "Accept the draft. -> File accepted drafts in the archive.",
            "File accepted drafts in the archive. -> Update the list.",
            "Update the list. -> end: List updated",
            "Reject the draft. -> Shred rejected drafts.",
            "Shred rejected drafts. -> end: Draft rejected",
        ],
    ),
    "three listed passives: each case its branch, a letter received in one of them": (
        "The club reads the request. The request is either approved, sent to the board for "
        "review, or rejected. Approved requests are passed to the treasurer, who pays the "
        "grant. Rejected members receive a letter.",
        [
            "Read the request. -> Approve, send the request to the board for review or reject the "
            "request?",
            "Approve, send the request to the board for review or reject the request? [Approve] -> "
            "Approve the request.",
            "Approve, send the request to the board for review or reject the request? "
            "[Send the request to the board for review] -> "
            "Send the request to the board for review.",
            "Approve, send the request to the board for review or reject the request? [Reject] -> "
            "Reject the request.",
            "Approve the request. -> Pass approved requests to the treasurer.",
            "Pass approved requests to the treasurer. -> to treasurer",
            "to treasurer -> Pay the grant.",
            "Pay the grant. -> end: Grant paid",
            "Send the request to the board for review. -> end: Request sent",
            "Reject the request. -> to rejected-members",
            "to rejected-members -> Receive a letter.",
            "Receive a letter. -> end: Request rejected",
        ],
    ),
    "a condition about whom the work went back to is asked inside the branch": (
        "The author submits the draft. The editor reviews the draft. If changes are needed, "
        "the editor sends the draft back to the author. If the author refuses the changes, "
        "the editor informs the board. The editor informs the team.",
        [
            "Submit the draft. -> to editor",
            "to editor -> Review the draft.",
            "Review the draft. -> Are changes needed?",
            "Are changes needed? [Yes] -> Send back the draft to the author.",
            "Are changes needed? [No] -> Inform the team.",
            "Send back the draft to the author. -> Does the author refuse the changes?",
            "Does the author refuse the changes? [Yes] -> Inform the board.",
            "Does the author refuse the changes? [No] -> Inform the team.",
            "Inform the board. -> Inform the team.",
            "Inform the team. -> end: Team informed",
        ],
    ),
    "'for' and a case's noun opens that case of a 'whether'": (
        "The agent reads the ticket and decides whether it is an incident or a request. For "
        "an incident, the agent restarts the service. For a request, the agent checks the "
        "approval. Finally the agent closes the ticket.",
        [
            "Read the ticket. -> Is it an incident or a request?",
            "Is it an incident or a request? [Incident] -> Restart the service.",
            "Is it an incident or a request? [Request] -> Check the approval.",
            "Restart the service. -> Close the ticket.",
            "Close the ticket. -> end: Ticket closed",
            "Check the approval. -> Close the ticket.",
        ],
    ),
    "a case's noun as the subject opens that case": (
        "The vet decides whether the animal is a cat or a dog. Cats are weighed by the "
        "nurse. Dogs are walked by the vet. Finally the nurse writes the bill.",
        [
            "Is the animal a cat or a dog? [Cat] -> Weigh cats.",
            "Is the animal a cat or a dog? [Dog] -> Walk dogs.",
            "Weigh cats. -> Write the bill.",
            "Write the bill. -> end: Bill written",
            "Walk dogs. -> Write the bill.",
        ],
    ),
    "the question's own subject names no case": (
        "The clerk decides whether the parcel is large or small. The parcel is then weighed "
        "by the clerk. If it is large, the courier takes it.",
        [
            "Weigh the parcel. -> Is the parcel large?",
            "Is the parcel large? [Yes] -> Take the parcel.",
            "Is the parcel large? [No] -> end: Parcel taken",
            "Take the parcel. -> end: Parcel taken",
        ],
    ),
    "a noun of action names an alternative; 'otherwise' goes on with the others": (
        "The editor reads the manuscript. She can either accept it, accept it with changes, "
        "or reject it. In the case of a rejection, the author is informed and the process "
        "ends. Otherwise, the editor sends the contract. Finally the manuscript is filed.",
        [
            "Read the manuscript. -> Accept, accept the manuscript with changes or reject "
            "the manuscript?",
            "Accept, accept the manuscript with changes or reject the manuscript? [Accept] -> "
            "Accept the manuscript.",
            "Accept, accept the manuscript with changes or reject the manuscript? [Accept the "
            "manuscript with changes] -> Accept the manuscript with changes.",
            "Accept, accept the manuscript with changes or reject the manuscript? [Reject] -> "
            "Reject the manuscript.",
            "Accept the manuscript. -> Send the contract.",
            "Send the contract. -> File the manuscript.",
            "File the manuscript. -> end: Manuscript filed",
            "Accept the manuscript with changes. -> Send the contract.",
            "Reject the manuscript. -> Inform the author.",
            "Inform the author. -> end: Manuscript rejected",
        ],
    ),
    "a decision inside one case of a 'whether' stays in it; the next case goes back": (
        "The agent reads the ticket and decides whether it is an incident or a request. For "
        "an incident, the agent restarts the service. If that does not help, the agent calls "
        "the vendor. For a request, the agent checks the approval. Finally the agent closes "
        "the ticket.",
        [
            "Read the ticket. -> Is it an incident or a request?",
            "Is it an incident or a request? [Incident] -> Restart the service.",
            "Is it an incident or a request? [Request] -> Check the approval.",
            "Restart the service. -> Does that help?",
            "Does that help? [No] -> Call the vendor.",
            "Does that help? [Yes] -> Close the ticket.",
            "Call the vendor. -> Close the ticket.",
            "Close the ticket. -> end: Ticket closed",
            "Check the approval. -> Close the ticket.",
        ],
    ),
}


test_named_cases_are_branches = flow_examples(CASES)
