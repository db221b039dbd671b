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
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from retrieval import roles
from retrieval.bm25 import BM25
from retrieval.models import Paper
from retrieval.names import name_key
from retrieval.tokens import STOPWORDS, words
from retrieval.wordstats import zipf

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
# A topic more than a third of the profile's papers share ("reinforcement learning" for an RL researcher) says
# little about why two of them go together: it is named only when no more specific phrase relates them.
GENERIC_SHARE = 1 / 3
MIN_GENERIC_PAPERS = 5
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


class TextSimilarity:
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
    def related(self, paper_id: str, k: int = 3) -> list[Related]:
        """The k papers most related to `paper_id`, best first, each with its reason; [] for an unknown id."""
        doc = self.position.get(paper_id)
        if doc is None or k <= 0 or len(self.papers) < 2:
            return []
        text = self.text.damped(doc)
        finite = np.isfinite(text)
        best = float(text[finite].max()) if finite.any() else 0.0
        scale = best if best > 0 else 1.0
        paper = self.papers[doc]
        scored = []
        for other in range(len(self.papers)):
            if other == doc:
                continue
            similarity = float(text[other]) / scale if np.isfinite(text[other]) else 0.0
            people = self._people(doc, other)
            # text at least half the best match's, or people in common: a weak third is not worth a line
            if (similarity < MIN_TEXT or similarity < MIN_SHARE_OF_BEST) and people == 0:
                continue
            candidate = self.papers[other]
            score = max(similarity, 0.0) + COAUTHOR_WEIGHT * people
            score += CATEGORY_WEIGHT * (candidate.category == paper.category)
            years = abs((candidate.date - paper.date).days) / 365.25
            score += TIME_WEIGHT * math.exp(-years / TIME_SCALE_YEARS)
            scored.append((score, other))
        scored.sort(key=lambda item: (-item[0], item[1]))
        found: list[Related] = []
        for score, other in scored:
            if len(found) >= k:
                break
            reason = self.reason(doc, other)
            if reason:  # no topic and no co-author: nothing a reader could check, so not shown
                found.append(Related(self.papers[other], round(score, 4), reason))
        return found

    # ----------------------------------------------------------------------------------------- reasons
    def reason(self, a: int, b: int) -> str:
        """'shares 2 co-authors · both on mathematical reasoning' (whichever parts apply; "" when neither does)."""
        parts = []
        shared = self.shared_authors(a, b)
        if len(shared) == 1:
            parts.append(f"shares co-author {shared[0]}")
        elif shared:
            parts.append(f"shares {len(shared)} co-authors")
        topic = self.shared_topic(a, b)
        if topic:
            parts.append(f"both on {topic}")
        return " · ".join(parts)

    def _generic(self, key: tuple[str, ...]) -> bool:
        """A phrase more than GENERIC_SHARE of the profile's papers use (and at least MIN_GENERIC_PAPERS)."""
        count = self._phrase_papers[key]
        return count >= MIN_GENERIC_PAPERS and count > GENERIC_SHARE * len(self.papers)

    @cached_property
    def _phrases(self) -> list[dict[tuple[str, ...], tuple[str, bool, bool]]]:
        """Per paper: phrase (index tokens) -> (its surface form, whether it is in the title)."""
        return [_phrases(paper) for paper in self.papers]

    def shared_topic(self, a: int, b: int) -> str:
        """The most specific phrase of one to three words both papers are about ("diffusion models"), or ""."""
        return self._shared_topic(a, b)[0]

    def _shared_topic(self, a: int, b: int) -> tuple[str, tuple[str, ...]]:
        """The most specific phrase of one to three words both papers are about ("diffusion models"), or "".

        First a phrase of either title that the other paper uses too (next to each other, or apart); else a
        phrase of two words or more that both abstracts use. Specific: rare in this profile (the index's idf)
        and in general English (wordfreq); a lone adjective ("simple", "unified") or a phrase of common words
        ("final answer", "shown great") is no topic.
        """
        first, second = self._phrases[a], self._phrases[b]
        tokens_a, tokens_b = self._token_sets[a], self._token_sets[b]
        best, best_key, best_score = "", (), 0.0
        for phrases, other, other_tokens in ((first, second, tokens_b), (second, first, tokens_a)):
            for key, (surface, in_title, ends) in phrases.items():
                if not in_title or not (ends or len(key) == 1):
                    continue
                together = key in other
                if not together and not set(key) <= other_tokens:
                    continue
                both_titles = together and other[key][1]
                score = self._topic_score(key, surface, True, both_titles) * (1.0 if together else 0.75)
                if score > best_score:
                    best, best_key, best_score = surface, key, score
        if best and not self._generic(best_key):
            return best, best_key
        # no title phrase, or only one much of the profile shares: a specific phrase both abstracts use, if any
        # ("both on mathematical reasoning" rather than "both on large language models")
        title_best, title_key = best, best_key
        best, best_key, best_score = "", (), 0.0
        for key in first.keys() & second.keys():
            ends = first[key][2] or second[key][2]
            if len(key) >= 2 and ends and (not title_best or not self._generic(key)):
                score = self._topic_score(key, first[key][0], False, False)
                if score > best_score:
                    best, best_key, best_score = first[key][0], key, score
        return (best, best_key) if best else (title_best, title_key)

    def _topic_score(self, key: tuple[str, ...], surface: str, from_title: bool, both_titles: bool) -> float:
        """Sum over the words of idf (in this profile) x rarity in English; 0 for a phrase that is no topic."""
        idf, vocab = self.bm25.idf, self.bm25.vocab
        weights = [float(idf[vocab[t]]) if t in vocab else 0.0 for t in key]
        if min(weights) <= 0 or not topical(surface, from_title, both_titles):
            return 0.0
        rarity = [min(max((6.0 - zipf(word)) / 3.0, 0.2), 1.0) for word in surface.split()]
        score = sum(w * r for w, r in zip(weights, rarity, strict=False)) * (1.5 if both_titles else 1.0)
        # what much of the profile is about ("reinforcement learning" for an RL researcher) tells little
        return score * (0.3 if self._generic(key) else 1.0)

    @cached_property
    def _phrase_papers(self) -> Counter[tuple[str, ...]]:
        """How many papers use each phrase."""
        return Counter(key for phrases in self._phrases for key in phrases)

    @cached_property
    def _token_sets(self) -> list[set[str]]:
        """Per paper: the whole-word index tokens of its title and abstract."""
        return [{w.tokens[0] for w in words(f"{p.title} {p.abstract}")} for p in self.papers]


