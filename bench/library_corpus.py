"""A generator of realistic libraries for the benchmarks: policies, workflows, SOPs and WIs.

Documents look like real ones: 10-60 steps, several roles, decisions with an escalation
branch, handoffs, warnings, novice detail, tags, and references between documents (SOP steps
to work instructions of the same department, policies to SOPs, workflow stages to SOPs).
Deterministic for a seed, so two runs measure the same library.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from sopflow.model import (
    AnyDocument,
    Decision,
    Flow,
    Handoff,
    Option,
    Outcome,
    Performer,
    Policy,
    Role,
    Sop,
    Stage,
    Step,
    WiStep,
    Workflow,
    WorkInstruction,
    format_code,
)

DEPARTMENTS = {
    "FIN": "Finance",
    "HR": "Human Resources",
    "IT": "IT Services",
    "OPS": "Operations",
    "CS": "Customer Support",
    "LEG": "Legal",
    "PUR": "Purchasing",
    "SAL": "Sales",
    "MKT": "Marketing",
    "QA": "Quality Assurance",
    "LOG": "Logistics",
    "SEC": "Security",
}
VERBS = (
    "check",
    "open",
    "record",
    "approve",
    "review",
    "send",
    "update",
    "verify",
    "attach",
    "confirm",
    "close",
    "escalate",
    "assign",
    "calculate",
    "export",
    "archive",
    "notify",
    "schedule",
    "compare",
    "reconcile",
    "print",
    "sign",
    "scan",
    "file",
    "invoice",
    "refund",
)
OBJECTS = (
    "order",
    "invoice",
    "ticket",
    "contract",
    "purchase request",
    "delivery note",
    "payment",
    "employee record",
    "access request",
    "incident report",
    "credit note",
    "shipment",
    "supplier account",
    "customer account",
    "expense claim",
    "timesheet",
    "quote",
    "audit log",
    "laptop",
    "badge",
    "license",
    "warranty claim",
    "return label",
    "bank statement",
)
SYSTEMS = (
    "SAP",
    "Salesforce",
    "Zendesk",
    "Jira",
    "Workday",
    "Stripe",
    "the shop admin",
    "NetSuite",
    "ServiceNow",
    "the warehouse system",
    "Outlook",
    "the finance drive",
    "DocuSign",
    "Okta",
)
PLACES = ("the helpdesk", "the ERP", "the CRM", "the shared drive", "the portal", "the ledger")
ROLES = (
    ("agent", "Support agent"),
    ("lead", "Team lead"),
    ("clerk", "Accounts clerk"),
    ("manager", "Department manager"),
    ("analyst", "Analyst"),
    ("admin", "System administrator"),
    ("buyer", "Buyer"),
    ("controller", "Financial controller"),
    ("officer", "Compliance officer"),
    ("coordinator", "Coordinator"),
    ("specialist", "Specialist"),
    ("auditor", "Internal auditor"),
)
TAGS = (
    "billing",
    "customers",
    "onboarding",
    "offboarding",
    "refunds",
    "payments",
    "compliance",
    "security",
    "month-end",
    "suppliers",
    "hardware",
    "access",
    "shipping",
    "returns",
    "audit",
)


SYLLABLES = (
    "ka",
    "lo",
    "mer",
    "vex",
    "tri",
    "dan",
    "sol",
    "qu",
    "ri",
    "on",
    "zen",
    "bar",
    "ul",
    "fi",
    "nor",
    "pa",
    "sto",
    "gra",
    "vin",
    "el",
    "mo",
    "tek",
    "ast",
    "ro",
    "lin",
    "dor",
    "ca",
    "pex",
)


def subjects(count: int, seed: int = 5) -> list[str]:
    """Made-up names of products, customers, sites and projects: the words that tell one
    process from another, as "Stripe", "Hamburg warehouse" or "Atlas rollout" do."""
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))))
    return sorted(names)


class Corpus:
    """Makes documents; codes are allocated per kind and area as the library would.

    Each document is about one or two subjects from a large vocabulary, so a search for a
    subject finds a few dozen documents, as in a real library. It handles a few kinds of
    object in a system or two (an invoice and a credit note in SAP), so such words occur in
    a sixth of the library, and the common verbs (check, approve, send) in nearly all of it.
    """

    def __init__(self, seed: int = 7, subject_count: int = 3000) -> None:
        self.random = random.Random(seed)
        self.subjects = subjects(subject_count)
        self.current: list[str] = []
        self.objects: list[str] = list(OBJECTS)
        self.systems: list[str] = list(SYSTEMS)
        self.counters: dict[tuple[str, str], int] = {}
        self.wis: dict[str, list[str]] = {area: [] for area in DEPARTMENTS}
        self.sops: dict[str, list[str]] = {area: [] for area in DEPARTMENTS}

    def _code(self, kind: str, area: str) -> str:
        number = self.counters.get((kind, area), 0) + 1
        self.counters[(kind, area)] = number
        return format_code(kind, area, number)  # type: ignore[arg-type]

    def _sentence(self) -> str:
        r = self.random
        subject = f"{r.choice(self.current)} " if r.random() < 0.3 else ""
        return (
            f"{r.choice(VERBS).capitalize()} the {subject}{r.choice(self.objects)} in "
            f"{r.choice(self.systems)} and {r.choice(VERBS)} the {r.choice(self.objects)} in "
            f"{r.choice(PLACES)}."
        )

    def _title(self) -> str:
        r = self.random
        return (
            f"{r.choice(VERBS).capitalize()} a {self.current[0]} {self.objects[0]} "
            f"in {self.systems[0]}"
        )

    def _meta(self, kind: str, area: str) -> dict[str, object]:
        r = self.random
        self.current = r.sample(self.subjects, r.randint(1, 2))
        self.objects = r.sample(OBJECTS, 4)
        self.systems = r.sample(SYSTEMS, 2)
        return {
            "code": self._code(kind, area),
            "title": self._title(),
            "owner": f"{DEPARTMENTS[area]} {r.choice(ROLES)[1]}",
            "department": DEPARTMENTS[area],
            "tags": tuple(sorted(r.sample(TAGS, r.randint(1, 4)))),
            "summary": self._sentence(),
        }

    def work_instruction(self, area: str) -> WorkInstruction:
        r = self.random
        meta = self._meta("wi", area)
        steps = tuple(
            WiStep(
                action=self._sentence(),
                target=f"{r.choice(self.objects).capitalize()} field" if r.random() < 0.6 else None,
                value=str(r.randint(1, 9999)) if r.random() < 0.3 else None,
                expected_result=self._sentence() if r.random() < 0.5 else None,
                warning=self._sentence() if r.random() < 0.15 else None,
            )
            for _ in range(r.randint(10, 60))
        )
        document = WorkInstruction(
            **meta,  # type: ignore[arg-type]
            purpose=self._sentence(),
            role=r.choice(ROLES)[1],
            system=self.systems[0],
            steps=steps,
        )
        self.wis[area].append(document.code)
        return document

    def sop(self, area: str) -> Sop:
        r = self.random
        meta = self._meta("sop", area)
        roles = r.sample(ROLES, r.randint(2, 6))
        role_ids = [role_id for role_id, _ in roles]
        count = r.randint(10, 60)
        nodes: list[Step | Decision | Handoff | Outcome] = []
        for index in range(count):
            node_id = f"n{index}"
            follow = f"n{index + 1}" if index + 1 < count else "done"
            kind = r.random()
            if index == 1 or (kind < 0.1 and index + 1 < count):
                nodes.append(
                    Decision(
                        id=node_id,
                        role=r.choice(role_ids),
                        question=f"Is the {r.choice(self.objects)} complete and correct?",
                        options=(
                            Option(label="Yes", next=follow),
                            Option(label="No", condition=self._sentence(), next="escalated"),
                        ),
                    )
                )
            elif kind < 0.18 and len(role_ids) > 1:
                source, target = r.sample(role_ids, 2)
                nodes.append(
                    Handoff(
                        id=node_id,
                        from_role=source,
                        to_role=target,
                        transfers=(f"the {r.choice(self.objects)}",),
                        channel=f"assign it in {r.choice(self.systems)}",
                        next=follow,
                    )
                )
            else:
                reference = None
                if self.wis[area] and r.random() < 0.2:
                    reference = r.choice(self.wis[area])
                nodes.append(
                    Step(
                        id=node_id,
                        role=r.choice(role_ids),
                        instruction=self._sentence(),
                        detail={"novice": self._sentence()} if r.random() < 0.4 else {},
                        warnings=(self._sentence(),) if r.random() < 0.1 else (),
                        reference=reference,
                        next=follow,
                    )
                )
        nodes.append(Outcome(id="done", name=f"{r.choice(self.objects).capitalize()} completed"))
        nodes.append(Outcome(id="escalated", name="Escalated to the team lead"))
        document = Sop(
            **meta,  # type: ignore[arg-type]
            purpose=self._sentence(),
            scope=self._sentence(),
            trigger=self._sentence(),
            roles=tuple(
                Role(id=role_id, name=name, responsibilities=(self._sentence(),))
                for role_id, name in roles
            ),
            flow=Flow(start="n0", nodes=tuple(nodes)),
        )
        self.sops[area].append(document.code)
        return document

    def policy(self, area: str) -> Policy:
        r = self.random
        meta = self._meta("policy", area)
        known = self.sops[area]
        return Policy(
            **meta,  # type: ignore[arg-type]
            statement=" ".join(self._sentence() for _ in range(3)),
            scope=self._sentence(),
            implemented_by=tuple(r.sample(known, min(len(known), r.randint(1, 4)))),
        )

    def workflow(self, area: str) -> Workflow:
        r = self.random
        meta = self._meta("workflow", area)
        count = r.randint(3, 10)
        known = self.sops[area]
        stages = tuple(
            Stage(
                id=f"s{index}",
                name=self._title(),
                performer=Performer(name=r.choice(ROLES)[1]),
                sop=r.choice(known) if known and r.random() < 0.7 else None,
                next=(f"s{index + 1}",) if index + 1 < count else (),
                handover=self._sentence(),
            )
            for index in range(count)
        )
        return Workflow(
            **meta,  # type: ignore[arg-type]
            purpose=self._sentence(),
            trigger=self._sentence(),
            start="s0",
            stages=stages,
        )

    def documents(self, total: int) -> Iterator[AnyDocument]:
        """total documents: about 35% WIs, 50% SOPs, 10% policies, 5% workflows."""
        areas = list(DEPARTMENTS)
        for index in range(total):
            area = areas[index % len(areas)]
            slot = (index // len(areas)) % 20
            if slot < 7:
                yield self.work_instruction(area)
            elif slot < 17:
                yield self.sop(area)
            elif slot < 19:
                yield self.policy(area)
            else:
                yield self.workflow(area)

    def common_words(self) -> list[str]:
        """Process words that occur in most documents: the slowest searches."""
        text = " ".join((*VERBS, *OBJECTS, *SYSTEMS, *TAGS, *(name for _, name in ROLES)))
        return sorted({word.lower() for word in text.split() if len(word) > 3})
