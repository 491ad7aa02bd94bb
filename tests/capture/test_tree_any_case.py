"""Steps said to be done in every case of the decision before them (`capture.tree_any_case`):
"in any case", "in either case" put the step after the join, and a branch that would end on
its own goes on to it. Each case is a small text and the flow it must give, one line per
edge as in `tests.capture.flows`; the texts are sopflow's own examples."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "in any case: the closed branch goes on to the step too": (
        "The tenant reports a leak. The caretaker inspects the flat. If the leak is small, "
        "the caretaker mends it and closes the case. If the leak is large, the caretaker "
        "calls a plumber. In any case, the caretaker writes a note in the log book.",
        [
            "Report a leak. -> to caretaker",
            "to caretaker -> Inspect the flat.",
            "Inspect the flat. -> Is the leak small?",
            "Is the leak small? [Small] -> Mend the leak.",
            "Is the leak small? [Large] -> Call a plumber.",
            "Mend the leak. -> Close the case.",
            "Close the case. -> Write a note in the log book.",
            "Write a note in the log book. -> end: Note written",
            "Call a plumber. -> Write a note in the log book.",
        ],
    ),
    "in either case: after the join, not in the last branch": (
        "The examiner marks the paper. If the mark is too low, she rejects the paper. "
        "Otherwise she accepts it and sends it to the office. In either case, she informs "
        "the student. Then she archives the paper.",
        [
            "Mark the paper. -> Is the mark too low?",
            "Is the mark too low? [Yes] -> Reject the paper.",
            "Is the mark too low? [No] -> Accept the paper.",
            "Reject the paper. -> Inform the student.",
            "Inform the student. -> Archive the paper.",
            "Archive the paper. -> end: Paper archived",
            "Accept the paper. -> Send the paper to the office.",
            "Send the paper to the office. -> Inform the student.",
        ],
    ),
    "in every case (no comma): after the join, and the words leave the step": (
        "The tenant reports a leak. The caretaker inspects the flat. If the leak is small, "
        "the caretaker mends it and closes the case. If the leak is large, the caretaker "
        "calls a plumber. In every case the caretaker writes a note in the log book.",
        [
            "Report a leak. -> to caretaker",
            "to caretaker -> Inspect the flat.",
            "Inspect the flat. -> Is the leak small?",
            "Is the leak small? [Small] -> Mend the leak.",
            "Is the leak small? [Large] -> Call a plumber.",
            "Mend the leak. -> Close the case.",
            "Close the case. -> Write a note in the log book.",
            "Write a note in the log book. -> end: Note written",
            "Call a plumber. -> Write a note in the log book.",
        ],
    ),
    "whatever the outcome: the same as in any case": (
        "The tenant reports a leak. The caretaker inspects the flat. If the leak is small, "
        "the caretaker mends it and closes the case. If the leak is large, the caretaker "
        "calls a plumber. Whatever the outcome, the caretaker writes a note in the log book.",
        [
            "Report a leak. -> to caretaker",
            "to caretaker -> Inspect the flat.",
            "Inspect the flat. -> Is the leak small?",
            "Is the leak small? [Small] -> Mend the leak.",
            "Is the leak small? [Large] -> Call a plumber.",
            "Mend the leak. -> Close the case.",
            "Close the case. -> Write a note in the log book.",
            "Write a note in the log book. -> end: Note written",
            "Call a plumber. -> Write a note in the log book.",
        ],
    ),
    "in all cases: the same as in any case": (
        "The tenant reports a leak. The caretaker inspects the flat. If the leak is small, "
        "the caretaker mends it and closes the case. If the leak is large, the caretaker "
        "calls a plumber. In all cases the caretaker writes a note in the log book.",
        [
            "Report a leak. -> to caretaker",
            "to caretaker -> Inspect the flat.",
            "Inspect the flat. -> Is the leak small?",
            "Is the leak small? [Small] -> Mend the leak.",
            "Is the leak small? [Large] -> Call a plumber.",
            "Mend the leak. -> Close the case.",
            "Close the case. -> Write a note in the log book.",
            "Write a note in the log book. -> end: Note written",
            "Call a plumber. -> Write a note in the log book.",
        ],
    ),
}


test_a_step_done_in_every_case_follows_every_branch = flow_examples(CASES)
