"""Bounded, seeded fuzzing of every parser: malformed copies of the examples and fixtures.

Each case is run in-process through what the command runs (`sopflow capture` reads, structures
and renders; `validate` parses the YAML; BPMN import reads and converts), and sorted into a
clean error (SopflowError), an accepted input, a traceback (any other exception) or a slow case.

    python -m bench.fuzz_parsers --cases 200 --seed 1 [--target srt]

Tracebacks are printed with the smallest input that gave each distinct one.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

UNICODE_EDGES = (
    "\u202e",
    "\ufeff",
    "\u200b",
    "\u2028",
    "\u0301\u0301\u0301",
    "\U0001f600",
    "\x85",
    "\x0c",
    "\x1b[31m",
    "İ",
    "ﬃ",
    "\ud7ff",
    "\uffff",
)
HUGE = ("99999999999999999999999", "1e400", "-1", "NaN", "Infinity", "9" * 400)


REPEATS = (2, 50, 2000)
"""How many times a run of bytes is repeated; 2,000 makes inputs of 100 KB and more."""


def mutations(seed_bytes: bytes, rng: random.Random, repeats: tuple[int, ...] = REPEATS) -> bytes:
    """One malformed copy: a truncation, byte flips, a unicode edge, a huge value, a repeat."""
    data = bytearray(seed_bytes)
    choice = rng.randrange(8)
    at = rng.randrange(max(len(data), 1))
    if choice == 0:
        return bytes(data[:at])
    if choice == 1:
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if choice == 2:
        edge = rng.choice(UNICODE_EDGES).encode("utf-8", "surrogatepass")
        return bytes(data[:at]) + edge + bytes(data[at:])
    if choice == 3:
        digits = [i for i, b in enumerate(data) if chr(b).isdigit()]
        if digits:
            at = rng.choice(digits)
        return bytes(data[:at]) + rng.choice(HUGE).encode() + bytes(data[at + 1 :])
    if choice == 4:
        end = min(len(data), at + rng.randint(1, 80))
        return bytes(data[:at]) + bytes(data[at:end]) * rng.choice(repeats) + bytes(data[end:])
    if choice == 5:
        end = min(len(data), at + rng.randint(1, 200))
        return bytes(data[:at]) + bytes(data[end:])
    if choice == 6:
        lines = bytes(data).split(b"\n")
        rng.shuffle(lines)
        return b"\n".join(lines)
    return (
        bytes(data[:at])
        + bytes(rng.choice(b"<>&:-{}[]\"',\n\t\r ") for _ in range(8))
        + bytes(data[at:])
    )


def _structure(seed: bytes) -> object:
    """The seed's data: JSON, or YAML read safely (JSON is YAML, so either is written back)."""
    try:
        return json.loads(seed)
    except ValueError:
        from ruamel.yaml import YAML

        return json.loads(json.dumps(YAML(typ="safe").load(seed), default=str))


