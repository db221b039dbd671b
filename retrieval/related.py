"""Related papers: which of a profile's papers a researcher would read next, and why.

Four signals, each one a researcher would name:

* **text** — BM25 more-like-this: a paper's strongest 100 terms (its BM25 weights, as the search index stores
  them) scored against every other paper; each row divided by the paper's score against itself, then made
  symmetric (A is as related to B as B to A);
* **hub damping** — a paper similar to everything is evidence of nothing: from every similarity the candidate's
  *hubness* is subtracted (its mean similarity to its 10 nearest papers, scaled by HUB_DAMPING; the CSLS
  correction of Conneau et al., 2018);
* **shared co-authors** — people other than the profile's owner(s) on both papers, each weighted by how rare
  they are in the profile (a co-author of every paper says as little as the owner);
* **category and time** — the same arXiv category, and papers close in time, as small tie-breakers.

Each related paper comes with a short reason: "shares 2 co-authors · both on mathematical reasoning". The topic
is the most specific phrase both papers use (by the index's idf), preferring phrases of their titles.
Measured by bench/related.py (SciFact claim groups: text and damping) and bench/rubric.py (hubs per profile).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from retrieval.bm25 import BM25
from retrieval.models import Paper
from retrieval.names import fold, name_key
from retrieval.topics import TopicTable, topical  # noqa: F401  (topical: what a reason may name)

MAX_TERMS = 100  # strongest terms of a paper in its more-like-this query (SciFact MRR: see bench/RESULTS.md)
OWN_SHARE = 0.75
HUB_NEIGHBOURS = 10
HUB_DAMPING = 0.5
COAUTHOR_WEIGHT = 0.25  # a shared, rare co-author is worth a quarter of the best text match
CATEGORY_WEIGHT = 0.05
TIME_WEIGHT = 0.05
TIME_SCALE_YEARS = 3.0
MIN_SHARE_OF_BEST = 0.5  # a paper whose text match is under half the best one's needs a shared co-author
MIN_TEXT = 0.02  # below this (after damping) a paper is related only through people, never through text alone
PHRASE_SHARE = 0.5  # of the evidence: shared specific phrases (retrieval.topics); the rest is text similarity
BLOCK = 512  # rows of the similarity computed at once (memory: BLOCK x papers floats)
KEEP = 200  # neighbours kept per paper on large corpora (profiles are far smaller: exact)


@dataclass(frozen=True)
class Related:
    """A related paper, its combined score and the reason shown with it."""

    paper: Paper
    score: float
    reason: str


def _strongest(bm25: BM25, doc: int, limit: int = MAX_TERMS) -> dict[str, float]:
    """The document's `limit` heaviest BM25 terms that another document also has."""
    weights = bm25.term_weights(doc)
    vocab, doc_freq = bm25.vocab, bm25.doc_freq
    shared = {t: w for t, w in weights.items() if doc_freq[vocab[t]] >= 2}
    return dict(sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])


class PairSimilarity:
    """A directed similarity of every pair of documents (`directed`, rows relative to their own scale), made
    mostly symmetric, with each document's hubness and the damped row a ranking reads."""

    n: int
    own_share: float

    @cached_property
    def directed(self) -> sparse.csr_matrix:
        raise NotImplementedError

    @cached_property
    def matrix(self) -> sparse.csr_matrix:
        """own_share * s_ij/s_ii + (1 - own_share) * s_ji/s_jj: mostly how i's query finds j, partly the reverse."""
        directed = self.directed
        return (self.own_share * directed + (1 - self.own_share) * directed.T).tocsr()

    @cached_property
    def hubness(self) -> np.ndarray:
        """How strongly each document is found by the others: the mean of its HUB_NEIGHBOURS highest scores in
        other documents' queries (a column of the similarity). A paper similar to everything scores high."""
        k = max(1, min(HUB_NEIGHBOURS, self.n - 1))
        out = np.zeros(self.n)
        columns = self.matrix.T.tocsr()
        for doc in range(self.n):
            column = columns.getrow(doc).data
            if len(column):
                out[doc] = np.sort(column)[-k:].sum() / k
        return out

    def damped(self, doc: int, damping: float = HUB_DAMPING) -> np.ndarray:
        """Similarity of `doc` to every document, each candidate's hubness subtracted (itself: -inf)."""
        row = np.asarray(self.matrix.getrow(doc).todense()).ravel()
        scores = row - damping * self.hubness
        scores[row <= 0] = -np.inf
        scores[doc] = -np.inf
        return scores

    def relative(self, doc: int, damping: float = HUB_DAMPING) -> np.ndarray:
        """The damped row divided by its best value: 1 for the closest document, 0 for none in common."""
        scores = self.damped(doc, damping)
        finite = np.isfinite(scores)
        best = float(scores[finite].max()) if finite.any() else 0.0
        return np.where(finite, scores / (best if best > 0 else 1.0), 0.0)


