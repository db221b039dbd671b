"""What kind of value a question asks for, and whether a sentence states one: the answerability check for
numbers.

A question that asks "how many", "how much", "how big", "how long" or "how fast" is answered only by a sentence
that gives a value of that kind — a near miss is declined, not quoted:

| asked | kind | a sentence answers it with |
|---|---|---|
| how many environments | count | a number counting them: "54 standard benchmark environments", "3-level" |
| by how much, how much better | margin | a difference: "by 1.6%", "2×", "a factor of 2", "22.6% better" |
| how much, what score, what did X get on | amount | a new number: "8.7%", "29.7 BLEU", "twice" |
| how big, how large, how small | size | a number with a unit of size: "2.7 billion parameters", "7MB", "4.3×" |
| how long | duration | a number with a unit of time or length: "within 30s", "76 minutes", "8192 tokens" |
| how fast, how quick | speed | a number with a unit of speed or time: "2×", "367 ms", "15-40% faster" |

Everywhere a *number* is a value written on its own: the digits inside a name ("word2ket", "H100", "GSM8K")
are none, a year that is part of a name ("WMT 2014") is none, and neither is a number the question itself gives
("on IWSLT 2014", "at a 10% error rate"). The units are English (a closed class, the same in every field).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from retrieval.tokens import tokenize

_DIGITS = r"(?<![\w.])(?<![A-Za-z]-)\d+(?:[.,]\d+)*(?:\^\d+)?"
_NUMBER_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|"
                 r"thousands?|millions?|billions?|dozens?")
_MULTIPLIERS = r"twice|double[sd]?|triple[sd]?|quadruple[sd]?|half|halve[sd]?"
NUMBERS = re.compile(rf"{_DIGITS}|(?<![\w-])(?:{_NUMBER_WORDS}|{_MULTIPLIERS})(?![\w-])", re.IGNORECASE)
"""Every number written on its own, in digits or in words."""
_AMOUNT = re.compile(rf"{_DIGITS}|(?<![\w-])(?:{_MULTIPLIERS})(?![\w-])|(?<![\w-])(?:{_NUMBER_WORDS})"
                     r"(?:-fold\b|\s+(?:times|percent|fold)\b)", re.IGNORECASE)
"""An amount: digits, a multiplier ("twice"), or a number word that multiplies ("a hundred-fold", "ten times");
"two related methods" counts methods, it is no amount."""
_NAMED_YEAR = re.compile(r"\b[A-Z][\w'’-]*[A-Z][\w'’-]*\s+((?:19|20)\d\d)\b")

_SIZE_UNITS = (r"billions?|millions?|thousands?|parameters?|params|weights|layers?|neurons?|[KMBT]B?|[kmg]b|bytes?|"
               r"×|x|times|fold|smaller|larger|bigger|%|percent")
_TIME_UNITS = (r"s|secs?|seconds?|ms|milliseconds?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|years?|"
               r"epochs?|steps?|iterations?|updates?|gpu[\s-]hours?")
_LENGTH_UNITS = r"tokens?|words?|characters?|chars?|sentences?|frames?|timesteps?"
_SPEED_UNITS = r"×|x|times|fold|%|percent|faster|slower|speed-?ups?|latency|throughput|fps|tokens?/s"
_UNIT_AFTER = r"(?:\s?[-–]?\s?(?:{units})(?![\w])|(?:\s+\S+){{0,2}}?\s+(?:{units})(?![\w]))"


def _with_units(units: str, multipliers: bool = True) -> re.Pattern[str]:
    """A number followed by one of `units`; with `multipliers`, also "twice", "half" ("twice as fast")."""
    alone = rf"|(?<![\w-])(?:{_MULTIPLIERS})(?![\w-])" if multipliers else ""
    return re.compile(rf"(?:{_DIGITS}|(?<![\w-])(?:{_NUMBER_WORDS})(?![\w-])){_UNIT_AFTER.format(units=units)}"
                      + alone, re.IGNORECASE)


_MARGIN_UNITS = (r"%|percent|percentage\s+points?|points?|pp|×|x|times|fold|db|bleu|rouge|f1|em|auc|accuracy|"
                 r"faster|slower|better|fewer|more|less|higher|lower|smaller|larger|reduction|improvement|gains?|"
                 r"speed-?ups?")
_MARGIN = re.compile(rf"{_with_units(_MARGIN_UNITS).pattern}|(?<![\w-])(?:{_NUMBER_WORDS})(?:-fold\b|\s+(?:times|"
                     rf"percent|fold)\b)|\bfactor\s+of\s+(?:{_DIGITS}|{_NUMBER_WORDS})"
                     rf"|\bby\s+(?:(?:over|more\s+than|up\s+to|about|around|nearly|almost|roughly|at\s+least|"
                     rf"an?\s+average\s+of|on\s+average)\s+)?{_DIGITS}", re.IGNORECASE)
"""A margin, what "by how much" asks: a number of points, percent or times ("by 1.6%", "2×", "22.6% better"),
"a factor of 2", "by over 3": "over 10^100 states" counts states, it is no margin."""

_KIND_UNITS = {
    "margin": _MARGIN,
    "size": _with_units(_SIZE_UNITS),
    "duration": _with_units(f"{_TIME_UNITS}|{_LENGTH_UNITS}", multipliers=False),
    "speed": _with_units(f"{_SPEED_UNITS}|{_TIME_UNITS}"),
}
"""A duration is a number of units of time or length: "quadruples the state of the art" is none."""

_ASKED = [
    ("count", re.compile(r"\bhow\s+many\b|\bnumber\s+of\b")),
    ("size", re.compile(r"\bhow\s+(?:big|large|small|huge|tiny)\b")),
    ("duration", re.compile(r"\bhow\s+long\b")),
    ("speed", re.compile(r"\bhow\s+(?:fast|quick|quickly|slow)\b")),
    ("margin", re.compile(r"\bby\s+how\s+much\b|\bhow\s+much\s+(?:better|worse|faster|slower|more|less|higher|"
                          r"lower|smaller|larger|bigger|cheaper)\b")),
    ("amount", re.compile(
        r"\bhow\s+(?:much|often|far|high|low|good|well|close)\b"
        r"|\bwhat(?:'s|\s+is|\s+are|\s+was|\s+were)?\s+(?:[\w'’-]+\s+){0,3}(?:percentage|percent|fraction|"
        r"proportion|ratio|amount|score|accuracy|bleu|f1|fid|rouge|perplexity|error|rate|speed-?up|reduction|"
        r"improvement|gain|compression|win\s+rate|latency|throughput|runtime|storage|memory|footprint|cost|"
        r"overhead)\b"
        r"|\bwhat\s+(?:does|did|do)\s+(?:[\w'’.-]+\s+){1,4}(?:get|score|reach|obtain)\s+(?:on|in|at|for)\b")),
]
DIMENSIONS = frozenset(["big", "large", "small", "huge", "tiny", "long", "fast", "quick", "quickly", "slow", "much",
                        "often", "far", "high", "low", "good", "well", "close"])
"""The word after "how" that says which kind of value is asked ("how big"): a slot, not a topic of the question."""


@dataclass(frozen=True)
class AskedValue:
    """The kind of value a question asks for, and for a count the words of what is counted."""

    kind: str
    counted: frozenset[str] = frozenset()
    """A count's counted noun as index tokens, with the words that answer it ("params" -> "paramet")."""


