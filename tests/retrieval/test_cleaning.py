"""Question cleaning and its length limit, in one place for every face."""

from __future__ import annotations

from retrieval.cleaning import MAX_QUESTION_CHARS, clean_question, clean_text


def test_mentions_fences_backticks_and_urls_are_removed():
    assert clean_text("<@1> ```py\nwhat is `DiffFit`?``` see https://x.y/z @everyone <#5> <:cat:123>") == (
        "what is DiffFit ? see"
    )
    assert clean_text("＠everyone hi @\u200beveryone") == "hi"


def test_a_question_at_the_limit_is_kept_and_a_longer_one_is_flagged():
    exact = clean_question("x" * MAX_QUESTION_CHARS)
    assert not exact.too_long and len(exact.text) == MAX_QUESTION_CHARS
    longer = clean_question("y" * (MAX_QUESTION_CHARS + 1))
    assert longer.too_long and len(longer.text) == MAX_QUESTION_CHARS and longer.length == MAX_QUESTION_CHARS + 1


def test_a_message_of_only_mentions_and_punctuation_is_empty():
    assert clean_question("<@123> ?!").empty
    assert not clean_question("why?").empty
