"""The run use cases on SQLite and PostgreSQL: start an SOP of the library, answer it to an
outcome, go back, pause and resume, list runs and count them in the stats; who may act on
a run and who may only look."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from sopflow.library.documents import get_revision, save_document
from sopflow.library.store import Library
from sopflow.library.sync import import_documents, read_sources
from sopflow.model.revisions import RevisionState
from sopflow.services import users
from sopflow.services.access import Actor, Role
from sopflow.services.run_records import list_runs, sop_stats
from sopflow.services.runs import (
    answer_run,
    get_run,
    go_back,
    pause_run,
    resume_run,
    start_run,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

RITA = Actor("rita", "Rita Example", frozenset({Role.READER}))
RAY = Actor("ray", "Ray Example", frozenset({Role.READER}))
ARTHUR = Actor("arthur", "Arthur Example", frozenset({Role.AUTHOR}))
ADA = Actor("ada", "Ada Example", frozenset({Role.ADMIN}))

CARD_REFUND = [
    ("log-request", "done"),
    ("find-order", "done"),
    ("check-eligibility", "Eligible"),
    ("record-decision", "done"),
    ("to-billing", "done"),
    ("payment-method", "Card"),
    ("refund-card", "done"),
    ("record-reference", "done"),
    ("confirm-to-customer", "done"),
]
"""The refund SOP from its start to 'Refund issued', node by node."""


@pytest.fixture
def examples_library(library: Library) -> Library:
    """The library holding the examples, and an account for rita (for her full name)."""
    with library.transaction() as connection:
        import_documents(
            connection, docs=read_sources([EXAMPLES]), author="lead", summary="examples"
        )
    users.add_user(
        library=library,
        actor=Actor.local(),
        name="rita",
        password="correct-horse-42",
        roles=[Role.READER],
        full_name="Rita Example",
    )
    return library


def walk(library: Library, actor: Actor, run_id: str, steps: list[tuple[str, str]]) -> None:
    """Answer each node in turn: "done" completes a step, anything else is an option."""
    for node, reply in steps:
        if reply == "done":
            answer_run(library=library, actor=actor, run_id=run_id, node=node, done=True)
        else:
            answer_run(library=library, actor=actor, run_id=run_id, node=node, option=reply)


def test_a_reader_runs_the_refund_sop_to_an_outcome(examples_library: Library) -> None:
    library = examples_library
    started = start_run(library=library, actor=RITA, code="SOP-FIN-003")
    run = started.run
    with library.reading() as connection:
        info = get_revision(connection, code="SOP-FIN-003").info
    assert (run.revision.code, run.revision.number, run.revision.sha256) == (
        "SOP-FIN-003",
        info.number,
        info.sha256,
    )
    assert started.current is not None
    assert started.current.node == "log-request"
    assert started.current.detail is not None  # novice by default
    assert started.started_by_name == "Rita Example"
    walk(library, RITA, run.id, CARD_REFUND)
    finished = get_run(library=library, actor=RITA, run_id=run.id)
    assert finished.run.state == "finished"
    assert finished.current is None
    assert finished.outcome is not None
    assert finished.outcome.text == "Refund issued"
    assert [entry.node for entry in finished.path] == [n for n, _ in CARD_REFUND] + [
        "refund-issued"
    ]
    assert {entry.done_by_name for entry in finished.path} == {"Rita Example"}
    assert all(entry.done_at is not None for entry in finished.path)
    assert finished.path[2].answer == "Eligible"
    assert not finished.can_act


def test_the_view_follows_the_audience_and_lists_what_may_come(examples_library: Library) -> None:
    library = examples_library
    run = start_run(library=library, actor=RITA, code="SOP-FIN-003", audience="expert").run
    walk(library, RITA, run.id, CARD_REFUND[:3])
    expert = get_run(library=library, actor=RITA, run_id=run.id, audience="expert")
    assert expert.current is not None
    assert expert.current.node == "record-decision"
    novice = get_run(library=library, actor=RITA, run_id=run.id, audience="novice")
    walk(library, RITA, run.id, CARD_REFUND[3:6])
    at_card = get_run(library=library, actor=RITA, run_id=run.id, audience="novice")
    assert at_card.current is not None
    assert at_card.current.reference is not None
    assert at_card.current.reference.code == "WI-PAY-003"
    assert at_card.current.reference.steps, "novices see the work instruction's steps"
    ahead = [node.node for node in novice.ahead]
    assert ahead[:2] == ["to-billing", "payment-method"]
    assert "refund-issued" in ahead
    elsewhere = [node.node for node in novice.elsewhere]
    assert {"explain-refusal", "escalate", "refund-declined"} <= set(elsewhere)
    with pytest.raises(InvalidInputError) as error:
        get_run(library=library, actor=RITA, run_id=run.id, audience="beginner")
    assert error.value.field == "audience"


def test_a_wrong_answer_names_the_field_and_a_stale_one_is_a_conflict(
    examples_library: Library,
) -> None:
    library = examples_library
    run_id = start_run(library=library, actor=RITA, code="SOP-FIN-003").run.id
    walk(library, RITA, run_id, CARD_REFUND[:2])
    cases = [
        ({"node": "check-eligibility", "option": "Maybe"}, "option"),
        ({"node": "check-eligibility", "done": True}, "option"),
        ({"node": "check-eligibility"}, "option"),
        ({"node": "check-eligibility", "option": "Eligible", "done": True}, "done"),
    ]
    for arguments, field in cases:
        with pytest.raises(InvalidInputError) as error:
            answer_run(library=library, actor=RITA, run_id=run_id, **arguments)  # type: ignore[arg-type]
        assert error.value.field == field, arguments
    with pytest.raises(InvalidInputError, match="choose one of 'Eligible'"):
        answer_run(library=library, actor=RITA, run_id=run_id, node="check-eligibility")
    with pytest.raises(ConflictError, match="is at 'check-eligibility', not 'find-order'"):
        answer_run(library=library, actor=RITA, run_id=run_id, node="find-order", done=True)
    walk(library, RITA, run_id, [("check-eligibility", "eligible")])  # case aside
    with pytest.raises(InvalidInputError) as error:
        answer_run(
            library=library, actor=RITA, run_id=run_id, node="record-decision", skip="no time"
        )
    assert error.value.field == "skip"
    with pytest.raises(NotFoundError):
        answer_run(library=library, actor=RITA, run_id="nope", node="x", done=True)


def test_an_optional_step_is_skipped_with_a_reason(examples_library: Library) -> None:
    library = examples_library
    run_id = start_run(library=library, actor=RITA, code="SOP-HR-001").run.id
    walk(
        library,
        RITA,
        run_id,
        [
            ("create-record", "done"),
            ("run-checks", "done"),
            ("checks-cleared", "Yes"),
            ("notify-it", "done"),
            ("create-accounts", "done"),
            ("needs-laptop", "No"),
            ("notify-manager", "done"),
        ],
    )
    with pytest.raises(InvalidInputError) as error:
        answer_run(library=library, actor=RITA, run_id=run_id, node="plan-first-week", skip=" ")
    assert error.value.field == "skip"
    view = answer_run(
        library=library, actor=RITA, run_id=run_id, node="plan-first-week", skip="Monthly intake"
    )
    assert view.path[-2].not_applicable == "Monthly intake"
    assert view.current is not None
    assert view.current.node == "welcome"


def test_back_pause_and_resume(examples_library: Library) -> None:
    library = examples_library
    run_id = start_run(library=library, actor=RITA, code="SOP-FIN-003").run.id
    with pytest.raises(ConflictError, match="nothing to go back to"):
        go_back(library=library, actor=RITA, run_id=run_id)
    walk(library, RITA, run_id, CARD_REFUND[:3])
    back = go_back(library=library, actor=RITA, run_id=run_id)
    assert back.current is not None
    assert back.current.node == "check-eligibility"
    assert back.run.answers == {}
    with pytest.raises(InvalidInputError) as error:
        go_back(library=library, actor=RITA, run_id=run_id, node="refund-card")
    assert error.value.field == "node"
    paused = pause_run(library=library, actor=RITA, run_id=run_id)
    assert paused.run.state == "paused"
    assert paused.back_to is None
    with pytest.raises(ConflictError, match="paused; resume it first"):
        answer_run(
            library=library, actor=RITA, run_id=run_id, node="check-eligibility", option="Eligible"
        )
    with pytest.raises(ConflictError):
        pause_run(library=library, actor=RITA, run_id=run_id)
    resumed = resume_run(library=library, actor=RITA, run_id=run_id)
    assert resumed.run.state == "in_progress"
    assert resumed.current is not None
    assert resumed.current.node == "check-eligibility"
    kinds = [transition.kind for transition in resumed.run.history]
    assert kinds[-3:] == ["back", "pause", "resume"]


def test_only_the_starter_acts_on_a_run_and_others_may_only_look(
    examples_library: Library,
) -> None:
    library = examples_library
    run_id = start_run(library=library, actor=RITA, code="SOP-FIN-003").run.id
    with pytest.raises(AuthenticationError):
        start_run(library=library, actor=None, code="SOP-FIN-003")
    with pytest.raises(PermissionDeniedError, match="is not yours"):
        answer_run(library=library, actor=RAY, run_id=run_id, node="log-request", done=True)
    with pytest.raises(PermissionDeniedError, match="see-all-runs"):
        get_run(library=library, actor=RAY, run_id=run_id)
    looked = get_run(library=library, actor=ARTHUR, run_id=run_id)
    assert not looked.can_act
    assert looked.back_to is None
    for change in (pause_run, go_back):
        with pytest.raises(PermissionDeniedError, match="started by rita; only they can act"):
            change(library=library, actor=ARTHUR, run_id=run_id)
    taken = answer_run(library=library, actor=ADA, run_id=run_id, node="log-request", done=True)
    assert taken.path[0].done_by == "ada", "an admin takes a run over under their own name"
    assert taken.run.started_by == "rita"


def test_lists_show_a_reader_their_own_runs_and_see_all_runs_everyone(
    examples_library: Library,
) -> None:
    library = examples_library
    first = start_run(library=library, actor=RITA, code="SOP-FIN-003").run.id
    walk(library, RITA, first, CARD_REFUND)
    second = start_run(library=library, actor=RITA, code="SOP-HR-001").run.id
    pause_run(library=library, actor=RITA, run_id=second)
    theirs = start_run(library=library, actor=RAY, code="SOP-FIN-003").run.id
    mine = list_runs(library=library, actor=RITA)
    assert [item.run.id for item in mine.runs] == [first, second]
    assert mine.runs[0].where == "Refund issued"
    assert mine.runs[0].title == "Customer refund"
    assert mine.runs[1].where == (
        "Create the employee record in the HR information system from the signed contract."
    )
    assert mine.runs[0].started_by_name == "Rita Example"
    with pytest.raises(PermissionDeniedError) as refused:
        list_runs(library=library, actor=RITA, person="ray")
    assert "person" in str(refused.value)
    everyone = list_runs(library=library, actor=ARTHUR, code="SOP-FIN-003", newest_first=True)
    assert [item.run.id for item in everyone.runs] == [theirs, first]
    paused = list_runs(library=library, actor=ARTHUR, state="paused")
    assert [item.run.id for item in paused.runs] == [second]
    rays = list_runs(library=library, actor=ARTHUR, person="ray")
    assert [item.run.id for item in rays.runs] == [theirs]
    page = list_runs(library=library, actor=ARTHUR, offset=1, limit=1)
    assert (page.total, [item.run.id for item in page.runs]) == (3, [second])
    for arguments, field in [
        ({"state": "done"}, "state"),
        ({"code": "SOP-FIN"}, "code"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
    ]:
        with pytest.raises(InvalidInputError) as error:
            list_runs(library=library, actor=ARTHUR, **arguments)  # type: ignore[arg-type]
        assert error.value.field == field


def test_stats_count_runs_outcomes_and_paths_for_see_all_runs_only(
    examples_library: Library,
) -> None:
    library = examples_library
    for _ in range(2):
        run_id = start_run(library=library, actor=RITA, code="SOP-FIN-003").run.id
        walk(library, RITA, run_id, CARD_REFUND)
    declined = start_run(library=library, actor=RAY, code="SOP-FIN-003").run.id
    walk(
        library,
        RAY,
        declined,
        [*CARD_REFUND[:2], ("check-eligibility", "Not eligible"), ("explain-refusal", "done")],
    )
    start_run(library=library, actor=RAY, code="SOP-FIN-003")
    with pytest.raises(PermissionDeniedError):
        sop_stats(library=library, actor=RITA, code="SOP-FIN-003")
    found = sop_stats(library=library, actor=ARTHUR, code="SOP-FIN-003")
    stats = found.stats
    assert (stats.runs, stats.finished) == (4, 3)
    assert stats.outcomes == {"refund-issued": 2, "refund-declined": 1}
    assert [(path.answers, path.outcome, path.count) for path in stats.paths] == [
        ((("check-eligibility", "Eligible"), ("payment-method", "Card")), "refund-issued", 2),
        ((("check-eligibility", "Not eligible"),), "refund-declined", 1),
    ]
    assert found.name_of("refund-declined") == "Refund declined"
    assert found.name_of("check-eligibility") == "Is the purchase eligible under the refund policy?"
    assert stats.stopped_at == {"log-request": 1}
    assert {step.node for step in stats.step_times} >= {"log-request", "refund-card"}
    with pytest.raises(InvalidInputError) as error:
        sop_stats(library=library, actor=ARTHUR, code="WI-PAY-003")
    assert error.value.field == "code"
    with pytest.raises(NotFoundError):
        sop_stats(library=library, actor=ARTHUR, code="SOP-XYZ-009")


def test_what_can_be_started(examples_library: Library) -> None:
    library = examples_library
    with pytest.raises(InvalidInputError) as error:
        start_run(library=library, actor=RITA, code="WI-PAY-003")
    assert (error.value.field, "only an SOP can be run" in str(error.value)) == ("code", True)
    with pytest.raises(InvalidInputError) as error:
        start_run(library=library, actor=RITA, code="refund")
    assert error.value.field == "code"
    with pytest.raises(NotFoundError):
        start_run(library=library, actor=RITA, code="SOP-FIN-999")


def test_a_run_stays_on_its_revision_and_a_new_run_follows_the_effective_one(
    examples_library: Library,
) -> None:
    library = examples_library
    run_id = start_run(library=library, actor=RITA, code="SOP-FIN-003").run.id
    with library.transaction() as connection:
        stored = get_revision(connection, code="SOP-FIN-003")
        renamed = stored.document.model_copy(update={"title": "Customer refunds"})
        save_document(
            connection,
            document=renamed,
            author="lead",
            summary="title",
            base=stored.info.number,
            state=RevisionState.EFFECTIVE,
        )
        save_document(
            connection,
            document=renamed.model_copy(update={"title": "Draft title"}),
            author="lead",
            summary="draft",
            base=stored.info.number + 1,
        )
    old = answer_run(library=library, actor=RITA, run_id=run_id, node="log-request", done=True)
    assert (old.run.revision.number, old.title) == (1, "Customer refund")
    fresh = start_run(library=library, actor=RITA, code="SOP-FIN-003")
    assert (fresh.run.revision.number, fresh.title) == (2, "Customer refunds")
