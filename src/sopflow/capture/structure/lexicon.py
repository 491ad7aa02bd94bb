"""Word lists the patterns consult: general English, not fitted to any one text."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A set of words written as one string, one word per space."""
    return frozenset(text.split())


ERGATIVE_VERBS = words(
    "restart start stop reset reboot resume reopen open close boil heat cool dry freeze melt "
    "thaw print ship load rerun"
)
"""Verbs whose subject, said without an object, is the thing someone acts on: "the machine
restarts" (someone restarts it), "the kettle boils"."""

STANDALONE_VERBS = words("wait smile queue sit stand rest pause nod relax listen stay sleep")
"""Verbs said without an object that name no work: "… and waits", "… and smiles"."""


NON_PROCESS_VERBS = words(
    "be seem happen exist belong consist contain include mean serve act play relate base know "
    "think believe hope like want wish feel look appear become remain stay lie involve "
    "concern depend let do go come say tell regard refer describe end start begin "
    "finish stop continue try need have wait decide get make keep allow require use "
    "see find"
)
"""Verbs that rarely name a step on their own in a process description."""

LIGHT_VERBS = words(
    "try need have wait start begin continue want decide get be go come able plan attempt "
    "manage ought use seem make let help hope agree choose intend finish stop expect suppose "
    "offer promise propose undertake volunteer arrange"
)
"""Verbs that pass the step to their complement: "wait to get", "need to check"."""

KEEP_ALONE = words("get make use decide have finish start see serve refer")
"""Verbs that are a step when they act on something and govern no verb: "I get an order",
"the cook serves the soup"; not "the file serves as input"."""

TRANSFER_VERBS = words(
    "send forward pass hand give report submit deliver escalate transfer return assign offer "
    "mail email e-mail fax provide present route refer transmit delegate dispatch sent ship "
    "post distribute direct redirect issue allocate confirm communicate announce sell "
    "place lodge file"
)
"""Verbs whose "to X" names who receives the work: a handoff."""

RECEIVING_VERBS = words("receive get obtain collect accept")
"""Verbs whose "from X" names who the work comes from: "receive the invoice from the bank"."""

COMMUNICATION_VERBS = words(
    "inform notify contact ask call email e-mail tell remind advise invite alert update "
    "instruct request phone"
)
"""Verbs whose person object is a recipient, not data: "inform the customer"."""

ACTOR_NOUNS = words(
    "department team office staff company customer client manager secretary clerk system "
    "board committee bank authority supplier vendor employee agent officer assistant head "
    "member person applicant candidate student patient doctor nurse physician user "
    "administrator admin owner representative specialist analyst service unit group division "
    "center centre desk firm shop store storehouse warehouse lab laboratory kitchen partner guest "
    "waiter chef cook colleague boss master worker expert engineer developer "
    "technician accountant lawyer auditor inspector reviewer approver requester requestor "
    "claimant insurer underwriter investor buyer seller courier carrier driver server "
    "database application tool platform portal machine robot bot hr it finance accounting "
    "procurement purchasing sales support helpdesk management government agency institute "
    "university school hospital organization organisation party teacher professor people "
    "billing payroll legal marketing compliance reception logistics dispatch lead chief "
    "crew personnel squad panel council workforce ministry court police pharmacy clinic registry "
    "mechanic"
)
"""Head nouns of roles, teams and systems (besides agent nouns in -er, -or, -ist, -ant)."""

SYSTEM_NOUNS = words("system database application tool platform portal machine robot bot")

TEAM_NOUNS = words(
    "department team office staff company board committee bank authority unit group division "
    "center centre desk kitchen firm agency management organization organisation government hr "
    "finance sales billing payroll legal marketing compliance reception logistics dispatch "
    "accounting procurement purchasing support helpdesk it crew personnel squad panel council "
    "workforce ministry court police"
)

NOT_ACTOR_NOUNS = words(
    "order number letter paper folder register matter answer cover parameter computer printer "
    "filter trigger chapter counter border center error monitor other water dinner corner "
    "voucher poster member quarter offer header footer reminder percent event content "
    "component incident accident extent intent talent consent current patent restaurant "
    "plant variant warrant instant"
)
"""Nouns in -er, -or, -ent, -ant that are things, not agents."""

PERSONAL_PRONOUNS = words(
    "i we you he she they who me us him her them someone somebody everyone nobody"
)

NARRATOR_PRONOUNS = words("i we you me us")

CONDITION_MARKERS = words("if whether unless whereas")
"""Subordinators that open a condition (an XOR branch), not a time clause."""

ELSE_MARKERS = words("otherwise else alternatively")

PARALLEL_MARKERS = (
    ("in", "the", "meantime"),
    ("at", "the", "same", "time"),
    ("in", "parallel"),
    ("meanwhile",),
    ("meantime",),
    ("simultaneously",),
    ("concurrently",),
    ("while",),
)
"""Word sequences that open a parallel (AND) branch."""

CASE_MARKERS = (
    ("in", "case", "of"),
    ("in", "case"),
    ("in", "the", "case", "of"),
    ("depending", "on"),
    ("under", "certain", "circumstances"),
    ("in", "some", "cases"),
    ("in", "other", "cases"),
    ("sometimes",),
)
"""Word sequences that open an XOR branch besides "if"."""

