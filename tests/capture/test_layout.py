"""The shape of drafted flows: nested, sequential, ending, joining and looping decisions.

Each case is a small description and the flow it must give, written as one line per edge:
"node -> next" for steps and handoffs, "question [option] -> next" for decisions. The words
are sopflow's own examples, not taken from any evaluation text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.capture.flows import Drafted, edges

from sopflow.model import Decision, Outcome

CASES = {
    "nested": (
        "The clerk receives the claim. If the claim is valid, the clerk checks the amount. "
        "If the amount is above the limit, the clerk approves the payment. Otherwise the "
        "clerk pays the claim. If the claim is not valid, the clerk rejects the claim. "
        "Finally the clerk files the claim.",
        [
            "Receive the claim. -> Is the claim valid?",
            "Is the claim valid? [Yes] -> Check the amount.",
            "Is the claim valid? [No] -> Reject the claim.",
            "Check the amount. -> Is the amount above the limit?",
            "Is the amount above the limit? [Yes] -> Approve the payment.",
            "Is the amount above the limit? [No] -> Pay the claim.",
            "Approve the payment. -> File the claim.",
            "File the claim. -> end: Claim filed",
            "Pay the claim. -> File the claim.",
            "Reject the claim. -> end: Claim rejected",
        ],
    ),
    "sequential": (
        "The clerk checks the invoice. If the invoice is correct, the clerk books it. "
        "If it is not correct, the clerk corrects it. Then the clerk checks the stock. "
        "If the stock is low, the clerk orders new goods. After that the clerk archives "
        "the invoice.",
        [
            "Check the invoice. -> Is the invoice correct?",
            "Is the invoice correct? [Yes] -> Book the invoice.",
            "Is the invoice correct? [No] -> Correct the invoice.",
            "Book the invoice. -> Check the stock.",
            "Check the stock. -> Is the stock low?",
            "Is the stock low? [Yes] -> Order new goods.",
            "Is the stock low? [No] -> Archive the invoice.",
            "Order new goods. -> Archive the invoice.",
            "Archive the invoice. -> end: Invoice archived",
            "Correct the invoice. -> Check the stock.",
        ],
    ),
    "work sent back leads on when every branch would end": (
        "The clerk checks the form. If the form is incomplete, the clerk sends the form back "
        "to the applicant. If the applicant makes no reply, the clerk cancels the request. "
        "Then the clerk files the form.",
        [
            "Check the form. -> Is the form incomplete?",
            "Is the form incomplete? [Form is incomplete] -> Send back the form to the applicant.",
            "Is the form incomplete? [Applicant makes no reply] -> Cancel the request.",
            "Send back the form to the applicant. -> File the form.",
            "File the form. -> end: Form filed",
            "Cancel the request. -> end: Request canceled",
        ],
    ),
    "whether or not": (
        "The nurse measures the pulse. Whether or not the pulse is normal, the nurse writes "
        "it in the chart. The nurse leaves the ward.",
        [
            "Measure the pulse. -> Write the pulse in the chart.",
            "Write the pulse in the chart. -> Leave the ward.",
            "Leave the ward. -> end: Ward left",
        ],
    ),
    "ending": (
        "The agent reviews the ticket. If the ticket is incomplete, the agent rejects the "
        "ticket. The agent then files the ticket.",
        [
            "Review the ticket. -> Is the ticket incomplete?",
            "Is the ticket incomplete? [Yes] -> Reject the ticket.",
            "Is the ticket incomplete? [No] -> File the ticket.",
            "Reject the ticket. -> end: Ticket rejected",
            "File the ticket. -> end: Ticket filed",
        ],
    ),
    "cases of one subject, joining": (
        "If the customer pays by card, the cashier swipes the card. If the customer pays by "
        "bank transfer, the cashier writes down the reference. The cashier then prints the "
        "receipt.",
        [
            "Does the customer pay by card or bank transfer? [Card] -> Swipe the card.",
            "Does the customer pay by card or bank transfer? [Bank transfer] -> Write down the "
            "reference.",
            "Swipe the card. -> Print the receipt.",
            "Print the receipt. -> end: Receipt printed",
            "Write down the reference. -> Print the receipt.",
        ],
    ),
    "a branch that says the process ends": (
        "The manager reviews the proposal. If the proposal is declined, the process ends. "
        "If the proposal is accepted, the manager plans the project.",
        [
            "Review the proposal. -> Is the proposal declined?",
            "Is the proposal declined? [Declined] -> end: The proposal is declined",
            "Is the proposal declined? [Accepted] -> Plan the project.",
            "Plan the project. -> end: Project planned",
        ],
    ),
    "loop back to the check": (
        "The editor reviews the draft. If changes are needed, the editor revises the draft "
        "and reviews it again. The editor publishes the draft.",
        [
            "Review the draft. -> Are changes needed?",
            "Are changes needed? [Yes] -> Revise the draft.",
            "Are changes needed? [No] -> Publish the draft.",
            "Revise the draft. -> Review the draft.",
            "Publish the draft. -> end: Draft published",
        ],
    ),
    "repeating work goes back to where it was made": (
        "The analyst writes a report. The manager reviews the report. If the report is "
        "unclear, the report is repeated. The manager signs the report.",
        [
            "Write a report. -> to manager",
            "to manager -> Review the report.",
            "Review the report. -> Is the report unclear?",
            "Is the report unclear? [Yes] -> Write a report.",
            "Is the report unclear? [No] -> Sign the report.",
            "Sign the report. -> end: Report signed",
        ],
    ),
    "sent back to the start": (
        "The team drafts the plan. The lead tests the plan. If the plan fails the test, it is "
        "sent straight back to the start. Otherwise the lead publishes the plan.",
        [
            "Draft the plan. -> to lead",
            "to lead -> Test the plan.",
            "Test the plan. -> Does the plan fail the test?",
            "Does the plan fail the test? [Yes] -> Draft the plan.",
            "Does the plan fail the test? [No] -> Publish the plan.",
            "Publish the plan. -> end: Plan published",
        ],
    ),
    "work returned to someone who acts on it goes back to their hand-in": (
        "A tenant fills in a repair form and hands it in at the office. The manager reads the "
        "form. If a change is needed, the form is returned to the tenant, who reads the "
        "comments. Otherwise the manager signs the form. The manager then files the form.",
        [
            "Fill in a repair form. -> Hand the repair form in at the office.",
            "Hand the repair form in at the office. -> to manager",
            "to manager -> Read the form.",
            "Read the form. -> Is a change needed?",
            "Is a change needed? [Yes] -> Return the form to the tenant.",
            "Is a change needed? [No] -> Sign the form.",
            "Return the form to the tenant. -> to tenant",
            "to tenant -> Read the comments.",
            "Read the comments. -> Hand the repair form in at the office.",
            "Sign the form. -> File the form.",
            "File the form. -> end: Form filed",
        ],
    ),
    "a step done anew on a new thing goes back to that step": (
        "The baker shapes the dough and bakes the bread. If the bread is burnt, he throws it "
        "away and bakes a new batch. Otherwise he puts the bread on the shelf.",
        [
            "Shape the dough. -> Bake the bread.",
            "Bake the bread. -> Is the bread burnt?",
            "Is the bread burnt? [Yes] -> Throw away the bread.",
            "Is the bread burnt? [No] -> Put the bread on the shelf.",
            "Throw away the bread. -> Bake the bread.",
            "Put the bread on the shelf. -> end: Bread put",
        ],
    ),
    "a new thing no step made before is work of its own": (
        "The clerk checks the part. If the part is broken, he orders a new part. Otherwise he "
        "fits the part.",
        [
            "Check the part. -> Is the part broken?",
            "Is the part broken? [Yes] -> Order a new part.",
            "Is the part broken? [No] -> Fit the part.",
            "Order a new part. -> end: New part ordered",
            "Fit the part. -> end: Part fitted",
        ],
    ),
    "work said to go back to someone who reworks it goes back to their hand-in": (
        "The student writes the thesis and submits it to the supervisor. The supervisor reads "
        "the thesis. If there are mistakes, the thesis goes back to the student, who revises "
        "it. Otherwise the supervisor grades the thesis.",
        [
            "Write the thesis. -> Submit the thesis to the supervisor.",
            "Submit the thesis to the supervisor. -> to supervisor",
            "to supervisor -> Read the thesis.",
            "Read the thesis. -> Are there mistakes?",
            "Are there mistakes? [Yes] -> Revise the thesis.",
            "Are there mistakes? [No] -> Grade the thesis.",
            "Revise the thesis. -> Submit the thesis to the supervisor.",
            "Grade the thesis. -> end: Thesis graded",
        ],
    ),
    "work returned to someone who does not rework it ends there": (
        "The buyer orders a part from the vendor. The vendor ships the part. The buyer tests "
        "the part. If the part is faulty, it is returned to the vendor, who refunds the money. "
        "Otherwise the buyer installs the part.",
        [
            "Order a part from the vendor. -> Ship the part.",
            "Ship the part. -> Test the part.",
            "Test the part. -> Is the part faulty?",
            "Is the part faulty? [Yes] -> Return the part to the vendor.",
            "Is the part faulty? [No] -> Install the part.",
            "Return the part to the vendor. -> to vendor",
            "to vendor -> Refund the money.",
            "Refund the money. -> end: Money refunded",
            "Install the part. -> end: Part installed",
        ],
    ),
    "a case saying the work side by side is done waits for it": (
        "The clerk receives the order. The clerk checks the invoice. In the meantime the "
        "warehouse packs the goods. If everything is ready, the driver loads the van. The "
        "driver then leaves.",
        [
            "at the same time -> Receive the order.",
            "at the same time -> Pack the goods.",
            "at the same time joins at Is everything ready?",
            "Receive the order. -> Check the invoice.",
            "Check the invoice. -> Is everything ready?",
            "Is everything ready? [Yes] -> Load the van.",
            "Is everything ready? [No] -> Is everything ready?",
            "Load the van. -> Leave.",
            "Leave. -> end: Left",
            "Pack the goods. -> Is everything ready?",
        ],
    ),
    "a condition said by inversion ('should …')": (
        "The clerk sends the invoice to the customer. Should the customer not pay within a "
        "week, the clerk calls the customer. The clerk files the invoice.",
        [
            "Send the invoice to the customer. -> Does the customer pay within a week?",
            "Does the customer pay within a week? [No] -> Call the customer.",
            "Does the customer pay within a week? [Yes] -> File the invoice.",
            "Call the customer. -> File the invoice.",
            "File the invoice. -> end: Invoice filed",
        ],
    ),
    "repeat until": (
        "The clerk sends the form to the tenant. The clerk sends a reminder every week "
        "until the signed form is returned. Then the clerk files the form.",
        [
            "Send the form to the tenant. -> Send a reminder.",
            "Send a reminder. -> Is the signed form returned?",
            "Is the signed form returned? [Yes] -> File the form.",
            "Is the signed form returned? [No] -> Send a reminder.",
            "File the form. -> end: Form filed",
        ],
    ),
    "whether, then the former and the latter case": (
        "The mechanic inspects the car and decides whether the car is roadworthy or needs "
        "a further repair. In the former case, he signs the form. In the latter case, "
        "he orders the repair. Finally the mechanic writes the report.",
        [
            "Inspect the car. -> Is the car roadworthy?",
            "Is the car roadworthy? [The car is roadworthy] -> Sign the form.",
            "Is the car roadworthy? [Needs a further repair] -> Order the repair.",
            "Sign the form. -> Write the report.",
            "Write the report. -> end: Report written",
            "Order the repair. -> Write the report.",
        ],
    ),
    "repeated for each": (
        "The clerk receives the delivery. The clerk checks the box. If the box is damaged, "
        "the clerk returns it. Otherwise the clerk stores it. This is repeated for each box "
        "of the delivery. Finally the clerk signs the note.",
        [
            "Receive the delivery. -> Check the box.",
            "Check the box. -> Is the box damaged?",
            "Is the box damaged? [Yes] -> Return the box.",
            "Is the box damaged? [No] -> Store the box.",
            "Return the box. -> Is there another box of the delivery?",
            "Is there another box of the delivery? [Yes] -> Check the box.",
            "Is there another box of the delivery? [No] -> Sign the note.",
            "Sign the note. -> end: Note signed",
            "Store the box. -> Is there another box of the delivery?",
        ],
    ),
    "sent back to someone outside the flow": (
        "The clerk checks the application. If the application is incomplete, the clerk "
        "sends it back to the applicant. Otherwise the clerk files the application. Then the "
        "clerk informs the manager.",
        [
            "Check the application. -> Is the application incomplete?",
            "Is the application incomplete? [Yes] -> Send back the application to the applicant.",
            "Is the application incomplete? [No] -> File the application.",
            "Send back the application to the applicant. -> end: Application sent back",
            "File the application. -> Inform the manager.",
            "Inform the manager. -> end: Manager informed",
        ],
    ),
    "in the meantime": (
        "The nurse takes the blood sample. In the meantime, the nurse prepares the label. "
        "Then the nurse sends the sample.",
        [
            "at the same time -> Take the blood sample.",
            "at the same time -> Prepare the label.",
            "at the same time joins at Send the sample.",
            "Take the blood sample. -> Send the sample.",
            "Send the sample. -> end: Sample sent",
            "Prepare the label. -> Send the sample.",
        ],
    ),
    "in the meantime, beside the work since its performer was told": (
        "The clerk receives the order and informs the warehouse. The clerk checks the invoice. "
        "Then the clerk books the payment. In the meantime, the warehouse packs the goods. "
        "Finally the clerk ships the goods.",
        [
            "Receive the order. -> Inform the warehouse.",
            "Inform the warehouse. -> at the same time",
            "at the same time -> Check the invoice.",
            "at the same time -> Pack the goods.",
            "at the same time joins at Ship the goods.",
            "Check the invoice. -> Book the payment.",
            "Book the payment. -> Ship the goods.",
            "Ship the goods. -> end: Goods shipped",
            "Pack the goods. -> to clerk",
            "to clerk -> Ship the goods.",
        ],
    ),
    "in the meantime, beside a decision": (
        "The clerk receives the order. The clerk checks the invoice. If the invoice is "
        "correct, the clerk books it. Otherwise the clerk corrects it. In the "
        "meantime, the warehouse packs the goods. Finally the clerk ships the goods.",
        [
            "at the same time -> Receive the order.",
            "at the same time -> Pack the goods.",
            "at the same time joins at Ship the goods.",
            "Receive the order. -> Check the invoice.",
            "Check the invoice. -> Is the invoice correct?",
            "Is the invoice correct? [Yes] -> Book the invoice.",
            "Is the invoice correct? [No] -> Correct the invoice.",
            "Book the invoice. -> Ship the goods.",
            "Ship the goods. -> end: Goods shipped",
            "Correct the invoice. -> Ship the goods.",
            "Pack the goods. -> to clerk",
            "to clerk -> Ship the goods.",
        ],
    ),
    "a condition opening the text is what starts the process": (
        "If a customer calls, the agent opens a ticket. The agent checks the contract. Then "
        "the agent closes the ticket.",
        [
            "Open a ticket. -> Check the contract.",
            "Check the contract. -> Close the ticket.",
            "Close the ticket. -> end: Ticket closed",
        ],
    ),
    "an opening condition with another case is a decision": (
        "If the customer calls, the agent opens a ticket. Otherwise the agent files the "
        "letter. The agent closes the case.",
        [
            "Does the customer call? [Yes] -> Open a ticket.",
            "Does the customer call? [No] -> File the letter.",
            "Open a ticket. -> Close the case.",
            "Close the case. -> end: Case closed",
            "File the letter. -> Close the case.",
        ],
    ),
    "while": (
        "While the cook prepares the meal, the waiter sets the table. Then the waiter brings "
        "the meal.",
        [
            "at the same time -> Prepare the meal.",
            "at the same time -> Set the table.",
            "at the same time joins at Bring the meal.",
            "Prepare the meal. -> to waiter",
            "to waiter -> Bring the meal.",
            "Bring the meal. -> end: Meal brought",
            "Set the table. -> Bring the meal.",
        ],
    ),
    "what a performer also does runs beside the step before": (
        "The clerk receives the order. The clerk books the order. She also informs the "
        "warehouse and sends a note. Finally the clerk files the order.",
        [
            "Receive the order. -> at the same time",
            "at the same time -> Book the order.",
            "at the same time -> Inform the warehouse.",
            "at the same time joins at File the order.",
            "Book the order. -> File the order.",
            "File the order. -> end: Order filed",
            "Inform the warehouse. -> Send a note.",
            "Send a note. -> File the order.",
        ],
    ),
    "what a performer also does runs beside the work she set going": (
        "The host takes the booking. She passes the menu to the cook, who bakes the bread. "
        "She also asks the barman to chill the drinks. Then the host greets the guests.",
        [
            "Take the booking. -> at the same time",
            "at the same time -> Pass the menu to the cook.",
            "at the same time -> Ask the barman.",
            "at the same time joins at Greet the guests.",
            "Pass the menu to the cook. -> Bake the bread.",
            "Bake the bread. -> Greet the guests.",
            "Greet the guests. -> end: Guests greeted",
            "Ask the barman. -> Chill the drinks.",
            "Chill the drinks. -> Greet the guests.",
        ],
    ),
    "in addition to other work": (
        "The agent drafts the contract. In addition to drafting the contract, the agent "
        "checks the permits. The agent signs the contract.",
        [
            "at the same time -> Draft the contract.",
            "at the same time -> Check the permits.",
            "at the same time joins at Sign the contract.",
            "Draft the contract. -> Sign the contract.",
            "Sign the contract. -> end: Contract signed",
            "Check the permits. -> Sign the contract.",
        ],
    ),
    "an also outside the step's clause keeps the order": (
        "The clerk receives the order. The clerk books the order. It can also happen that "
        "the clerk sends the order back. The clerk files the order.",
        [  # no split beside the booking; what "can happen" is a case (`tree_redo`)
            "Receive the order. -> Book the order.",
            "Book the order. -> Does the clerk send the order back?",
            "Does the clerk send the order back? [Yes] -> Send back the order.",
            "Does the clerk send the order back? [No] -> File the order.",
            "Send back the order. -> File the order.",
            "File the order. -> end: Order filed",
        ],
    ),
    "a thing asked for anew goes back to the step that first named it": (
        "The technician makes a test print. The technician sends the print to the designer. "
        "The designer checks the print and decides whether the print can be kept or whether "
        "a new print is needed. The designer approves the layout. The client signs the order.",
        [
            "Make a test print. -> Send the print to the designer.",
            "Send the print to the designer. -> to designer",
            "to designer -> Check the print.",
            "Check the print. -> Can the print be kept?",
            "Can the print be kept? [Can be kept] -> Approve the layout.",
            "Can the print be kept? [New is needed] -> Make a test print.",
            "Approve the layout. -> to client",
            "to client -> Sign the order.",
            "Sign the order. -> end: Order signed",
        ],
    ),
    "while the others named do their tasks": (
        "The foreman takes the job. The foreman sends a drawing to the welder. She also gives "
        "a task to the painter to mix the paint. Finally, the foreman assigns the job to the "
        "fitter. While the welder and the painter are doing their work, the fitter prepares "
        "the bench. The fitter assembles the frame.",
        [
            "Take the job. -> at the same time",
            "at the same time -> Send a drawing to the welder.",
            "at the same time -> Give a task to the painter.",
            "at the same time -> Assign the job to the fitter.",
            "at the same time joins at Assemble the frame.",
            "Send a drawing to the welder. -> to fitter",
            "to fitter -> Assemble the frame.",
            "Assemble the frame. -> end: Frame assembled",
            "Give a task to the painter. -> to painter",
            "to painter -> Mix the paint.",
            "Mix the paint. -> to fitter",
            "to fitter -> Assemble the frame.",
            "Assign the job to the fitter. -> to fitter",
            "to fitter -> Prepare the bench.",
            "Prepare the bench. -> Assemble the frame.",
        ],
    ),
    "a while clause naming no one with work keeps the order": (
        "The manager takes the order. While the guests are waiting, the porter prepares a "
        "trolley. The porter delivers the order.",
        [
            "Take the order. -> to porter",
            "to porter -> Prepare a trolley.",
            "Prepare a trolley. -> Deliver the order.",
            "Deliver the order. -> end: Order delivered",
        ],
    ),
    "a branch where the person the work is for leaves": (
        "The nurse weighs the child. If the child is healthy, the nurse signs the card and "
        "the parent can leave. Otherwise the nurse calls the doctor. The doctor examines the "
        "child.",
        [
            "Weigh the child. -> Is the child healthy?",
            "Is the child healthy? [Yes] -> Sign the card.",
            "Is the child healthy? [No] -> Call the doctor.",
            "Sign the card. -> to parent",
            "to parent -> Leave.",
            "Leave. -> end: Left",
            "Call the doctor. -> to doctor",
            "to doctor -> Examine the child.",
            "Examine the child. -> end: Child examined",
        ],
    ),
    "a branch that leaves the one the work is for alone ends there": (
        "The agent phones the tenant. If the tenant is not interested, the agent leaves the "
        "tenant alone. Otherwise the agent books a viewing. The agent sends the keys.",
        [
            "Phone the tenant. -> Is the tenant interested?",
            "Is the tenant interested? [No] -> end: The tenant is not interested",
            "Is the tenant interested? [Yes] -> Book a viewing.",
            "Book a viewing. -> Send the keys.",
            "Send the keys. -> end: Keys sent",
        ],
    ),
    "what is done to a thing before it is used comes after the review of it": (
        "I write the column. Next I collect the proofs for checking before they are "
        "printed. Sometimes I must request changes again, otherwise I approve the proofs. "
        "I file the invoice.",
        [
            "Write the column. -> Collect the proofs.",
            "Collect the proofs. -> Request changes again?",
            "Request changes again? [Yes] -> Request changes again.",
            "Request changes again? [No] -> Approve the proofs.",
            "Request changes again. -> Collect the proofs.",
            "Approve the proofs. -> Print the proofs.",
            "Print the proofs. -> File the invoice.",
            "File the invoice. -> end: Invoice filed",
        ],
    ),
    "work sent back for a step goes back to that step; the sending is the arrow": (
        "The baker weighs the flour. The baker mixes the dough. The baker bakes a test loaf. "
        "If the loaf is too dense, the loaf is passed back to the scales to weigh the "
        "flour anew. Otherwise the baker bakes the batch.",
        [
            "Weigh the flour. -> Mix the dough.",
            "Mix the dough. -> Bake a test loaf.",
            "Bake a test loaf. -> Is the loaf too dense?",
            "Is the loaf too dense? [Yes] -> Weigh the flour.",
            "Is the loaf too dense? [No] -> Bake the batch.",
            "Bake the batch. -> end: Batch baked",
        ],
    ),
    "a therefore goes on with the branch just said": (
        "The clerk checks the parcel. If the parcel is large, the clerk calls the courier. If "
        "the parcel is small, the clerk uses the post. Therefore the clerk writes a label. The "
        "clerk ships the parcel.",
        [
            "Check the parcel. -> Is the parcel large?",
            "Is the parcel large? [Large] -> Call the courier.",
            "Is the parcel large? [Small] -> Use the post.",
            "Call the courier. -> Ship the parcel.",
            "Ship the parcel. -> end: Parcel shipped",
            "Use the post. -> Write a label.",
            "Write a label. -> Ship the parcel.",
        ],
    ),
    "a decision in a therefore sentence is inside the branch just said": (
        "The clerk checks the parcel. If the parcel is large, the clerk calls the courier. If "
        "the parcel is small, the clerk uses the post. Therefore the clerk writes a label and, "
        "if necessary, the clerk buys an insurance. The clerk ships the parcel.",
        [
            "Check the parcel. -> Is the parcel large?",
            "Is the parcel large? [Large] -> Call the courier.",
            "Is the parcel large? [Small] -> Use the post.",
            "Call the courier. -> Ship the parcel.",
            "Ship the parcel. -> end: Parcel shipped",
            "Use the post. -> Write a label.",
            "Write a label. -> Is it necessary to buy an insurance?",
            "Is it necessary to buy an insurance? [Yes] -> Buy an insurance.",
            "Is it necessary to buy an insurance? [No] -> Ship the parcel.",
            "Buy an insurance. -> Ship the parcel.",
        ],
    ),
    "what happens on an event that closes the case is one outcome of the wait": (
        "The clerk sends the invoice to the customer. When the payment arrives, the clerk "
        "books it and closes the account. If the customer disputes the invoice, the clerk "
        "checks the dispute. The clerk informs the manager.",
        [
            "Send the invoice to the customer. -> Does the customer dispute the invoice?",
            "Does the customer dispute the invoice? [Customer disputes invoice] -> Check the "
            "dispute.",
            "Does the customer dispute the invoice? [Payment arrives] -> Book the payment.",
            "Check the dispute. -> Inform the manager.",
            "Inform the manager. -> end: Manager informed",
            "Book the payment. -> Close the account.",
            "Close the account. -> end: Account closed",
        ],
    ),
    "alternatives said with one verb are told apart by their other words": (
        "The agent checks the request. The agent informs the customer about the approval of "
        "the request or the agent informs the customer about the rejection of the request. "
        "The agent closes the case.",
        [
            "Check the request. -> Inform the customer about the approval or rejection of the "
            "request?",
            "Inform the customer about the approval or rejection of the request? [Approval] -> "
            "Inform the customer about the approval of the request.",
            "Inform the customer about the approval or rejection of the request? [Rejection] -> "
            "Inform the customer about the rejection of the request.",
            "Inform the customer about the approval of the request. -> Close the case.",
            "Close the case. -> end: Case closed",
            "Inform the customer about the rejection of the request. -> Close the case.",
        ],
    ),
    "a condition opened by in case stays with its clause": (
        "The clerk receives the order. In case the customer is new, the clerk adds the "
        "address. The clerk sends the invoice.",
        [
            "Receive the order. -> Is the customer new?",
            "Is the customer new? [Yes] -> Add the address.",
            "Is the customer new? [No] -> Send the invoice.",
            "Add the address. -> Send the invoice.",
            "Send the invoice. -> end: Invoice sent",
        ],
    ),
    "an otherwise with a condition of its own is one more branch of the decision": (
        "The clerk receives the order. If the customer is new, the clerk adds the address. "
        "Otherwise, if the customer is known, the clerk checks the address. Finally, the "
        "clerk sends the invoice.",
        [
            "Receive the order. -> Is the customer new or known?",
            "Is the customer new or known? [New] -> Add the address.",
            "Is the customer new or known? [Known] -> Check the address.",
            "Add the address. -> Send the invoice.",
            "Send the invoice. -> end: Invoice sent",
            "Check the address. -> Send the invoice.",
        ],
    ),
    "cases of one subject's state are asked in one question": (
        "The clerk checks the payment. If the invoice is paid by card, the clerk books it. "
        "If the invoice is paid by bank transfer, the clerk checks the account. The clerk "
        "files the invoice.",
        [
            "Check the payment. -> Is the invoice paid by card or bank transfer?",
            "Is the invoice paid by card or bank transfer? [Card] -> Book the invoice.",
            "Is the invoice paid by card or bank transfer? [Bank transfer] -> Check the account.",
            "Book the invoice. -> File the invoice.",
            "File the invoice. -> end: Invoice filed",
            "Check the account. -> File the invoice.",
        ],
    ),
    "if so asks what the step before checked": (
        "The clerk checks whether the form is signed. If so, the clerk files the form. "
        "If not, the clerk returns the form to the sender.",
        [
            "Check whether the form is signed. -> Is the form signed?",
            "Is the form signed? [Yes] -> File the form.",
            "Is the form signed? [No] -> Return the form to the sender.",
            "File the form. -> end: Form filed",
            "Return the form to the sender. -> end: Form returned",
        ],
    ),
    "check if asks a question: its clause is no step and no decision of its own": (
        "The clerk checks if the form is signed. If it is not, the clerk returns the form. "
        "The clerk files the form.",
        [
            "Check if the form is signed. -> Is the form signed?",
            "Is the form signed? [No] -> Return the form.",
            "Is the form signed? [Yes] -> File the form.",
            "Return the form. -> File the form.",
            "File the form. -> end: Form filed",
        ],
    ),
    "an if after the object of check is a condition": (
        "The clerk checks the form if the customer asks for it. Then the clerk files the form.",
        [
            "Check the form. -> File the form.",
            "File the form. -> end: Form filed",
        ],
    ),
    "opposite cases said of one subject and its pronoun are labelled by their own words": (
        "The warden reviews the permit. If the permit is denied, the warden calls the "
        "applicant. If it is granted, the clerk prints the badge.",
        [
            "Review the permit. -> Is the permit denied?",
            "Is the permit denied? [Denied] -> Call the applicant.",
            "Is the permit denied? [Granted] -> Print the badge.",
            "Call the applicant. -> end: Applicant called",
            "Print the badge. -> end: Badge printed",
        ],
    ),
    "cases said without conditions are the options of one decision": (
        "The clerk opens the mail. In some cases the clerk scans the letter. In some cases "
        "the clerk forwards the letter to the lawyer. The clerk files the mail.",
        [
            "Open the mail. -> Scan the letter or forward the letter to the lawyer?",
            "Scan the letter or forward the letter to the lawyer? [Scan] -> Scan the letter.",
            "Scan the letter or forward the letter to the lawyer? [Forward] -> Forward the "
            "letter to the lawyer.",
            "Scan the letter. -> File the mail.",
            "File the mail. -> end: Mail filed",
            "Forward the letter to the lawyer. -> File the mail.",
        ],
    ),
    "a third 'sometimes' after 'and' is a third option, not a step after the decision": (
        "The first step is to find the parts. Sometimes, we buy the parts from a dealer, "
        "sometimes, our mechanic takes them from old bikes and sometimes, a friend gives us "
        "some. Then the mechanic cleans the parts.",
        [
            "Buy the parts from a dealer, take the parts from old bikes or give us some? [Buy] "
            "-> Buy the parts from a dealer.",
            "Buy the parts from a dealer, take the parts from old bikes or give us some? "
            "[Take] -> Take the parts from old bikes.",
            "Buy the parts from a dealer, take the parts from old bikes or give us some? "
            "[Give] -> Give us some.",
            "Buy the parts from a dealer. -> to mechanic",
            "to mechanic -> Clean the parts.",
            "Clean the parts. -> end: Parts cleaned",
            "Take the parts from old bikes. -> Clean the parts.",
            "Give us some. -> Clean the parts.",
        ],
    ),
    "a negated condition is asked in the positive": (
        "The clerk checks the form. If the form is not complete, the clerk calls the "
        "customer. Otherwise the clerk approves the form.",
        [
            "Check the form. -> Is the form complete?",
            "Is the form complete? [No] -> Call the customer.",
            "Is the form complete? [Yes] -> Approve the form.",
            "Call the customer. -> end: Customer called",
            "Approve the form. -> end: Form approved",
        ],
    ),
}


DOCS = Path(__file__).parents[2] / "docs" / "capture.md"


def _documented() -> list[tuple[str, list[str]]]:
    """The ```flow examples of docs/capture.md: a text, "---", and the edges it gives."""
    blocks = re.findall(r"```flow\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    cases = []
    for block in blocks:
        text, _, lines = block.partition("\n---\n")
        cases.append((" ".join(text.split()), [line for line in lines.splitlines() if line]))
    return cases


