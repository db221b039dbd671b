"""BM25 core: rank-bm25's scores from precomputed weights; tiny corpora still find their documents."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from retrieval.bm25 import BM25, select_top_k
from retrieval.evaluate import load_corpus, load_queries
from retrieval.ranking import DocumentRanker
from retrieval.tokens import tokenize

DOCS = [
    ["diffus", "model", "imag", "generat"],
    ["languag", "model", "reason", "math", "math"],
    ["theorem", "prove", "languag", "model"],
    ["graph", "autoencod", "decod"],
    ["spars", "attent", "bert", "model", "model"],
    ["specul", "decod", "imag", "generat", "diffus"],
]
QUERIES = [["diffus"], ["model"], ["math", "reason"], ["decod", "decod", "graph"], ["unknown"], ["bert", "model"]]


@pytest.mark.parametrize("query", QUERIES)
def test_scores_equal_rank_bm25(query: list[str]) -> None:
    ours = BM25(DOCS).scores(query)
    ref = BM25Okapi(DOCS).get_scores(query)
    np.testing.assert_allclose(ours, ref, atol=1e-9)


def test_rank_bm25_floor_is_kept_for_common_terms() -> None:
    docs = [["a", "x"], ["a", "y"], ["a", "z"], ["b"], ["c"]]
    np.testing.assert_allclose(BM25(docs).scores(["a"]), BM25Okapi(docs).get_scores(["a"]), atol=1e-12)


@pytest.mark.parametrize("docs", [[["diffus", "model"]], [["diffus", "model"], ["bert", "model"]]])
def test_one_or_two_documents_are_still_found(docs: list[list[str]]) -> None:
    index = BM25(docs)
    assert (BM25Okapi(docs).get_scores(["model"]) <= 0).all()  # the pitfall we work around
    for doc_id, doc in enumerate(docs):
        for term in doc:
            ids, scores = index.top_k([term], 5)
            assert doc_id in ids.tolist()
            assert (scores > 0).all()


def test_rarer_term_weighs_more_on_two_documents() -> None:
    index = BM25([["diffus", "model"], ["bert", "model"]])
    assert index.scores(["diffus"])[0] > index.scores(["model"])[0] > 0


def test_top_k_orders_by_score_then_id_and_skips_zero() -> None:
    ids, scores = select_top_k(np.array([0.0, 2.0, 1.0, 2.0, 0.0, 3.0]), 3)
    assert ids.tolist() == [5, 1, 3]
    assert scores.tolist() == [3.0, 2.0, 2.0]
    ids, _ = select_top_k(np.array([0.0, 1.0]), 10)
    assert ids.tolist() == [1]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([0.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.25]), min_size=0, max_size=3000),
    st.integers(min_value=0, max_value=40),
)
def test_top_k_equals_a_full_sort_with_ties_and_zeros(values: list[float], k: int) -> None:
    scores = np.asarray(values, dtype=np.float64)
    expected = [i for i in sorted(range(len(values)), key=lambda i: (-values[i], i)) if values[i] > 0][:k]
    ids, top = select_top_k(scores, k)
    assert ids.tolist() == expected
    assert top.tolist() == [values[i] for i in expected]


def test_top_k_on_a_long_array_uses_the_sampled_bound_and_stays_exact() -> None:
    rng = np.random.default_rng(0)
    scores = np.round(rng.exponential(size=100_000), 2) * (rng.random(100_000) < 0.6)
    for k in (1, 10, 1000):
        ids, _ = select_top_k(scores, k)
        assert ids.tolist() == np.lexsort((np.arange(len(scores)), -scores))[:k].tolist()


def test_counts_are_kept_on_request_as_document_by_term_counts() -> None:
    index = BM25(DOCS, keep_counts=True)
    assert BM25(DOCS).counts is None
    counts = index.counts.toarray()
    for doc_id, doc in enumerate(DOCS):
        for term in set(doc):
            assert counts[doc_id, index.vocab[term]] == doc.count(term)
    assert counts.sum() == sum(map(len, DOCS))


def test_weighted_query_scales_term_contributions() -> None:
    index = BM25(DOCS)
    np.testing.assert_allclose(index.scores({"math": 0.5}), 0.5 * index.scores(["math"]))


def test_empty_corpus_and_empty_query() -> None:
    assert BM25([]).scores(["x"]).shape == (0,)
    assert BM25(DOCS).top_k([], 5)[0].tolist() == []


def test_term_weights_are_the_documents_column() -> None:
    index = BM25(DOCS)
    weights = index.term_weights(1)
    assert set(weights) == {"languag", "model", "reason", "math"}
    assert weights["math"] == pytest.approx(index.scores(["math"])[1])


SCIFACT = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "scifact"


@pytest.fixture(scope="module")
def scifact_ranker() -> DocumentRanker:
    if not (SCIFACT / "corpus.jsonl").exists():
        pytest.skip("SciFact not available")
    _, titles, texts = load_corpus(SCIFACT / "corpus.jsonl")
    return DocumentRanker(titles, texts, feedback=False)


def test_top10_and_scores_equal_rank_bm25_on_scifact(scifact_ranker: DocumentRanker) -> None:
    reference = BM25Okapi(scifact_ranker.docs)
    queries = list(load_queries(SCIFACT / "queries-train.jsonl").values())[:25]
    for query in queries:
        tokens = tokenize(query)
        ours = scifact_ranker.bm25.scores(tokens)
        ref = reference.get_scores(tokens)
        np.testing.assert_allclose(ours, ref, atol=1e-6, rtol=0)
        ids, scores = scifact_ranker.bm25.top_k(tokens, 10)
        ref_top = np.argsort(-ref, kind="stable")[:10]
        np.testing.assert_allclose(scores, ref[ref_top], atol=1e-6, rtol=0)
        assert ids.tolist() == ref_top.tolist()


def test_a_raw_string_query_is_refused_not_read_letter_by_letter() -> None:
    with pytest.raises(TypeError):
        BM25(DOCS).scores("diffus")
