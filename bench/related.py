"""How well related papers are found, measured on SciFact; and how much a few hubs dominate the lists.

A proxy with real judgments: documents cited as evidence for the same claim are related. For every claim with two
or more relevant documents, each of them asks for its related papers; we report MRR and recall@3 of the other
documents of its group. SciFact has no authors, categories or dates, so this measures the text part (more-like-this
and hub damping) of retrieval/related.py; the rubric (bench/rubric.py) counts hubs on the profiles.

Hubs: over the top-3 lists of *every* SciFact document, the most lists one document appears in, and how many
documents appear in more than 10 lists (the average is 3).

Usage: python bench/related.py [--damping 0 0.25 0.5 1]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from retrieval import related as related_module  # noqa: E402
from retrieval.bm25 import select_top_k  # noqa: E402
from retrieval.index import DocumentRanker  # noqa: E402
from retrieval.models import Paper  # noqa: E402
from retrieval.topics import TopicTable  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "scifact"


def load() -> tuple[list[Paper], list[set[str]]]:
    rows = [json.loads(line) for line in (DATA / "corpus.jsonl").open(encoding="utf-8")]
    papers = [
        Paper(
            id=row["_id"],
            title=row["title"] or "untitled",
            authors=[],
            authors_truncated=False,
            category="LG",
            category_name="LG",
            date=dt.date(2020, 1, 1),
            year_given=True,
            abstract=row["text"],
        )
        for row in rows
    ]
    groups: dict[str, set[str]] = collections.defaultdict(set)
    for line in (DATA / "qrels-train.tsv").read_text().splitlines()[1:]:
        query, doc, _ = line.split("\t")
        groups[query].add(doc)
    return papers, [group for group in groups.values() if len(group) >= 2]


def score(ranked: dict[int, list[int]], ids: list[str], groups: list[set[str]]) -> tuple[float, float, int]:
    position = {paper_id: i for i, paper_id in enumerate(ids)}
    reciprocal, recall = [], []
    for group in groups:
        for paper_id in group:
            others = {position[o] for o in group - {paper_id}}
            found = [rank for rank, doc in enumerate(ranked[position[paper_id]]) if doc in others]
            reciprocal.append(1 / (found[0] + 1) if found else 0.0)
            recall.append(sum(rank < 3 for rank in found) / min(3, len(others)))
    return float(np.mean(reciprocal)), float(np.mean(recall)), len(reciprocal)


def hubs(lists: dict[int, list[int]]) -> tuple[int, int]:
    counts = collections.Counter(doc for ranked in lists.values() for doc in ranked[:3])
    return max(counts.values()), sum(n > 10 for n in counts.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--damping", type=float, nargs="*", default=[0.0, 0.25, 0.5, 1.0])
    parser.add_argument("--own", type=float, nargs="*", default=[related_module.OWN_SHARE])
    parser.add_argument(
        "--phrase", type=float, nargs="*", default=[0.0, related_module.PHRASE_SHARE],
        help="share of shared-phrase evidence (retrieval/topics.py) in the ranking (shipped own share, damping)",
    )
    args = parser.parse_args()
    papers, groups = load()
    ids = [paper.id for paper in papers]
    ranker = DocumentRanker([p.title for p in papers], [p.abstract for p in papers])
    bm25 = ranker.bm25
    everyone = range(len(papers))

    start = time.process_time()
    directed = {}
    for doc in everyone:
        scores = bm25.scores(related_module._strongest(bm25, doc))
        scores[doc] = 0.0
        directed[doc] = select_top_k(scores, 20)[0].tolist()
    seconds = time.process_time() - start
    mrr, recall, n = score(directed, ids, groups)
    most, many = hubs(directed)
    print(f"directed more-like-this (before)  MRR {mrr:.3f}  recall@3 {recall:.3f}  ({n} seed papers)"
          f"  hubs: most lists {most}, docs in >10 lists {many}  ({seconds:.1f} s CPU)")

    start = time.process_time()
    base = related_module.TextSimilarity(bm25)
    base.directed  # noqa: B018  (builds the matrix)
    seconds = time.process_time() - start
    print(f"similarity matrix built in {seconds:.1f} s CPU")
    shipped = (related_module.OWN_SHARE, related_module.HUB_DAMPING)
    for own, damping in [(o, d) for o in args.own for d in args.damping]:
        text = related_module.TextSimilarity(bm25, own_share=own)
        text.directed = base.directed
        lists = {}
        for doc in everyone:
            scores = text.damped(doc, damping)
            finite = np.where(np.isfinite(scores), scores, -1e9)
            order = np.argsort(-finite, kind="stable")[:20]
            lists[doc] = [int(d) for d in order if np.isfinite(scores[d])]
        mrr, recall, n = score(lists, ids, groups)
        most, many = hubs(lists)
        mark = " (shipped)" if (own, damping) == shipped else ""
        print(f"own share {own:<4}, hub damping {damping:<4} MRR {mrr:.3f}  recall@3 {recall:.3f}  ({n} seed papers)"
              f"  hubs: most lists {most}, docs in >10 lists {many}{mark}")

    start = time.process_time()
    phrase = related_module.PhraseSimilarity(TopicTable(papers))
    phrase.hubness  # noqa: B018  (builds the phrases, their evidence and its hubness)
    seconds = time.process_time() - start
    print(f"topic phrases of {len(papers)} documents, their shared evidence and its hubness in {seconds:.1f} s CPU")
    for share in args.phrase:
        lists = {}
        for doc in everyone:
            combined = (1 - share) * np.maximum(base.relative(doc), 0) + share * np.maximum(phrase.relative(doc), 0)
            combined[doc] = -1.0
            order = np.argsort(-combined, kind="stable")[:20]
            lists[doc] = [int(d) for d in order if combined[d] > 0]
        mrr, recall, n = score(lists, ids, groups)
        most, many = hubs(lists)
        mark = " (shipped)" if share == related_module.PHRASE_SHARE else ""
        print(f"phrase share {share:<4} MRR {mrr:.3f}  recall@3 {recall:.3f}  ({n} seed papers)"
              f"  hubs: most lists {most}, docs in >10 lists {many}{mark}")


if __name__ == "__main__":
    main()
