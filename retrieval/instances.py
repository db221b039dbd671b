"""Which thing a question asks for, and whether a sentence names one: the answerability check for "which X".

"Which GPU did they train ALBERT on?", "what skills does DIAYN learn?", "what backbone was that with?" ask for an
instance of a kind (a GPU, skills, a backbone). The kind is the *asked noun*: the last word of the phrase after
"which" / "what" ("what tabular domains" -> domains). A sentence that uses the asked noun only in general ("due
to GPU/TPU memory limitations", "learn useful skills") does not answer; one that names an instance does:

* a name: a word written with capitals or digits ("Llama-3-8B", "H100", "VizDoom"), or capitalised inside the
  sentence ("In Pitfall!, ..."), that is not the asked noun itself, a word of the question or the paper's own name;
* an enumeration after the asked noun ("skills, such as walking and jumping", "including ...", "e.g.", ":",
  or three things listed right after it: "experiments on A, B and C");
* a number next to the asked noun ("sequence length 8192");
* a specific modifier before the asked noun (the question's own words skipped): a word few papers use or that
  is rare in everyday English ("portable reward functions", "soft robots", not "useful skills").

A sentence without the asked noun must name something (not a reference in parentheses: "(MAML, Finn et al.,
2017)"), use a compound of the noun ("a legged millirobot" for "what robot") or list three things or more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from retrieval.tokens import STOPWORDS, tokenize
from retrieval.wordstats import zipf

SPECIFIC_ZIPF = 4.0
"""A modifier rarer than this in everyday English is specific ("portable", "tabular")."""

_ASKED_NOUN = re.compile(
    r"\bwhat\s+(?:are|is|were|was)\s+(?:the|its|their|her|his|these|those)\s+(?:[\w'-]+\s+){0,4}?([\w'-]+)\s+"
    r"(?:called|named|termed|dubbed)\b"
    r"|\b(?:which|what)\s+(?:kinds?\s+of\s+|types?\s+of\s+|sorts?\s+of\s+)?"
    r"(?!(?:did|does|do|is|are|was|were|can|could|has|have|had|will|would|should|'s)\b)"
    r"((?:[\w'-]+\s+){0,2}?[\w'-]+?)"
    r"(?=\s+(?:did|does|do|is|are|was|were|can|could|has|have|had|will|would|should|of|in|on|for|from|with|"
    r"to|by|at|he|she|they|it|you|u|his|her|their|its|the|a|an)\b)"
)
_KNOWN_KIND = re.compile(r"(?:datasets?|benchmarks?|environments?|games?|tasks?|domains?|corpora|corpus|languages?|"
                         r"robots?|models?|baselines?|metrics?|architectures?|methods?|techniques?|algorithms?)")
"""Nouns that name a kind of thing in any field's papers: one of them in the asked phrase is its head."""
_NOT_KINDS_TEXT = """
    paper papers work works one ones thing things stuff kind kinds type types sort sorts way ways year years
    score scores accuracy percentage number amount rate size speed value values result results
"""
_NOT_KINDS = frozenset(_NOT_KINDS_TEXT.split())
"""Nouns that ask for no instance: the paper itself, a value (retrieval.quantities), or a filler."""
_ENUMERATION = re.compile(r"\bsuch\s+as\b|\bincluding\b|\bincludes?\b|\be\.g\.|\bnamely\b|\blike\b|:")
_NAME = re.compile(r"(?<![\w-])(?:[A-Za-z][\w+.-]*[A-Z0-9][\w+.-]*|[A-Z][\w+.-]*)")
_WORD = re.compile(r"[\w][\w+.'’/-]*")
_NUMBER = re.compile(r"\d[\d,.]*[%×x]?")
_LIST = re.compile(r"\b[\w-]+(?:\s+[\w-]+){0,3},\s+[\w-]+(?:\s+[\w-]+){0,3},?\s+and\s+[\w-]+")
"""Three things or more listed: "link prediction, node clustering and graph generation"."""
_LISTED_AFTER = re.compile(r"\s*(?:[\w-]+\s+)?(?:on|in|with|across|over|for|\(|:)\s*(?:the\s+)?" + _LIST.pattern)
"""The things listed right after the asked noun: "Experiments on link prediction, node clustering and graph
generation" (not "GPU/TPU memory limitations, longer training times, and ...", where the noun is only a part)."""
_SETTING_PREPOSITIONS = frozenset(["on", "in", "across", "over", "using", "onto", "including"])
"""Where a setting is named: "results on CIFAR10", "experiments across MuJoCo tasks"."""
_SETTING_LIST = re.compile(r"\b(?:on|in|across|over|using)\s+(?:the\s+)?" + _LIST.pattern)
_EXPERIMENTS_IN_PAIR = re.compile(r"\b(?:experiments?|evaluations?|evaluated|tested|benchmarks?)\s+(?:\w+\s+){0,2}?"
                                  r"(?:on|in|across|over)\s+(?:[\w-]+\s+){1,8}?and\s+[\w-]+", re.IGNORECASE)
