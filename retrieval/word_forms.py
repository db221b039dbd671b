"""Word forms the stemmer conflates: a query word counts its own forms fully and its stem's siblings less.

Snowball reduces a word to a root, and now and then two words of different meaning share one: optimism and
optimization (``optim``), experience and experiment (``experi``), university and universal (``univers``),
probability and probably (``probabl``). So "optimism" finds every paper on optimization, and "experience replay"
every paper that reports experiments. Which of a stem's forms belong together is read from the words
themselves, on principle, with no word list:

* a word's *light form* drops only inflection (plural, -ed, -ing, -ly, a final e; y read as i): "optimizing"
  -> ``optimiz``, "applied" -> ``appli``;
* two forms are *related* when one light form begins the other (optimize / optimization, compress /
  compression, distill / distillation: one derives from the other) or they differ only in an adjective / noun
  ending (efficient / efficiency, communicative / communication). Forms that only share the stem are *siblings*
  (optimism / optimization, experience / experiment, continual / continuous, transformer / transformation).

In a keyword query a word whose stem has siblings in the papers is searched as a virtual term in which each
occurrence of a sibling counts SIBLING_SHARE: the papers on optimization still match "optimism", below the ones
about optimism. Where the papers write a stem is found by scanning the texts of the papers that have the stem
(one regular expression, a few microseconds a paper), once per stem; sentence-long queries (claims, where every
word would be scanned) keep the plain stem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np

from retrieval.bm25 import BM25
from retrieval.phrases import PhraseIndex
from retrieval.tokens import analysed, normalize

SIBLING_SHARE = 0.5
"""How much an occurrence of a sibling form counts for a query word (0.25 measured the same)."""

_INFLECTIONS = (("ies", "i"), ("ied", "i"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
_DOUBLED = re.compile(r"([^aeiou])\1$")
ALTERNATIONS = (
    ("ent", "enc", "enci"), ("ant", "anc", "anci"), ("iv", "ion", "ation"), ("abl", "abiliti"), ("ibl", "ibiliti"),
)
"""Endings that make an adjective and its noun of one word (efficient / efficiency, important / importance,
generative / generation, adaptive / adaptation, available / availability), compared on light forms."""
MIN_ROOT = 2
"""Letters a light form keeps at least: a suffix is not cut when less would remain."""
MIN_ADVERB_ROOT = 5
"""An -ly ending is an adverb's only after five letters or more ("directly", not "apply" or "family")."""

Forms = dict[str, tuple[np.ndarray, np.ndarray]]
"""A stem's surface forms in the papers: form -> (documents, occurrences in each; the title counted as often as
in the index)."""


def light_form(word: str) -> str:
    """The word without inflection or adverb ending, final e dropped and y read as i: "applying", "applied" and
    "apply" -> ``appli``; "effectively" -> ``effectiv``; "controlled" -> ``control``."""
    for suffix, replacement in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_ROOT and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)] + replacement
            if suffix in ("ing", "ed"):
                word = _DOUBLED.sub(r"\1", word)
            break
    if word.endswith("ly") and len(word) - 2 >= MIN_ADVERB_ROOT:
        word = word[:-2]
    if word.endswith("e") and len(word) > MIN_ROOT:
        word = word[:-1]
    if word.endswith("y"):
        word = word[:-1] + "i"
    return word


def related(first: str, second: str) -> bool:
    """Whether two light forms are one word's: one begins the other (one derives from it), or they differ only
    in an adjective / noun ending (`ALTERNATIONS`)."""
    if first.startswith(second) or second.startswith(first):
        return True
    for group in ALTERNATIONS:
        for one in group:
            if first.endswith(one):
                root = first[: -len(one)]
                if any(second == root + other for other in group if other != one):
                    return True
    return False


class FormIndex:
    """Where an index's papers write each form of a stem, found on demand and kept per stem."""

    def __init__(
        self,
        bm25: BM25,
        phrases: PhraseIndex,
        documents: Callable[[int], Iterable[str]] | None,
        title_weight: int,
        cached_stems: int = 4096,
    ) -> None:
        """``documents(i)`` gives document i's title and then its other texts; without it no form is known."""
        self.bm25 = bm25
        self.phrases = phrases
        self._documents = documents
        self._title_weight = title_weight
        self._cached_stems = cached_stems
        self._forms: dict[str, Forms] = {}
        self._frequencies: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}

    def forms(self, stem: str) -> Forms:
        """The stem's surface forms in the papers (normalised), with their occurrences per paper."""
        found = self._forms.get(stem)
        if found is None:
            if len(self._forms) >= self._cached_stems:
                self._forms.clear()
            found = self._forms[stem] = self._scan(stem)
        return found

    def _scan(self, stem: str) -> Forms:
        if self._documents is None or stem not in self.bm25.vocab:
            return {}
        found: dict[str, dict[int, int]] = {}
        # A Snowball stem begins its words, but for a final y read as i ("polici" for "policy").
        prefix = stem[:-1] if stem.endswith("i") and len(stem) > 1 else stem
        pattern = re.compile(r"(?<![^\W_])" + re.escape(prefix) + r"[^\W_]*", re.IGNORECASE)
        for doc_id in self.bm25.postings(stem)[0].tolist():
            for field, text in enumerate(self._documents(doc_id)):
                times = self._title_weight if field == 0 else 1
                for surface in pattern.findall(text):
                    if any(token == stem for _, _, token, _ in analysed(surface)):
                        per_doc = found.setdefault(normalize(surface), {})
                        per_doc[doc_id] = per_doc.get(doc_id, 0) + times
        return {
            form: (np.fromiter(per_doc, dtype=np.int64, count=len(per_doc)),
                   np.fromiter(per_doc.values(), dtype=np.float64, count=len(per_doc)))
            for form, per_doc in found.items()
        }

    def siblings(self, stem: str, light: str) -> list[str]:
        """The stem's forms in the papers that are siblings of a word with this light form, sorted; none when the
        papers never write the word (a typo that stems right, "distilation", says nothing of which form it is)."""
        lights = {form: light_form(form) for form in self.forms(stem)}
        if light not in lights.values():
            return []
        return sorted(form for form, other in lights.items() if not related(other, light))

    def frequency(self, stem: str, light: str) -> tuple[np.ndarray, np.ndarray]:
        """Documents with the stem and its frequency in each, a sibling's occurrences counting SIBLING_SHARE."""
        key = (stem, light)
        cached = self._frequencies.get(key)
        if cached is None:
            if len(self._frequencies) >= self._cached_stems:
                self._frequencies.clear()
            ids, tf = self.phrases.sequence((stem,))
            forms = self.forms(stem)
            sibling = np.zeros(len(ids))
            for form in self.siblings(stem, light):
                form_ids, times = forms[form]
                at = np.searchsorted(ids, form_ids)
                known = (at < len(ids)) & (ids[np.minimum(at, len(ids) - 1)] == form_ids)
                np.add.at(sibling, at[known], times[known])
            cached = self._frequencies[key] = (ids, np.maximum(tf - (1 - SIBLING_SHARE) * sibling, SIBLING_SHARE * tf))
        return cached
