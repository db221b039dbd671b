"""What two papers of a profile are both about: the phrases each paper uses, how specific each phrase is, and the
one a related-paper reason names ("both on clean-label poisoning").

A **topic phrase** of a paper is a run of one to four adjacent content words of its title or abstract (a stopword
or punctuation ends the run: "attacks on graph neural networks" gives "graph neural networks", never
"attacks graph") that reads as a noun phrase:

* it ends where its run ends ("multi-modal large" of "multi-modal large language models" is no phrase);
* neither end is a word the profile uses only as a verb: the profile writes "to defend", "can cause", "to prune"
  and never "the defence"-style "the defend", so "defend adversarial attacks" and "prune" are no topics; an -ing
  word opens a phrase only where the profile writes it after a determiner ("the learning rate"), so the title
  verb of "Exploring Neural Architecture Search" is no topic ("exploration" of another paper shares its stem);
* it has no word about evaluation or novelty and does not end in an adjective or adverb (`topical`).

Two papers **share** a phrase only when both use it as a phrase (the same index tokens in a row: "diffusion
model" = "diffusion models"); words scattered over an abstract ("large ... language ... models") share nothing.
An acronym an abstract defines stands for its long form there ("LLMs" in a paper that wrote "large language
models (LLMs)" counts as both).

**Specificity** of a phrase: log(N / papers using it) / log N over the profile's N papers (a phrase two papers of
forty use: 0.81; ten of forty: 0.38), times how rare its words are in general English
(`retrieval.topicality.specificity`). A phrase more than a third of the profile uses (and at least
`MIN_GENERIC_PAPERS`) is **generic** for that profile — "reinforcement learning" for an RL researcher — and is
never named: a reason built from it would say nothing. **Weight** of a phrase in a paper: 2 in its title, 1.5
used twice or more in the abstract, 1 once.

The reason a pair gets is its best shared phrase by specificity x weight in one paper x weight in the other, among
those central to at least one of them (in a title, or used twice); a phrase used once in passing by both papers
("open question", "computational demands") names nothing. The same phrases, summed, are evidence for ranking
(`evidence`), so a pair is ranked by what its reason cites.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from scipy import sparse

from retrieval import acronyms, roles
from retrieval.models import Paper
from retrieval.sentences import split_sentences
from retrieval.tokens import STOPWORDS, surface_spans, words
from retrieval.topicality import specificity as english_specificity
from retrieval.wordstats import zipf

MAX_WORDS = 4
GENERIC_SHARE = 1 / 3
MIN_GENERIC_PAPERS = 5
COMMON_ENGLISH = 5.0  # Zipf frequency of everyday words ("deep", "large", "high"): no topic of their own
TITLE_WEIGHT = 2.0
REPEATED_WEIGHT = 1.5
CENTRAL = 1.5  # a reason's phrase has at least this weight in one of the two papers (a title's, or used twice)
PRESENT = 1.0  # ... and at least this in the other (said where it states what it does, or twice in passing)

_RAW_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
# Words after which the next word is a noun or an adjective ("the defence", "of pruning"), and words after which it
# is a verb ("to defend", "we prune", "can cause"). "to" is both ("robust to noise"): a noun use elsewhere wins.
_DETERMINER_TEXT = (
    "the a an this these those its their our his her each every such any no some many several various all both "
    "another other first second"
)
_PREPOSITION_TEXT = (
    "of for in on with by from into via between among across against over under within without about through "
    "towards toward beyond"
)
_DETERMINERS = frozenset(_DETERMINER_TEXT.split())
_PREPOSITIONS = frozenset(_PREPOSITION_TEXT.split())
_VERB_CUES = frozenset(["to", "can", "could", "may", "might", "will", "would", "should", "must", "cannot", "we", "they",
                        "also", "not", "often"])


# How much a mention in an abstract sentence says the paper is about the phrase, by the sentence's role
# (retrieval.roles): what the paper does, more than the problem it starts from, more than where it was evaluated
# ("results on MNIST") or where the code is.
ROLE_WEIGHT = {"own": 1.0, "other": 0.5, "release": 0.25}
_OWN = re.compile(r"\b(?:we|our|this (?:paper|work|study|article))\b", re.I)


def _role(sentence: str) -> str:
    """A cheap reading of what a sentence does (retrieval.roles reads it fully, at ten times the cost): the
    paper's own work ("we", "our", "this paper") or anything else; where the code is."""
    if roles.releases(sentence):
        return "release"
    if _OWN.search(sentence) and not roles.states_figure(sentence):
        return "own"
    return "other"