DETAIL_PREPOSITIONS = words("by via through using within in into as")
"""Prepositions whose phrase on a verb says how, where or with what: "by e-mail", "in Stripe"."""

NOT_MANNER_ADVERBS = words(
    "finally usually only immediately subsequently eventually lastly firstly secondly thirdly "
    "directly early really likely simply normally typically generally currently previously "
    "already apply initially respectively additionally actually basically probably possibly "
    "certainly obviously quickly shortly recently daily weekly monthly yearly correctly "
    "exactly mostly rarely fully"
)
"""Adverbs in -ly that say when or how sure, not how: they are not a manner detail."""

PROCESS_NOUNS = words("process procedure instance workflow step phase")
"""Words for the process itself: a sentence about them describes the process, not a step."""

WORK_NOUNS = words("task activity action job operation step")
"""Words that only say some work is done: "a task is performed to sort the mail" names no work
but its purpose."""

DOING_VERBS = words("perform execute conduct undertake carry do run")
"""Verbs that say work is done without saying which: "a task is performed"."""

INQUIRY_VERBS = words(
    "see check verify ask determine find examine test look inquire investigate confirm know "
    "wonder assess evaluate"
)
"""Verbs whose "whether" clause is the question a step asks, not a decision."""

PREPOSITIONAL_STEPS = {
    "look": frozenset({"for", "at", "into", "through", "over", "after", "up"}),
    "search": frozenset({"for", "through"}),
    "go": frozenset({"through", "over"}),
    "see": frozenset({"to"}),
    "find": frozenset({"out"}),
    "decide": frozenset({"on", "about", "upon"}),
}
"""Verbs that rarely name a step alone but do with these prepositions: "looks for conflicts",
"goes through the list"."""

MOTION_VERBS = words("go come move navigate head return proceed switch")
"""Verbs of moving that are a step when they say where to: "go to the dashboard"."""

OBJECT_PREPOSITIONS_OF_VERBS = words("for on up")
"""Prepositions right after a verb that introduce what it acts on: "click on", "ask for";
"up" of "look up the order" read as a preposition."""

PLACE_PREPOSITIONS = words("in into within via through using")
"""Prepositions of a where/with-what phrase that may hang on the object: "the order in Shopify"."""

OBJECT_VERBS = words(
    "check examine review verify validate approve reject sign file archive store record "
    "register send forward submit process receive confirm accept decline print scan copy "
    "update correct revise test inspect assess evaluate analyse analyze fix repair prepare "
    "complete refund cancel close deliver ship pack package collect sort distribute "
    "create save delete edit attach upload download answer authorise authorize assign "
    "schedule book calculate count measure label stamp select handle issue invoice charge "
    "bill sign-off countersign endorse enter capture log scan reconcile audit investigate "
    "ticket publish notify inform contact escalate generate produce draft write compile "
    "determine identify combine merge"
)
"""Verbs that act on something: said without an object ("… and checks."), they act on what
the text acted on just before."""

CLOSING_VERBS = words("reject decline refuse deny cancel abort terminate close archive")
"""Verbs whose action ends a case: a decision branch with one ends in its own outcome."""


ANTONYMS: tuple[tuple[str, str], ...] = (
    ("right", "wrong"),
    ("correct", "incorrect"),
    ("true", "false"),
    ("yes", "no"),
    ("ok", "not ok"),
    ("good", "bad"),
    ("positive", "negative"),
    ("pass", "fail"),
    ("succeed", "fail"),
    ("success", "failure"),
    ("successful", "unsuccessful"),
    ("accept", "reject"),
    ("accept", "decline"),
    ("accept", "refuse"),
    ("approve", "reject"),
    ("approve", "deny"),
    ("approve", "decline"),
    ("grant", "deny"),
    ("agree", "disagree"),
    ("confirm", "reject"),
    ("confirm", "oppose"),
    ("large", "small"),
    ("big", "small"),
    ("minor", "major"),
    ("light", "heavy"),
    ("short", "long"),
    ("full", "empty"),
    ("simple", "complex"),
    ("cheap", "expensive"),
    ("high", "low"),
    ("more", "less"),
    ("over", "under"),
    ("above", "below"),
    ("exceed", "below"),
    ("many", "few"),
    ("present", "absent"),
    ("present", "missing"),
    ("available", "unavailable"),
    ("complete", "incomplete"),
    ("enough", "insufficient"),
    ("sufficient", "insufficient"),
    ("paid", "unpaid"),
    ("open", "closed"),
    ("new", "existing"),
    ("new", "old"),
    ("early", "late"),
    ("before", "after"),
    ("internal", "external"),
    ("domestic", "foreign"),
    ("urgent", "routine"),
    ("interested", "uninterested"),
    ("possible", "impossible"),
    ("compliant", "noncompliant"),
    ("valid", "invalid"),
)
"""Pairs of words whose conditions are opposite branches: general English, by stem."""

NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-")
"""Prefixes that negate a word: "incomplete", "unpaid", "invalid"."""


def stem(word: str) -> str:
    """A crude English stem, enough to tell "approved", "approves" and "approve" alike."""
    if word.endswith(("ss", "ceed")):
        return word  # "pass", "process", "succeed": no ending to strip
    for suffix in ("ing", "ied", "ies", "ed", "es", "s", "e", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