"""Experiments in two settings named in plain words: "experiments in realistic scenarios of adaptive traffic
signal control and cooperative adaptive cruise control"."""
_CITATION = re.compile(r"\([^()]*(?:et\s+al\.?|\b(?:19|20)\d\d\b)[^()]*\)")
_INFLECTED = re.compile(r"(?:s|ed|ing)$")
"""A verb form before the noun ("learns skills", "pretrained skills") modifies nothing as a name would."""


def asked_noun(question: str) -> str | None:
    """The noun a "which X" / "what X" question asks an instance of, lower case, or None."""
    match = _ASKED_NOUN.search(question)
    if match is None:
        return None
    phrase = (match.group(1) or match.group(2)).casefold().split()
    known = [word for word in phrase if _KNOWN_KIND.fullmatch(word)]
    noun = known[-1] if known else phrase[-1]  # "what dataset approximates the ...": the noun, not the verb
    if noun in _NOT_KINDS or noun in STOPWORDS or not any(char.isalpha() for char in noun):
        return None
    return noun


def names_instance(sentence: str, kind: Collection[str], question_words: Collection[str],
                   own_names: Collection[str], specific: Callable[[str], bool], kind_surface: str = "", *,
                   setting: bool = False) -> bool:
    """Whether `sentence` names an instance of the asked kind (its index tokens `kind`), or does not use the
    kind at all (see the module docstring). `question_words` and `own_names` are lower-case words that name
    nothing new; `specific(token)` says a modifier is a word few papers use. With `setting` (the kind is where
    a paper was evaluated: a dataset, benchmark, task), a name answers only where a setting is named: after
    "on", "in", "across" ... or next to the asked noun ("results on CIFAR10", not "SGD-trained CNNs")."""
    sentence = _CITATION.sub(" ", sentence)  # "(MAML, Finn et al., 2017)" names a reference, not an instance
    words = [(match.group(0), match.start()) for match in _WORD.finditer(sentence)]
    at = [number for number, (word, _) in enumerate(words) if set(tokenize(word)) & set(kind)]
    if not at:
        return _names_without_kind(sentence, words, kind_surface, question_words, own_names, setting)
    asked_tokens = {token for word in question_words for token in tokenize(word)}
    for number, (word, start) in enumerate(words):
        if number in at or word.casefold() in question_words or word.casefold() in own_names:
            continue
        if setting and set(tokenize(word)) <= asked_tokens:
            continue  # "CNNs" for "the cnn paper": a word of the question in another form names nothing new
        if _NAME.fullmatch(word) and _is_name(word, start, sentence) and (
            not setting or _in_setting(words, number) or any(abs(number - n) <= 3 for n in at)
        ):
            return True
    first = at[0]
    after = sentence[words[first][1] + len(words[first][0]):]
    if _ENUMERATION.search(after) or _LISTED_AFTER.match(after):
        return True
    if setting and any(_listed_before(words, number) for number in at):
        return True  # "on contextual bandit and few-shot learning benchmarks"
    for number in at:
        neighbours = [words[n][0] for n in (number - 1, number + 1) if 0 <= n < len(words)]
        if any(_NUMBER.fullmatch(word) for word in neighbours):
            return True  # "sequence length 8192", "128 parameters"
        previous = words[number - 1] if number else None
        if previous and previous[0].casefold() not in question_words and _NAME.fullmatch(previous[0]) and _is_name(
            *previous, sentence
        ):
            return True  # "the MetaMathQA dataset", "the VizDoom platform": a name right before the noun, even the
            # paper's own
        for before in reversed([word for word, _ in words[max(0, number - 3):number]]):
            low = before.casefold()
            if low in STOPWORDS:
                break
            if low in question_words:
                continue  # "portable reward functions" for "what kind of reward functions"
            tokens = tokenize(before)
            if tokens and not _INFLECTED.search(low) and (_zipf(low) < SPECIFIC_ZIPF or specific(tokens[0])):
                return True
            break
    return False


