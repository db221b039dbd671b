"""Is a word of a question part of its topic, or just how people chat? Decided on principle, per profile.

Three sources of evidence, none of them a list of the profile's words:

* **the profile's own vocabulary** — a word some paper uses can be searched for; its weight in a question is
  its idf over the papers times its *specificity*;
* **general-English frequency** (wordfreq, `retrieval.wordstats`) — specificity falls as a word gets more
  common in everyday English: "mamba" or "diffusion" say what a question is about, "results" or "model"
  less. A word no paper uses is *generic* only when it is among the most common English words (Zipf >=
  `GENERIC_ZIPF`: "get", "think"): it is how the question is phrased. Any rarer word no paper uses
  ("protein", "robotics", "medical") is a *missing topic*: the question is about something the papers do not
  cover, and the answer engine declines. (Measured on the dev questions: a lower threshold drops real topics
  such as "light" in "the speed of light" and answers with something else.) The verbs people use for
  publishing and testing ("put out", "came out with", "tried it on") are question words, not topics: they
  are in the question reader's frame list;
* **the closed class of chat discourse words** — greetings, thanks, politeness and chat abbreviations
  ("hey", "pls", "thx", "lol", "tbh", "quick q"): like English function words they are a fixed part of the
  language, not of any field, so they are listed once here (`DISCOURSE`) the way `retrieval.tokens` lists
  stopwords.

Words are compared in their surface form, lower-cased ("pls", "lol"); an apostrophe people leave out is
put back when that makes a common English word ("whats" -> "what's", "dont" -> "don't").
"""

from __future__ import annotations

from functools import lru_cache

from retrieval.wordstats import zipf

GENERIC_ZIPF = 6.0
"""Zipf frequency from which a word no paper uses is everyday English that carries no topic (once per 10,000
words: "get", "think", "know"). Below it, such a word names something the papers lack: "protein" (4.5),
"medical" (5.2), "light" (5.3) and "world" (5.9) are all common English, and all of them are topics."""
SPECIFIC_ZIPF = 4.0
"""Up to this Zipf frequency a word keeps its full idf weight in a question."""
COMMON_ZIPF = 6.5
"""At this Zipf frequency ("get", "know") a word's weight has fallen to `MIN_SPECIFICITY` of its idf."""
MIN_SPECIFICITY = 0.25

_DISCOURSE_TEXT = """
    hi hello hey heya hiya yo sup greetings morning evening thanks thank thx thnx ty tysm cheers please pls plz
    pleeease lol lmao lmfao rofl haha hahaha hehe xd tbh tbf imo imho idk iirc afaik btw fyi rn ngl smh omg
    ok okay k kk cool nice great awesome sorry um uh uhm umm hmm hm er erm oh ah well anyway anyways basically
    actually honestly literally really kinda sorta quick q qq curious wondering wonder
    guys folks everyone y'all yall bro dude mate friend friends bot paperbot
"""
DISCOURSE: frozenset[str] = frozenset(_DISCOURSE_TEXT.split())
"""Chat discourse words: greetings, thanks, politeness, hedges and chat abbreviations (a closed class)."""


_CHAT_SPELLINGS = {
    "wat": "what", "wut": "what", "u": "you", "ur": "your", "r": "are", "thru": "through", "tho": "though",
    "cuz": "because", "bc": "because", "b4": "before", "abt": "about", "ppl": "people", "w/": "with",
    "w/o": "without", "smth": "something", "pls": "please", "plz": "please", "thx": "thanks", "tl;dr": "summary",
    "tldr": "summary", "tl;dr:": "summary", "yr": "year", "yrs": "years",
}
"""Chat spellings of function words ("wat", "abt", "w/"), read as the word they stand for."""


def chat_spelling(word: str) -> str | None:
    """The function word a chat spelling stands for ('wat' -> 'what'), or None."""
    return _CHAT_SPELLINGS.get(word.casefold())


def restore_apostrophe(word: str) -> str:
    """'whats' -> "what's", 'dont' -> "don't" when that is common English and the bare form is not."""
    lowered = word.casefold()
    if "'" in lowered or len(lowered) < 3:
        return lowered
    for cut in (1, 2):  # what's, don't / i'm, you're, they've
        candidate = f"{lowered[:-cut]}'{lowered[-cut:]}"
        if zipf(candidate) >= 4.0 and zipf(candidate) > zipf(lowered) + 0.5:
            return candidate
    return lowered


@lru_cache(maxsize=50_000)
def specificity(word: str) -> float:
    """How much of its idf a word keeps as a question's concept: 1 for rare English, less for common words."""
    frequency = zipf(word)
    if frequency <= SPECIFIC_ZIPF:
        return 1.0
    share = (COMMON_ZIPF - frequency) / (COMMON_ZIPF - SPECIFIC_ZIPF)
    return max(MIN_SPECIFICITY, min(1.0, MIN_SPECIFICITY + (1 - MIN_SPECIFICITY) * share))


def is_discourse(word: str) -> bool:
    return word.casefold() in DISCOURSE


def is_generic(word: str) -> bool:
    """Everyday English that no paper needs to contain for the question to be answered."""
    return word.casefold() in DISCOURSE or zipf(restore_apostrophe(word)) >= GENERIC_ZIPF


VERB_FORM_ZIPF = 3.0
"""A word whose past form is at least this common in everyday English is a verb ("mention" -> "mentioned")."""


@lru_cache(maxsize=10_000)
def verb_like(word: str) -> bool:
    """Whether `word` is an English verb form, from its inflections' frequencies alone: a verb's past tense is a
    word people write ("mention" -> "mentioned", "talking" -> "talked"); a noun's or an adjective's is not
    ("protein", "medical"). No list of verbs, and no field's words."""
    low = word.casefold()
    bases = {low}
    for ending in ("ing", "es", "s", "ed"):
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            stem = low[: -len(ending)]
            bases |= {stem, stem + "e"} | ({stem[:-1]} if len(stem) > 3 and stem[-1] == stem[-2] else set())
    for base in bases:
        past = base[:-1] + "ied" if base.endswith("y") else base + "d" if base.endswith("e") else base + "ed"
        if zipf(past) >= VERB_FORM_ZIPF:
            return True
    return False
