"""The ranking behind both ``/papers`` and ``paperbot eval``: documents, query weights, BM25, feedback.

* a document is its title twice followed by its abstract (title words weigh double: +0.006 nDCG@10 on SciFact),
* BM25Okapi (k1=1.5, b=0.75) from :mod:`retrieval.bm25`,
* a compound query word (``LLaMA-2``, ``AutoBERT``) contributes its whole token and each of its pieces at half
  weight, so a name does not count three times as much as a plain word (+0.006 nDCG@10 on SciFact),
* on corpora of 1,000 documents or more, RM3 pseudo-relevance feedback (10 documents, 20 terms, original query
  weight 0.7). A profile of a few dozen papers is too small for feedback to estimate anything.

See bench/RESULTS.md for the measurements behind each choice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from retrieval.bm25 import BM25, select_top_k
from retrieval.gc_pause import paused_gc
from retrieval.tokens import Word, strip_latex, tokenize, words

TITLE_WEIGHT = 2
PIECE_WEIGHT = 0.5
FEEDBACK_MIN_DOCS = 1000
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 20
FEEDBACK_ORIGINAL_WEIGHT = 0.7


def query_weights(query_words: Sequence[Word]) -> dict[str, float]:
    """BM25 query weights: a plain word counts 1 per occurrence; a compound's whole token and pieces 0.5 each.

    A query's own compound counting three times (whole + 2 parts) cost 0.005 nDCG@10 on SciFact."""
    weights: Counter[str] = Counter()
    for word in query_words:
        tokens = [piece.token for piece in word.pieces if piece.kind != "glued"]
        share = 1.0 if len(tokens) == 1 else PIECE_WEIGHT
        for position, token in enumerate(tokens):
            if position and token.isdigit() and len(token) <= 2:
                continue  # the "2" of "LLaMA-2" alone would match every paper that mentions a 2
            weights[token] += share
    return dict(weights)


def document_tokens(titles: Sequence[str], texts: Sequence[str], title_weight: int = TITLE_WEIGHT) -> list[list[str]]:
    """Each document's index tokens: its title ``title_weight`` times, then its text."""
    with paused_gc():
        return [tokenize(title) * title_weight + tokenize(text) for title, text in zip(titles, texts, strict=True)]


class DocumentRanker:
    """Title + text documents ranked by BM25: the one ranking behind both /papers and ``paperbot eval``."""

    def __init__(
        self,
        titles: Sequence[str],
        texts: Sequence[str],
        *,
        title_weight: int = TITLE_WEIGHT,
        k1: float = 1.5,
        b: float = 0.75,
        feedback: bool | None = None,
    ) -> None:
        self._build(document_tokens(titles, texts, title_weight), feedback, k1=k1, b=b)

    @classmethod
    def from_tokens(cls, docs: list[list[str]], *, feedback: bool | None = None, **bm25_args: float) -> DocumentRanker:
        """A ranker over documents already tokenized as ``title * TITLE_WEIGHT + text`` (for benchmarks)."""
        ranker = cls.__new__(cls)
        ranker._build(docs, feedback, **bm25_args)
        return ranker

    def _build(self, docs: list[list[str]], feedback: bool | None, **bm25_args: float) -> None:
        self.docs = docs
        self.feedback = len(docs) >= FEEDBACK_MIN_DOCS if feedback is None else feedback
        with paused_gc():
            self.bm25 = BM25(docs, keep_counts=self.feedback, **bm25_args)
        self._inverse_length = 1.0 / np.maximum(self.bm25.doc_len, 1.0)

    def weights(self, query: str) -> dict[str, float]:
        return query_weights(words(strip_latex(query)))

    def scores(self, weights: dict[str, float]) -> np.ndarray:
        return self.rescore(weights, self.bm25.scores(weights))

    def rescore(self, weights: dict[str, float], scores: np.ndarray) -> np.ndarray:
        """The final ranking scores given the query's plain BM25 scores: with feedback when it is on."""
        if self.feedback and weights:
            return self.bm25.scores(self.expand(weights, scores))
        return scores

    def rank(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        return select_top_k(self.scores(self.weights(query)), k)

    def expand(self, weights: dict[str, float], scores: np.ndarray) -> dict[str, float]:
        """RM3: mix the query with the top terms of a relevance model estimated from the best documents.

        The relevance model is the sum over the best documents of P(d | q) * tf(t, d) / |d|, computed over the
        terms those documents contain (a few hundred), not the whole vocabulary."""
        counts = self.bm25.counts
        ids, top = select_top_k(scores, FEEDBACK_DOCS)
        if not len(ids) or counts is None:
            return weights
        doc_weights = np.exp(top - top.max())
        doc_weights /= doc_weights.sum()
        rows = counts[ids]
        per_doc = doc_weights * self._inverse_length[ids]
        contributions = rows.data * np.repeat(per_doc, np.diff(rows.indptr))
        term_ids, inverse = np.unique(rows.indices, return_inverse=True)
        relevance = np.bincount(inverse, weights=contributions)
        # Strongest terms first; equal strength: lower term id first (deterministic).
        best = np.lexsort((term_ids, -relevance))[:FEEDBACK_TERMS]
        best = best[relevance[best] > 0]
        share = (1 - FEEDBACK_ORIGINAL_WEIGHT) / relevance[best].sum()
        total = sum(weights.values())
        expanded = {term: FEEDBACK_ORIGINAL_WEIGHT * weight / total for term, weight in weights.items()}
        terms = self.bm25.terms
        for position in best:
            term = terms[term_ids[position]]
            expanded[term] = expanded.get(term, 0.0) + share * relevance[position]
        return expanded
