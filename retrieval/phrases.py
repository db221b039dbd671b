"""Phrases in the indexed token streams: where words occur in order, next to each other.

A phrase is a sequence of index tokens, one per word (a compound word is represented by its whole token). It
occurs where each of its tokens follows the previous one within ``MAX_GAP`` positions, in the same document:
a compound in the document is followed by its parts ("multi-agent" -> ``multiag multi agent``), so the next
word's token may sit a few positions on, and stopwords are already gone ("translation of speech" -> two
adjacent tokens). Positions come from the BM25 index (every term's sorted positions in the concatenated token
stream), so a phrase costs a few vectorised searches over its tokens' occurrences, whatever the corpus size.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from retrieval.bm25 import BM25

MAX_GAP = 4
"""How far (in index tokens) the next word of a phrase may follow the previous one."""
CACHED_PHRASES = 4096

_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0))


class PhraseIndex:
    """Phrase frequencies over a BM25 index built with ``keep_positions``, computed on demand and cached."""

    def __init__(self, bm25: BM25) -> None:
        if bm25.positions is None:
            raise ValueError("the BM25 index keeps no positions")
        self.bm25 = bm25
        self._indptr, self._positions = bm25.positions
        self._cache: OrderedDict[tuple[tuple[str, ...], int], tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def frequency(self, phrase: Sequence[str], gap: int = MAX_GAP) -> tuple[np.ndarray, np.ndarray]:
        """Documents where ``phrase`` occurs and how many times (sorted by document id)."""
        key = (tuple(phrase), gap)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        result = self._frequency(key[0], gap)
        self._cache[key] = result
        if len(self._cache) > CACHED_PHRASES:
            self._cache.popitem(last=False)
        return result

    def consecutive(self, tokens: Sequence[str], enough: int) -> bool:
        """Whether at least ``enough`` documents have ``tokens`` at consecutive positions."""
        ids, _ = self.frequency(tokens, gap=1)
        return len(ids) >= enough

    def _occurrences(self, token: str) -> np.ndarray | None:
        tid = self.bm25.vocab.get(token)
        if tid is None:
            return None
        return self._positions[self._indptr[tid] : self._indptr[tid + 1]]

    def _frequency(self, phrase: tuple[str, ...], gap: int) -> tuple[np.ndarray, np.ndarray]:
        if not phrase:
            return _EMPTY
        starts = self._occurrences(phrase[0])
        if starts is None:
            return _EMPTY
        at = starts
        for token in phrase[1:]:
            following = self._occurrences(token)
            if following is None or not len(at) or not len(following):
                return _EMPTY
            # The first occurrence of the next token after each current position, if within the gap.
            index = np.searchsorted(following, at, side="right")
            found = index < len(following)
            nxt = following[np.minimum(index, len(following) - 1)]
            keep = found & (nxt - at <= gap)
            starts, at = starts[keep], nxt[keep]
        if not len(starts):
            return _EMPTY
        doc_starts = self.bm25.doc_starts
        docs = np.searchsorted(doc_starts, starts, side="right") - 1
        same_doc = at < doc_starts[docs + 1]
        ids, counts = np.unique(docs[same_doc], return_counts=True)
        return ids.astype(np.int64), counts.astype(np.float64)