def asked_value(question: str, counted: Collection[str] = ()) -> AskedValue | None:
    """What kind of value the (lower-case) question asks for, if any (see the module docstring); `counted` are
    the tokens a count's number must count."""
    if _ASKS_OBJECT.search(question):
        return None  # "what's the ood score akin to": what it is like, not its value
    for kind, pattern in _ASKED:
        if pattern.search(question):
            return AskedValue(kind, frozenset(counted) if kind == "count" else frozenset())
    return None


_ASKS_OBJECT = re.compile(r"^(?:so\s+|and\s+)?what(?:'s|s|\s+is|\s+are|\s+was|\s+were)\s+(?:the|its|their|his|her)\s+"
                          r"(?:[\w-]+\s+){1,8}?[\w-]+\s+(?:to|on|upon|with|by|from|of|against)\s*\??$")
"""'What is the X <word> <preposition>?' asks for the object of that last preposition ("what's the score akin to",
"what is the loss built on"), not for X's value, whatever X is."""


def numbers_in(text: str) -> set[str]:
    """The numbers written on their own in `text`, lower case ("2014", "10%" -> "10", "two")."""
    return {match.group(0).casefold() for match in NUMBERS.finditer(text)}


def states_value(sentence: str, asked: AskedValue, given: Collection[str] = ()) -> bool:
    """Whether `sentence` states a value of the asked kind that is not one of the numbers the question `given`
    itself nor a year that is part of a name."""
    named_years = {match.group(1) for match in _NAMED_YEAR.finditer(sentence)}
    skip = set(given) | named_years
    if asked.kind == "count":
        return _counts(sentence, asked.counted, skip)
    pattern = _KIND_UNITS.get(asked.kind, _AMOUNT)
    for match in pattern.finditer(sentence):
        found = NUMBERS.search(match.group(0))
        number = found.group(0) if found is not None else match.group(0)  # "hundred-fold"
        if number.casefold() not in skip:
            return True
    return False


def _counts(sentence: str, stems: frozenset[str], skip: set[str]) -> bool:
    """A number (not skipped) and, within five words after it or three before, the counted noun or its compound
    head ("54 standard benchmark environments", "3-level" for levels, "number of states (e.g., 10^5)"); any new
    number when nothing is named."""
    for match in NUMBERS.finditer(sentence):
        if match.group(0).casefold() in skip:
            continue
        if not stems:
            return True
        following = re.findall(r"[\w-]+", sentence[match.end():match.end() + 80])[:5]
        preceding = re.findall(r"[\w-]+", sentence[max(0, match.start() - 40):match.start()])[-3:]
        for word in following + preceding:
            head = tokenize(word.rsplit("-", 1)[-1])
            if head and head[0] in stems:
                return True
    return False