class PhraseSimilarity(PairSimilarity):
    """The specific phrases two papers share (retrieval.topics), each row relative to its best pair."""

    def __init__(self, topics: TopicTable, own_share: float = OWN_SHARE) -> None:
        self.topics = topics
        self.n = topics.n
        self.own_share = own_share

    @cached_property
    def directed(self) -> sparse.csr_matrix:
        evidence = self.topics.evidence
        if self.n == 0:
            return evidence
        best = np.asarray(evidence.max(axis=1).todense()).ravel()
        best[best <= 0] = 1.0
        return (sparse.diags(1.0 / best) @ evidence).tocsr()


class TextSimilarity(PairSimilarity):
    """Symmetric, self-normalised more-like-this similarity of every pair of documents, with hubness.

    Computed in blocks of BLOCK rows; for corpora larger than KEEP documents each row keeps its KEEP best
    neighbours (pairs outside both lists count 0), so memory stays O(documents x KEEP).
    """

    def __init__(self, bm25: BM25, terms: int = MAX_TERMS, own_share: float = OWN_SHARE) -> None:
        self.bm25 = bm25
        self.n = bm25.n_docs
        self.terms = terms
        self.own_share = own_share

    @cached_property
    def _query_matrix(self) -> sparse.csr_matrix:
        """Documents x terms: each row a document's more-like-this query weights."""
        rows, cols, data = [], [], []
        vocab = self.bm25.vocab
        for doc in range(self.n):
            for term, weight in _strongest(self.bm25, doc, self.terms).items():
                rows.append(doc)
                cols.append(vocab[term])
                data.append(weight)
        return sparse.csr_matrix((data, (rows, cols)), shape=(self.n, len(vocab)), dtype=np.float64)

    @cached_property
    def directed(self) -> sparse.csr_matrix:
        """Documents x documents, zero diagonal: s_ij / s_ii, the score of j for i's query relative to i's own."""
        if self.n == 0:
            return sparse.csr_matrix((0, 0))
        weights = self.bm25.matrix  # terms x documents
        queries = self._query_matrix
        keep = self.n if self.n <= KEEP else KEEP
        rows, cols, data = [], [], []
        for start in range(0, self.n, BLOCK):
            block = np.asarray((queries[start : start + BLOCK] @ weights).todense())
            ids = np.arange(start, start + len(block))
            own = block[np.arange(len(block)), ids].copy()
            own[own <= 0] = 1.0
            block /= own[:, None]
            block[np.arange(len(block)), ids] = 0.0
            if keep < self.n:
                top = np.argpartition(-block, keep, axis=1)[:, :keep]
            else:
                top = np.broadcast_to(np.arange(self.n), block.shape)
            for r, doc in enumerate(ids):
                values = block[r, top[r]]
                mask = values > 0
                rows.extend([doc] * int(mask.sum()))
                cols.extend(top[r][mask].tolist())
                data.extend(values[mask].tolist())
        return sparse.csr_matrix((data, (rows, cols)), shape=(self.n, self.n))


