"""split_sentences: boundaries that survive scientific abbreviations, numbers and names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.sentences import split_sentences

SCITLDR_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "scitldr" / "dev.jsonl"


@pytest.mark.parametrize(
    "text",
    [
        "Many problems, e.g. object detection, have set outputs.",
        "Convex losses, i.e. those with a unique minimum, are easy.",
        "Smith et al. Proposed this first in 2019.",
        "As shown in Fig. 3 the loss drops.",
        "The model has 2.7 billion parameters.",
        "MetaMath-7B achieves 66.4% on GSM8K.",
        "We introduce Dr.Mi-Bench, a benchmark.",
        "Most LLMs (e.g., LLaMA-2) are weak at math.",
        "Code is at https://github.com/a/b.c and works.",
        "We use i.i.d. Gaussian inputs.",
        "It is better w.r.t. The baseline.",
        "Results in Eq. 5 hold.",
    ],
)
def test_scientific_abbreviations_and_numbers_do_not_split(text: str) -> None:
    assert split_sentences(text) == [text]


def test_ordinary_sentences_split() -> None:
    text = "We propose X. It works well! Does it scale? Yes, 3 times."
    assert split_sentences(text) == ["We propose X.", "It works well!", "Does it scale?", "Yes, 3 times."]


def test_enumeration_after_a_full_stop_starts_a_sentence() -> None:
    text = "First we learn a policy. (2) We exploit the leader model."
    assert split_sentences(text) == ["First we learn a policy.", "(2) We exploit the leader model."]


def test_citation_year_in_parentheses_stays_in_its_sentence() -> None:
    text = "This follows Smith et al. (2019) closely. We go further."
    assert split_sentences(text) == ["This follows Smith et al. (2019) closely.", "We go further."]


def test_sentence_ending_with_a_url_splits() -> None:
    text = "Code is at https://github.com/x/y. We thank all."
    assert split_sentences(text) == ["Code is at https://github.com/x/y.", "We thank all."]


def test_whitespace_is_normalised_inside_sentences() -> None:
    assert split_sentences("One\n  sentence  here.\n\nAnother one") == ["One sentence here.", "Another one"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_blank_text_gives_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_seed_abstracts_split_into_plausible_sentences(seed_profile) -> None:
    for paper in seed_profile.papers:
        sentences = split_sentences(paper.abstract)
        assert "".join(sentences).replace(" ", "") == paper.abstract.replace(" ", "")
        for sentence in sentences:
            assert not sentence.endswith(("e.g.", "i.e.", "et al.", "Fig.")), sentence


def test_seed_tricky_abstract_splits_where_a_reader_would(seed_profile) -> None:
    metamath = next(p for p in seed_profile.papers if p.title.startswith("MetaMath"))
    sentences = split_sentences(metamath.abstract)
    assert len(sentences) == 9
    assert sentences[1].startswith("Despite the great success") and "(e.g., LLaMA-2)" in sentences[1]
    assert sentences[6].startswith("Our MetaMath-7B model achieves 66.4% on GSM8K")


@pytest.mark.skipif(not SCITLDR_DEV.exists(), reason="SciTLDR dev split not available")
def test_agrees_with_scitldr_sentence_splits_on_a_slice() -> None:
    rows = [json.loads(line) for line in SCITLDR_DEV.read_text(encoding="utf-8").splitlines()[:150]]
    rows = [r for r in rows if not any("\n" in s for s in r["source"])]
    agree = sum(split_sentences(" ".join(r["source"])) == [" ".join(s.split()) for s in r["source"]] for r in rows)
    assert agree / len(rows) >= 0.9


@given(st.text(max_size=300))
def test_never_raises_and_never_loses_text(text: str) -> None:
    sentences = split_sentences(text)
    assert "".join("".join(sentences).split()) == "".join(text.split())
