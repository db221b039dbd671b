"""Chat words and topic words, told apart by general-English frequency and the closed class of chat words."""

from __future__ import annotations

from retrieval.topicality import (
    chat_spelling,
    is_discourse,
    is_generic,
    restore_apostrophe,
    specificity,
    verb_like,
)


def test_chat_discourse_words_are_a_closed_class():
    assert all(is_discourse(word) for word in ("pls", "lol", "tbh", "thx", "hey", "btw"))
    assert not is_discourse("mamba")


def test_only_the_most_common_english_words_are_generic():
    assert is_generic("get") and is_generic("think")
    # common English, and still topics: a question about them is about something the papers may lack
    assert not any(is_generic(word) for word in ("protein", "medical", "light", "world", "robotics"))


def test_specificity_falls_with_english_frequency():
    assert specificity("mamba") == 1.0
    assert specificity("results") < specificity("diffusion") <= 1.0


def test_dropped_apostrophes_and_chat_spellings_are_restored():
    assert restore_apostrophe("whats") == "what's"
    assert restore_apostrophe("mamba") == "mamba"
    assert chat_spelling("wat") == "what" and chat_spelling("abt") == "about" and chat_spelling("paper") is None


def test_a_verb_is_told_from_a_noun_by_its_inflections():
    assert all(verb_like(word) for word in ("mention", "mentions", "mentioning", "talk", "talking", "cover"))
    assert not any(verb_like(word) for word in ("protein", "medical", "robotics", "imaging", "chemistry"))
