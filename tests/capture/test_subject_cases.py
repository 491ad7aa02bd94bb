"""Cases named by their subject, with no "if" (`structure.subsets`): a subject that picks out
some of a thing said before ("urgent bookings", "invoices above 800 crowns", "crates that
weigh more than ten kilos") opens a case, a subject for the rest ("the remaining books",
"large ones", "white roses", "for heavier parcels" after "below 5 kilos") is the next; a
lone generic one makes its work optional. Cases may be said with "for" ("For bicycle
requests …"); "new" names a case only beside its contrast ("repeat orders"). A participle
of the step just before, or one definite thing, names no case."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "two modifiers said before as 'urgent or routine' name the two cases": (
        "The receptionist logs each booking and marks it as urgent or routine. Urgent "
        "bookings are passed to the mechanic. Routine bookings are put on the waiting list. "
        "The receptionist then closes the day.",
        [
            "Log each booking. -> Mark each booking as urgent or routine.",
            "Mark each booking as urgent or routine. -> Is the booking urgent or routine?",
            "Is the booking urgent or routine? [Urgent] -> Pass urgent bookings to the mechanic.",
            "Is the booking urgent or routine? [Routine] -> Put routine bookings on the waiting "
            "list.",
            "Pass urgent bookings to the mechanic. -> Close the day.",
            "Close the day. -> end: Day closed",
            "Put routine bookings on the waiting list. -> Close the day.",
        ],
    ),
    "'the remaining' names the other case": (
        "The librarian unpacks the delivery and inspects the books. Torn books are set aside "
        "and reported to the supplier. The remaining books are labelled by the assistant. "
        "The assistant then shelves them.",
        [
            "Unpack the delivery. -> Inspect the books.",
            "Inspect the books. -> Is the book torn?",
            "Is the book torn? [Yes] -> Set torn books aside.",
            "Is the book torn? [No] -> Label the remaining books.",
            "Set torn books aside. -> Report torn books to the supplier.",
            "Report torn books to the supplier. -> to assistant",
            "to assistant -> Shelve the remaining books.",
            "Shelve the remaining books. -> end: Remaining books shelved",
            "Label the remaining books. -> Shelve the remaining books.",
        ],
    ),
    "a lone 'above N' makes the step optional": (
        "The clerk checks the invoice. Invoices above 800 crowns must also be signed by the "
        "owner. The clerk then pays the invoice.",
        [
            "Check the invoice. -> Is the invoice above 800 crowns?",
            "Is the invoice above 800 crowns? [Yes] -> Sign invoices.",
            "Is the invoice above 800 crowns? [No] -> Pay the invoice.",
            "Sign invoices. -> to clerk",
            "to clerk -> Pay the invoice.",
            "Pay the invoice. -> end: Invoice paid",
        ],
    ),
    "a negated adjective asks the positive, its work the 'No'": (
        "The baker receives the orders from the shop. He checks each order for missing "
        "dates. Incomplete orders are returned to the shop assistant, who completes them. "
        "The baker then bakes the bread.",
        [
            "Receive the orders from the shop. -> Check each order for missing dates.",
            "Check each order for missing dates. -> Is the order complete?",
            "Is the order complete? [No] -> Return incomplete orders to the shop assistant.",
            "Is the order complete? [Yes] -> Bake the bread.",
            "Return incomplete orders to the shop assistant. -> Complete incomplete orders.",
            "Complete incomplete orders. -> Bake the bread.",
            "Bake the bread. -> end: Bread baked",
        ],
    ),
    "'whereas' and 'ones' with the opposite adjective": (
        "The porter weighs each parcel. Small parcels are sent by post, whereas large ones "
        "are handed to the courier. The porter then updates the log.",
        [
            "Weigh each parcel. -> Is the parcel small or large?",
            "Is the parcel small or large? [Small] -> Send small parcels by post.",
            "Is the parcel small or large? [Large] -> Hand large ones to the courier.",
            "Send small parcels by post. -> Update the log.",
            "Update the log. -> end: Log updated",
            "Hand large ones to the courier. -> Update the log.",
        ],
    ),
    "'with' asks what the thing has": (
        "The cook tastes the soups. Soups with too much salt are diluted by the helper. The "
        "cook then serves the soups.",
        [
            "Taste the soups. -> Does the soup have too much salt?",
            "Does the soup have too much salt? [Yes] -> Dilute soups.",
            "Does the soup have too much salt? [No] -> Serve the soups.",
            "Dilute soups. -> to cook",
            "to cook -> Serve the soups.",
            "Serve the soups. -> end: Soups served",
        ],
    ),
    "a relative clause and 'the others'": (
        "The foreman counts the crates. Crates that weigh more than ten kilos are loaded by "
        "the driver. The others are carried by the helper. The foreman closes the shed.",
        [
            "Count the crates. -> Does the crate weigh more than ten kilos?",
            "Does the crate weigh more than ten kilos? [Yes] -> Load crates.",
            "Does the crate weigh more than ten kilos? [No] -> Carry the others.",
            "Load crates. -> to foreman",
            "to foreman -> Close the shed.",
            "Close the shed. -> end: Shed closed",
            "Carry the others. -> to foreman",
            "to foreman -> Close the shed.",
        ],
    ),
    "three modifiers of one noun: three cases": (
        "The gardener cuts the roses. Red roses are sold at the market. White roses are "
        "given to the florist. Yellow roses are dried by the helper. The gardener cleans "
        "the tools.",
        [
            "Cut the roses. -> Is the rose red, white or yellow?",
            "Is the rose red, white or yellow? [Red] -> Sell red roses at the market.",
            "Is the rose red, white or yellow? [White] -> Give white roses to the florist.",
            "Is the rose red, white or yellow? [Yellow] -> Dry yellow roses.",
            "Sell red roses at the market. -> Clean the tools.",
            "Clean the tools. -> end: Tools cleaned",
            "Give white roses to the florist. -> Clean the tools.",
            "Dry yellow roses. -> to gardener",
            "to gardener -> Clean the tools.",
        ],
    ),
    "cases said with 'for', a decision inside the first, joined 'in both cases'": (
        "The clerk reads each repair request and sorts it. For bicycle "
        "requests the clerk opens the workshop diary and books a slot. If the slot is taken, "
        "she calls the customer; otherwise she explains the booking. For electric requests "
        "she writes a job card for the technicians. The technicians then order the parts and "
        "repair the motor. In both cases the clerk sends the customer a receipt.",
        [
            "Read each repair request. -> Sort each repair request.",
            "Sort each repair request. -> Bicycle or electric request?",
            "Bicycle or electric request? [Bicycle] -> Open the workshop diary.",
            "Bicycle or electric request? [Electric] -> Write a job card for the technicians.",
            "Open the workshop diary. -> Book a slot.",
            "Book a slot. -> Is the slot taken?",
            "Is the slot taken? [Yes] -> Call the customer.",
            "Is the slot taken? [No] -> Explain the booking.",
            "Call the customer. -> Send the customer a receipt.",
            "Send the customer a receipt. -> end: Receipt sent",
            "Explain the booking. -> Send the customer a receipt.",
            "Write a job card for the technicians. -> to technicians",
            "to technicians -> Order the parts.",
            "Order the parts. -> Repair the motor.",
            "Repair the motor. -> to clerk",
            "to clerk -> Send the customer a receipt.",
        ],
    ),
    "a comparative names the other side of an amount": (
        "The clerk weighs the parcel and checks the label. Parcels below 5 kilos are posted "
        "at once. For heavier parcels, a driver collects the parcel and logs the trip. The "
        "clerk then files the slip.",
        [
            "Weigh the parcel. -> Check the label.",
            "Check the label. -> Is the parcel below 5 kilos?",
            "Is the parcel below 5 kilos? [Yes] -> Post parcels at once.",
            "Is the parcel below 5 kilos? [No] -> Collect the parcel.",
            "Post parcels at once. -> File the slip.",
            "File the slip. -> end: Slip filed",
            "Collect the parcel. -> Log the trip.",
            "Log the trip. -> to clerk",
            "to clerk -> File the slip.",
        ],
    ),
    "'new' names a case beside its contrast": (
        "The baker sorts the orders. New orders are written on the board. Repeat orders are "
        "copied from the book. The baker then bakes the bread.",
        [
            "Sort the orders. -> New or repeat order?",
            "New or repeat order? [New] -> Write new orders on the board.",
            "New or repeat order? [Repeat] -> Copy repeat orders from the book.",
            "Write new orders on the board. -> Bake the bread.",
            "Bake the bread. -> end: Bread baked",
            "Copy repeat orders from the book. -> Bake the bread.",
        ],
    ),
    "a thing going 'by' some means is sent so": (
        "The porter weighs each parcel. Small parcels go by post, whereas large ones go by "
        "courier. The porter then updates the log.",
        [
            "Weigh each parcel. -> Is the parcel small or large?",
            "Is the parcel small or large? [Small] -> Send small parcels by post.",
            "Is the parcel small or large? [Large] -> Send large ones by courier.",
            "Send small parcels by post. -> Update the log.",
            "Update the log. -> end: Log updated",
            "Send large ones by courier. -> Update the log.",
        ],
    ),
    "a participle of the step before, and one definite thing: no decision": (
        "The new clerk files the form. The manager signs the contract. The signed contract "
        "is sent to the archivist. The archivist stores it.",
        [
            "File the form. -> to manager",
            "to manager -> Sign the contract.",
            "Sign the contract. -> Send the signed contract to the archivist.",
            "Send the signed contract to the archivist. -> to archivist",
            "to archivist -> Store the signed contract.",
            "Store the signed contract. -> end: Signed contract stored",
        ],
    ),
    "'new' alone names no case": (
        "The clerk sorts the orders. New orders are entered into the ledger by the clerk. "
        "The clerk then files the slips.",
        [
            "Sort the orders. -> Enter new orders into the ledger.",
            "Enter new orders into the ledger. -> File the slips.",
            "File the slips. -> end: Slips filed",
        ],
    ),
    "a modified thing never said before: no decision": (
        "The tailor measures the customer. Fresh chalk lines are drawn on the cloth by the "
        "apprentice. The tailor cuts the cloth.",
        [
            "Measure the customer. -> Draw fresh chalk lines on the cloth.",
            "Draw fresh chalk lines on the cloth. -> Cut the cloth.",
            "Cut the cloth. -> end: Cloth cut",
        ],
    ),
}

test_subject_cases = flow_examples(CASES)
