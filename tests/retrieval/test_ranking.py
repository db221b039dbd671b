"""The shared ranking: query weights, RM3 feedback on large corpora, the same results from text or tokens."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.ranking import FEEDBACK_DOCS, FEEDBACK_TERMS, DocumentRanker, document_tokens, query_weights
from retrieval.tokens import words

TOPICS = ["diffusion image generation", "language model reasoning", "graph neural network", "sparse attention"]


def corpus(n: int) -> tuple[list[str], list[str]]:
    rng = np.random.default_rng(0)
    filler = ["method", "result", "study", "data", "model", "task", "performance", "training", "benchmark"]
    titles = [f"{TOPICS[i % 4].title()} {i}" for i in range(n)]
    texts = [
        f"We study {TOPICS[i % 4]}. " + " ".join(rng.choice(filler, size=int(rng.integers(5, 30))))
        for i in range(n)
    ]
    return titles, texts


def reference_expansion(ranker: DocumentRanker, weights: dict[str, float], scores: np.ndarray) -> dict[str, float]:
    """RM3 written out over the whole vocabulary (the straightforward form of what `expand` computes)."""
    top = np.lexsort((np.arange(len(scores)), -scores))[:FEEDBACK_DOCS]
    top = top[scores[top] > 0]
    doc_weights = np.exp(scores[top] - scores[top].max())
    doc_weights /= doc_weights.sum()
    relevance = np.zeros(len(ranker.bm25.vocab))
    for doc, weight in zip(top, doc_weights, strict=True):
        for term in ranker.docs[doc]:
            relevance[ranker.bm25.vocab[term]] += weight / len(ranker.docs[doc])
    best = np.lexsort((np.arange(len(relevance)), -relevance))[:FEEDBACK_TERMS]
    total = sum(weights.values())
    expanded = {t: 0.7 * w / total for t, w in weights.items()}
    for tid in best:
        term = ranker.bm25.terms[tid]
        expanded[term] = expanded.get(term, 0.0) + 0.3 * relevance[tid] / relevance[best].sum()
    return expanded


def test_feedback_expansion_equals_the_relevance_model_written_out() -> None:
    titles, texts = corpus(1200)
    ranker = DocumentRanker(titles, texts)
    assert ranker.feedback and ranker.bm25.counts is not None
    for query in [*TOPICS, "reasoning benchmark"]:
        weights = ranker.weights(query)
        scores = ranker.bm25.scores(weights)
        ours = ranker.expand(weights, scores)
        expected = reference_expansion(ranker, weights, scores)
        assert ours.keys() == expected.keys()
        for term, weight in expected.items():
            assert ours[term] == pytest.approx(weight, rel=1e-9)


def test_small_corpora_rank_without_feedback_and_keep_no_counts() -> None:
    titles, texts = corpus(40)
    ranker = DocumentRanker(titles, texts)
    assert not ranker.feedback and ranker.bm25.counts is None
    ids, scores = ranker.rank("sparse attention", 5)
    assert all("Sparse Attention" in titles[i] for i in ids)
    assert (scores > 0).all()


def test_ranker_from_tokens_equals_ranker_from_text() -> None:
    titles, texts = corpus(1100)
    from_text = DocumentRanker(titles, texts)
    from_tokens = DocumentRanker.from_tokens(document_tokens(titles, texts))
    for query in TOPICS:
        a, b = from_text.rank(query, 20), from_tokens.rank(query, 20)
        assert a[0].tolist() == b[0].tolist()
        np.testing.assert_allclose(a[1], b[1])


def test_a_compound_counts_once_in_total_and_a_short_number_piece_not_at_all() -> None:
    assert query_weights(words("LLaMA-2 models")) == {"llama2": 0.5, "llama": 0.5, "model": 1.0}
