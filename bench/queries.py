"""Graded search queries per profile (not a test): nDCG@5 of /papers, dev and holdout apart, and the variants.

    python bench/queries.py [--set dev|holdout|all] [--json] [--show] [FILE_OR_FOLDER ...]

Reads every ``tests/data/queries/*.json`` (format in tests/data/README.md) unless files or folders (every
``*.json`` in them) are named. Each query
runs through ``PaperIndex.search`` (the /papers path: typo correction included), top 5, and is scored as
nDCG@5 with linear gains over its grades (every paper not graded counts 0). A variant (a typo or case form)
passes when its top hit is the query's own top hit. ``--set`` picks the items scored (default every one:
the sets here have been scored on their holdout once and are all development data now; a fresh blind set is
scored once, named by its file or folder, and reported apart). ``--show`` prints each query's misses.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.evaluate import ndcg_at  # noqa: E402
from retrieval.index import PaperIndex  # noqa: E402
from retrieval.profile import parse_profile  # noqa: E402

DEFAULT_FILES = sorted((ROOT / "tests" / "data" / "queries").glob("*.json"))
CUTOFF = 5


def resolve(prefix: str, ids: list[str]) -> str:
    """The one paper id that is ``prefix`` or starts with it."""
    if prefix in ids:
        return prefix
    found = [paper_id for paper_id in ids if paper_id.startswith(prefix)]
    if len(found) != 1:
        raise ValueError(f"grade id {prefix!r} names {len(found)} papers")
    return found[0]


def score_file(path: Path, wanted: str, show: bool = False) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    profile = parse_profile(ROOT / data["profile"])
    index = PaperIndex(profile.papers)
    ids = [paper.id for paper in profile.papers]
    rows: dict[str, list[float]] = {"dev": [], "holdout": []}
    variants_total = variants_kept = 0
    failures: list[str] = []
    for item in data["queries"]:
        part = item.get("set", "dev")
        if wanted != "all" and part != wanted:
            continue
        grades = {resolve(prefix, ids): grade for prefix, grade in item["grades"].items()}
        ranked = [hit.paper.id for hit in index.search(item["query"], k=CUTOFF).hits]
        score = ndcg_at(ranked, grades, CUTOFF)
        rows[part].append(score)
        if show and score < 1:
            missing = [p for p, g in sorted(grades.items(), key=lambda kv: -kv[1]) if p not in ranked][:4]
            print(f"  {score:.3f} {item['query']!r} got {ranked} missing {missing}")
        for variant in item.get("variants", []):
            variants_total += 1
            top = [hit.paper.id for hit in index.search(variant, k=1).hits]
            if ranked[:1] == top[:1]:
                variants_kept += 1
            else:
                failures.append(f"{variant!r} -> {top[:1]} (query {item['query']!r} -> {ranked[:1]})")
    result = {
        "profile": data["profile"],
        "variants": f"{variants_kept}/{variants_total}",
        "variant_failures": failures,
    }
    for name, scores in rows.items():
        if scores:
            result[f"{name}_ndcg@5"] = round(sum(scores) / len(scores), 4)
            result[f"{name}_queries"] = len(scores)
    every = rows["dev"] + rows["holdout"]
    if rows["dev"] and rows["holdout"]:
        result["all_ndcg@5"] = round(sum(every) / len(every), 4)
        result["all_queries"] = len(every)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--set", choices=("dev", "holdout", "all"), default="all")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="print every query that is not perfect")
    args = parser.parse_args(argv)
    results = []
    paths = [found for path in args.files for found in (sorted(path.glob("*.json")) if path.is_dir() else [path])]
    for path in paths or DEFAULT_FILES:
        if args.show:
            print(path.name)
        results.append(score_file(path, args.set, show=args.show))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for result in results:
        parts = [f"{name.split('_')[0]} nDCG@5 {result[name]:.4f} ({result[name.split('_')[0] + '_queries']} queries)"
                 for name in ("dev_ndcg@5", "holdout_ndcg@5", "all_ndcg@5") if name in result]
        print(f"{Path(result['profile']).name:<32} {'; '.join(parts)}; variants kept {result['variants']}")
        for failure in result["variant_failures"]:
            print(f"    variant lost its top hit: {failure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
