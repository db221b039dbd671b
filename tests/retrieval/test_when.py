"""Time in a question: years in words, prepositions, ranges and times relative to the reference date."""

from __future__ import annotations

import datetime as dt

import pytest

from retrieval.when import describe, read_time, spell_numbers

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("what did he publish in twenty nineteen", "what did he publish in 2019"),
        ("papers from twenty twenty two", "papers from 2022"),
        ("papers from twenty twenty-four", "papers from 2024"),
        ("two thousand and twenty", "2020"),
        ("nineteen ninety-eight", "1998"),
        ("in '19", "in 2019"),
        ("the last three years", "the last 3 years"),
        ("twenty one papers", "twenty one papers"),  # 21, not a year
    ],
)
def test_numbers_in_words_become_digits(text, spelled):
    assert spell_numbers(text) == spelled


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("papers from 2019", (2019, 2019)),  # "from 2019" is that year, never "since"
        ("how many papers in 2024", (2024, 2024)),
        ("since 2019", (2019, None)),
        ("after 2023", (2024, None)),
        ("before 2020", (None, 2019)),
        ("up to 2022", (None, 2022)),
        ("between 2022 and 2021", (2021, 2022)),
        ("from 2019 to 2021", (2019, 2021)),
        ("2019-2021", (2019, 2021)),
        ("2023 onwards", (2023, None)),
        ("this year", (2026, 2026)),
        ("last year", (2025, 2025)),
        ("in the past 2 years", (2025, 2026)),
    ],
)
def test_time_expressions_mean_what_people_mean(text, years):
    slot = read_time(text, TODAY)
    assert slot is not None and (slot.year_from, slot.year_to) == years


def test_no_year_no_time_slot():
    assert read_time("which papers use mamba", TODAY) is None


def test_years_in_words_for_answers():
    assert [describe(2024, 2024), describe(2023, None), describe(None, 2021), describe(2019, 2021)] == [
        "in 2024", "since 2023", "up to 2021", "from 2019 to 2021"]
