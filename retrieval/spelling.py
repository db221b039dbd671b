"""Typo correction: the one policy search, title lookup and questions share.

A `Speller` knows one vocabulary (surface words as people type them, with how often each occurs). For a word
it does not know it suggests the known words closest by edit distance (OSA: a transposition counts as one
edit), nearest first, then those that keep the word's first letter (a typo seldom hits it: "fature" is
"feature" before "nature"), then most frequent. How far a correction may reach grows with the word's length:

| letters | edits allowed |
|---|---|
| 1-3 | none: one edit reaches too many words |
| 4-6 | 1 ("mamaba" -> "mamba") |
| 7-11 | 2 |
| 12+ | 3 |

`correct` is stricter than `suggest`: it makes one edit at most below 12 letters (two from 12), returns a
single replacement only when the nearest candidate is unambiguous (no other candidate as near and nearly as
frequent), and never "corrects" a word that is itself common English ("France" is a word, not a typo of
"trace"), so a correction never turns a question about something absent into an answer about something else
("federated" is two edits from "generated": offered by search, never silently read as it).

A typo of a word the papers only write in another form ("quantizaton" where they write "quantized", so
"quantization" is known to the search through its stem but not as a surface word) has no near surface word. For
such a word (7 letters or more) `Speller.stem_fix` tries every single edit and keeps those the stemmer reduces to a
stem the index has: one stem is a correction, several are none; among the edits that reach it, the one whose ending
the papers' own words use most ("-ation" before "-ator") is shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property

from rapidfuzz import process
from rapidfuzz.distance import OSA

from retrieval.tokens import STOPWORDS, normalize, stem, stems, surface_words, words
from retrieval.wordstats import zipf

MIN_LETTERS = 4
STEM_FIX_MIN_LETTERS = 7
"""Below this length one edit turns too many words into some stem of the papers."""
STEM_FIX_MAX_LETTERS = 24
"""Above this length a word is no typo of a word (and its edits would be many thousands)."""
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
ENDING = 4
"""Letters of a word's ending compared with the vocabulary's when choosing among corrections with one stem."""
COMMON_ENGLISH_ZIPF = 3.0
"""A word at least this frequent in general English (wordfreq's Zipf scale: 3 = once per million words) is a
word in its own right: it is suggested for, but never silently corrected."""


def surface_vocabulary(texts: Iterable[str]) -> dict[str, int]:
    """Surface words (normalised, as a user types them) -> number of occurrences in `texts`, the parts of names
    included ("LLaMA-2" counts "llama"; "AutoBERT" counts "auto" and "bert"). Occurrences are counted first and
    each distinct word is analysed once, so a lab of thousands of abstracts costs a fraction of a second."""
    occurrences = Counter(surface for text in texts for surface in surface_words(text))
    counts: Counter[str] = Counter()
    for surface, times in occurrences.items():
        for word in words(surface):
            for piece in word.pieces:
                known = normalize(surface[piece.start:piece.end])
                if len(known) > 2 and known not in STOPWORDS and any(char.isalpha() for char in known):
                    counts[known] += times
    return dict(counts)


def max_edits(word: str) -> int:
    """How many edits a correction of `word` may make (see the table in the module docstring)."""
    letters = sum(char.isalpha() for char in word)
    if letters < MIN_LETTERS:
        return 0
    return 1 if len(word) <= 6 else 2 if len(word) <= 11 else 3


class Speller:
    """Suggestions and corrections against one vocabulary of surface words."""

    def __init__(self, counts: Mapping[str, int], tokens: Callable[[str], Sequence[str]] | None = None) -> None:
        """`counts` maps normalised surface words to their frequency. `tokens` gives a word's index tokens:
        two candidates with the same tokens are one suggestion ('model', 'models'), and a candidate whose
        tokens the typed word already has adds nothing ('llm' for 'llm-based')."""
        self.counts = dict(counts)
        self.words = sorted(self.counts)
        self.tokens = tokens or (lambda word: (word,))

    def __contains__(self, word: str) -> bool:
        return normalize(word) in self.counts

    def suggest(self, term: str, limit: int = 3) -> list[str]:
        """Known words closest to `term`, nearest first, then most frequent; [] when it is too short."""
        wanted = normalize(term.strip())
        cutoff = max_edits(wanted)
        if not cutoff or limit <= 0 or not self.words:
            return []
        return [word for word, _ in self._ranked(wanted, cutoff)][:limit]

    def correct(self, term: str) -> str | None:
        """The one word `term` was meant to be, or None: unknown, not common English, and unambiguous."""
        wanted = normalize(term.strip())
        cutoff = min(max_edits(wanted), 1 if len(wanted) < 12 else 2)
        if not cutoff or wanted in self.counts or zipf(wanted) >= COMMON_ENGLISH_ZIPF:
            return None
        ranked = self._ranked(wanted, cutoff)
        if not ranked:
            return None
        best, distance = ranked[0]
        rivals = [word for word, d in ranked[1:] if d == distance and self.counts[word] * 2 > self.counts[best]]
        return None if rivals else best

    def stem_fix(self, term: str, known_stem: Callable[[str], bool]) -> str | None:
        """The one word a single edit away from `term` whose stem is in `known_stems` ("quantizaton" ->
        "quantization" when the papers write "quantized"), `known_stem` saying which stems the search knows; None
        when `term` is short, already stems to a known stem, or its edits reach several stems."""
        wanted = normalize(term.strip())
        if not (STEM_FIX_MIN_LETTERS <= len(wanted) <= STEM_FIX_MAX_LETTERS and wanted.isascii() and wanted.isalpha()):
            return None
        if known_stem(stem(wanted)):
            return None
        candidates = sorted(single_edits(wanted))
        by_stem: dict[str, list[str]] = {}
        for candidate, stemmed in zip(candidates, stems(candidates), strict=True):
            if len(stemmed) >= MIN_LETTERS and known_stem(stemmed):
                by_stem.setdefault(stemmed, []).append(candidate)
        roots = {stemmed for stemmed in by_stem if not any(stemmed.startswith(other) for other in by_stem
                                                              if other != stemmed)}
        if len(roots) != 1:  # stems that extend one another ('binar', 'binariz') are one family
            return None
        options = [option for stemmed, found in by_stem.items() for option in found]
        endings = self._endings
        return max(options, key=lambda option: (endings[option[-ENDING:]], zipf(option), option[:1] == wanted[:1],
                                                -len(option), option))

    @cached_property
    def _endings(self) -> Counter[str]:
        """How many of the vocabulary's words end in each ENDING-letter string."""
        return Counter(word[-ENDING:] for word in self.words if len(word) > ENDING)

    def _ranked(self, wanted: str, cutoff: int) -> list[tuple[str, int]]:
        found = process.extract(wanted, self.words, scorer=OSA.distance, score_cutoff=cutoff, limit=40)
        known = set(self.tokens(wanted))
        ranked = sorted((int(distance), word[:1] != wanted[:1], -self.counts[word], word)
                        for word, distance, _ in found if word != wanted)
        chosen: list[tuple[str, int]] = []
        seen: set[tuple[str, ...]] = set()
        for distance, _, _, word in ranked:
            key = tuple(self.tokens(word))
            if key not in seen and not known.issuperset(key):
                seen.add(key)
                chosen.append((word, distance))
        return chosen


def single_edits(word: str) -> set[str]:
    """Every string one edit (delete, transpose, replace, insert of a letter) away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return (deletes | transposes | replaces | inserts) - {word}