class RelatedPapers:
    """The related papers of every paper of a profile (built once, on first use)."""

    def __init__(self, papers: Sequence[Paper], bm25: BM25, owners: Iterable[str] = ()) -> None:
        self.papers = list(papers)
        self.position = {paper.id: i for i, paper in enumerate(self.papers)}
        self.bm25 = bm25
        self.text = TextSimilarity(bm25)
        self.owners = {name_key(owner) for owner in owners if owner and owner.strip()}

    # ------------------------------------------------------------------------------------------ people
    @cached_property
    def _authors(self) -> list[dict[str, str]]:
        """Per paper: name key -> name as written, the owners left out."""
        out = []
        for paper in self.papers:
            names = {name_key(a): a.strip() for a in paper.authors if a and a.strip()}
            out.append({key: name for key, name in names.items() if key and key not in self.owners})
        return out

    @cached_property
    def _author_weight(self) -> dict[str, float]:
        """log(N / papers with the author): 0 for someone on every paper."""
        counts = Counter(key for names in self._authors for key in names)
        n = max(len(self.papers), 1)
        return {key: math.log(n / count) for key, count in counts.items()}

    def shared_authors(self, a: int, b: int) -> list[str]:
        """Co-authors of both papers (not the owners), rarest first, as written on paper `a`."""
        keys = self._authors[a].keys() & self._authors[b].keys()
        weight = self._author_weight
        return [self._authors[a][k] for k in sorted(keys, key=lambda k: (-weight[k], k)) if weight[k] > 0]

    def _people(self, a: int, b: int) -> float:
        """Shared co-authors' weight, relative to a rare one's (capped at two such)."""
        n = max(len(self.papers), 2)
        rare = math.log(n / 2) or 1.0
        total = sum(self._author_weight[name_key(name)] for name in self.shared_authors(a, b))
        return min(total / rare, 2.0) / 2.0

    # ----------------------------------------------------------------------------------------- ranking
    @cached_property
    def topics(self) -> TopicTable:
        return TopicTable(self.papers)

    @cached_property
    def phrase(self) -> PhraseSimilarity:
        return PhraseSimilarity(self.topics)

    def related(self, paper_id: str, k: int = 3) -> list[Related]:
        """The k papers most related to `paper_id`, best first, each with its reason; [] for an unknown id."""
        doc = self.position.get(paper_id)
        if doc is None or k <= 0 or len(self.papers) < 2:
            return []
        text = self.text.relative(doc)
        phrases = self.phrase.relative(doc)
        paper = self.papers[doc]
        own_title = fold(paper.title)
        scored = []
        for other in range(len(self.papers)):
            if other == doc or fold(self.papers[other].title) == own_title:  # itself, or its duplicate record
                continue
            people = self._people(doc, other)
            evidence = (1 - PHRASE_SHARE) * max(float(text[other]), 0.0) + PHRASE_SHARE * max(float(phrases[other]), 0)
            if evidence < MIN_TEXT and people == 0:
                continue
            candidate = self.papers[other]
            score = evidence + COAUTHOR_WEIGHT * people
            score += CATEGORY_WEIGHT * (candidate.category == paper.category)
            years = abs((candidate.date - paper.date).days) / 365.25
            score += TIME_WEIGHT * math.exp(-years / TIME_SCALE_YEARS)
            scored.append((score, evidence, other))
        scored.sort(key=lambda item: (-item[0], item[2]))
        found: list[Related] = []
        for score, _, other in scored:
            if len(found) >= k:
                break
            topic = self.topics.topic(doc, other)
            shared = self.shared_authors(doc, other)
            # a reader must be able to check why: a specific topic both papers are about, or people in common on a
            # paper whose text is close too (a co-author alone on an unrelated paper is no reason to read it)
            if topic or (shared and text[other] >= MIN_SHARE_OF_BEST):
                found.append(Related(self.papers[other], round(score, 4), self._reason(shared, topic)))
        return found

    # ----------------------------------------------------------------------------------------- reasons
    def reason(self, a: int, b: int) -> str:
        """'shares 2 co-authors · both on mathematical reasoning' (whichever parts apply; "" when neither does)."""
        return self._reason(self.shared_authors(a, b), self.topics.topic(a, b))

    @staticmethod
    def _reason(shared: list[str], topic: str) -> str:
        parts = []
        if len(shared) == 1:
            parts.append(f"shares co-author {shared[0]}")
        elif shared:
            parts.append(f"shares {len(shared)} co-authors")
        if topic:
            parts.append(f"both on {topic}")
        return " · ".join(parts)

    def shared_topic(self, a: int, b: int) -> str:
        """The most specific phrase both papers are about ("diffusion models"), or "" (see retrieval.topics)."""
        return self.topics.topic(a, b)
