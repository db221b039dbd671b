"""Time in a question: years written in digits or words, ranges, and times relative to "today".

`spell_numbers` first writes numbers given in words as digits ("twenty nineteen" -> 2019, "two thousand and
twenty" -> 2020, "nineteen ninety-eight" -> 1998, "'19" -> 2019, "the last three years" -> "the last 3
years"). `read_time` then finds the one time expression of a question and what it means:

| phrase | years |
|---|---|
| "in 2024", "from 2024", "during 2024", "of 2024", "2024" | 2024 only |
| "since 2023", "from 2023 on", "2023 onwards", "starting 2023" | 2023 and later |
| "after 2023", "later than 2023" | 2024 and later |
| "before 2022", "prior to 2022", "earlier than 2022" | 2021 and earlier |
| "until 2022", "till 2022", "through 2022", "up to 2022", "by 2022" | 2022 and earlier |
| "between 2019 and 2021", "from 2019 to 2021", "2019-2021" | 2019 to 2021 |
| "this year", "last year", "the year before last" | against the reference date |
| "in the last 3 years", "the past two years" | the reference year and the two before it |

"from 2019" is that year: a count "from 2019" counts 2019's papers, never the total since.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_UNIT = "|".join(sorted((u for u in _UNITS if u != "oh"), key=len, reverse=True))
_TEN = "|".join(_TENS)
# 1..99 in words: "nineteen", "twenty", "twenty-two", "twenty two"
_NUMBER = rf"(?:(?:{_TEN})(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)\b)?|(?:{_UNIT}))"
_CENTURY_YEAR = re.compile(rf"\b(nineteen|twenty)[\s-]+(oh[\s-]+(?:{_UNIT})|{_NUMBER})\b", re.IGNORECASE)
_THOUSANDS_YEAR = re.compile(rf"\btwo[\s-]+thousand(?:[\s-]+and)?(?:[\s-]+({_NUMBER}))?\b", re.IGNORECASE)
_SHORT_YEAR = re.compile(r"(?<![\w'’])['’](\d\d)\b")
_SMALL_COUNT = re.compile(rf"\b(last|past|previous|recent|first|latest|newest|oldest|top)\s+({_UNIT}|{_TEN})\b",
                          re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+(?!(?:is|was|came|about|of|that|which|in|from|with|on|and|or)\b)[a-z]", re.IGNORECASE)
_COUNT_BEFORE = re.compile(rf"\b({_UNIT})\s+(latest|newest|most\s+recent|oldest|earliest|last|first)\b", re.IGNORECASE)


def _value(words: str) -> int:
    """1..99 from words ('twenty-two' -> 22, 'oh five' -> 5)."""
    total = 0
    for word in re.split(r"[\s-]+", words.casefold()):
        total += _TENS.get(word, 0) + _UNITS.get(word, 0)
    return total


def spell_numbers(text: str) -> str:
    """Years and small counts written in words, as digits (see the module docstring)."""

    def century(match: re.Match[str]) -> str:
        head = 19 if match.group(1).casefold() == "nineteen" else 20
        tail = _value(match.group(2))
        if head == 20 and tail < 10 and not match.group(2).casefold().startswith("oh"):
            return match.group(0)  # "twenty one" is 21, not 2001
        return str(head * 100 + tail)

    text = _CENTURY_YEAR.sub(century, text)
    text = _THOUSANDS_YEAR.sub(lambda m: str(2000 + (_value(m.group(1)) if m.group(1) else 0)), text)
    text = _SHORT_YEAR.sub(lambda m: str((1900 if int(m.group(1)) >= 80 else 2000) + int(m.group(1))), text)
    text = _COUNT_BEFORE.sub(lambda m: f"{_value(m.group(1))} {m.group(2)}", text)
    def count(match: re.Match[str]) -> str:
        if match.group(2).casefold() == "one" and not _NOUN_AFTER.match(text, match.end()):
            return match.group(0)  # "the first one" is a paper, not a count
        return f"{match.group(1)} {_value(match.group(2))}"

    return _SMALL_COUNT.sub(count, text)


@dataclass(frozen=True)
class TimeSlot:
    """Years asked about (inclusive bounds; None = open) and the words that said so."""

    year_from: int | None
    year_to: int | None
    span: tuple[int, int]
    phrase: str


YEAR = r"(19[5-9]\d|20\d\d)"
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("range", re.compile(rf"\b(?:between|from)\s+{YEAR}\s*(?:and|to|until|till|through|-|–|—)\s*{YEAR}\b")),
    ("range", re.compile(rf"\b{YEAR}\s*(?:-|–|—|to)\s*{YEAR}\b")),
    ("since", re.compile(rf"\b(?:since|starting(?:\s+in|\s+from)?|from|in)\s+{YEAR}\s+"
                         r"(?:on(?:wards?)?|and\s+(?:later|after))\b")),
    ("since", re.compile(rf"\b{YEAR}\s+(?:on(?:wards?)?|and\s+(?:later|after|since))\b")),
    ("since", re.compile(rf"\b(?:since|starting(?:\s+in|\s+from)?|as\s+of)\s+{YEAR}\b")),
    ("after", re.compile(rf"\b(?:after|later\s+than|post)\s+{YEAR}\b")),
    ("before", re.compile(rf"\b(?:before|prior\s+to|earlier\s+than|pre)\s+{YEAR}\b")),
    ("until", re.compile(rf"\b(?:until|till|til|through|thru|up\s+to|up\s+until|by)\s+{YEAR}\b")),
    ("until", re.compile(rf"\b{YEAR}\s+(?:and\s+(?:before|earlier))\b")),
    ("year", re.compile(rf"\b(?:in|from|during|of|for|within)\s+(?:the\s+year\s+)?{YEAR}\b")),
    ("year", re.compile(rf"\b{YEAR}\b")),
    ("last_n", re.compile(r"\b(?:in\s+|over\s+|during\s+|within\s+)?(?:the\s+)?(?:last|past|previous)\s+"
                          r"(\d{1,2})\s+years?\b")),
    ("this", re.compile(r"\b(?:this|the\s+current)\s+year\b|\bso\s+far\s+this\s+year\b")),
    ("before_last", re.compile(r"\bthe\s+year\s+before\s+last\b")),
    ("last", re.compile(r"\b(?:last|previous|past)\s+year\b|\ba\s+year\s+ago\b")),
]


def read_time(text: str, today: dt.date) -> TimeSlot | None:
    """The time expression of a (lower-cased, digit-spelled) question, or None; the first rule that matches."""
    for kind, pattern in _RULES:
        match = pattern.search(text)
        if match is None:
            continue
        groups = [int(group) for group in match.groups() if group]
        low, high = _bounds(kind, groups, today.year)
        return TimeSlot(low, high, match.span(), match.group(0))
    return None


def _bounds(kind: str, groups: list[int], this_year: int) -> tuple[int | None, int | None]:
    match kind:
        case "range":
            low, high = sorted(groups)
            return low, high
        case "since":
            return groups[0], None
        case "after":
            return groups[0] + 1, None
        case "before":
            return None, groups[0] - 1
        case "until":
            return None, groups[0]
        case "year":
            return groups[0], groups[0]
        case "last_n":
            return this_year - max(groups[0], 1) + 1, this_year
        case "this":
            return this_year, this_year
        case "before_last":
            return this_year - 2, this_year - 2
        case _:  # "last"
            return this_year - 1, this_year - 1


def describe(year_from: int | None, year_to: int | None) -> str:
    """The years in words for an answer: 'in 2024', 'since 2023', 'up to 2021', 'from 2019 to 2021'."""
    if year_from is not None and year_from == year_to:
        return f"in {year_from}"
    if year_from is not None and year_to is not None:
        return f"from {year_from} to {year_to}"
    if year_from is not None:
        return f"since {year_from}"
    if year_to is not None:
        return f"up to {year_to}"
    return ""
