"""Document control as the application layer runs it, on SQLite and PostgreSQL: review
requests in sequence and in parallel, approval with a signature, rejection back to draft,
an edit that withdraws a review, effective dates, supersession and obsolescence."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import text
from tests.services.conftest import PASSWORD

from sopflow.errors import ConflictError, InvalidInputError, PermissionDeniedError
from sopflow.formats.yaml_write import document_data
from sopflow.library.store import Library
from sopflow.model.revisions import RevisionState
from sopflow.services import control, control_dates, documents, rendering, revisions
from sopflow.services.access import Actor, Role
from sopflow.services.signing import SignatureRefusedError

__all__ = ["PASSWORD"]
CODE = "SOP-FIN-003"


def edit(library: Library, actor: Actor, title: str) -> int:
    """Save the latest revision of CODE again with a new title; the new number."""
    latest = documents.get_revision(library=library, actor=actor, code=CODE)
    saved = revisions.save_revision(
        library=library,
        actor=actor,
        document=latest.document.model_copy(update={"title": title}),
        base=latest.info.number,
        summary=f"title: {title}",
    )
    return saved.revision.number


def states(library: Library) -> dict[int, RevisionState]:
    status = control.control_status(library=library, actor=Actor.local(), code=CODE)
    return {number: state for number, state, _ in status.states}


def submit(library: Library, actor: Actor, *approvers: str, mode: str = "sequential") -> None:
    control.submit_review(
        library=library,
        actor=actor,
        code=CODE,
        approvers=list(approvers),
        mode=mode,  # type: ignore[arg-type]
        reason="Refunds now need a ticket number",
    )


def approve(library: Library, actor: Actor, **options: object) -> control.Decided:
    return control.approve_revision(
        library=library,
        actor=actor,
        code=CODE,
        password=PASSWORD,
        **options,  # type: ignore[arg-type]
    )


def test_two_approvers_in_sequence_make_the_revision_effective(
    stocked: Library, people: dict[str, Actor]
) -> None:
    arthur, vera, quinn = people["arthur"], people["vera"], people["quinn"]
    number = edit(stocked, arthur, "Customer refund (ticketed)")
    submit(stocked, arthur, "vera", "quinn")
    assert states(stocked)[number] == RevisionState.IN_REVIEW
    with pytest.raises(PermissionDeniedError, match="waits for vera"):
        approve(stocked, quinn)  # quinn comes second
    assert approve(stocked, vera).state == RevisionState.IN_REVIEW
    decided = approve(stocked, quinn, comment="Fine")
    assert decided.state == RevisionState.EFFECTIVE
    assert states(stocked) == {1: RevisionState.DRAFT, number: RevisionState.EFFECTIVE}
    rita = documents.get_revision(library=stocked, actor=people["rita"], code=CODE)
    assert rita.info.number == number
    signed = control_dates.list_signatures(library=stocked, actor=people["rita"], code=CODE)
    assert [(s.full_name, s.meaning, s.valid) for s in signed] == [
        ("Vera Example", "approved", True),
        ("Quinn Example", "approved", True),
    ]
    assert all(s.sha256 == decided_hash(stocked, number) for s in signed)


def decided_hash(library: Library, number: int) -> str:
    info = documents.revision_info(library=library, actor=Actor.local(), code=CODE, number=number)
    return info.sha256


def test_in_parallel_any_order_and_the_author_cannot_approve(
    stocked: Library, people: dict[str, Actor]
) -> None:
    arthur, vera, quinn = people["arthur"], people["vera"], people["quinn"]
    admin = Actor(arthur.name, arthur.full_name, frozenset({Role.ADMIN}), arthur.user_id)
    edit(stocked, arthur, "Customer refund (parallel)")
    submit(stocked, arthur, "role:reviewer", "vera", mode="parallel")
    with pytest.raises(PermissionDeniedError, match="authored"):
        approve(stocked, admin)  # an admin who wrote the change still cannot approve it
    approve(stocked, vera)  # her own named step, leaving the role's to another reviewer
    with pytest.raises(ConflictError, match="approved this revision already"):
        approve(stocked, vera)
    assert approve(stocked, quinn).state == RevisionState.EFFECTIVE


def test_a_wrong_password_signs_nothing(stocked: Library, people: dict[str, Actor]) -> None:
    edit(stocked, people["arthur"], "Customer refund (signed)")
    submit(stocked, people["arthur"], "vera")
    with pytest.raises(SignatureRefusedError) as refused:
        control.approve_revision(
            library=stocked, actor=people["vera"], code=CODE, password="not-her-password"
        )
    assert refused.value.field == "password"
    assert control_dates.list_signatures(library=stocked, actor=people["vera"], code=CODE) == []
    assert states(stocked)[2] == RevisionState.IN_REVIEW


def test_a_rejection_returns_the_revision_to_draft_with_the_comment(
    stocked: Library, people: dict[str, Actor]
) -> None:
    number = edit(stocked, people["arthur"], "Customer refund (rejected)")
    submit(stocked, people["arthur"], "vera", "quinn")
    with pytest.raises(InvalidInputError, match="comment"):
        control.reject_revision(library=stocked, actor=people["vera"], code=CODE, comment=" ")
    control.reject_revision(
        library=stocked, actor=people["vera"], code=CODE, comment="Step 4 names the wrong form"
    )
    assert states(stocked)[number] == RevisionState.DRAFT
    status = control.control_status(library=stocked, actor=people["arthur"], code=CODE)
    review = status.reviews[-1]
    assert review.state == "rejected"
    assert review.steps[0].comment == "Step 4 names the wrong form"
    notices = control_dates.my_notices(library=stocked, actor=people["arthur"])
    assert "Step 4 names the wrong form" in notices[0].text
    submit(stocked, people["arthur"], "vera")  # resubmitted as it is
    assert states(stocked)[number] == RevisionState.IN_REVIEW


def test_an_edit_during_review_withdraws_the_approvals_and_says_so(
    stocked: Library, people: dict[str, Actor]
) -> None:
    arthur, vera, quinn = people["arthur"], people["vera"], people["quinn"]
    first = edit(stocked, arthur, "Customer refund (first try)")
    submit(stocked, arthur, "vera", "quinn")
    approve(stocked, vera)
    second = edit(stocked, arthur, "Customer refund (second try)")
    assert states(stocked)[first] == RevisionState.DRAFT
    review = control.control_status(library=stocked, actor=arthur, code=CODE).reviews[-1]
    assert review.state == "withdrawn"
    assert [step.decision for step in review.steps] == ["withdrawn", "withdrawn"]
    for person in (vera, quinn):
        said = control_dates.my_notices(library=stocked, actor=person)[0].text
        assert f"because arthur saved revision {second}" in said
    with pytest.raises(ConflictError, match="no revision of it is in review"):
        approve(stocked, quinn)


def test_a_future_effective_date_keeps_the_revision_in_force_until_then(
    stocked: Library, people: dict[str, Actor]
) -> None:
    arthur, vera, rita = people["arthur"], people["vera"], people["rita"]
    first = edit(stocked, arthur, "Customer refund (in force)")
    submit(stocked, arthur, "vera")
    approve(stocked, vera)
    second = edit(stocked, arthur, "Customer refund (next year)")
    submit(stocked, arthur, "vera")
    later = datetime.now(UTC) + timedelta(days=30)
    assert approve(stocked, vera, effective_on=later).state == RevisionState.APPROVED
    assert states(stocked)[first] == RevisionState.EFFECTIVE
    assert states(stocked)[second] == RevisionState.APPROVED
    assert documents.get_revision(library=stocked, actor=rita, code=CODE).info.number == first
    with stocked.transaction() as connection:  # the clock moves on: the date has come
        connection.execute(
            text("UPDATE revisions SET effective_from = :moment WHERE number = :number"),
            {"moment": datetime.now(UTC) - timedelta(minutes=1), "number": second},
        )
    assert states(stocked)[first] == RevisionState.SUPERSEDED
    assert states(stocked)[second] == RevisionState.EFFECTIVE
    assert documents.get_revision(library=stocked, actor=rita, code=CODE).info.number == second


def test_an_approval_dated_in_the_past_takes_effect_when_approved(
    stocked: Library, people: dict[str, Actor]
) -> None:
    arthur, vera = people["arthur"], people["vera"]
    edit(stocked, arthur, "Customer refund (backdated)")
    submit(stocked, arthur, "vera")
    before = datetime.now(UTC).replace(microsecond=0)
    decided = approve(stocked, vera, effective_on=before - timedelta(days=90))
    assert decided.state == RevisionState.EFFECTIVE
    assert decided.effective_from is not None
    assert decided.effective_from >= before


def test_readers_see_the_revision_in_force_while_the_next_is_in_review(
    stocked: Library, people: dict[str, Actor]
) -> None:
    arthur, vera, rita = people["arthur"], people["vera"], people["rita"]
    first = edit(stocked, arthur, "Customer refund (approved)")
    submit(stocked, arthur, "vera")
    approve(stocked, vera)
    edit(stocked, arthur, "Customer refund (draft)")
    submit(stocked, arthur, "vera")
    seen = documents.get_revision(library=stocked, actor=rita, code=CODE)
    assert (seen.info.number, seen.document.title) == (first, "Customer refund (approved)")
    assert documents.get_revision(library=stocked, actor=vera, code=CODE).info.number == first + 1
    diff = control.review_diff(library=stocked, actor=vera, code=CODE)
    assert diff is not None
    assert (diff.old, diff.new) == (f"{CODE}@{first}", f"{CODE}@{first + 1}")
    assert [change.element for change in diff.changes] == ["title"]


def test_obsolete_needs_a_reason_and_stays_readable(
    stocked: Library, people: dict[str, Actor]
) -> None:
    number = edit(stocked, people["arthur"], "Customer refund (last)")
    submit(stocked, people["arthur"], "vera")
    approve(stocked, people["vera"])
    with pytest.raises(InvalidInputError, match="reason"):
        control_dates.make_obsolete(library=stocked, actor=people["vera"], code=CODE, reason="")
    control_dates.make_obsolete(
        library=stocked, actor=people["vera"], code=CODE, reason="Replaced by SOP-FIN-010"
    )
    seen = documents.get_revision(library=stocked, actor=people["rita"], code=CODE)
    assert (seen.info.number, seen.info.state) == (number, RevisionState.OBSOLETE)
    status = control.control_status(library=stocked, actor=people["vera"], code=CODE)
    assert status.obsolete_reason == "Replaced by SOP-FIN-010"
    with pytest.raises(ConflictError):
        submit(stocked, people["arthur"], "vera")


def test_a_review_names_known_approvers_and_a_reason(
    stocked: Library, people: dict[str, Actor]
) -> None:
    edit(stocked, people["arthur"], "Customer refund (asked)")
    with pytest.raises(InvalidInputError) as unknown:
        submit(stocked, people["arthur"], "nobody")
    assert unknown.value.field == "approver"
    with pytest.raises(InvalidInputError) as unreasoned:
        control.submit_review(
            library=stocked,
            actor=people["arthur"],
            code=CODE,
            approvers=["vera"],
            mode="parallel",
            reason="  ",
        )
    assert unreasoned.value.field == "reason"
    with pytest.raises(PermissionDeniedError):
        submit(stocked, people["vera"], "quinn")  # reviewers do not edit
    with pytest.raises(PermissionDeniedError):
        control.reject_revision(library=stocked, actor=people["rita"], code=CODE, comment="no")


def test_the_views_carry_the_signatures_in_their_control_block(
    stocked: Library, people: dict[str, Actor]
) -> None:
    edit(stocked, people["arthur"], "Customer refund (printed)")
    submit(stocked, people["arthur"], "vera", "quinn")
    approve(stocked, people["vera"])
    approve(stocked, people["quinn"])
    today = datetime.now(UTC).date()
    html = rendering.render_revision(
        library=stocked, actor=people["rita"], code=CODE, format="html"
    ).content
    assert isinstance(html, str)
    assert "<tr><td>Vera Example</td><td>approved</td><td>" in html  # a row per signature
    assert "<th>Signed by</th>" in html
    assert "<th>Next review</th>" in html
    assert f"<td>{today.isoformat()}</td>" in html  # the effective date
    assert f"<td>{control_dates.add_months(today, 12).isoformat()}</td>" in html
    docx = rendering.render_revision(
        library=stocked, actor=people["rita"], code=CODE, format="docx"
    ).content
    assert isinstance(docx, bytes)
    text_of = Document(io.BytesIO(docx))
    header = text_of.sections[0].header  # the control block heads every page
    rows = [[cell.text for cell in row.cells] for table in header.tables for row in table.rows]
    assert any(row[:2] == ["Quinn Example", "approved"] for row in rows)
    pdf = rendering.render_revision(
        library=stocked, actor=people["rita"], code=CODE, format="pdf"
    ).content
    assert isinstance(pdf, bytes)
    pages = PdfReader(io.BytesIO(pdf)).pages
    words = " ".join(" ".join(page.extract_text() for page in pages).split())  # cells wrap
    assert "Vera Example approved" in words
    assert "Quinn Example approved" in words


def test_a_draft_saved_with_problems_is_refused_review_naming_them(
    stocked: Library, people: dict[str, Actor]
) -> None:
    arthur = people["arthur"]
    latest = documents.get_revision(library=stocked, actor=arthur, code=CODE)
    data = document_data(latest.document)
    find_order = next(node for node in data["flow"]["nodes"] if node["id"] == "find-order")
    del find_order["next"]  # a dead end, and everything after it unreachable
    with pytest.raises(InvalidInputError, match="step 'find-order' has no way forward"):
        revisions.parse_document(data)  # a plain save refuses it, as before
    broken = revisions.parse_document(data, keep_problems=True)
    problems = revisions.rule_problems(broken)
    assert problems[0].startswith("flow.nodes[1]: step 'find-order' has no way forward")
    saved = revisions.save_revision(
        library=stocked, actor=arthur, document=broken, base=1, summary="Half-way through"
    )
    assert states(stocked)[saved.revision.number] == RevisionState.DRAFT
    with pytest.raises(ConflictError) as refused:
        submit(stocked, arthur, "vera")
    said = str(refused.value)
    assert f"{CODE}: revision 2 has {len(problems)} validation problem(s)" in said
    assert "flow.nodes[1]: step 'find-order' has no way forward" in said
    assert "decision 'check-eligibility' cannot be reached" in said
    assert states(stocked)[2] == RevisionState.DRAFT  # nothing changed
    fixed = revisions.save_revision(
        library=stocked, actor=arthur, document=latest.document, base=2, summary="Fixed"
    )
    submit(stocked, arthur, "vera")
    assert states(stocked)[fixed.revision.number] == RevisionState.IN_REVIEW
