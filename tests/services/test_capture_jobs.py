"""Capture jobs on both databases: uploads recognised and checked, the walkthrough drafted by
a worker, its review edited and saved to the library under the counter's codes."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from sopflow.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from sopflow.library.attachments import revision_files_data
from sopflow.library.documents import get_revision
from sopflow.library.store import Library
from sopflow.model import Sop
from sopflow.services.access import Actor, Role
from sopflow.services.capture_jobs import (
    CAPTURE_JOB,
    CaptureRequest,
    Upload,
    capture_job,
    display_name,
    prepare_capture,
    run_capture,
    start_capture,
)
from sopflow.services.capture_review import (
    capture_media,
    capture_review,
    capture_screenshot,
    edit_draft,
    save_capture,
)
from sopflow.services.job_pool import EmbeddedJobs
from sopflow.services.jobs import JobState, JobStatus
from sopflow.settings import Settings

REPO = Path(__file__).resolve().parents[2]
WALKTHROUGHS = REPO / "examples" / "walkthroughs"
MEDIA = REPO / "tests" / "fixtures" / "media"

ARTHUR = Actor("arthur", "Arthur Example", frozenset({Role.AUTHOR}))
ANNA = Actor("anna", "Anna Example", frozenset({Role.AUTHOR}))
RITA = Actor("rita", "Rita Example", frozenset({Role.READER}))


@pytest.fixture
def jobs(library: Library, tmp_path: Path) -> Iterator[EmbeddedJobs]:
    """The capture job pool on the test's library."""
    pool = EmbeddedJobs(
        library=library,
        settings=Settings(home=tmp_path / "home"),
        handlers={CAPTURE_JOB: run_capture},
    )
    pool.start()
    yield pool
    pool.stop()


def upload(
    jobs: EmbeddedJobs,
    files: Sequence[tuple[Path | bytes, str]],
    *,
    actor: Actor = ARTHUR,
    **choices: Any,
) -> JobStatus:
    """What the web face does: a folder for the job, the files in it, then the start."""
    job_id, folder = prepare_capture(jobs=jobs, actor=actor)
    uploads = []
    for number, (content, name) in enumerate(files, start=1):
        path = folder / f"upload-{number}.part"
        path.write_bytes(content if isinstance(content, bytes) else content.read_bytes())
        uploads.append(Upload(path, name))
    request = CaptureRequest(**choices)
    return start_capture(jobs=jobs, actor=actor, job_id=job_id, uploads=uploads, request=request)


def test_a_transcript_becomes_drafts_to_review(jobs: EmbeddedJobs) -> None:
    status = upload(jobs, [(WALKTHROUGHS / "refund-mixed.md", "refund notes.md")], area="fin")
    assert [stage.name for stage in status.stages] == ["structure"]
    final = jobs.wait(status.id, timeout=120)
    assert final.state == JobState.DONE, final.error
    review = capture_review(jobs=jobs, actor=ARTHUR, job_id=status.id)
    assert [d.document.kind for d in review.drafts] == ["sop", "wi"]
    assert review.drafts[0].document.code == "SOP-FIN-001"
    assert review.classification["kind"] == "split"
    assert review.media is None
    assert review.transcript is not None
    text = review.transcript["text"]
    step = next(item for item in review.drafts[0].elements({}) if item["type"] == "step")
    start, end = step["provenance"]["span"]
    assert text[start:end].strip()
    assert step["provenance"]["confidence"] is not None
    sop = review.drafts[0].document
    assert isinstance(sop, Sop)
    assert {s.provenance.source for s in sop.flow.steps() if s.provenance} == {"refund notes.md"}
    assert json.dumps(review.as_json())  # plain data all the way down


