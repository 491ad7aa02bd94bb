"""Start-up time of the command line: `--help`, `validate` of one file, `render FILE --to md`.

Run: .venv/bin/python bench/cli_startup.py [--repeat N]
Each command runs N times as `python -m sopflow` (a fresh process each time, so PYTHONPATH
can point at another checkout to compare); prints the median and the slowest against the
targets, and the load average, since the machines are shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REFUND = REPO / "examples" / "refunds" / "SOP-FIN-003-customer-refund.yaml"
CASES = [
    ("sopflow --help", ["--help"], 0.5),
    ("sopflow validate FILE", ["validate", str(REFUND)], 1.0),
    ("sopflow render FILE --to md", ["render", str(REFUND), "--to", "md"], 1.5),
]


def seconds(arguments: list[str], home: str) -> float:
    """Wall time of one run of the command; it must succeed."""
    environment = {**os.environ, "SOPFLOW_HOME": home}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sopflow", *arguments],
        check=True,
        capture_output=True,
        env=environment,
        cwd=home,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=9)
    repeat = parser.parse_args().repeat
    print(f"load average before: {os.getloadavg()[0]:.1f}; {repeat} runs each\n")
    print("| command | median | slowest | target | met |")
    print("|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as home:
        for label, arguments, target in CASES:
            seconds(arguments, home)  # warm the file cache
            times = [seconds(arguments, home) for _ in range(repeat)]
            median = statistics.median(times)
            met = "yes" if median < target else "no"
            print(f"| `{label}` | {median:.2f} s | {max(times):.2f} s | < {target} s | {met} |")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
