"""How long `sopflow capture` takes on a 10,000-word timed transcript, stage by stage.

Usage: .venv/bin/python bench/capture_speed.py [--words N] [--runs N]

Builds a WebVTT-like walkthrough of about N spoken words (fillers, e-mail addresses and card
numbers included, so cleaning and redaction have work to do), then times, once the spaCy
pipeline is loaded: cleaning and redaction, structuring, building the SOP draft, and the
quick test with the split. Prints the median, minimum and maximum wall and CPU time of
several runs; CPU time is the one-core cost and is less disturbed by other jobs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from sopflow.analysis.drafting import finish
from sopflow.capture.builder import BuildOptions, build_sop
from sopflow.capture.structure.pipeline import load_pipeline, structure
from sopflow.capture.timeline import Utterance, Walkthrough
from sopflow.capture.transcript import build_transcript
from sopflow.model import Kind, check_document
from sopflow.settings import load_settings

CUES = (
    ("Dana", "Um, so the support agent receives the the request and checks the order date."),
    ("Dana", "If the purchase is older than 30 days, uh, she rejects the request."),
    ("Dana", "Otherwise the agent forwards the ticket to the billing team."),
    (
        "Dana",
        "The customer wrote from anna.berg@example.com, you know, with card 4242 4242 4242 4242.",
    ),
    ("Sam", "Right, the billing specialist opens the Payments page in Stripe."),
    ("Sam", "She types the order number in the search field and clicks the payment."),
    ("Sam", "Then she clicks the Refund button and selects the reason in the Reason dropdown."),
    ("Sam", "Make sure the amount matches the invoice. You should see a green banner."),
    ("Dana", "Finally the agent closes the ticket in the helpdesk."),
)


def walkthrough(words: int) -> Walkthrough:
    """About `words` words of timed cues, two speakers, 3 seconds a cue."""
    per_round = sum(len(text.split()) for _, text in CUES)
    utterances = [
        Utterance(text, start=3.0 * n, end=3.0 * n + 3.0, speaker=speaker)
        for n, (speaker, text) in enumerate(CUES * max(1, round(words / per_round)))
    ]
    return Walkthrough(("bench.vtt",), tuple(utterances))


def timed(runs: int, work: Callable[[], object]) -> tuple[list[float], list[float]]:
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = walkthrough(args.words)
    nlp = load_pipeline(load_settings().spacy_model)
    transcript = build_transcript(source)
    extraction = structure(transcript.text, nlp)
    options = BuildOptions(code="SOP-BEN-001", title="Bench", source="bench.vtt")
    sop = build_sop(extraction, transcript, options)
    assert check_document(sop) == []
    counter = iter(range(1, 10_000))

    def next_code(kind: Kind) -> str:
        return f"{'SOP' if kind == 'sop' else 'WI'}-BEN-{next(counter):03d}"

    stages: dict[str, Callable[[], object]] = {
        "clean + redact": lambda: build_transcript(source),
        "structure": lambda: structure(transcript.text, nlp),
        "build SOP": lambda: build_sop(extraction, transcript, options),
        "quick test + split": lambda: finish(sop, None, kind="auto", next_code=next_code),
    }
    words = sum(len(u.text.split()) for u in source.utterances)
    print(
        f"words: {words}  steps: {sum(1 for _ in sop.flow.steps())}  "
        f"redactions: {len(transcript.redactions)}  runs: {args.runs}"
    )
    totals_wall = 0.0
    totals_cpu = 0.0
    for name, work in stages.items():
        wall, cpu = timed(args.runs, work)
        totals_wall += statistics.median(wall)
        totals_cpu += statistics.median(cpu)
        print(
            f"{name:>20}: wall median {statistics.median(wall):.2f} s "
            f"(min {min(wall):.2f}, max {max(wall):.2f})  cpu median {statistics.median(cpu):.2f} s"
        )
    print(f"{'total (medians)':>20}: wall {totals_wall:.2f} s  cpu {totals_cpu:.2f} s")


if __name__ == "__main__":
    main()
