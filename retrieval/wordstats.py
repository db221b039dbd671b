"""General-English word frequencies (the `wordfreq` package), for telling a chatty word from a topic word.

wordfreq's "small" English list (words used at least once per million, about 29,000 of them) is all paperbot
needs: it asks whether a word is common English, never how rare a rare word is. It is loaded on first use
(about 70 ms, 10 MB) and shared by every profile served.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache

from retrieval.tokens import normalize


@cache
def _frequencies() -> dict[str, float]:
    import wordfreq  # loaded on first use: a search never needs it

    return wordfreq.get_frequency_dict("en", wordlist="small")


@lru_cache(maxsize=50_000)
def zipf(word: str) -> float:
    """Zipf frequency of `word` in general English: log10 of uses per billion words; 0 when not listed.

    3 is once per million words ("folding"), 5 once per hundred thousand ("quick"), 7 "the"."""
    frequency = _frequencies().get(normalize(word).replace("’", "'"), 0.0)
    return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0
