"""Score the /ask answer engine on the question set in tests/retrieval/ask_questions.json, and time it.

    python bench/ask.py [--verbose] [--profile seeds/han-shi.profile.txt]

Grading (as the question set's "about" says):
* fact — answered as a fact and the first quote comes from one of the expected papers;
* list — answered as a list that contains every expected paper; precision counts listed papers that are
  expected or allowed;
* stats — answered as stats and the text contains every expected string;
* not_found — declined (answer_type "not_found").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.answers import AskAnswer  # noqa: E402
from retrieval.service import Library  # noqa: E402

QUESTIONS = ROOT / "tests" / "retrieval" / "ask_questions.json"
SEED = ROOT / "seeds" / "han-shi.profile.txt"
REFERENCE_DATE = dt.date(2026, 11, 29)


@dataclass
class Graded:
    question: str
    expected: str
    got: str
    right: bool
    precision: float | None = None
    detail: str = ""
    holdout: bool = False


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["questions"]


def _matches(paper_id: str, prefixes: list[str]) -> bool:
    return any(paper_id.startswith(prefix) for prefix in prefixes)


def grade(spec: dict, answer: AskAnswer) -> Graded:
    kind = spec["type"]
    graded = Graded(question=spec["q"], expected=kind, got=answer.answer_type, right=False,
                    holdout=spec.get("set") == "holdout")
    if kind == "not_found":
        graded.right = answer.answer_type == "not_found"
        graded.detail = answer.text if not graded.right else ""
    elif kind == "fact":
        first = answer.quotes[0].paper.id if answer.quotes else ""
        graded.right = answer.answer_type == "fact" and _matches(first, spec["sources"])
        graded.detail = first or answer.text
    elif kind == "list":
        ids = [listed.paper.id for listed in answer.papers]
        wanted = spec["sources"]
        allowed = wanted + spec.get("allowed", [])
        found_all = all(any(paper_id.startswith(prefix) for paper_id in ids) for prefix in wanted)
        graded.right = answer.answer_type == "list" and found_all
        graded.precision = sum(_matches(paper_id, allowed) for paper_id in ids) / len(ids) if ids else 0.0
        graded.detail = ", ".join(paper_id[:24] for paper_id in ids) or answer.text
    else:
        graded.right = answer.answer_type == "stats" and all(text in answer.text for text in spec["contains"])
        graded.detail = answer.text[:120]
    return graded


def evaluate(library: Library, questions: list[dict] | None = None) -> tuple[list[Graded], list[float]]:
    """Grade every question; also return each answer's latency in milliseconds (index already built)."""
    questions = questions if questions is not None else load_questions()
    library.ask("warm up the index")
    results, latencies = [], []
    for spec in questions:
        start = time.perf_counter()
        answer = library.ask(spec["q"])
        latencies.append((time.perf_counter() - start) * 1000)
        results.append(grade(spec, answer))
    return results, latencies


def summary(results: list[Graded]) -> dict[str, tuple[int, int]]:
    """Per expected type: (right, total)."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for graded in results:
        table[graded.expected][0] += graded.right
        table[graded.expected][1] += 1
    return {kind: (right, total) for kind, (right, total) in table.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, default=SEED)
    parser.add_argument("--verbose", "-v", action="store_true", help="show every question, not only the misses")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    library = Library.from_path(args.profile, reference_date=REFERENCE_DATE)
    library.ask("warm up")
    build_ms = (time.perf_counter() - start) * 1000
    results, latencies = evaluate(library)
    _, warm = evaluate(library)  # again, with every TL;DR the first pass computed now cached

    for graded in results:
        if args.verbose or not graded.right:
            mark = "ok  " if graded.right else "MISS"
            tag = " (holdout)" if graded.holdout else ""
            print(f"{mark} [{graded.expected:>9} -> {graded.got:<9}] {graded.question}{tag}\n       {graded.detail}")
    print()
    calibration = [graded for graded in results if not graded.holdout]
    holdout = [graded for graded in results if graded.holdout]
    for title, subset in (("calibration set", calibration), ("holdout set", holdout), ("all", results)):
        if subset:
            report(title, subset)
    print(f"load + first build: {build_ms:.0f} ms")
    print(f"latency, first pass (TL;DRs computed on first use): {latency_line(latencies)}")
    print(f"latency, second pass (TL;DRs cached):               {latency_line(warm)}")
    return 0


def latency_line(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms, max {ordered[-1]:.2f} ms"


def report(title: str, results: list[Graded]) -> None:
    print(f"== {title} ({len(results)} questions)")
    names = {
        "fact": "fact: right source first",
        "list": "list: all expected papers",
        "stats": "stats: right value",
        "not_found": "unanswerable: declined",
    }
    table = summary(results)
    for kind in ("fact", "list", "stats", "not_found"):
        right, total = table.get(kind, (0, 0))
        print(f"{names[kind]:<30} {right:>3}/{total:<3}")
    answerable = [graded for graded in results if graded.expected != "not_found"]
    wrongly_declined = sum(graded.got == "not_found" for graded in answerable)
    precisions = [graded.precision for graded in results if graded.precision is not None]
    right = sum(graded.right for graded in results)
    print(f"{'all':<28} {right:>3}/{len(results):<3}")
    print(f"answerable questions declined: {wrongly_declined}/{len(answerable)}")
    if precisions:
        print(f"list precision (mean):        {statistics.mean(precisions):.2f}")
    print()


if __name__ == "__main__":
    raise SystemExit(main())
