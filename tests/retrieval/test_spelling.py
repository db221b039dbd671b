"""One spelling policy for search, title lookup and questions."""

from __future__ import annotations

from retrieval.spelling import Speller, max_edits
from retrieval.tokens import tokenize

VOCABULARY = {"mamba": 3, "diffusion": 12, "trace": 2, "models": 9, "model": 20, "llm": 5, "transformer": 4}


def test_edits_allowed_grow_with_the_word():
    assert [max_edits(word) for word in ("abc", "mamba", "diffusin", "transformerss")] == [0, 1, 2, 3]


def test_suggestions_are_nearest_first_and_skip_what_the_word_already_has():
    speller = Speller(VOCABULARY, tokens=tokenize)
    assert speller.suggest("mamaba") == ["mamba"]
    assert speller.suggest("difusion")[0] == "diffusion"
    assert "model" not in speller.suggest("modells")  # same tokens as the typed word: offers nothing new
    assert speller.suggest("models") == []  # 'model' is the same word
    assert speller.suggest("abc") == []


def test_a_correction_is_made_only_when_one_word_is_meant():
    speller = Speller(VOCABULARY)
    assert speller.correct("mamaba") == "mamba"
    assert speller.correct("transfromer") == "transformer"
    assert speller.correct("mamba") is None  # known already


def test_common_english_words_are_never_corrected_into_vocabulary_words():
    speller = Speller({"trace": 3, "football": 1})
    assert speller.correct("France") is None
    assert speller.correct("grace") is None  # an English word one edit from 'trace' is a word, not a typo
    assert speller.suggest("grace") == ["trace"]  # ...though search may still offer it


def test_an_ambiguous_correction_is_not_made():
    speller = Speller({"mamba": 3, "mambo": 3})
    assert speller.correct("mamb0") is None


def test_among_equally_near_words_the_one_keeping_the_first_letter_comes_first():
    # "fature" is one edit from each; typos rarely hit a word's first letter, so "feature" before the more
    # frequent "nature"; frequency still orders the words that share it.
    speller = Speller({"nature": 50, "feature": 10, "future": 5}, tokens=tokenize)
    assert speller.suggest("fature") == ["feature", "future", "nature"]


def test_stem_fix_corrects_only_to_one_known_stem() -> None:
    from retrieval.spelling import Speller
    speller = Speller({"quantized": 3, "normalization": 4, "regularization": 2})
    known = {"quantiz", "normal", "regular"}.__contains__
    assert speller.stem_fix("quantizaton", known) == "quantization"  # the ending the papers' words use most
    assert speller.stem_fix("quantized", known) is None  # already known
    assert speller.stem_fix("quantz", known) is None  # too short for a guess
    assert speller.stem_fix("zebrafishes", known) is None