@pytest.mark.parametrize(("text", "expected"), _documented())
def test_the_documented_examples_hold(text: str, expected: list[str], drafted: Drafted) -> None:
    sop, _ = drafted(text)
    assert edges(sop) == expected


def test_the_docs_show_examples() -> None:
    assert len(_documented()) >= 2


@pytest.mark.parametrize("name", list(CASES))
def test_the_flow_follows_the_text(name: str, drafted: Drafted) -> None:
    text, expected = CASES[name]
    sop, _ = drafted(text)
    assert edges(sop) == expected


def test_the_last_branch_ending_with_the_last_step_shares_the_flows_end(
    drafted: Drafted,
) -> None:
    """The flow's end is named after the text's last step: a branch ending with that step
    leads to it rather than to an outcome of its own with the same name."""
    sop, _ = drafted("The clerk counts the stock. If the stock is low, the clerk orders new goods.")
    outcomes = [node for node in sop.flow.nodes if isinstance(node, Outcome)]
    assert [outcome.name for outcome in outcomes] == ["New goods ordered"]
    assert edges(sop) == [
        "Count the stock. -> Is the stock low?",
        "Is the stock low? [Yes] -> Order new goods.",
        "Is the stock low? [No] -> end: New goods ordered",
        "Order new goods. -> end: New goods ordered",
    ]


