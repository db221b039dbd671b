"""BEIR evaluation: metrics as trec_eval computes them, on a tiny hand-checked set."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from retrieval.evaluate import evaluate_beir, ndcg_at, recall_at, trec_order


def write_beir(folder: Path, docs: dict[str, tuple[str, str]], queries: dict[str, str], qrels: list[tuple]) -> None:
    with (folder / "corpus.jsonl").open("w") as f:
        for doc_id, (title, text) in docs.items():
            f.write(json.dumps({"_id": doc_id, "title": title, "text": text}) + "\n")
    with (folder / "queries.jsonl").open("w") as f:
        for qid, text in queries.items():
            f.write(json.dumps({"_id": qid, "text": text}) + "\n")
    with (folder / "qrels.tsv").open("w") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for row in qrels:
            f.write("\t".join(map(str, row)) + "\n")


def test_ndcg_uses_linear_graded_gains_and_ideal_from_qrels() -> None:
    relevance = {"a": 2, "b": 1, "z": 1}
    dcg = 1 / math.log2(2) + 2 / math.log2(3)
    idcg = 2 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at(["b", "a", "c"], relevance, 10) == pytest.approx(dcg / idcg)
    assert ndcg_at(["c"], relevance, 10) == 0.0


def test_recall_counts_relevant_in_the_cut() -> None:
    assert recall_at(["a", "x", "b"], {"a": 1, "b": 1, "c": 1, "d": 0}, 2) == pytest.approx(1 / 3)


def test_trec_order_breaks_ties_by_descending_doc_id() -> None:
    assert trec_order(["d1", "d3", "d2"], [1.0, 1.0, 2.0]) == ["d2", "d3", "d1"]


def test_evaluate_beir_on_a_tiny_set(tmp_path: Path) -> None:
    docs = {
        "d1": ("Diffusion models", "Diffusion models generate images by denoising."),
        "d2": ("Language models", "Large language models reason about math."),
        "d3": ("Graph decoding", "Decoding graphs with triadic closure."),
        "q9": ("Diffusion models everywhere", "A document whose id equals a query id."),
    }
    queries = {"q1": "diffusion image generation", "q2": "math reasoning", "q9": "diffusion", "q3": "unjudged"}
    qrels = [("q1", "d1", 1), ("q2", "d2", 2), ("q9", "d1", 1)]
    write_beir(tmp_path, docs, queries, qrels)
    result = evaluate_beir(tmp_path / "corpus.jsonl", tmp_path / "queries.jsonl", tmp_path / "qrels.tsv")
    # q9's own id is dropped from its run (as BEIR does), so d1 ranks first for every judged query.
    assert result == {"ndcg@10": 1.0, "recall@100": 1.0, "queries": 3}


def test_a_query_with_nothing_retrieved_scores_zero(tmp_path: Path) -> None:
    write_beir(tmp_path, {"d1": ("Diffusion", "Diffusion models.")}, {"q1": "zebra", "q2": "diffusion"},
               [("q1", "d1", 1), ("q2", "d1", 1)])
    result = evaluate_beir(tmp_path / "corpus.jsonl", tmp_path / "queries.jsonl", tmp_path / "qrels.tsv")
    assert result == {"ndcg@10": 0.5, "recall@100": 0.5, "queries": 2}
