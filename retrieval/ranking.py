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
from retrieval.expansion import AnalysedQuery, QueryExpander, Synonyms, word_terms
from retrieval.gc_pause import paused_gc
from retrieval.phrases import PhraseIndex
from retrieval.tokens import Word, strip_latex, tokenize, words
from retrieval.word_forms import FormIndex

TITLE_WEIGHT = 4
FEEDBACK_MIN_DOCS = 1000
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 20
FEEDBACK_ORIGINAL_WEIGHT = 0.7


def query_weights(query_words: Sequence[Word]) -> dict[str, float]:
    """BM25 term weights of query words without corpus knowledge (each word's own tokens, see `word_terms`)."""
    weights: Counter[str] = Counter()
    for word in query_words:
        weights.update(word_terms(word))
    return dict(weights)


def document_tokens(titles: Sequence[str], texts: Sequence[str], title_weight: int | None = None) -> list[list[str]]:
    """Each document's index tokens: its title ``title_weight`` (default TITLE_WEIGHT) times, then its text."""
    title_weight = TITLE_WEIGHT if title_weight is None else title_weight
    with paused_gc():
        return [tokenize(title) * title_weight + tokenize(text) for title, text in zip(titles, texts, strict=True)]


class DocumentRanker:
    """Title + text documents ranked by BM25: the one ranking behind both /papers and ``paperbot eval``."""

    def __init__(
        self,
        titles: Sequence[str],
        texts: Sequence[str],
        *,
        title_weight: int | None = None,
        k1: float = 1.5,
        b: float = 0.75,
        feedback: bool | None = None,
    ) -> None:
        self.title_weight = TITLE_WEIGHT if title_weight is None else title_weight
        docs = document_tokens(titles, texts, self.title_weight)
        self._build(docs, feedback, (titles, texts), k1=k1, b=b)

    @classmethod
    def from_tokens(
        cls,
        docs: list[list[str]],
        *,
        feedback: bool | None = None,
        sources: tuple[Sequence[str], Sequence[str]] = ((), ()),
        **bm25_args: float,
    ) -> DocumentRanker:
        """A ranker over documents already tokenized as ``title * TITLE_WEIGHT + text`` (for benchmarks), with
        the (titles, texts) they came from for their acronym definitions (none without them)."""
        ranker = cls.__new__(cls)
        ranker.title_weight = TITLE_WEIGHT
        ranker._build(docs, feedback, sources, **bm25_args)
        return ranker

    def _build(
        self,
        docs: list[list[str]],
        feedback: bool | None,
        sources: tuple[Sequence[str], Sequence[str]],
        **bm25_args: float,
    ) -> None:
        self.docs = docs
        self.feedback = len(docs) >= FEEDBACK_MIN_DOCS if feedback is None else feedback
        with paused_gc():
            self.bm25 = BM25(docs, keep_counts=self.feedback, keep_positions=True, **bm25_args)
        self._inverse_length = 1.0 / np.maximum(self.bm25.doc_len, 1.0)
        self.phrases = PhraseIndex(self.bm25)
        titles, texts = sources
        documents = (lambda doc_id: (titles[doc_id], texts[doc_id])) if len(titles) == len(docs) else None
        self.forms = FormIndex(self.bm25, self.phrases, documents, self.title_weight)
        self.expander = QueryExpander(self.bm25, self.phrases, documents, self.forms)

    def analyse(self, query: str) -> AnalysedQuery:
        """The query as the index searches it (compounds, acronyms, families, phrases: `retrieval.expansion`)."""
        text = strip_latex(query)
        return self.analyse_words(words(text), text)

    def analyse_words(self, query_words: Sequence[Word], text: str) -> AnalysedQuery:
        return self.expander.analyse(query_words, text)

    def weights(self, query: str) -> dict[str, float]:
        return self.analyse(query).terms

    def query_scores(self, query: AnalysedQuery) -> np.ndarray:
        """Plain BM25 scores of an analysed query: its terms plus its phrases as virtual terms."""
        scores = self.bm25.scores(query.terms)
        return scores + self._phrase_scores(query) if query.phrases or query.synonyms or query.forms else scores

    def _phrase_scores(self, query: AnalysedQuery) -> np.ndarray:
        scores = np.zeros(self.bm25.n_docs)
        virtual = [(self.phrases.frequency(phrase), weight) for phrase, weight in query.phrases.items()]
        virtual += [(self._synonym_frequency(synonyms), weight) for synonyms, weight in query.synonyms.items()]
        virtual += [(self.forms.frequency(stem, light), weight) for (stem, light), weight in query.forms.items()]
        for (ids, tf), weight in virtual:
            if len(ids) and weight:
                scores[ids] += weight * self.bm25.weigh(ids, tf)
        return scores

    def _synonym_frequency(self, synonyms: Synonyms) -> tuple[np.ndarray, np.ndarray]:
        """Documents with any way of writing the concept, and its frequency: the sum of each way's."""
        found = [(ids, tf) for ids, tf in map(self.phrases.frequency, synonyms) if len(ids)]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        ids, position = np.unique(np.concatenate([ids for (ids, _) in found]), return_inverse=True)
        return ids, np.bincount(position, weights=np.concatenate([tf for (_, tf) in found]))

    def rescore(self, query: AnalysedQuery, scores: np.ndarray) -> np.ndarray:
        """The final ranking scores given the query's plain scores: with feedback when it is on."""
        if not (self.feedback and (query.terms or query.synonyms)):
            return scores
        # The expanded query is the original (terms and phrases) scaled to its share, plus the relevance
        # model's terms: the original's scores are reused, not summed again. A synonym set weighs in the
        # original's mass like the term it replaces.
        mass = {"": sum(query.terms.values()) + sum(query.synonyms.values())}
        scale, extra = self.feedback_terms(mass, scores)
        if not extra:
            return scale * scores
        final = self.bm25.scores(extra, single=True)
        final += scale * scores
        return final

    def score(self, query: str) -> np.ndarray:
        """Every document's final score for a query string."""
        analysed = self.analyse(query)
        return self.rescore(analysed, self.query_scores(analysed))

    def rank(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        return select_top_k(self.score(query), k)

    def expand(self, weights: dict[str, float], scores: np.ndarray) -> dict[str, float]:
        """The RM3-expanded query as one weight per term (`feedback_terms` merged)."""
        scale, extra = self.feedback_terms(weights, scores)
        expanded = {term: scale * weight for term, weight in weights.items()}
        for term, weight in extra.items():
            expanded[term] = expanded.get(term, 0.0) + weight
        return expanded

    def feedback_terms(self, weights: dict[str, float], scores: np.ndarray) -> tuple[float, dict[str, float]]:
        """RM3: the expanded query is the original scaled by ``scale`` plus the top terms ``extra`` of a
        relevance model estimated from the best documents.

        The relevance model is the sum over the best documents of P(d | q) * tf(t, d) / |d|, computed over the
        terms those documents contain (a few hundred), not the whole vocabulary."""
        counts = self.bm25.counts
        ids, top = select_top_k(scores, FEEDBACK_DOCS)
        if not len(ids) or counts is None:
            return 1.0, {}
        doc_weights = np.exp(top - top.max())
        doc_weights /= doc_weights.sum()
        starts, ends = counts.indptr[ids], counts.indptr[ids + 1]
        row_terms = np.concatenate([counts.indices[a:b] for a, b in zip(starts, ends, strict=True)])
        row_counts = np.concatenate([counts.data[a:b] for a, b in zip(starts, ends, strict=True)])
        per_doc = doc_weights * self._inverse_length[ids]
        contributions = row_counts * np.repeat(per_doc, ends - starts)
        term_ids, inverse = np.unique(row_terms, return_inverse=True)
        relevance = np.bincount(inverse, weights=contributions)
        # Strongest terms first; equal strength: lower term id first (deterministic).
        if len(relevance) > FEEDBACK_TERMS:
            kth = np.partition(relevance, len(relevance) - FEEDBACK_TERMS)[len(relevance) - FEEDBACK_TERMS]
            strong = np.flatnonzero(relevance >= kth)
        else:
            strong = np.arange(len(relevance))
        best = strong[np.lexsort((term_ids[strong], -relevance[strong]))][:FEEDBACK_TERMS]
        best = best[relevance[best] > 0]
        share = (1 - FEEDBACK_ORIGINAL_WEIGHT) / relevance[best].sum()
        terms = self.bm25.terms
        extra = {terms[term_ids[position]]: share * relevance[position] for position in best}
        return FEEDBACK_ORIGINAL_WEIGHT / sum(weights.values()), extra
