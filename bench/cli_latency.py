"""Wall time of `python -m bot ask` on the bundled corpus, imports included.

    python bench/cli_latency.py [--runs 10] [QUESTION]

The index is built first (not timed); each run is a fresh interpreter, as a user's.
Python caches bytecode after the first run unless PYTHONDONTWRITEBYTECODE is set.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("question", nargs="?", default="what did Raisi tell Putin")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    command = [sys.executable, "-m", "bot", "ask", args.question]
    subprocess.run(command, check=True, capture_output=True)  # builds the index, warms caches
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    print(
        f"python -m bot ask: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
