"""A case of what the step before asked (`capture.tree_asked`): "checks whether X. In that
case, … Otherwise, …" is one decision on X, where the asking step stands. The texts are
sopflow's own examples, one line per edge as in `tests.capture.flows`."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "'in that case' and 'otherwise' after a step that asks 'whether'": (
        "The porter receives the parcel. He checks whether the seal is broken. In that case, "
        "the parcel is refused. Otherwise, the porter signs for it. The porter logs the "
        "delivery.",
        [
            "Receive the parcel. -> Check whether the seal is broken.",
            "Check whether the seal is broken. -> Is the seal broken?",
            "Is the seal broken? [Yes] -> Refuse the parcel.",
            "Is the seal broken? [No] -> Sign for the parcel.",
            "Refuse the parcel. -> end: Parcel refused",
            "Sign for the parcel. -> Log the delivery.",
            "Log the delivery. -> end: Delivery logged",
        ],
    ),
    "inside a branch, the asked case is a decision in it; the branch's other case follows": (
        "The porter receives the parcel. If the parcel is wet, the porter checks whether the "
        "seal is broken. In that case, the parcel is refused. Otherwise, the porter dries it. "
        "If the parcel is not wet, the porter signs for it. Finally the porter logs the "
        "delivery.",
        [
            "Receive the parcel. -> Is the parcel wet?",
            "Is the parcel wet? [Yes] -> Check whether the seal is broken.",
            "Is the parcel wet? [No] -> Sign for the parcel.",
            "Check whether the seal is broken. -> Is the seal broken?",
            "Is the seal broken? [Yes] -> Refuse the parcel.",
            "Is the seal broken? [No] -> Dry the parcel.",
            "Refuse the parcel. -> end: Parcel refused",
            "Dry the parcel. -> Log the delivery.",
            "Log the delivery. -> end: Delivery logged",
            "Sign for the parcel. -> Log the delivery.",
        ],
    ),
    "without an asking step, 'in that case' goes on with the open branch": (
        "If the parcel is wet, the porter dries it. In that case, the porter notes the "
        "damage. Otherwise, the porter signs the form.",
        [
            "Is the parcel wet? [Yes] -> Dry the parcel.",
            "Is the parcel wet? [No] -> Sign the form.",
            "Dry the parcel. -> Note the damage.",
            "Note the damage. -> end: Damage noted",
            "Sign the form. -> end: Form signed",
        ],
    ),
    "a step said with 'can', then 'in that case': a decision on that step": (
        "The courier delivers the parcel to the customer. The customer can return the parcel "
        "within 14 days. In that case, the clerk inspects the returned parcel and the bank "
        "refunds the payment.",
        [
            "Deliver the parcel to the customer. -> Does the customer return the parcel within "
            "14 days?",
            "Does the customer return the parcel within 14 days? [Yes] -> Return the parcel.",
            "Does the customer return the parcel within 14 days? [No] -> end: Parcel not returned",
            "Return the parcel. -> to clerk",
            "to clerk -> Inspect the returned parcel.",
            "Inspect the returned parcel. -> to bank",
            "to bank -> Refund the payment.",
            "Refund the payment. -> end: Payment refunded",
        ],
    ),
    "the 'can' decision's 'No' goes on when the text does": (
        "The courier delivers the parcel to the customer. The customer can return the parcel "
        "within 14 days. In that case, the clerk inspects the returned parcel. Then the clerk "
        "files the form.",
        [
            "Deliver the parcel to the customer. -> Does the customer return the parcel within "
            "14 days?",
            "Does the customer return the parcel within 14 days? [Yes] -> Return the parcel.",
            "Does the customer return the parcel within 14 days? [No] -> File the form.",
            "Return the parcel. -> to clerk",
            "to clerk -> Inspect the returned parcel.",
            "Inspect the returned parcel. -> File the form.",
            "File the form. -> end: Form filed",
        ],
    ),
    "'if so' after a step said with 'can' is the same decision": (
        "The courier delivers the parcel to the customer. The customer can return the parcel "
        "within 14 days. If so, the clerk inspects the returned parcel. Then the clerk files "
        "the form.",
        [
            "Deliver the parcel to the customer. -> Does the customer return the parcel within "
            "14 days?",
            "Does the customer return the parcel within 14 days? [Yes] -> Return the parcel.",
            "Does the customer return the parcel within 14 days? [No] -> File the form.",
            "Return the parcel. -> to clerk",
            "to clerk -> Inspect the returned parcel.",
            "Inspect the returned parcel. -> File the form.",
            "File the form. -> end: Form filed",
        ],
    ),
}


test_asked_case = flow_examples(CASES)
