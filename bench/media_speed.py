"""Speed and memory of transcription: real-time factor and peak memory on a long recording.

Usage: .venv/bin/python -m bench.media_speed [--minutes 60] [--runs 1] [--beam N] [RECORDING]

Without RECORDING, a recording of the given length is made by looping the sample walkthrough's
narration (scripts/make_walkthrough.py, which needs flite). Each run transcribes it in a fresh
process with the bundled Whisper tiny.en, as `sopflow capture` does, and reports the
real-time factor (transcription time / audio length, model loading included), the same from
the CPU time it used over two cores (what an idle two-core machine would take; the wall time
grows when others share the machine), and the peak resident memory of that process.
Medians over the runs are printed as a Markdown row.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORES = 2
"""Threads transcription uses: CPU time over this is the wall time on an idle machine."""

CHILD = """
import json, sys, time
from pathlib import Path
from sopflow.capture.media.decode import probe
from sopflow.capture.media.transcribe import TranscribeOptions, transcribe
path = Path(sys.argv[1])
options = TranscribeOptions(beam_size=int(sys.argv[2])) if len(sys.argv) > 2 else None
began = time.perf_counter()
utterances = transcribe(path, options)
elapsed = time.perf_counter() - began
words = sum(len(u.words) for u in utterances)
print(json.dumps({"audio": probe(path).duration, "seconds": elapsed, "words": words}))
"""


def run_once(recording: Path, beam: int | None) -> dict[str, float]:
    """Transcribe in a child process; its time, audio length and peak memory (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(recording), *([str(beam)] if beam else [])],
        capture_output=True,
        text=True,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    data["rss_mb"] = after.ru_maxrss / 1024  # the largest child so far: one per run, same job
    data["rtf"] = data["seconds"] / data["audio"]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    data["cpu_rtf"] = cpu / CORES / data["audio"]
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recording", nargs="?", type=Path)
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--beam", type=int, help="beam size (default: sopflow's default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        recording = args.recording
        if recording is None:
            recording = Path(folder) / "long.wav"
            subprocess.run(
                [
                    sys.executable,
                    str(REPO / "scripts" / "make_walkthrough.py"),
                    "--speech-loop",
                    str(args.minutes * 60),
                    str(recording),
                ],
                check=True,
            )
        runs = []
        for number in range(args.runs):
            began = time.perf_counter()
            runs.append(run_once(recording, args.beam))
            print(
                f"run {number + 1}: {json.dumps(runs[-1])} ({time.perf_counter() - began:.0f} s)",
                file=sys.stderr,
            )
    audio = runs[0]["audio"]
    rtf = statistics.median(r["rtf"] for r in runs)
    cpu_rtf = statistics.median(r["cpu_rtf"] for r in runs)
    rss = statistics.median(r["rss_mb"] for r in runs)
    print("| recording | beam | runs | RTF, wall (median) | RTF, CPU time / 2 cores | peak RSS |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {audio / 60:.1f} min | {args.beam or 'default'} | {len(runs)} | {rtf:.3f} "
        f"| {cpu_rtf:.3f} | {rss:.0f} MB |"
    )


if __name__ == "__main__":
    main()
