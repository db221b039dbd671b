"""Acronyms an abstract defines ("large language models (LLMs)"), so a summary can keep the expansion.

Definitions are found with the Schwartz–Hearst rule (Schwartz & Hearst, 2003): a short form in parentheses
after its long form, where the short form's letters appear in order in the long form, the first one starting a
word ("Diffusion Mamba (DiM)", "Self-Adjust Softmax (SA-Softmax)", "pRotOtypical taSk ... mechAnism (ROSETTA)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "(LLMs)", "(SA-Softmax)", "(SJD++)", "(Q-LLM)": one token with a capital, up to 12 characters.
_SHORT_FORM = re.compile(r"\s?\(([A-Za-z][\w+\-.&/]{0,11})\)")
_WORD = re.compile(r"[^\s()]+")


@dataclass(frozen=True)
class Definition:
    """`long (short)`: the short form, its long form as written, and where the definition was found."""

    short: str
    long: str
    sentence: int

    @property
    def text(self) -> str:
        return f"{self.long} ({self.short})"


def _letters(short: str) -> str:
    """The letters a long form must contain: 'LLMs' -> 'llm' (a plural s is not one), 'SJD2' -> 'sjd'."""
    core = short[:-1] if len(short) > 2 and short.endswith("s") and short[-2].isupper() else short
    return re.sub(r"[^a-z0-9]", "", core.lower()).rstrip("0123456789") or core.lower()


def _long_form(short: str, before: str) -> str | None:
    """The shortest run of words ending `before` whose letters spell `short` (Schwartz–Hearst), or None."""
    letters = _letters(short)
    if len(letters) < 2 or not any(c.isupper() for c in short):
        return None
    words = _WORD.findall(before)
    limit = min(len(letters) + 5, 2 * len(letters))
    for size in range(1, min(limit, len(words)) + 1):
        candidate = " ".join(words[-size:])
        if _spells(letters, candidate) or _capitals(short) == _capitals(candidate):
            if candidate.lower() == short.lower():
                return None
            return candidate
    return None


def _capitals(text: str) -> str:
    """The capital letters of a text: a long form may spell its short form in them ('pRotOtypical taSk' -> 'ROS')."""
    return "".join(c for c in text if c.isupper())


def _spells(letters: str, long: str) -> bool:
    """Schwartz–Hearst match: every letter found right to left; the first one at the start of a word."""
    text = long.lower()
    position = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        char = letters[index]
        while position >= 0 and (
            text[position] != char or (index == 0 and position > 0 and text[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return False
        position -= 1
    first_word = long.split()[0]
    return first_word[:1].lower() == letters[0] or bool(re.match(r"[^\w]*" + re.escape(letters[0]), first_word.lower()))


def definitions(sentences: list[str]) -> dict[str, Definition]:
    """Every acronym the abstract defines, by short form; the first definition wins.

    Both orders count: "Diffusion Mamba (DiM)" and "TICL (Test-time Interventional Causal Learning)".
    """
    found: dict[str, Definition] = {}
    for index, sentence in enumerate(sentences):
        for match in _SHORT_FORM.finditer(sentence):
            short = match.group(1).rstrip(".")
            long = _long_form(short, sentence[: match.start()])
            if long and short not in found:
                found[short] = Definition(short=short, long=long, sentence=index)
        for match in _LONG_IN_PARENTHESES.finditer(sentence):
            short, long = match.group(1), match.group(2)
            if short not in found and len(long.split()) >= 2 and _long_form(short, long) == long:
                found[short] = Definition(short=short, long=long, sentence=index)
    return found


# "TICL (Test-time Interventional Causal Learning)": a short form, then its long form in parentheses.
_LONG_IN_PARENTHESES = re.compile(r"(?<![\w-])([A-Z][\w+\-]{1,11})\s\(([A-Za-z][^()]{3,100})\)")


def mention(short: str) -> re.Pattern[str]:
    """A whole-word use of `short` ('DiM' in 'our DiM architecture', not in 'DiMs' or 'DiM-2')."""
    return re.compile(r"(?<![\w-])" + re.escape(short) + r"(?![\w+]|-\w)")
