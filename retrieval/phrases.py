"""Phrases in the indexed token streams: where words occur in order, next to each other.

A phrase is a sequence of index tokens, one per word (a compound word is represented by its whole token). It
occurs in a document where each of its tokens follows the previous one within ``MAX_GAP`` positions: a
compound in the document is followed by its parts ("multi-agent" -> ``multiag multi agent``), so the next
word's token may sit a few positions on, and stopwords are already gone ("translation of speech" -> two
adjacent tokens). Candidates are the documents that have every token of the phrase (an intersection of
postings); positions are read from the document's token list only for those, and cached per document.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from retrieval.bm25 import BM25

MAX_GAP = 4
"""How far (in index tokens) the next word of a phrase may follow the previous one."""
CACHED_DOCS = 4096
CACHED_PHRASES = 4096


class PhraseIndex:
    """Phrase frequencies over a BM25 index's documents, computed on demand."""

    def __init__(self, bm25: BM25, docs: Sequence[Sequence[str]]) -> None:
        self.bm25 = bm25
        self.docs = docs
        self._positions: OrderedDict[int, dict[str, list[int]]] = OrderedDict()
        self._phrases: OrderedDict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def frequency(self, phrase: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Documents where ``phrase`` occurs and how many times (sorted by document id)."""
        key = tuple(phrase)
        cached = self._phrases.get(key)
        if cached is not None:
            self._phrases.move_to_end(key)
            return cached
        result = self._frequency(key)
        self._phrases[key] = result
        if len(self._phrases) > CACHED_PHRASES:
            self._phrases.popitem(last=False)
        return result

    def _frequency(self, phrase: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0))
        if not phrase:
            return empty
        candidates: np.ndarray | None = None
        # Rarest token first: the intersection shrinks fastest.
        for token in sorted(set(phrase), key=self._postings_count):
            ids = self.bm25.postings(token)[0]
            candidates = ids if candidates is None else np.intersect1d(candidates, ids, assume_unique=True)
            if not len(candidates):
                return empty
        if candidates is None:
            return empty
        found: list[int] = []
        counts: list[int] = []
        for doc in candidates.tolist():
            count = _occurrences(phrase, self._doc_positions(doc))
            if count:
                found.append(doc)
                counts.append(count)
        return np.asarray(found, dtype=np.int64), np.asarray(counts, dtype=np.float64)

    def consecutive(self, tokens: Sequence[str], enough: int, limit: int = 200) -> bool:
        """Whether at least ``enough`` documents have ``tokens`` at consecutive positions (of the first
        ``limit`` documents that have them all)."""
        ids: np.ndarray | None = None
        for token in set(tokens):
            found = self.bm25.postings(token)[0]
            ids = found if ids is None else np.intersect1d(ids, found, assume_unique=True)
        if ids is None or len(ids) < enough:
            return False
        seen = 0
        for doc in ids[:limit].tolist():
            positions = self._doc_positions(doc)
            later = [set(positions.get(token, ())) for token in tokens[1:]]
            if any(all(start + i + 1 in at for i, at in enumerate(later)) for start in positions.get(tokens[0], ())):
                seen += 1
                if seen >= enough:
                    return True
        return False

    def _postings_count(self, token: str) -> int:
        tid = self.bm25.vocab.get(token)
        if tid is None:
            return 0
        return int(self.bm25.matrix.indptr[tid + 1] - self.bm25.matrix.indptr[tid])

    def _doc_positions(self, doc: int) -> dict[str, list[int]]:
        positions = self._positions.get(doc)
        if positions is not None:
            self._positions.move_to_end(doc)
            return positions
        positions = {}
        for position, token in enumerate(self.docs[doc]):
            positions.setdefault(token, []).append(position)
        self._positions[doc] = positions
        if len(self._positions) > CACHED_DOCS:
            self._positions.popitem(last=False)
        return positions


def _occurrences(phrase: tuple[str, ...], positions: dict[str, list[int]]) -> int:
    """How many times the phrase starts at a position from which each next token follows within MAX_GAP."""
    count = 0
    for start in positions.get(phrase[0], ()):
        at = start
        for token in phrase[1:]:
            following = [p for p in positions.get(token, ()) if at < p <= at + MAX_GAP]
            if not following:
                break
            at = following[0]
        else:
            count += 1
    return count