def test_a_video_is_transcribed_and_screenshotted(jobs: EmbeddedJobs) -> None:
    status = upload(
        jobs, [(MEDIA / "short.mp4", "clip"), (MEDIA / "short.events.json", "log.json")]
    )
    assert [stage.name for stage in status.stages] == ["transcribe", "structure", "screenshots"]
    final = jobs.wait(status.id, timeout=180)
    assert final.state == JobState.DONE, final.error
    assert all(stage.state == "done" for stage in final.stages)
    review = capture_review(jobs=jobs, actor=ARTHUR, job_id=status.id)
    assert review.media is not None
    assert (review.media.kind, review.media.media_type) == ("video", "video/mp4")
    assert capture_media(jobs=jobs, actor=ARTHUR, job_id=status.id).path.name == "input-1.mp4"
    assert review.transcript is not None
    assert all(segment["time"] for segment in review.transcript["segments"])
    assert review.screenshots
    name = next(iter(review.screenshots))
    shot = capture_screenshot(jobs=jobs, actor=ARTHUR, job_id=status.id, name=name)
    assert shot.read_bytes().startswith(b"\x89PNG")
    with pytest.raises(NotFoundError):
        capture_screenshot(jobs=jobs, actor=ARTHUR, job_id=status.id, name="../input-1.mp4")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.vtt", "empty.vtt: the file is empty"),
        (bytes(range(256)) * 8, "junk.bin", "junk.bin: not a walkthrough input"),
        (MEDIA / "corrupt.mp4", "corrupt.mp4", "corrupt.mp4: not a readable audio or video"),
        (MEDIA / "no_audio.mp4", "no_audio.mp4", "no_audio.mp4: the file has no audio track"),
    ],
)
def test_a_bad_upload_is_refused_naming_the_file_and_leaves_nothing(
    jobs: EmbeddedJobs, content: Path | bytes, name: str, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message) as refused:
        upload(jobs, [(content, name)])
    assert refused.value.field == "files"
    assert not any((jobs.root).iterdir())


def test_a_recording_without_speech_fails_the_job_naming_the_file(jobs: EmbeddedJobs) -> None:
    status = upload(jobs, [(MEDIA / "silence.wav", "quiet.wav")])
    final = jobs.wait(status.id, timeout=120)
    assert final.state == JobState.FAILED
    assert final.error == "quiet.wav: no speech found in the recording"
    with pytest.raises(ConflictError, match="failed"):
        capture_review(jobs=jobs, actor=ARTHUR, job_id=status.id)


def test_choices_are_checked_before_anything_runs(jobs: EmbeddedJobs) -> None:
    transcript = [(WALKTHROUGHS / "refund-mixed.md", "a.md")]
    choices: dict[str, Any]
    for choices, field in (
        ({"kind": "policy"}, "kind"),
        ({"area": "x"}, "area"),
        ({"title": "t" * 201}, "title"),
    ):
        with pytest.raises(InvalidInputError) as refused:
            upload(jobs, transcript, actor=ARTHUR, **choices)
        assert refused.value.field == field
    with pytest.raises(InvalidInputError, match="one recording per walkthrough"):
        upload(jobs, [(MEDIA / "short.mp4", "a.mp4"), (MEDIA / "speech.wav", "b.wav")])
    with pytest.raises(InvalidInputError, match="at least one file"):
        upload(jobs, [])
    assert not any(jobs.root.iterdir())


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("a/b.mp4", "b.mp4"),
        ("C:\\Users\\me\\walk.mp4", "walk.mp4"),
        ("bad\x00name\n.txt", "badname.txt"),
        ("..", "upload-3"),
        ("", "upload-3"),
    ],
)
def test_an_uploaded_name_is_only_text_to_show(given: str, shown: str) -> None:
    assert display_name(given, 3) == shown


def test_only_the_owner_or_someone_who_captures_sees_a_job(jobs: EmbeddedJobs) -> None:
    status = upload(jobs, [(WALKTHROUGHS / "refund-mixed.md", "a.md")])
    assert capture_job(jobs, ANNA, status.id).id == status.id
    with pytest.raises(NotFoundError):
        capture_job(jobs, RITA, status.id)
    with pytest.raises(AuthenticationError):
        capture_job(jobs, None, status.id)
    with pytest.raises(PermissionDeniedError):
        prepare_capture(jobs=jobs, actor=RITA)
    jobs.wait(status.id, timeout=120)


