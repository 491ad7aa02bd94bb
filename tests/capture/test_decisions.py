"""Decisions the text states in less usual ways, and the questions they ask: a "decide
whether …" with a duty in it, a case that points back, past-tense conditions.

Each case is a small invented description and the flow it must give, one line per edge
("question [option] -> next"), as in `tests.capture.flows`.
"""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "the question asked right before 'if yes' / 'if no' is the decision's question": (
        "The secretary receives the invoice and checks it. Is the invoice correct? If yes, "
        "she forwards it to the boss. If no, she sends it back to the supplier.",
        [
            "Receive the invoice. -> Check the invoice.",
            "Check the invoice. -> Is the invoice correct?",
            "Is the invoice correct? [Yes] -> Forward the invoice to the boss.",
            "Is the invoice correct? [No] -> Send back the invoice to the supplier.",
            "Forward the invoice to the boss. -> end: Invoice forwarded",
            "Send back the invoice to the supplier. -> end: Invoice sent back",
        ],
    ),
    "'decide whether A and must be done, or if that is not needed' is a decision": (
        "The clerk opens the file. Then we must decide whether any seats are free and "
        "must be booked or if that is not needed. Then the clerk files the form.",
        [
            "Open the file. -> Are any seats free?",
            "Are any seats free? [Yes] -> Book any seats.",
            "Are any seats free? [No] -> File the form.",
            "Book any seats. -> File the form.",
            "File the form. -> end: Form filed",
        ],
    ),
    "the duty after a passive condition acts on the condition's subject": (
        "The foreman decides whether any tools are broken and must be replaced, or if that is "
        "not needed. Then the foreman signs the list.",
        [
            "Are any tools broken? [Yes] -> Replace any tools.",
            "Are any tools broken? [No] -> Sign the list.",
            "Replace any tools. -> Sign the list.",
            "Sign the list. -> end: List signed",
        ],
    ),
    "an 'except if' inside a branch is a decision in it; 'then' opens its case": (
        "The clerk asks the tenant whether the rent is paid. If that is not so, we add a "
        "fee, except if the debt is large. Then the manager calls the tenant. Finally the "
        "clerk files the note.",
        [
            "Ask the tenant whether the rent is paid. -> Is the rent paid?",
            "Is the rent paid? [No] -> Is the debt large?",
            "Is the rent paid? [Yes] -> File the note.",
            "Is the debt large? [No] -> Add a fee.",
            "Is the debt large? [Yes] -> Call the tenant.",
            "Add a fee. -> to clerk",
            "to clerk -> File the note.",
            "File the note. -> end: Note filed",
            "Call the tenant. -> to clerk",
            "to clerk -> File the note.",
        ],
    ),
    "a 'then' after an 'except if' on the main line goes on after both cases": (
        "The clerk checks the parcel. The clerk ships the parcel by post, except if it is "
        "heavy. Then the clerk updates the log.",
        [
            "Check the parcel. -> Is the parcel heavy?",
            "Is the parcel heavy? [No] -> Ship the parcel by post.",
            "Is the parcel heavy? [Yes] -> Update the log.",
            "Ship the parcel by post. -> Update the log.",
            "Update the log. -> end: Log updated",
        ],
    ),
    "a 'sometimes' case said before its step, with 'then', is the question": (
        "The clerk writes a memo. Sometimes there is still an error in the memo, then the "
        "clerk must ask the office again. The clerk files the memo.",
        [
            "Write a memo. -> Is there still an error in the memo?",
            "Is there still an error in the memo? [Yes] -> Ask the office again.",
            "Is there still an error in the memo? [No] -> File the memo.",
            "Ask the office again. -> Write a memo.",
            "File the memo. -> end: Memo filed",
        ],
    ),
    "a case without a condition of its own asks about its step": (
        "The clerk writes a memo. Under certain circumstances, the clerk must ask for changes "
        "again, otherwise the clerk approves the memo.",
        [
            "Write a memo. -> Ask for changes again?",
            "Ask for changes again? [Yes] -> Ask for changes again.",
            "Ask for changes again? [No] -> Approve the memo.",
            "Ask for changes again. -> Write a memo.",
            "Approve the memo. -> end: Memo approved",
        ],
    ),
    "'if it is not' after a duty asks whether the duty is met": (
        "The clerk writes a memo. All of this must be finished by noon, if it is not, then a "
        "reminder should be sent to the manager. The clerk files the memo.",
        [
            "Write a memo. -> Finished by noon?",
            "Finished by noon? [No] -> Send a reminder to the manager.",
            "Finished by noon? [Yes] -> File the memo.",
            "Send a reminder to the manager. -> File the memo.",
            "File the memo. -> end: Memo filed",
        ],
    ),
    "three alternative steps are listed, their shared thing said once": (
        "The clerk receives the bid. The manager must accept or ask for a rewrite, or "
        "decline the bid. Then the clerk files the bid.",
        [
            "Receive the bid. -> Accept, ask for a rewrite or decline the bid?",
            "Accept, ask for a rewrite or decline the bid? [Accept] -> Accept the bid.",
            "Accept, ask for a rewrite or decline the bid? [Ask for a rewrite] -> Ask for a "
            "rewrite.",
            "Accept, ask for a rewrite or decline the bid? [Decline] -> Decline the bid.",
            "Accept the bid. -> to clerk",
            "to clerk -> File the bid.",
            "File the bid. -> end: Bid filed",
            "Ask for a rewrite. -> to clerk",
            "to clerk -> File the bid.",
            "Decline the bid. -> end: Bid declined",
        ],
    ),
    "alternative steps on different things are asked as said": (
        "The clerk receives the claim. The clerk repairs the bike, orders a part or scraps "
        "the bike.",
        [
            "Receive the claim. -> Repair, order a part or scrap the bike?",
            "Repair, order a part or scrap the bike? [Repair] -> Repair the bike.",
            "Repair, order a part or scrap the bike? [Order a part] -> Order a part.",
            "Repair, order a part or scrap the bike? [Scrap] -> Scrap the bike.",
            "Repair the bike. -> end: Bike repaired",
            "Order a part. -> end: Part ordered",
            "Scrap the bike. -> end: Bike scrapped",
        ],
    ),
    "'if not … otherwise, if …' asks what was checked, then the new condition inside": (
        "The clerk opens the box. The clerk checks whether the sender is known. If not, the "
        "clerk returns the parcel. Otherwise, if the parcel is heavy, the clerk books a "
        "courier. Then the clerk files the note.",
        [
            "Open the box. -> Check whether the sender is known.",
            "Check whether the sender is known. -> Is the sender known?",
            "Is the sender known? [No] -> Return the parcel.",
            "Is the sender known? [Yes] -> Is the parcel heavy?",
            "Return the parcel. -> File the note.",
            "File the note. -> end: Note filed",
            "Is the parcel heavy? [Yes] -> Book a courier.",
            "Is the parcel heavy? [No] -> File the note.",
            "Book a courier. -> File the note.",
        ],
    ),
    "'otherwise, if' on another subject is a decision in the remaining branch": (
        "The clerk opens the box. If the amount is high, the clerk calls the bank. Otherwise, "
        "if the customer is new, the clerk sends a letter. Otherwise the clerk pays. Then the "
        "clerk files the note.",
        [
            "Open the box. -> Is the amount high?",
            "Is the amount high? [Yes] -> Call the bank.",
            "Is the amount high? [No] -> Is the customer new?",
            "Call the bank. -> File the note.",
            "File the note. -> end: Note filed",
            "Is the customer new? [Yes] -> Send a letter.",
            "Is the customer new? [No] -> Pay.",
            "Send a letter. -> File the note.",
            "Pay. -> File the note.",
        ],
    ),
    "a negated condition on a subject of its own is a question of its own": (
        "The clerk copies the files. If new forms exist, the clerk registers the forms. If "
        "the codes have not been sent, the clerk writes a list. Then the clerk files the note.",
        [
            "Copy the files. -> Do new forms exist?",
            "Do new forms exist? [Yes] -> Register the forms.",
            "Do new forms exist? [No] -> File the note.",
            "Register the forms. -> Have the codes been sent?",
            "Have the codes been sent? [No] -> Write a list.",
            "Have the codes been sent? [Yes] -> File the note.",
            "Write a list. -> File the note.",
            "File the note. -> end: Note filed",
        ],
    ),
    "a negated restatement of what was checked asks the check; 'new' on both sides is no "
    "antonym pair": (
        "The clerk checks whether the list has new entries. If no new entries are found, the "
        "clerk checks the mailbox. If new forms exist, the clerk registers the forms. Then "
        "the clerk files the note.",
        [
            "Check whether the list has new entries. -> Does the list have new entries?",
            "Does the list have new entries? [No] -> Check the mailbox.",
            "Does the list have new entries? [Yes] -> File the note.",
            "Check the mailbox. -> Do new forms exist?",
            "Do new forms exist? [Yes] -> Register the forms.",
            "Do new forms exist? [No] -> File the note.",
            "Register the forms. -> File the note.",
            "File the note. -> end: Note filed",
        ],
    ),
    "what a passive step checks, said after it, is its question": (
        "Each day the files are copied and then it is examined to learn whether the list "
        "has new entries. If no new entries are found, then the clerk checks the mailbox. "
        "Then the clerk files the note.",
        [
            "Copy the files. -> Examine it.",
            "Examine it. -> Does the list have new entries?",
            "Does the list have new entries? [Yes] -> File the note.",
            "Does the list have new entries? [No] -> Check the mailbox.",
            "File the note. -> end: Note filed",
            "Check the mailbox. -> File the note.",
        ],
    ),
    "a 'whether' naming two things after one verb asks about both": (
        "First the guest must decide whether she wants a single or double room. If she wants "
        "a single room, the clerk books it. If she wants a double room instead, the clerk "
        "calls the manager. Then the clerk files the note.",
        [
            "Does she want a single or double room? [Single room] -> Book the single room.",
            "Does she want a single or double room? [Double room] -> Call the manager.",
            "Book the single room. -> File the note.",
            "File the note. -> end: Note filed",
            "Call the manager. -> File the note.",
        ],
    ),
    "one amount compared two ways, the second case said by a pronoun": (
        "The clerk weighs the parcel. If the parcel is heavier than 5 kg, the clerk books a "
        "courier. If it's under 5 kg, the clerk posts it. Then the clerk files the note.",
        [
            "Weigh the parcel. -> Is the parcel heavier than 5 kg?",
            "Is the parcel heavier than 5 kg? [Heavier than] -> Book a courier.",
            "Is the parcel heavier than 5 kg? [Under] -> Post the parcel.",
            "Book a courier. -> File the note.",
            "File the note. -> end: Note filed",
            "Post the parcel. -> File the note.",
        ],
    ),
    "cases of what one subject does are asked in one question": (
        "The clerk decides whether the parcel goes by air or sea. If it goes by air, the clerk "
        "books a flight. If it goes by sea, the clerk books a ship. Then the clerk files the "
        "note.",
        [
            "Does it go by air or sea? [Air] -> Book a flight.",
            "Does it go by air or sea? [Sea] -> Book a ship.",
            "Book a flight. -> File the note.",
            "File the note. -> end: Note filed",
            "Book a ship. -> File the note.",
        ],
    ),
    "two negated conditions on one subject are two checks, not cases of one": (
        "The clerk sends the form. If the form is not returned in 7 days, the clerk sends a "
        "reminder. If the form is not returned within 30 days, the clerk closes the case. "
        "Then the clerk files the note.",
        [
            "Send the form. -> Is the form returned in 7 days?",
            "Is the form returned in 7 days? [No] -> Send a reminder.",
            "Is the form returned in 7 days? [Yes] -> File the note.",
            "Send a reminder. -> Is the form returned within 30 days?",
            "Is the form returned within 30 days? [No] -> Close the case.",
            "Is the form returned within 30 days? [Yes] -> File the note.",
            "Close the case. -> end: Case closed",
            "File the note. -> end: Note filed",
        ],
    ),
    "a bare participle asks about what the step before acted on": (
        "The order is checked by the clerk. If rejected, the clerk writes to the customer. "
        "Then the clerk files the order.",
        [
            "Check the order. -> Is the order rejected?",
            "Is the order rejected? [Yes] -> Write to the customer.",
            "Is the order rejected? [No] -> File the order.",
            "Write to the customer. -> File the order.",
            "File the order. -> end: Order filed",
        ],
    ),
    "a pronoun condition restates the case a 'whether' asked, not a third case": (
        "The vet examines the dog and decides whether the wound is clean. If the wound is "
        "not clean, the vet cleans it again. If it is clean, the nurse bandages the paw.",
        [
            "Examine the dog. -> Is the wound clean?",
            "Is the wound clean? [Yes] -> Bandage the paw.",
            "Is the wound clean? [No] -> Clean the wound again.",
            "Bandage the paw. -> end: Paw bandaged",
            "Clean the wound again. -> Examine the dog.",
        ],
    ),
    "the question names the subject a pronoun condition stands for": (
        "The porter weighs the crate. Then he checks whether the label is legible. If the "
        "label is not legible, the porter prints a new label. If it is legible, the porter "
        "stacks the crate.",
        [
            "Weigh the crate. -> Check whether the label is legible.",
            "Check whether the label is legible. -> Is the label legible?",
            "Is the label legible? [No] -> Print a new label.",
            "Is the label legible? [Yes] -> Stack the crate.",
            "Print a new label. -> end: New label printed",
            "Stack the crate. -> end: Crate stacked",
        ],
    ),
    "alternatives with one verb are told apart by who does them": (
        "The tailor measures the coat. Depending on the size, either the tailor alters the "
        "coat himself or, for large coats, a cutter must alter it. Then the clerk wraps it.",
        [
            "Measure the coat. -> What is the size?",
            "What is the size? [Tailor] -> Alter the coat.",
            "What is the size? [Cutter] -> Alter the coat.",
            "Alter the coat. -> to clerk",
            "to clerk -> Wrap the coat.",
            "Wrap the coat. -> end: Coat wrapped",
            "Alter the coat. -> to clerk",
            "to clerk -> Wrap the coat.",
        ],
    ),
    "a branch that puts the case on hold ends there": (
        "The clerk checks if the deposit went through. If it did not, the clerk emails the "
        "tenant and puts the booking on hold. If it did, the clerk sends the keys. Then the "
        "clerk files the contract.",
        [
            "Check if the deposit went through. -> Did the deposit go through?",
            "Did the deposit go through? [No] -> Email the tenant.",
            "Did the deposit go through? [Yes] -> Send the keys.",
            "Email the tenant. -> Put the booking on hold.",
            "Put the booking on hold. -> end: Booking put on hold",
            "Send the keys. -> File the contract.",
            "File the contract. -> end: Contract filed",
        ],
    ),
    "an 'otherwise' after one case of a 'whether' is the case left": (
        "The clerk opens the file and decides whether the lease is valid. If it is not "
        "valid, the clerk returns the file. Otherwise the clerk signs it.",
        [
            "Open the file. -> Is the lease valid?",
            "Is the lease valid? [Yes] -> Sign the file.",
            "Is the lease valid? [No] -> Return the file.",
            "Sign the file. -> end: File signed",
            "Return the file. -> end: File returned",
        ],
    ),
    "'if no card exists' asks whether a card exists, its branch the 'No'": (
        "A reader arrives at the library. The librarian looks up the reader's card in the "
        "catalogue. If no card exists, the librarian creates a new card. Otherwise, she "
        "renews the old card. Then the reader borrows the book.",
        [
            "Arrive at the library. -> to librarian",
            "to librarian -> Look up the reader's card in the catalogue.",
            "Look up the reader's card in the catalogue. -> Does a card exist?",
            "Does a card exist? [No] -> Create a new card.",
            "Does a card exist? [Yes] -> Renew the old card.",
            "Create a new card. -> to reader",
            "to reader -> Borrow the book.",
            "Borrow the book. -> end: Book borrowed",
            "Renew the old card. -> to reader",
            "to reader -> Borrow the book.",
        ],
    ),
    "'if no parcel is found' asks 'Is a parcel found?'": (
        "The clerk searches the shelf for the parcel. If no parcel is found, the clerk calls "
        "the sender. Otherwise the clerk hands the parcel to the customer. The clerk closes "
        "the ticket.",
        [
            "Search the shelf for the parcel. -> Is a parcel found?",
            "Is a parcel found? [No] -> Call the sender.",
            "Is a parcel found? [Yes] -> Hand the parcel to the customer.",
            "Call the sender. -> Close the ticket.",
            "Close the ticket. -> end: Ticket closed",
            "Hand the parcel to the customer. -> Close the ticket.",
        ],
    ),
    "'if this succeeds' after a step tried asks whether its work got done": (
        "The clerk takes the call. Then the clerk tries to fix the fault on the phone. If "
        "this succeeds, the ticket is closed. If it does not succeed, the ticket is passed "
        "to the technician.",
        [
            "Take the call. -> Fix the fault on the phone.",
            "Fix the fault on the phone. -> Is the fault fixed on the phone?",
            "Is the fault fixed on the phone? [Yes] -> Close the ticket.",
            "Is the fault fixed on the phone? [No] -> Pass the ticket to the technician.",
            "Close the ticket. -> end: Ticket closed",
            "Pass the ticket to the technician. -> end: Ticket passed",
        ],
    ),
    "a passive before a semicolon is its branch's step, its end named after it": (
        "The manager evaluates the apprentice. If the evaluation is positive, the contract is "
        "confirmed; if not, the office terminates the contract.",
        [
            "Evaluate the apprentice. -> Is the evaluation positive?",
            "Is the evaluation positive? [Yes] -> Confirm the contract.",
            "Is the evaluation positive? [No] -> Terminate the contract.",
            "Confirm the contract. -> end: Contract confirmed",
            "Terminate the contract. -> end: Contract terminated",
        ],
    ),
    "'decides whether further repairs are needed. If repairs are needed': one decision": (
        "The mechanic inspects the car and decides whether further repairs are needed. If "
        "repairs are needed, a part is ordered and fitted. Finally the clerk writes the bill.",
        [
            "Inspect the car. -> Are further repairs needed?",
            "Are further repairs needed? [Yes] -> Order a part.",
            "Are further repairs needed? [No] -> Write the bill.",
            "Order a part. -> Fit the part.",
            "Fit the part. -> to clerk",
            "to clerk -> Write the bill.",
            "Write the bill. -> end: Bill written",
        ],
    ),
}


test_decision_flow = flow_examples(CASES)