def test_waiting_until_something_happens_is_no_loop(drafted: Drafted) -> None:
    sop, _ = drafted("The guest orders a dish and waits until the buzzer rings. The guest eats.")
    assert not any(isinstance(node, Decision) for node in sop.flow.nodes)


DECIDERS = {
    "the performer of the step before decides, not the one of the first branch": (
        "The supervisor reviews the expense. If the sum is above the budget, the controller "
        "also signs it.",
        "supervisor",
    ),
    "a step that passes the work on leaves the decision to whom it passed it to": (
        "The clerk forwards the file to the auditor. If the file is complete, the clerk "
        "archives it. Otherwise the clerk asks for the missing pages.",
        "auditor",
    ),
    "a choice between two steps is taken by who does them": (
        "The courier brings the parcel to the porter. The resident accepts or refuses it.",
        "resident",
    ),
    "a step before that asks nothing, and one performer opening every branch: that one": (
        "A reader arrives at the library desk. If no card exists, the librarian creates a "
        "new card. Otherwise, she renews the old card. Then the reader borrows the book.",
        "librarian",
    ),
    "with no step before, the first branch's performer decides": (
        "If the floor is wet, the janitor dries it. Otherwise the janitor sweeps it. The "
        "guard locks the hall.",
        "janitor",
    ),
}


@pytest.mark.parametrize("name", list(DECIDERS))
def test_who_decides(name: str, drafted: Drafted) -> None:
    text, role = DECIDERS[name]
    sop, _ = drafted(text)
    assert [n.role for n in sop.flow.nodes if isinstance(n, Decision)] == [role]