@dataclass
class Occurrence:
    """A phrase in one paper: how it is written there, and how central it is."""

    surface: str
    in_title: bool
    mentions: float = 0.0  # the abstract's mentions, each weighted by its sentence's role

    @property
    def weight(self) -> float:
        """TITLE_WEIGHT in the title; else the weighted mentions, between 0.5 and REPEATED_WEIGHT."""
        if self.in_title:
            return TITLE_WEIGHT
        return min(max(self.mentions, 0.5), REPEATED_WEIGHT)


class WordUse:
    """How the profile uses each word (lower-cased, as written): after a determiner, a preposition, a verb cue."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.after_determiner: Counter[str] = Counter()
        self.after_preposition: Counter[str] = Counter()
        self.after_verb_cue: Counter[str] = Counter()
        for text in texts:
            previous = ""
            for match in _RAW_WORD.finditer(text.lower()):
                word = match.group().strip("'’-")
                if previous in _DETERMINERS:
                    self.after_determiner[word] += 1
                elif previous in _PREPOSITIONS:
                    self.after_preposition[word] += 1
                elif previous in _VERB_CUES:
                    self.after_verb_cue[word] += 1
                previous = word

    def verb_only(self, word: str) -> bool:
        """The profile uses the word after "to", "we", "can" ... and never after a determiner or preposition."""
        word = word.lower()
        if not self.after_verb_cue[word]:
            return False
        nominal = self.after_determiner[word] + (0 if word.endswith("ing") else self.after_preposition[word])
        return nominal == 0

    def opens_noun_phrase(self, word: str) -> bool:
        """A phrase may start with the word: not a verb, and an -ing word only where a determiner precedes it."""
        lowered = word.lower()
        if lowered.endswith("ing") and lowered == word.lower() and not _NAME_LIKE.search(word):
            return self.after_determiner[lowered] > 0
        return not self.verb_only(word)


class TopicTable:
    """The topic phrases of every paper of a profile, their specificity, and the phrases pairs share."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = list(papers)
        self.n = len(self.papers)
        self.use = WordUse([text for p in self.papers for text in (p.title, p.abstract)])
        self._words: dict[str, tuple[str, str, bool, bool, bool]] = {}
        self.parts: dict[str, tuple[str, ...]] = {}  # a key's words (their letters), for `generic`
        self.word_papers: Counter[str] = Counter()
        readings = [self._read(p) for p in self.papers]
        self.expansions = _expansions(sentences for sentences, _ in readings)
        mentions = [self._mentions(p, *reading) for p, reading in zip(self.papers, readings, strict=True)]
        # a phrase inside a longer run ("few-shot learning" of "few-shot learning benchmarks") is one only where
        # the profile also uses it as a whole noun phrase ("... for few-shot learning."); "multi-modal large" never
        complete = {key for found in mentions for key, _, _, _, final in found if final}
        self.phrases: list[dict[str, Occurrence]] = [self._occurrences(found, complete) for found in mentions]
        self.papers_using: Counter[str] = Counter(key for found in self.phrases for key in found)

    # -------------------------------------------------------------------------------------------- phrases
    @staticmethod
    def _read(paper: Paper) -> tuple[list[str], list[str]]:
        sentences = split_sentences(paper.abstract)
        return sentences, [_role(sentence) for sentence in sentences]

    def _mentions(
        self, paper: Paper, sentences: list[str], sentence_roles: list[str]
    ) -> list[tuple[str, str, bool, float, bool]]:
        """Every candidate phrase of a paper: (key, surface, in the title, role weight, ends its run)."""
        parts = [(paper.title, True, 0.0)] + [
            (sentence, False, ROLE_WEIGHT[role]) for sentence, role in zip(sentences, sentence_roles, strict=True)
        ]
        found = []
        seen_words: set[str] = set()
        for text, in_title, weight in parts:
            if text.isupper():  # "META LEARNING SHARED HIERARCHIES": capitals for emphasis, not acronyms
                text = text.lower()
            for key, surface, final in self._text_phrases(text, seen_words):
                found.append((key, surface, in_title, weight, final))
        self.word_papers.update(seen_words)
        return found

    @staticmethod
    def _occurrences(found: list[tuple[str, str, bool, float, bool]], complete: set[str]) -> dict[str, Occurrence]:
        out: dict[str, Occurrence] = {}
        for key, surface, in_title, weight, final in found:
            if not final and key not in complete:
                continue
            occurrence = out.get(key)
            if occurrence is None:
                out[key] = Occurrence(surface, in_title, weight)
            else:
                occurrence.in_title = occurrence.in_title or in_title
                occurrence.mentions += weight
                if len(surface.split()) > len(occurrence.surface.split()):
                    occurrence.surface = surface  # spelt out reads better: "multi-agent reinforcement learning"
        return out

    def _word(self, surface: str) -> tuple[str, str, bool, bool, bool]:
        """Per distinct word, once: (letters for the key, form in prose, can open a phrase, can end one, a name)."""
        known = self._words.get(surface)
        if known is None:
            stop = _stop(surface)
            name = bool(_NAME_LIKE.search(surface))
            opens = not stop and self.use.opens_noun_phrase(surface)
            ends = not stop and not self.use.verb_only(surface)
            known = self._words[surface] = (_key_letters(surface), _as_in_prose(surface), opens, ends, name)
        return known

    def _text_phrases(self, text: str, seen_words: set[str]) -> list[tuple[str, str, bool]]:
        """(key, surface, whether it ends its run) of every contiguous run of 1..MAX_WORDS content words that
        starts and ends like a noun phrase. A run is broken by anything but a space or a hyphen between two
        content words (a stopword, punctuation). An acronym the profile defines also gives the phrase with its
        long form ("deep RL" is "deep reinforcement learning" too)."""
        out = []
        expansions, parts_of = self.expansions, self.parts
        for run in _runs(text):
            analysed = [self._word(surface) for surface in run]
            letters = [a[0] for a in analysed]
            seen_words.update(letters)
            wholes = letters
            spelt = any(letter in expansions for letter in letters)
            for start in range(len(run)):
                if not analysed[start][2]:
                    continue
                for end in range(start + 1, min(start + MAX_WORDS, len(run)) + 1):
                    if end - start > 1 and wholes[end - 1] in wholes[start : end - 1]:
                        break  # a word twice ("learning to learning"): so is every longer piece
                    last = analysed[end - 1]
                    if not last[3]:
                        continue
                    # a name or an acronym is a topic even as a modifier ("Mamba blocks", "BERT backbone")
                    final = end == len(run) or (end - start == 1 and last[4])
                    surface = " ".join([a[1] for a in analysed[start:end]])
                    words_here = tuple(letters[start:end])
                    for parts in self._spellings(words_here) if spelt else (words_here,):
                        key = "".join(parts)
                        if key not in parts_of:
                            parts_of[key] = parts
                        out.append((key, surface, final))
        return out

    def _spellings(self, parts: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The phrase's words, and the same with each acronym the profile defines spelt out."""
        if not any(part in self.expansions for part in parts):
            return [parts]
        spelt = tuple(word for part in parts for word in self.expansions.get(part, (part,)))
        return [parts, spelt]

    # ------------------------------------------------------------------------------------- specificity
    def _common(self, count: int) -> bool:
        return count >= MIN_GENERIC_PAPERS and count > GENERIC_SHARE * self.n

    def generic(self, key: str) -> bool:
        """Used by more than a third of the profile (and at least MIN_GENERIC_PAPERS papers), or made only of
        what is: "deep reinforcement learning" or "RL agents" for an RL researcher say no more than
        "reinforcement learning" (each word is in a generic phrase, is itself that common in the profile, or is
        common English), "multi-agent reinforcement learning" does."""
        if self._common(self.papers_using[key]):
            return True
        parts = self.parts.get(key, ())
        spellings = self._spellings(parts)
        if len(spellings) > 1:  # "RL" is as generic as "reinforcement learning"
            return self._covered(parts) or self.generic("".join(spellings[1]))
        return self._covered(parts)

    def _covered(self, parts: tuple[str, ...]) -> bool:
        """Every word is in a generic phrase, is itself that common in the profile, or is common English."""
        covered = [self._common(self.word_papers[part]) or zipf(part) >= COMMON_ENGLISH for part in parts]
        for size in range(2, len(parts)):
            for start in range(len(parts) - size + 1):
                if self._common(self.papers_using["".join(parts[start : start + size])]):
                    covered[start : start + size] = [True] * size
        return bool(parts) and all(covered)

    def specificity(self, key: str, surface: str) -> float:
        """Rarity in the profile (as a phrase) times rarity of its words in English; 0 for a generic phrase."""
        count = self.papers_using[key]
        if count < 2 or self.n < 3 or self.generic(key):
            return 0.0
        profile = math.log(self.n / count) / math.log(self.n)
        english = sum(english_specificity(w.lower()) for w in surface.split()) / len(surface.split())
        return profile * english

    # ------------------------------------------------------------------------------------------ shared
    def shared(self, a: int, b: int) -> list[tuple[float, str, str]]:
        """The phrases both papers use that can name what they share, best first: (score, surface, key)."""
        first, second = self.phrases[a], self.phrases[b]
        if len(second) < len(first):
            first, second = second, first
        out = []
        for key, here in first.items():
            there = second.get(key)
            if there is None or max(here.weight, there.weight) < CENTRAL or min(here.weight, there.weight) < PRESENT:
                continue
            surface = self.phrases[a][key].surface
            both_titles = here.in_title and there.in_title
            if not topical(surface, here.in_title or there.in_title, both_titles):
                continue
            if " " not in surface and "-" not in surface and not (both_titles or _NAME_LIKE.search(surface)):
                continue  # one common word ("inference", "classifier") names a topic only when both titles use it
            size = len(surface.split())
            score = self.specificity(key, surface) * here.weight * there.weight * (1 + 0.25 * (size - 1))
            if score > 0:
                out.append((score, surface, key))
        out.sort(key=lambda item: (-item[0], item[1]))
        return out

    def topic(self, a: int, b: int) -> str:
        """The phrase a reason names ("graph neural networks"), or "" when the papers share no specific one."""
        found = self.shared(a, b)
        return found[0][1] if found else ""

    @cached_property
    def evidence(self) -> sparse.csr_matrix:
        """Papers x papers: the summed specificity x weights of the phrases each pair shares (zero diagonal)."""
        columns: dict[str, int] = {}
        values: dict[tuple[str, bool], float] = {}
        rows, cols, data = [], [], []
        for doc, found in enumerate(self.phrases):
            for key, occurrence in found.items():
                if self.papers_using[key] < 2:
                    continue
                value = values.get((key, occurrence.in_title))
                if value is None:
                    value = self.specificity(key, occurrence.surface)
                    if not topical(occurrence.surface, occurrence.in_title, False):
                        value = 0.0
                    values[key, occurrence.in_title] = value
                if value <= 0:
                    continue
                rows.append(doc)
                cols.append(columns.setdefault(key, len(columns)))
                data.append(math.sqrt(value) * occurrence.weight)
        matrix = sparse.csr_matrix((data, (rows, cols)), shape=(self.n, max(len(columns), 1)), dtype=np.float64)
        product = (matrix @ matrix.T).tolil()
        product.setdiag(0.0)
        return product.tocsr()


_LETTERS = re.compile(r"[\W_]+")


def phrase_key(piece: Sequence) -> str:
    """One key for the ways a phrase is written: "few-shot learning" = "few shot learning", "auto-encoders" =
    "autoencoders", "diffusion model" = "diffusion models", "LLMs" = "LLM" (the words' letters joined, the last
    one singular). Not stemmed: "transformer" and "transformation" are different topics."""
    return _key([(_key_letters(w.surface),) for w in piece])


def _key(analysed: Sequence[tuple]) -> str:
    return "".join(a[0] for a in analysed)


def _expansions(abstracts: Iterable[list[str]]) -> dict[str, tuple[str, ...]]:
    """Acronym (its letters) -> its long form's words, as the profile's abstracts define them (the most common
    long form when it defines one in several ways): "rl" -> ("reinforcement", "learning")."""
    found: dict[str, Counter[tuple[str, ...]]] = {}
    for sentences in abstracts:
        for definition in acronyms.definitions(sentences).values():
            long = tuple(_key_letters(w.surface) for w in words(definition.long))
            if len(long) >= 2:
                found.setdefault(_key_letters(definition.short), Counter())[long] += 1
    return {short: forms.most_common(1)[0][0] for short, forms in found.items()}


_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")


@lru_cache(maxsize=65536)
def _key_letters(surface: str) -> str:
    """A word's letters, lower-cased, a plural made singular ("networks", "LLMs", "strategies", "losses")."""
    if _PLURAL_ACRONYM.match(surface):
        surface = surface[:-1]
    word = _LETTERS.sub("", surface.lower())
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _runs(text: str) -> list[list[str]]:
    """The text's content words (as written), split wherever something other than a space or a hyphen lies
    between two (a stopword, punctuation)."""
    runs: list[list[str]] = []
    run: list[str] = []
    previous_end = -1
    for surface, start, end in surface_spans(text):
        if _stop(surface):
            if run:
                runs.append(run)
            run, previous_end = [], -1
            continue
        if run and text[previous_end:start].strip(" -\u2010\u2011"):
            runs.append(run)
            run = []
        run.append(surface)
        previous_end = end
    if run:
        runs.append(run)
    return runs


# An acronym or a coined name: "BERT", "LLMs", "GANs", "MetaMath" (not a title-cased "Fine-Tuning").
_NAME_LIKE = re.compile(r"[a-z][A-Z]|[A-Z]{2}|\d")


def _as_in_prose(word: str) -> str:
    """'Positional' -> 'positional', 'Fine-Tuning' -> 'fine-tuning'; 'BERT', 'LLMs', 'Mamba-2' keep their case."""
    return word if _NAME_LIKE.search(word) else word.lower()


def _stop(surface: str) -> bool:
    return surface.lower() in STOPWORDS or not any(c.isalpha() for c in surface)


# Words about a paper's evaluation or its novelty, the same in any field's abstracts: no topic of their own.
_BOILERPLATE_TEXT = (
    "extensive experiment experiments experimental result results evaluation evaluations evaluate benchmark "
    "benchmarks baseline baselines dataset datasets state-of-the-art sota existing previous prior competing various "
    "several different many multiple proposed novel new performance performances effectiveness efficiency "
    "superiority consistently significantly substantially comprehensive empirical empirically real-world "
    "downstream wide range variety outperforms outperform approach approaches method methods framework frameworks"
)
_BOILERPLATE = frozenset(_BOILERPLATE_TEXT.split())
_NOT_TOPIC_ENDING = re.compile(
    r"(?:ly|ed|al|ive|ous|ful|able|ible|ic|ize|ise|izes|ises|ary|ent|ant|scale|based|free|aware|like)$", re.I
)


@lru_cache(maxsize=65536)
def topical(phrase: str, from_title: bool = False, in_both_titles: bool = False) -> bool:
    """Whether a phrase can name what two papers are about.

    Never: a phrase with a word about evaluation ("extensive", "outperforms", "benchmarks") or one ending in an
    adverb, participle or adjective ("shown great", "eliminating redundant"). One word: a name or acronym
    ("BERT", "Mamba", "LLMs"), or a noun-like word of a title that is rare in English ("diffusion"); several
    words: a title's phrase ("large language models"), or, from the abstracts only, one with a rare word and
    not common words on average ("graph convolutional network", not "final answer")."""
    parts = phrase.split()
    lowered = [part.lower() for part in parts]
    if any(part in _BOILERPLATE for part in lowered) or roles.RESULT.search(phrase):
        return False
    if _NOT_TOPIC_ENDING.search(parts[-1]) or any(part.lower().endswith("ly") for part in parts):
        return False
    frequencies = [zipf(part) for part in parts]
    if len(parts) == 1:
        word = parts[0]
        if _NAME_LIKE.search(word) or (word[:1].isupper() and word[1:].islower() and frequencies[0] < 3):
            return True
        return from_title and frequencies[0] < 3.5 and not word.lower().endswith(("ing", "ate"))
    if from_title:
        return frequencies[-1] <= 5.0
    return min(frequencies) < 4.0 and sum(frequencies) / len(frequencies) < 4.6
