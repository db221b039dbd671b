"""BEIR-style evaluation of our search: nDCG@10 and Recall@100 computed as pytrec_eval (trec_eval) does.

Used by ``paperbot eval --corpus C --queries Q --qrels R``. The ranking is exactly PaperIndex's: the same
tokenizer, the same fields and weights (:class:`retrieval.ranking.DocumentRanker`).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from retrieval.bm25 import select_top_k
from retrieval.ranking import DocumentRanker

RUN_DEPTH = 1000  # BEIR retrieves the top 1000 per query and evaluates the cut-offs on that run.
DEEPEST_CUTOFF = 100
"""The metrics read the run down to rank 100 only, so the top 100 and every tie of the 100th score give the same
numbers as the top 1000 (and cost a tenth of the selection)."""


def load_corpus(path: Path) -> tuple[list[str], list[str], list[str]]:
    """Ids, titles and texts of a BEIR corpus.jsonl."""
    ids: list[str] = []
    titles: list[str] = []
    texts: list[str] = []
    for record in _jsonl(path):
        ids.append(str(record["_id"]))
        titles.append(str(record.get("title") or ""))
        texts.append(str(record.get("text") or ""))
    return ids, titles, texts


def load_queries(path: Path) -> dict[str, str]:
    return {str(record["_id"]): str(record.get("text") or "") for record in _jsonl(path)}


def load_qrels(path: Path) -> dict[str, dict[str, int]]:
    """query id -> doc id -> graded relevance, from a BEIR qrels .tsv (header row skipped, as BEIR does)."""
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_MINIMAL)
        next(reader, None)
        for row in reader:
            if len(row) < 3:
                continue
            qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    return qrels


def _jsonl(path: Path) -> Iterable[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def ndcg_at(ranked: list[str], relevance: dict[str, int], k: int) -> float:
    """trec_eval's ndcg_cut: linear gains (the qrels grade), log2(rank + 1) discount, ideal from the qrels."""
    dcg = sum(relevance.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranked[:k]))
    ideal_gains = sorted((g for g in relevance.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 2) for rank, g in enumerate(ideal_gains))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at(ranked: list[str], relevance: dict[str, int], k: int) -> float:
    relevant = {doc for doc, grade in relevance.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def trec_order(doc_ids: list[str], scores: list[float]) -> list[str]:
    """trec_eval ranks a run by score descending, ties by document id descending."""
    pairs = sorted(zip(doc_ids, scores, strict=True), key=lambda p: (p[1], p[0]), reverse=True)
    return [doc for doc, _ in pairs]


def evaluate_beir(corpus: Path, queries: Path, qrels: Path) -> dict:
    """nDCG@10 and Recall@100 (means over the queries judged in qrels) of our search on a BEIR data set."""
    ids, titles, texts = load_corpus(Path(corpus))
    ranker = DocumentRanker(titles, texts)
    return evaluate_ranker(ranker, ids, load_queries(Path(queries)), load_qrels(Path(qrels)))


def evaluate_ranker(
    ranker: DocumentRanker, ids: list[str], queries: dict[str, str], qrels: dict[str, dict[str, int]]
) -> dict:
    ndcgs: list[float] = []
    recalls: list[float] = []
    # trec_eval's order (score descending, then doc id descending) as one numpy sort per query.
    id_rank = np.empty(len(ids), dtype=np.int64)
    id_rank[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    for qid, relevance in qrels.items():
        if qid not in queries:
            continue
        all_scores = ranker.score(queries[qid])
        own = position.get(qid)
        if own is not None:  # BEIR drops a document whose id equals the query id
            all_scores[own] = 0.0
        doc_idx, scores = select_top_k(all_scores, DEEPEST_CUTOFF + 1)
        if len(doc_idx) > DEEPEST_CUTOFF and scores[-1] == scores[-2]:
            # A tie across rank 100: trec_eval breaks ties its own way, so take every tie of the 100th score.
            doc_idx = np.union1d(doc_idx, np.flatnonzero(all_scores == scores[-2]))
            scores = all_scores[doc_idx]
        order = np.lexsort((-id_rank[doc_idx], -scores))
        ranked = [ids[i] for i in doc_idx[order[:DEEPEST_CUTOFF]]]
        ndcgs.append(ndcg_at(ranked, relevance, 10))
        recalls.append(recall_at(ranked, relevance, 100))
    n = len(ndcgs)
    return {
        "ndcg@10": round(sum(ndcgs) / n, 5) if n else 0.0,
        "recall@100": round(sum(recalls) / n, 5) if n else 0.0,
        "queries": n,
    }
