"""Latency of the title lookup that Discord's autocomplete calls as a member types (target: < 1 ms).

Usage: python bench/lookup.py [--profile PATH]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from retrieval.service import Library

SEED = Path(__file__).resolve().parents[1] / "seeds" / "han-shi.profile.txt"
PARTIALS = ["", "m", "me", "meta", "diffusion mam", "speculative", "sjd+", "xyz", "large language models", "dr.mi"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", type=Path, default=SEED)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    library = Library.from_path(args.profile)
    library.suggest_titles("warm up")
    for name, call in (("suggest_titles", library.suggest_titles), ("paper lookup", library.paper)):
        times = []
        for _ in range(args.rounds):
            for partial in PARTIALS:
                start = time.perf_counter()
                call(partial)
                times.append((time.perf_counter() - start) * 1e3)
        times.sort()
        p99 = times[int(len(times) * 0.99)]
        print(f"{name:15} {len(library.profile.papers)} papers: median {statistics.median(times):.3f} ms, "
              f"p99 {p99:.3f} ms, max {times[-1]:.3f} ms over {len(times)} calls")


if __name__ == "__main__":
    main()
