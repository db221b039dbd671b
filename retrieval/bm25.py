"""BM25 scoring core: rank-bm25's BM25Okapi model, scored from precomputed per-term weights.

rank-bm25 recomputes every term's weight for every document at query time (a Python loop over the corpus).
Here the weight ``idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))`` of every posting is computed
once into a term-by-document ``scipy.sparse`` CSR matrix (as bm25s does), so a query costs its terms' postings
plus a top-k selection. Scores equal ``BM25Okapi(corpus).get_scores(query)``, with one deliberate change:

Tiny-corpus idf floor. BM25Okapi's idf ``ln((N - n + 0.5) / (n + 0.5))`` is zero or negative for a term in
half of the documents or more, and rank-bm25 replaces negative values by ``epsilon * mean(idf)``. On a corpus of
one or two documents that mean is itself <= 0, so every term scores <= 0 and nothing can be found (and a term in
exactly half of the documents keeps idf 0). We floor every idf <= 0 to
``max(epsilon * mean(idf), epsilon * ln(1 + (N - n + 0.5) / (n + 0.5)))``: the second value is Lucene's always
positive idf, scaled like rank-bm25's floor. On any realistic corpus ``epsilon * mean(idf)`` is the larger, so
the scores are exactly rank-bm25's; on tiny corpora every term gets a small positive weight that still prefers
rarer terms, and every document that contains a query term scores above zero.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property

import numpy as np
from scipy import sparse

SPARSE_SUM_MIN_POSTINGS = 20_000
"""Below this many postings a per-term numpy loop beats building a scipy row slice (fixed ~15 us overhead)."""


class BM25:
    """An immutable BM25Okapi index over pre-tokenized documents."""

    def __init__(
        self,
        corpus: Sequence[Sequence[str]],
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        *,
        keep_counts: bool = False,
        keep_positions: bool = False,
    ) -> None:
        """Index ``corpus``; with ``keep_counts`` also keep the document-by-term counts (``counts``), with
        ``keep_positions`` every term's positions in the concatenated token stream (``positions``)."""
        self.k1, self.b, self.epsilon = k1, b, epsilon
        self.n_docs = len(corpus)
        doc_len = np.fromiter(map(len, corpus), dtype=np.int64, count=self.n_docs)
        # Each term's id is its order of first appearance; a defaultdict numbering unseen terms, read through
        # map(), interns the token stream without a Python frame per token (1.7 s -> 1.1 s CPU at 100k docs).
        numbered: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        flat = np.fromiter(
            map(numbered.__getitem__, itertools.chain.from_iterable(corpus)), dtype=np.int32, count=int(doc_len.sum())
        )
        self.vocab: dict[str, int] = dict(numbered)
        vocab = self.vocab
        del numbered
        n_tokens = len(flat)
        # Term -> its positions in the token stream (a counting sort: each row comes out in increasing order),
        # then term -> the documents of those positions, duplicates summed into term frequencies.
        by_term = sparse.csr_matrix(
            (np.ones(n_tokens, dtype=np.float32), (flat, np.arange(n_tokens, dtype=np.int32))),
            shape=(len(vocab), max(n_tokens, 1)),
        )
        del flat
        self.doc_starts = np.zeros(self.n_docs + 1, dtype=np.int64)
        np.cumsum(doc_len, out=self.doc_starts[1:])
        owner = np.repeat(np.arange(self.n_docs, dtype=np.int32), doc_len)
        matrix = sparse.csr_matrix(  # its own indptr: summing duplicates rewrites it in place
            (by_term.data, owner[by_term.indices], by_term.indptr.copy()), shape=(len(vocab), self.n_docs)
        )
        del owner
        self.positions: tuple[np.ndarray, np.ndarray] | None = (
            (by_term.indptr, by_term.indices) if keep_positions else None
        )
        """(indptr, positions): term t occurs at stream positions positions[indptr[t]:indptr[t + 1]], sorted;
        document d spans positions doc_starts[d] to doc_starts[d + 1]."""
        del by_term
        matrix.sum_duplicates()
        self.counts: sparse.csr_matrix | None = matrix.T.tocsr() if keep_counts else None
        """Document-by-term counts (float32), kept for relevance feedback when asked for."""
        self.doc_len = doc_len.astype(np.float64)
        self.avgdl = float(self.doc_len.mean()) if self.n_docs and doc_len.sum() else 1.0
        postings_per_term = np.diff(matrix.indptr)
        self.doc_freq = postings_per_term.astype(np.float64)
        self.idf = self._idf(self.doc_freq)
        tf = matrix.data.astype(np.float64)
        doc_norm = k1 * (1 - b + b * self.doc_len / self.avgdl)
        weight = tf * (k1 + 1)
        tf += doc_norm[matrix.indices]
        weight /= tf
        weight *= np.repeat(self.idf, postings_per_term)
        del tf
        matrix.data = weight
        self.matrix = matrix
        self.matrix.sort_indices()

    def _idf(self, doc_freq: np.ndarray) -> np.ndarray:
        n = float(self.n_docs)
        if not len(doc_freq):
            self._idf_floor = 0.0
            return np.zeros(0)
        idf = np.log(n - doc_freq + 0.5) - np.log(doc_freq + 0.5)
        self._idf_floor = self.epsilon * float(idf.mean())
        return self._floored(idf, doc_freq)

    def _floored(self, idf: np.ndarray, doc_freq: np.ndarray) -> np.ndarray:
        n = float(self.n_docs)
        lucene = self.epsilon * np.log1p((n - doc_freq + 0.5) / (doc_freq + 0.5))
        return np.where(idf <= 0, np.maximum(self._idf_floor, lucene), idf)

    def weigh(self, doc_ids: np.ndarray, tf: np.ndarray) -> np.ndarray:
        """BM25 weights of a virtual term (a phrase, a synonym set) with frequency ``tf`` in ``doc_ids``: the
        weight a real term with those postings would have, its idf from ``len(doc_ids)`` documents."""
        if not len(doc_ids):
            return np.zeros(0)
        df = np.array([float(len(doc_ids))])
        idf = float(self._floored(np.log(self.n_docs - df + 0.5) - np.log(df + 0.5), df)[0])
        tf = np.asarray(tf, dtype=np.float64)
        norm = self.k1 * (1 - self.b + self.b * self.doc_len[doc_ids] / self.avgdl)
        return idf * tf * (self.k1 + 1) / (tf + norm)

    def term_id(self, term: str) -> int | None:
        return self.vocab.get(term)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Document ids containing ``term`` and the term's BM25 weight in each."""
        tid = self.vocab.get(term)
        if tid is None:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        start, end = self.matrix.indptr[tid], self.matrix.indptr[tid + 1]
        return self.matrix.indices[start:end], self.matrix.data[start:end]

    def scores(self, query_tokens: Iterable[str] | dict[str, float], *, single: bool = False) -> np.ndarray:
        """BM25 score of every document. A repeated query token counts once per occurrence, as in rank-bm25;
        a dict gives each term an explicit query weight (for feedback / more-like-this queries). ``single``
        sums in single precision (a third less memory traffic; for feedback terms, whose scores are not
        compared with rank-bm25's)."""
        if isinstance(query_tokens, str):
            raise TypeError("BM25 takes query tokens, not a string (rank-bm25 would read it letter by letter)")
        weights = query_tokens if isinstance(query_tokens, dict) else Counter(query_tokens)
        term_ids: list[int] = []
        query_weights: list[float] = []
        for term, qw in weights.items():
            tid = self.vocab.get(term)
            if tid is not None and qw:
                term_ids.append(tid)
                query_weights.append(qw)
        if not term_ids:
            return np.zeros(self.n_docs, dtype=np.float64)
        indptr = self.matrix.indptr
        ids = np.asarray(term_ids)
        postings = int((indptr[ids + 1] - indptr[ids]).sum())
        if len(term_ids) > 1 and postings > SPARSE_SUM_MIN_POSTINGS:
            # The query's rows of the weight matrix, summed in C: cost is the terms' postings, not the corpus.
            matrix, dtype = (self._single, np.float32) if single else (self.matrix, np.float64)
            summed = matrix[term_ids].T @ np.asarray(query_weights, dtype=dtype)
            return np.asarray(summed, dtype=np.float64).ravel()
        out = np.zeros(self.n_docs, dtype=np.float64)
        indices, data = self.matrix.indices, self.matrix.data
        for tid, qw in zip(term_ids, query_weights, strict=True):
            start, end = indptr[tid], indptr[tid + 1]
            out[indices[start:end]] += data[start:end] if qw == 1 else qw * data[start:end]
        return out

    @cached_property
    def _single(self) -> sparse.csr_matrix:
        """The weight matrix in single precision (made on first use; 4 bytes a posting)."""
        matrix = self.matrix
        return sparse.csr_matrix((matrix.data.astype(np.float32), matrix.indices, matrix.indptr), shape=matrix.shape)

    def top_k(self, query_tokens: Iterable[str] | dict[str, float], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids and scores of the k best documents with a positive score, best first (ties: lower id first)."""
        return select_top_k(self.scores(query_tokens), k)

    def term_weights(self, doc_id: int) -> dict[str, float]:
        """A document's BM25 term weights (the column of the matrix), for more-like-this queries."""
        column = self.matrix.getcol(doc_id).tocoo()
        terms = self.terms
        return {terms[row]: float(value) for row, value in zip(column.row, column.data, strict=True)}

    @property
    def terms(self) -> list[str]:
        if not hasattr(self, "_terms"):
            terms = [""] * len(self.vocab)
            for term, tid in self.vocab.items():
                terms[tid] = term
            self._terms = terms
        return self._terms


TOP_K_SAMPLE_STRIDE = 16
"""select_top_k's threshold sample: at most every 16th score, and at least 8k of them (see there)."""


def select_top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k highest positive scores, best first; ties broken by lower index.

    On a long array a lower bound for the k-th score comes first: the k-th best of a strided sample (every
    s-th score) can only be lower or equal. Only the scores at or above it (about s * k of them) are then
    ranked exactly: one comparison pass over the scores instead of a selection over all of them."""
    n = len(scores)
    if k <= 0 or not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    candidates = None
    stride = min(TOP_K_SAMPLE_STRIDE, n // (8 * k))
    if stride >= 2:
        sample = scores[::stride]
        bound = np.partition(sample, len(sample) - k)[len(sample) - k]
        if bound > 0:
            candidates = np.flatnonzero(scores >= bound)
    if candidates is None:
        candidates = np.flatnonzero(scores > 0)
    if len(candidates) > k:
        values = scores[candidates]
        kth = np.partition(values, len(values) - k)[len(values) - k]
        candidates = candidates[values >= kth]
    order = np.lexsort((candidates, -scores[candidates]))[:k]
    ids = candidates[order]
    return ids, scores[ids]
