"""Phrase frequencies from BM25's positions equal a direct scan of the token lists."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.bm25 import BM25
from retrieval.phrases import PhraseIndex

WORDS = ["graph", "neural", "network", "model", "learn", "rl"]


def scan(docs: list[list[str]], phrase: tuple[str, ...], gap: int) -> dict[int, int]:
    """Occurrences by brute force: each next token is the first one after the previous within the gap."""
    found: dict[int, int] = {}
    for doc_id, doc in enumerate(docs):
        for start, token in enumerate(doc):
            if token != phrase[0]:
                continue
            at, ok = start, True
            for nxt in phrase[1:]:
                following = [p for p in range(at + 1, len(doc)) if doc[p] == nxt]
                if not following or following[0] - at > gap:
                    ok = False
                    break
                at = following[0]
            if ok:
                found[doc_id] = found.get(doc_id, 0) + 1
    return found


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), max_size=12), min_size=1, max_size=8),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
    st.sampled_from([1, 3]),
)
def test_token_sequences_equal_a_scan_of_the_documents(docs, phrase, gap) -> None:
    index = PhraseIndex(BM25(docs, keep_positions=True))
    ids, counts = index.sequence(tuple(phrase), gap=gap)
    assert dict(zip(ids.tolist(), counts.astype(int).tolist(), strict=True)) == scan(docs, tuple(phrase), gap)


def test_a_phrase_never_spans_two_documents() -> None:
    index = PhraseIndex(BM25([["graph", "neural"], ["network", "model"]], keep_positions=True))
    assert index.frequency([["neural"], ["network"]])[0].tolist() == []
    assert index.frequency([["graph"], ["neural"]])[0].tolist() == [0]


def test_a_phrase_matches_its_compounds_written_whole_or_with_parts() -> None:
    docs = [
        ["multiag", "multi", "agent", "reinforc", "learn"],  # "multi-agent reinforcement learning"
        ["multiag", "reinforc", "learn"],  # "multiagent reinforcement learning"
        ["multiag", "system", "reinforc", "learn"],  # the words apart
    ]
    index = PhraseIndex(BM25(docs, keep_positions=True))
    ids, counts = index.frequency([["multiag", "multi", "agent"], ["reinforc"], ["learn"]])
    assert ids.tolist() == [0, 1]
    assert counts.tolist() == [1.0, 1.0]


def test_a_compound_counts_once_in_every_writing() -> None:
    docs = [
        ["realworld", "real", "world", "robot", "realworld", "real", "world"],  # "real-world robot real-world"
        ["realworld", "robot"],  # "realworld robot"
        ["real", "world", "robot", "realworld"],  # "real world robot realworld"
        ["world", "real"],  # the parts apart
    ]
    index = PhraseIndex(BM25(docs, keep_positions=True))
    ids, counts = index.frequency([["realworld", "real", "world"]])
    assert dict(zip(ids.tolist(), counts.tolist(), strict=True)) == {0: 2.0, 1: 1.0, 2: 2.0}


def test_consecutive_needs_enough_documents() -> None:
    docs = [["finetun", "fine", "tune", "model"], ["finetun", "model"], ["finetun", "fine", "tune"]]
    index = PhraseIndex(BM25(docs, keep_positions=True))
    assert index.consecutive(["finetun", "fine", "tune"], enough=2)
    assert not index.consecutive(["finetun", "fine", "tune"], enough=3)


def test_positions_are_the_token_stream_by_term() -> None:
    docs = [["a", "b", "a"], [], ["b"]]
    bm25 = BM25(docs, keep_positions=True)
    indptr, positions = bm25.positions
    a, b = bm25.vocab["a"], bm25.vocab["b"]
    assert positions[indptr[a] : indptr[a + 1]].tolist() == [0, 2]
    assert positions[indptr[b] : indptr[b + 1]].tolist() == [1, 3]
    assert bm25.doc_starts.tolist() == [0, 3, 3, 4]
    np.testing.assert_allclose(bm25.scores(["a"]), BM25(docs).scores(["a"]))
