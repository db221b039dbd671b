"""One way to compare names: titles, paper short names and people's names.

Every part of paperbot that asks "is this the same name?" goes through here, so "LEGO-Prover", "lego prover",
"Zoë Li" and "zoe  li" compare the same way everywhere (title lookup, questions, stats, filters).

* `fold` — for titles and free text: NFKC, case-folded, Latin diacritics dropped, every dash and the
  underscore written as "-", whitespace collapsed. Punctuation is kept ("SJD++" stays "sjd++").
* `name_key` — for names (people, a paper's short name): `fold`, then hyphens, dots and apostrophes read as
  spaces, so "Jean-Luc", "Jean Luc" and "J.-L." line up word by word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = re.compile(r"[\u2010-\u2015\u2212_]")
_NAME_PUNCTUATION = re.compile(r"[-.'’`]+")


@lru_cache(maxsize=50_000)
def fold(text: str) -> str:
    """Case-folded, NFKC-normalised text without Latin diacritics; dashes unified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    if not text.isascii():
        kept: list[str] = []
        for char in unicodedata.normalize("NFKD", text):
            if unicodedata.combining(char) and kept and kept[-1] < "\u0250":
                continue  # a combining mark on a Latin letter: 'é' -> 'e'; other scripts keep theirs
            kept.append(char)
        text = unicodedata.normalize("NFC", "".join(kept))
    return " ".join(_DASHES.sub("-", text).split())


@lru_cache(maxsize=50_000)
def name_key(name: str) -> str:
    """A person's or a paper's name for comparison: folded, with hyphens, dots and apostrophes as spaces."""
    return " ".join(_NAME_PUNCTUATION.sub(" ", fold(name)).split())


def same_name(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)
