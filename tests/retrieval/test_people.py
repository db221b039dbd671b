"""People in a question: the researcher by full, first or last name; co-authors in full or after 'with'."""

from __future__ import annotations

from retrieval.people import People

PEOPLE = People(["Jonas Eriksen"], ["Yuki Tanaka", "Tomas Novak", "Long Chen", "Jonas Eriksen"])


def _names(text):
    return [(mention.name, mention.role) for mention in PEOPLE.find(text)]


def test_full_names_in_any_case_and_order():
    assert _names("which papers did he write with yuki tanaka") == [("Yuki Tanaka", "coauthor")]
    assert _names("papers by Tanaka Yuki") == [("Yuki Tanaka", "coauthor")]


def test_a_small_typo_in_a_long_name_part_is_forgiven():
    assert _names("how many papers with tomas novack") == [("Tomas Novak", "coauthor")]


def test_the_researchers_first_name_or_possessive_is_the_researcher():
    assert _names("what has jonas done") == [("Jonas Eriksen", "researcher")]
    assert _names("jonas's email") == [("Jonas Eriksen", "researcher")]


def test_a_coauthors_last_name_alone_counts_only_after_with():
    assert _names("papers with Tanaka") == [("Yuki Tanaka", "coauthor")]
    assert _names("Tanaka papers") == []


def test_a_name_that_is_a_common_word_counts_only_capitalised():
    assert _names("how long is it") == []
    assert _names("papers by Long Chen") == [("Long Chen", "coauthor")]


def test_a_researchers_first_name_with_s_and_no_apostrophe_is_the_possessive():
    people = People(["Han Shi"], ["Yao Teng"])
    assert [mention.name for mention in people.find("which of hans papers do graph search")] == ["Han Shi"]
    assert people.find("papers with teng") and not people.find("which of tengs papers")  # a co-author needs "with"
