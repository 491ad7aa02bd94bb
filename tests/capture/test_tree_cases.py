"""Cases of one decision (`capture.tree_cases`): the cases of a "whether" named by the
question's participle ("shortlisted entries …") or by what is left ("the others …"), and a
second outcome of a check said after a branch that sent the work back; after alternatives
("A or B"), a subject opened by the participle of one of them ("accepted drafts …"). The
texts are sopflow's own examples."""

from __future__ import annotations

import pytest
from tests.capture.test_layout import Drafted, edges

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
}


@pytest.mark.parametrize("name", list(CASES))
def test_named_cases_are_branches(name: str, drafted: Drafted) -> None:
    text, expected = CASES[name]
    sop, _ = drafted(text)
    assert edges(sop) == expected