def enumerates(sentence: str, kind: Collection[str]) -> bool:
    """Whether `sentence` lists instances right after the asked noun ("three methods ...: A, B, and C", "skills,
    such as walking"): the strongest evidence that it answers "what are the X called"."""
    words = [(match.group(0), match.start()) for match in _WORD.finditer(_CITATION.sub(" ", sentence))]
    for word, start in words:
        if set(tokenize(word)) & set(kind):
            after = sentence[start + len(word):]
            if _ENUMERATION.search(after) or _LISTED_AFTER.match(after):
                return True
    return False


def _zipf(word: str) -> float:
    """A word's everyday-English frequency; a hyphenated compound wordfreq does not list is as everyday as its
    rarest part ("state-of-the-art", "large-scale" are everyday; "infer-dropout" is not)."""
    frequency = zipf(word)
    parts = [part for part in word.split("-") if len(part) >= 3 and part.isalpha()]
    if frequency or "-" not in word or not parts:
        return frequency
    return min(zipf(part) for part in parts)


def _in_setting(words: list[tuple[str, int]], number: int) -> bool:
    """Word `number` follows a preposition that names where something was done, within three words ("on the
    large-scale ImageNet", "in Pitfall!", "across MuJoCo"), with no verb or clause break in between; after "to"
    only a name written in capitals or with digits."""
    for back in range(number - 1, max(-1, number - 4), -1):
        low = words[back][0].casefold()
        if low == "to":  # "higher likelihoods to SVHN images", not "compared to fully Bayesian estimation"
            return sum(char.isupper() or char.isdigit() for char in words[number][0]) >= 2
        if low in _SETTING_PREPOSITIONS:
            return True
        if low in STOPWORDS and low not in ("the", "a", "an", "both", "all", "several", "standard", "two", "three",
                                            "four", "five"):
            return False
    return False


def _listed_before(words: list[tuple[str, int]], number: int) -> bool:
    """Two things or more coordinated between a setting preposition and the asked noun: "experiments on natural
    language processing and small- and large-scale vision tasks"."""
    span: list[str] = []
    for back in range(number - 1, max(-1, number - 10), -1):
        low = words[back][0].casefold()
        if low in _SETTING_PREPOSITIONS:
            return "and" in span or "or" in span
        span.append(low)
    return False


def _names_without_kind(sentence: str, words: list[tuple[str, int]], kind_surface: str,
                        question_words: Collection[str], own_names: Collection[str], setting: bool = False) -> bool:
    """A sentence without the asked noun answers "which X" only by naming something ("In Pitfall!, ..."), by a
    compound of the noun ("a legged millirobot" for "what robot") or by listing things ("multi-digit
    multiplication, boolean logic, and grade school math problems")."""
    for number, (word, start) in enumerate(words):
        low = word.casefold()
        if low in question_words or low in own_names:
            continue
        if len(kind_surface) >= 4 and kind_surface in low and low != kind_surface:
            return True
        if _NAME.fullmatch(word) and _is_name(word, start, sentence) and (
            not setting or _in_setting(words, number)
        ):
            return True
    if setting:
        return bool(_SETTING_LIST.search(sentence) or _EXPERIMENTS_IN_PAIR.search(sentence))
    return bool(_ENUMERATION.search(sentence) or _LIST.search(sentence))


def names_in(sentence: str, exclude: Collection[str] = ()) -> list[str]:
    """The words of `sentence` written as names (`_is_name`), other than the lower-case words in `exclude`."""
    return [word for word, start in ((m.group(0), m.start()) for m in _WORD.finditer(sentence))
            if word.casefold() not in exclude and _NAME.fullmatch(word) and _is_name(word, start, sentence)]


def _is_name(word: str, start: int, sentence: str) -> bool:
    """A word written as a name: capitals or digits inside it ("VizDoom", "H100"), or a capital where a sentence
    does not start ("In Pitfall!, ..."), and not a lone capital letter."""
    letters = [char for char in word if char.isalpha()]
    if len(letters) < 2 and not any(char.isdigit() for char in word):
        return False
    inner = any(char.isupper() or char.isdigit() for char in word[1:])
    if inner:
        return True
    before = sentence[:start].rstrip()
    return bool(before) and before[-1] not in ".!?:;(\"“'"
