"""Forgiving title lookup and autocomplete suggestions."""

from __future__ import annotations

import pytest

from retrieval.lookup import match_title, suggest_titles
from retrieval.service import Library


@pytest.mark.parametrize(
    ("query", "title_start"),
    [
        ("metamath", "MetaMath:"),
        ("MetaMath", "MetaMath:"),
        ("SJD++", "SJD++:"),
        ("diffusion mamba", "DiM:"),
        ("mamba diffusion", "DiM:"),
        ("sepllm", "SepLLM:"),
        ("SepLLM: Accelerate Large", "SepLLM:"),
        ("lego prover", "LEGO-Prover"),
        ("legoprover", "LEGO-Prover"),
        ("metamth", "MetaMath:"),
        ("Dr.Mi-Bench", "Dr.Mi-Bench"),
        ("self adjust softmax", "Self-Adjust Softmax"),
        ("  LOGITS-based finetuning ", "Logits-Based Finetuning"),
    ],
)
def test_lookup_lands_on_the_right_paper(library: Library, query: str, title_start: str) -> None:
    match = match_title(query, library.title_keys, library.titles.speller)
    assert match.status == "found", (query, [p.title for p in match.papers])
    assert match.papers[0].title.startswith(title_start)


def test_lookup_by_id_from_autocomplete(library: Library) -> None:
    paper = library.profile.papers[5]
    match = match_title(paper.id, library.title_keys, library.titles.speller)
    assert (match.status, match.papers[0].id) == ("found", paper.id)


def test_sjd_plus_plus_is_not_the_other_sjd(library: Library) -> None:
    match = match_title("SJD++", library.title_keys, library.titles.speller)
    assert not match.papers[0].title.startswith("Speculative Jacobi-Denoising")


def test_topic_word_is_ambiguous_and_lists_candidates(library: Library) -> None:
    match = match_title("diffusion", library.title_keys, library.titles.speller)
    assert match.status == "ambiguous"
    assert len(match.papers) >= 3
    assert all("diffusion" in p.title.lower() for p in match.papers)


def test_unknown_title_is_not_found(library: Library) -> None:
    match = match_title("protein folding with quantum annealers", library.title_keys, library.titles.speller)
    assert match.status == "not_found"


def test_suggestions_prefix_words_and_fuzzy(library: Library) -> None:
    assert suggest_titles(library.titles, "sjd")[0].title.startswith("SJD++")
    assert suggest_titles(library.titles, "mamba")[0].title.startswith("DiM")
    assert any(ref.title.startswith("MetaMath") for ref in suggest_titles(library.titles, "metamth"))
    assert len(suggest_titles(library.titles, "")) == 25
    assert suggest_titles(library.titles, "zzzzqqq") == []
    assert all(len(suggest_titles(library.titles, q)) <= 25 for q in ["a", "e", "the", "model"])
