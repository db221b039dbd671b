"""How well `PaperIndex.related` finds a paper's relatives, measured on SciFact.

A proxy with real judgments: documents cited as evidence for the same claim are related. For every claim with two
or more relevant documents, each of them asks for its related papers; we report MRR and recall@3 of the other
documents of its group. Usage: python bench/related.py [--terms 30 100 ...]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
from pathlib import Path

import numpy as np

from retrieval import index as index_module
from retrieval.index import PaperIndex
from retrieval.models import Paper

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "scifact"


def load() -> tuple[list[Paper], list[set[str]]]:
    rows = [json.loads(line) for line in (DATA / "corpus.jsonl").open(encoding="utf-8")]
    papers = [
        Paper(id=row["_id"], title=row["title"] or "untitled", authors=[], authors_truncated=False, category="LG",
              category_name="LG", date=dt.date(2020, 1, 1), year_given=True, abstract=row["text"])
        for row in rows
    ]
    groups: dict[str, set[str]] = collections.defaultdict(set)
    for line in (DATA / "qrels-train.tsv").read_text().splitlines()[1:]:
        query, doc, _ = line.split("\t")
        groups[query].add(doc)
    return papers, [group for group in groups.values() if len(group) >= 2]


def score(index: PaperIndex, groups: list[set[str]]) -> tuple[float, float, int]:
    reciprocal, recall = [], []
    for group in groups:
        for paper_id in group:
            others = group - {paper_id}
            found = [i for i, paper in enumerate(index.related(paper_id, 20)) if paper.id in others]
            reciprocal.append(1 / (found[0] + 1) if found else 0.0)
            recall.append(sum(i < 3 for i in found) / min(3, len(others)))
    return float(np.mean(reciprocal)), float(np.mean(recall)), len(reciprocal)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--terms", type=int, nargs="*", default=[10, 30, 100, 10_000])
    args = parser.parse_args()
    papers, groups = load()
    index = PaperIndex(papers)
    shipped = index_module.MAX_RELATED_TERMS
    for terms in args.terms:
        index_module.MAX_RELATED_TERMS = terms
        mrr, recall, n = score(index, groups)
        mark = " (shipped)" if terms == shipped else ""
        print(f"strongest {terms:>5} terms: MRR {mrr:.3f}  recall@3 {recall:.3f}  ({n} seed papers){mark}")


if __name__ == "__main__":
    main()
