"""Phrases in the indexed token streams: where words occur in order, next to each other.

A phrase is a sequence of words, each given by its index tokens (a compound's whole, then its parts:
"multi-agent" -> ``multiag multi agent``). It occurs where its tokens stand at consecutive positions of one
document, either as written (every token of every word) or with each word as its whole token only, so
"multi-agent RL" and "multiagent RL" both match. Stopwords are already gone from the streams ("translation
of speech" has two adjacent tokens). Positions come from the BM25 index (every term's sorted positions in the
concatenated token stream), so a phrase costs a few vectorised searches over its tokens' occurrences,
whatever the corpus size.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from retrieval.bm25 import BM25

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

    def frequency(self, words: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Documents where the phrase of ``words`` occurs and how many times (sorted by document id); a phrase
        of one compound word counts its spaced writing too ("real world" for "real-world")."""
        key = tuple(tuple(word) for word in words)
        cached = self._cache.get(key)
        if cached is not None:
            with contextlib.suppress(KeyError):  # another search thread may have dropped it meanwhile
                self._cache.move_to_end(key)
            return cached
        result = self._compound(key[0]) if len(key) == 1 and len(key[0]) > 1 else self._phrase(key)
        self._cache[key] = result
        if len(self._cache) > CACHED_PHRASES:
            self._cache.popitem(last=False)
        return result

    def _compound(self, word: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """A compound in any of its writings: whole ("realworld", "real-world", whose whole token always comes
        first) or spaced ("real world": its parts in a row, not right after the whole)."""
        whole, parts = word[0], word[1:]
        ids, counts = self.sequence((whole,))
        spaced_ids, spaced = self.sequence(parts)
        if len(spaced_ids):
            hyphen_ids, hyphenated = self.sequence(word)
            all_ids, position = np.unique(np.concatenate([ids, spaced_ids, hyphen_ids]), return_inverse=True)
            weights = np.concatenate([counts, spaced, -hyphenated])
            total = np.bincount(position, weights=weights, minlength=len(all_ids))
            keep = total > 0
            ids, counts = all_ids[keep], total[keep]
        return ids, counts

    def _phrase(self, key: tuple[tuple[str, ...], ...]) -> tuple[np.ndarray, np.ndarray]:
        written = tuple(token for word in key for token in word)
        wholes = tuple(word[0] for word in key if word)
        ids, counts = self.sequence(written)
        if wholes != written:  # the same words written without their compounds' parts
            more_ids, more_counts = self.sequence(wholes)
            if len(more_ids):
                ids, position = np.unique(np.concatenate([ids, more_ids]), return_inverse=True)
                counts = np.bincount(position, weights=np.concatenate([counts, more_counts]))
        return ids, counts

    def consecutive(self, tokens: Sequence[str], enough: int) -> bool:
        """Whether at least ``enough`` documents have ``tokens`` at consecutive positions."""
        ids, _ = self.sequence(tuple(tokens))
        return len(ids) >= enough

    def _occurrences(self, token: str) -> np.ndarray | None:
        tid = self.bm25.vocab.get(token)
        if tid is None:
            return None
        return self._positions[self._indptr[tid] : self._indptr[tid + 1]]

    def sequence(self, phrase: tuple[str, ...], gap: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """Documents where each token of ``phrase`` follows the previous within ``gap`` positions, and how
        many times."""
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