def json_mutations(seed: bytes, rng: random.Random) -> bytes:
    """A structurally wrong copy of a JSON document: a value of the wrong type or size."""
    data = _structure(seed)
    paths: list[tuple[object, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in node:
                paths.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for index, item in enumerate(node):
                paths.append((node, index))
                walk(item)

    walk(data)
    container, key = rng.choice(paths)
    wrong: object = rng.choice(
        [None, 1e308, -1, 10**30, "", "x" * 100_000, [], {}, True, [1, 2], "\u202e"]
    )
    container[key] = wrong  # type: ignore[index]
    text = json.dumps(data)
    if rng.random() < 0.1:
        depth = rng.choice((50, 5000))
        text = text.replace('"\\u202e"', "[" * depth + "]" * depth, 1)
    return text.encode()


class SlowCaseError(Exception):
    """The case ran past its time bound."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise SlowCaseError


@dataclass
class Tally:
    """What one target's cases gave."""

    cases: int = 0
    clean: int = 0
    accepted: int = 0
    slow: list[tuple[float, bytes]] = field(default_factory=list)
    tracebacks: dict[str, bytes] = field(default_factory=dict)


def run_case(check: Callable[[Path], None], suffix: str, data: bytes, bound: float) -> str:
    """'clean', 'accepted', 'slow' or the traceback text."""
    from sopflow.errors import SopflowError

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, bound)
        try:
            check(path)
        except SopflowError:
            return "clean"
        except SlowCaseError:
            return "slow"
        except Exception:
            return traceback.format_exc()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return "accepted"


def capture_check(path: Path) -> None:
    """What `sopflow capture FILE` does before writing: read, structure, render the drafts."""
    from sopflow.services.access import Actor
    from sopflow.services.capture import (
        CaptureOptions,
        checked_yaml,
        read_inputs,
        structure_walkthrough,
    )
    from sopflow.settings import load_settings

    settings = load_settings()
    counter = iter(range(1, 1000))
    walkthrough = read_inputs(actor=Actor.local(), inputs=[path], settings=settings)
    structured = structure_walkthrough(
        actor=Actor.local(),
        walkthrough=walkthrough,
        options=CaptureOptions(),
        next_code=lambda kind: f"{'SOP' if kind == 'sop' else 'WI'}-GEN-{next(counter):03d}",
        settings=settings,
    )
    for document in structured.drafts.documents:
        checked_yaml(document)


def yaml_check(path: Path) -> None:
    """What `sopflow validate FILE` does."""
    from sopflow.errors import SopflowError
    from sopflow.formats.yaml_source import read_document

    loaded = read_document(path)
    if not loaded.ok:
        raise SopflowError("; ".join(str(problem) for problem in loaded.problems))


def bpmn_check(path: Path) -> None:
    """What `sopflow import-bpmn FILE` does before saving."""
    from sopflow.formats.bpmn.import_ import import_bpmn

    import_bpmn(path)


UPLOAD_NAMES = (
    "../../etc/passwd",
    "a/b/walk.mp4",
    "C:\\Users\\me\\walk.vtt",
    "bad\x00name\n.srt",
    "",
    "..",
    "x" * 500 + ".md",
    "\u202ewalk.json",
    "walk.txt",
)
"""What an uploader may call a file: the name is only ever shown, never used as a path."""


def upload_check(path: Path) -> None:
    """What the web app does with an upload: recognise it, probe a recording, queue the job
    (on a scratch library whose pool is not started, so the job waits)."""
    from sopflow.services.capture_jobs import (
        CaptureRequest,
        Upload,
        prepare_capture,
        start_capture,
    )

    jobs, actor = _upload_queue()
    job_id, folder = prepare_capture(jobs=jobs, actor=actor)
    part = folder / "upload-1.part"
    part.write_bytes(path.read_bytes())
    name = UPLOAD_NAMES[len(part.read_bytes()) % len(UPLOAD_NAMES)]
    uploads = [Upload(part, name)]
    start_capture(jobs=jobs, actor=actor, job_id=job_id, uploads=uploads, request=CaptureRequest())
    status = jobs.status(job_id)
    if not part.exists() and status.id == job_id:
        return
    raise RuntimeError(f"upload {name!r} was not stored as input-1 in its job's folder")


_QUEUE: list[Any] = []


def _upload_queue() -> tuple[Any, Any]:
    """A job pool on a scratch SQLite library, made on first use and kept for the run; its
    worker ends each job at once (what a capture job does is the capture targets' part)."""
    if not _QUEUE:
        from sopflow.library.store import open_library
        from sopflow.services.access import Actor, Role
        from sopflow.services.capture_jobs import CAPTURE_JOB
        from sopflow.services.job_pool import EmbeddedJobs
        from sopflow.services.jobs import JobResult
        from sopflow.settings import Settings

        home = Path(tempfile.mkdtemp(prefix="sopflow-fuzz-"))
        library = open_library(f"sqlite:///{home / 'library.sqlite3'}", create=True)
        jobs = EmbeddedJobs(
            library=library,
            settings=Settings(home=home),
            handlers={CAPTURE_JOB: lambda run: JobResult({}, {})},
        )
        jobs.start()
        _QUEUE.extend([jobs, Actor("fuzz", "Fuzz Author", frozenset({Role.AUTHOR}))])
    return _QUEUE[0], _QUEUE[1]


def stop_uploads() -> None:
    """Stop the upload target's job pool, if it was started."""
    if _QUEUE:
        _QUEUE[0].stop()
        _QUEUE.clear()


@dataclass(frozen=True)
class Target:
    """One parser: its seed files, the suffix it is read under and the check to run."""

    name: str
    seeds: tuple[str, ...]
    suffix: str
    check: Callable[[Path], None]
    structured: bool = False


TARGETS = (
    Target("text", ("examples/walkthroughs/refund-mixed.md",), ".md", capture_check),
    Target("webvtt", ("tests/capture/readers/fixtures/*.vtt",), ".vtt", capture_check),
    Target("srt", ("tests/capture/readers/fixtures/*.srt",), ".srt", capture_check),
    Target(
        "events",
        ("examples/walkthroughs/*.json", "tests/fixtures/media/*.events.json"),
        ".json",
        capture_check,
        structured=True,
    ),
    Target("yaml", ("examples/*/*.yaml",), ".yaml", yaml_check, structured=True),
    Target("bpmn", ("tests/fixtures/bpmn/*.bpmn",), ".bpmn", bpmn_check),
    Target(
        "upload",
        (
            "tests/fixtures/media/s*.wav",
            "tests/fixtures/media/speech.m*",
            "tests/fixtures/media/short.*",
            "tests/capture/readers/fixtures/*.vtt",
            "examples/walkthroughs/refund-mixed.md",
        ),
        ".part",
        upload_check,
    ),
)


def seed_files(target: Target) -> list[bytes]:
    """The contents of the target's example and fixture files."""
    found: list[bytes] = []
    for pattern in target.seeds:
        found.extend(path.read_bytes() for path in sorted(ROOT.glob(pattern)))
    return found


def cases(
    target: Target, count: int, rng: random.Random, repeats: tuple[int, ...] = REPEATS
) -> Iterator[bytes]:
    """Count malformed inputs from the target's seeds."""
    seeds = seed_files(target)
    for _ in range(count):
        seed = rng.choice(seeds)
        if target.structured and rng.random() < 0.5:
            yield json_mutations(seed, rng)
        else:
            yield mutations(seed, rng, repeats)


def _signature(trace: str) -> str:
    """The exception type and the innermost sopflow frame: one line per distinct defect."""
    lines = trace.strip().splitlines()
    frames = [
        line.strip() for line in lines if line.strip().startswith("File ") and "sopflow" in line
    ]
    return f"{lines[-1].split(':')[0]} at {frames[-1] if frames else '?'}"


def fuzz(
    target: Target, count: int, seed: int, bound: float, repeats: tuple[int, ...] = REPEATS
) -> Tally:
    """Run count cases of one target and tally them."""
    rng = random.Random(f"{target.name}:{seed}")
    tally = Tally()
    run_case(target.check, target.suffix, seed_files(target)[0], 600)  # load the models first
    for data in cases(target, count, rng, repeats):
        tally.cases += 1
        started = time.perf_counter()
        result = run_case(target.check, target.suffix, data, bound)
        if result == "clean":
            tally.clean += 1
        elif result == "accepted":
            tally.accepted += 1
        elif result == "slow":
            tally.slow.append((time.perf_counter() - started, data))
        else:
            last = _signature(result)
            if last not in tally.tracebacks or len(data) < len(tally.tracebacks[last]):
                tally.tracebacks[last] = data
                print(f"--- {target.name}: {len(data)} bytes\n{result}", flush=True)
    return tally


def main() -> None:
    """Fuzz the named targets (all by default) and print one table row each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bound", type=float, default=5.0, help="seconds a case may take")
    parser.add_argument(
        "--target", action="append", help="text, webvtt, srt, events, yaml, bpmn, upload"
    )
    parser.add_argument("--keep", type=Path, help="folder to save reproducers in")
    args = parser.parse_args()
    rows = []
    for target in TARGETS:
        if args.target and target.name not in args.target:
            continue
        tally = fuzz(target, args.cases, args.seed, args.bound)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for number, data in enumerate(
                [*tally.tracebacks.values(), *(d for _, d in tally.slow)]
            ):
                (args.keep / f"{target.name}-{number}{target.suffix}").write_bytes(data)
        rows.append(
            f"| {target.name} | {tally.cases} | {tally.clean} | {tally.accepted} | "
            f"{len(tally.tracebacks)} | {len(tally.slow)} |"
        )
    stop_uploads()
    print("| target | cases | clean error | accepted | distinct tracebacks | over bound |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