_PHRASE_BREAK = re.compile(r"[,.;:!?()\[\]]")


def _phrases(paper: Paper) -> dict[tuple[str, ...], tuple[str, bool, bool]]:
    """Runs of one to three adjacent content words of the title and abstract (a stopword or punctuation between
    two words breaks the run): phrase (whole-word index tokens) -> (surface form, whether the title has it,
    whether it ends a noun phrase somewhere: "large language models" does, "multi-modal large" never does)."""
    found: dict[tuple[str, ...], tuple[str, bool, bool]] = {}
    for text, in_title in ((paper.title, True), (paper.abstract, False)):
        if text.isupper():  # "META LEARNING SHARED HIERARCHIES": capitals for emphasis, not acronyms
            text = text.lower()
        for chunk in _PHRASE_BREAK.split(text):
            for run in _adjacent_runs(chunk):
                for start in range(len(run)):
                    for size in (1, 2, 3):
                        piece = run[start : start + size]
                        if len(piece) < size or _stop(piece[0].surface) or _stop(piece[-1].surface):
                            continue
                        key = tuple(w.tokens[0] for w in piece)
                        if len(set(key)) < len(key):
                            continue
                        surface = " ".join(_as_in_prose(w.surface) for w in piece)
                        ends = start + size == len(run) or _stop(run[start + size].surface)
                        previous = found.get(key)
                        if previous:
                            found[key] = (previous[0], previous[1] or in_title, previous[2] or ends)
                        else:
                            found[key] = (surface, in_title, ends)
    return found


# An acronym or a coined name: "BERT", "LLMs", "GANs", "MetaMath" (not a title-cased "Fine-Tuning").
_NAME_LIKE = re.compile(r"[a-z][A-Z]|[A-Z]{2}|\d")


def _as_in_prose(word: str) -> str:
    """'Positional' -> 'positional', 'Fine-Tuning' -> 'fine-tuning'; 'BERT', 'LLMs', 'Mamba-2' keep their case."""
    return word if _NAME_LIKE.search(word) else word.lower()


def _adjacent_runs(chunk: str) -> list[list]:
    """The chunk's content words, split wherever something other than a space or a hyphen lies between two."""
    runs: list[list] = []
    previous = None
    for word in words(chunk):
        if previous is None or chunk[previous.end : word.start].strip(" -"):
            runs.append([])
        runs[-1].append(word)
        previous = word
    return runs


# Words about a paper's evaluation or its novelty, the same in any field's abstracts: no topic of their own.
_BOILERPLATE_TEXT = (
    "extensive experiment experiments experimental result results evaluation evaluations evaluate benchmark "
    "benchmarks baseline baselines dataset datasets state-of-the-art sota existing previous prior competing various "
    "several different many multiple proposed novel new performance performances effectiveness efficiency "
    "superiority consistently significantly substantially comprehensive empirical empirically real-world "
    "downstream wide range variety outperforms outperform approach approaches method methods"
)
_BOILERPLATE = frozenset(_BOILERPLATE_TEXT.split())
_NOT_TOPIC_ENDING = re.compile(
    r"(?:ly|ed|al|ive|ous|ful|able|ible|ic|ize|ise|izes|ises|ary|ent|ant|scale|based|free|aware|like)$", re.I
)


def topical(phrase: str, from_title: bool = False, in_both_titles: bool = False) -> bool:
    """Whether a phrase can name what two papers are about.

    Never: a phrase with a word about evaluation ("extensive", "outperforms", "benchmarks") or one ending in an
    adverb, participle or adjective ("shown great", "eliminating redundant"). One word: a name or acronym
    ("BERT", "Mamba", "LLMs"), or a noun-like word of a title that is rare in English ("diffusion"); several
    words: a title's phrase ("large language models"), or, from the abstracts only, one with a rare word and
    not common words on average ("graph convolutional network", not "final answer")."""
    parts = phrase.split()
    lowered = [part.lower() for part in parts]
    if any(part in _BOILERPLATE for part in lowered) or roles.RESULT.search(phrase):
        return False
    if _NOT_TOPIC_ENDING.search(parts[-1]) or any(part.lower().endswith("ly") for part in parts):
        return False
    frequencies = [zipf(part) for part in parts]
    if len(parts) == 1:
        word = parts[0]
        if _NAME_LIKE.search(word) or (word[:1].isupper() and word[1:].islower() and frequencies[0] < 3):
            return True
        limit = 4.6 if in_both_titles else 3.5
        return from_title and frequencies[0] < limit and not word.lower().endswith(("ing", "ate"))
    if from_title:
        return frequencies[-1] <= 5.0
    return min(frequencies) < 4.0 and sum(frequencies) / len(frequencies) < 4.6


def _stop(surface: str) -> bool:
    return surface.lower() in STOPWORDS or not any(c.isalpha() for c in surface)
