"""How long structuring a 10,000-word transcript takes once the spaCy pipeline is loaded.

Usage: .venv/bin/python bench/structure_speed.py [--words N] [--runs N]

Prints the median, minimum and maximum of several runs of `structure()` (parse plus rules),
as wall-clock time and as the process's CPU time, summed over its threads: the one-core
cost, and less disturbed than wall time when other jobs share the machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

from sopflow.capture.structure.pipeline import load_pipeline, structure
from sopflow.settings import load_settings

NARRATION = (
    "Okay so first I open the customer's order in the admin panel and check the amount. "
    "The support agent then verifies the payment in Stripe. "
    "If the amount is over two hundred dollars, she escalates the request to the finance "
    "manager, otherwise she refunds the payment herself. "
    "In the meantime the billing system sends a confirmation e-mail to the customer. "
    "Make sure you never refund the shipping costs twice. "
    "You should see a green banner at the top of the page. "
    "Then we close the ticket and the team lead reviews the case at the end of the week. "
    "Click Save and type the reason into the note field. "
    "The parcel is checked by a senior stock clerk who may mark it as not OK. "
)


def transcript(words: int) -> str:
    """A narrated transcript of about `words` words, built from a varied paragraph."""
    paragraph_words = len(NARRATION.split())
    return NARRATION * max(1, round(words / paragraph_words))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text = transcript(args.words)
    nlp = load_pipeline(load_settings().spacy_model)
    structure(NARRATION, nlp)  # warm up
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        extraction = structure(text, nlp)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(
        f"words: {len(text.split())}  activities: {len(extraction.activities)}  runs: {args.runs}"
    )
    for name, times in (("wall", wall), ("cpu", cpu)):
        print(
            f"{name:>4}: median {statistics.median(times):.2f} s  "
            f"min {min(times):.2f} s  max {max(times):.2f} s"
        )


if __name__ == "__main__":
    main()