def test_an_edited_draft_is_checked_kept_and_saved_under_the_counters_codes(
    jobs: EmbeddedJobs, library: Library
) -> None:
    status = upload(jobs, [(WALKTHROUGHS / "refund-call-teams.vtt", "call.vtt")], area="FIN")
    assert jobs.wait(status.id, timeout=120).state == JobState.DONE
    review = capture_review(jobs=jobs, actor=ARTHUR, job_id=status.id)
    data = json.loads(json.dumps(review.as_json()["drafts"][0]["document"]))
    step = next(node for node in data["flow"]["nodes"] if node["type"] == "step")
    step["instruction"] = "Check the order date in the helpdesk."
    unsupported = [item["key"] for item in review.drafts[0].elements({}) if not item["supported"]]

    broken = json.loads(json.dumps(data))
    next(n for n in broken["flow"]["nodes"] if n["type"] == "step")["next"] = "nowhere"
    with pytest.raises(InvalidInputError) as refused:
        edit_draft(jobs=jobs, actor=ARTHUR, job_id=status.id, index=0, document=broken)
    assert refused.value.field is not None
    assert refused.value.field.startswith("document.flow.nodes[")
    with pytest.raises(InvalidInputError) as refused:
        edit_draft(
            jobs=jobs, actor=ARTHUR, job_id=status.id, index=0, document={**data, "title": ""}
        )
    assert refused.value.field == "document.title"
    with pytest.raises(InvalidInputError, match="keep SOP-FIN-001"):
        edit_draft(
            jobs=jobs,
            actor=ARTHUR,
            job_id=status.id,
            index=0,
            document={**data, "code": "SOP-FIN-009"},
        )
    with pytest.raises(InvalidInputError, match="accepted: nope"):
        edit_draft(
            jobs=jobs, actor=ARTHUR, job_id=status.id, index=0, document=data, accepted=["nope"]
        )

    edited = edit_draft(
        jobs=jobs, actor=ARTHUR, job_id=status.id, index=0, document=data, accepted=unsupported
    )
    assert edited.edited
    again = capture_review(jobs=jobs, actor=ARTHUR, job_id=status.id)
    assert again.drafts[0].accepted == tuple(sorted(unsupported))
    assert again.drafts[0].original == review.drafts[0].original

    with library.transaction() as connection:  # another draft took the first FIN number
        from sopflow.library.codes import allocate_code

        allocate_code(connection, kind="sop", area="FIN")
    saved = save_capture(library=library, jobs=jobs, actor=ARTHUR, job_id=status.id)
    assert [item.code for item in saved] == ["SOP-FIN-002"]
    with library.reading() as connection:
        stored = get_revision(connection, code="SOP-FIN-002")
    assert stored.info.author == "arthur"
    document = stored.document
    assert isinstance(document, Sop)
    assert "Check the order date in the helpdesk." in [s.instruction for s in document.flow.steps()]
    for node in document.flow.nodes:
        if node.id in unsupported:
            assert node.provenance is not None
            assert node.provenance.supported  # the reviewer confirmed it
    with pytest.raises(ConflictError, match="was saved as SOP-FIN-002"):
        save_capture(library=library, jobs=jobs, actor=ARTHUR, job_id=status.id)
    with pytest.raises(ConflictError, match="was saved"):
        edit_draft(jobs=jobs, actor=ARTHUR, job_id=status.id, index=0, document=data)
    assert capture_review(jobs=jobs, actor=ARTHUR, job_id=status.id).saved == tuple(saved)


def test_a_saved_video_capture_keeps_its_screenshots(jobs: EmbeddedJobs, library: Library) -> None:
    status = upload(jobs, [(MEDIA / "short.mp4", "short.mp4")], kind="sop")
    assert jobs.wait(status.id, timeout=180).state == JobState.DONE
    with pytest.raises(PermissionDeniedError):
        save_capture(library=library, jobs=jobs, actor=RITA, job_id=status.id)
    (saved,) = save_capture(library=library, jobs=jobs, actor=ARTHUR, job_id=status.id)
    with library.reading() as connection:
        files = revision_files_data(connection, code=saved.code, number=1)
    assert files
    assert all(path.startswith(f"{saved.code}.media/") for path in files)
