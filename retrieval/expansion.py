"""Query analysis against the corpus being searched: compounds, plurals, acronyms, word families, phrases.

Everything here is learnt from the served titles and abstracts themselves, so it holds for any researcher's
profile in any field; there is no hand-written list of terms. A query becomes an :class:`AnalysedQuery`: BM25
term weights plus weighted phrases (scored as virtual BM25 terms by the ranker). Each step and its weight was
measured on SciFact and on the graded per-profile query sets (bench/RESULTS.md):

* **compounds**: two query words whose joined form is an indexed word ("fine tuning" when the papers write
  "fine-tuning") are read as that compound;
* **plurals**: an unknown word whose singular is indexed ("mllms") is read as the singular; a three-letter one
  only as an acronym's plural ("gps" where the papers define "GPs", common English or not);
* **spellings**: a British or American spelling the papers never write ("optimisation") is read as theirs;
* **numbers joined to words**: in a keyword query "5-shot", "5shot" and "5 shot" are one concept, found in any of
  the three writings, when the papers use it;
* **acronyms** (:mod:`retrieval.acronyms`): an acronym the corpus defines also searches its long form as a
  phrase; a keyword query holding a long form is also searched as one concept written either way (as typed, or
  with the long form contracted to its acronym: a virtual term whose frequency sums both, `Synonyms`); a
  common-English word the papers write only in capitals ("mt" for "MT") is their acronym;
* **word families**: a word also searches the indexed words it is a stem-prefix of, or that are a stem-prefix
  of it ("sparse" -> "sparsity", "sparsification"), at a lower weight than the word itself;
* **phrases**: in a short query, each pair of neighbouring words also scores where the pair occurs together.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

import numpy as np

from retrieval.acronyms import CorpusAcronyms
from retrieval.bm25 import BM25
from retrieval.phrases import PhraseIndex
from retrieval.tokens import Analysed, Piece, Word, analysed, normalize, surface_words
from retrieval.word_forms import FormIndex, light_form
from retrieval.wordstats import zipf

PIECE_WEIGHT = 0.5
KNOWN_WHOLE_PIECE_WEIGHT = 0.1
FREE_PIECE_WEIGHT = 0.2
FREE_PIECE_MIN_SHARE = 0.5
"""A piece of a known compound that the papers mostly write as a word of its own (the "attention" of
"self-attention", not the "self" nor the "fine" and "tune" of "fine-tuning") counts FREE_PIECE_WEIGHT instead of
KNOWN_WHOLE_PIECE_WEIGHT: a paper using it alone is more likely on the topic than one using a bound prefix."""
FREE_PIECE_SAMPLE_DOCS = 200
"""Documents read (the first ones with the piece) to estimate how often a piece stands alone."""
SPLIT_MIN_PART = 3
SPLIT_MIN_SHARE = 0.25
"""A compound is read the way the corpus writes it: a one-word query as the compound when at least this share
of the papers with the word hyphenate it, two query words as one when at least this share of the papers with
either form write them as one word."""
ACRONYM_WEIGHT = 0.4
"""Weight of an acronym's long form (as a phrase) when a sentence-long query has the acronym; the long form's
words weigh LONG_FORM_BAG_WEIGHT of it (in keyword queries too)."""
LONG_FORM_WEIGHT = 1.0
"""A keyword query holding a long form also searches the query as one concept, written as typed or with the long
form contracted to its acronym ("model-based reinforcement learning" = "model-based RL"); the concept weighs this
much per word of the long form, as much as the words it stands for."""
FAMILY_WEIGHT = 0.3
PHRASE_WEIGHT = 0.3
SENTENCE_LONG_FORM_WEIGHT = 0.2
"""In a sentence-long query a long form's acronym is a light extra term: a concept worth its words over-weighs
one phrase among many (SciFact nDCG@10 0.7098 -> 0.7024)."""
KEYWORD_QUERY_WORDS = 4
"""A query of at most this many words is a keyword query: neighbouring words are taken as phrases and a known
compound as one word. In a longer query (a sentence, a claim) neighbours are mostly not phrases, and a
compound's parts keep half a weight each so the sentence still matches papers that hyphenate differently."""
ACRONYM_MAX_ZIPF = 4.0
"""A lower-case query word this frequent in general English (once per 100,000 words: "act", "dot") is read as
the word, not as an acronym; short chat forms such as "rl" (3.4) or "qa" (3.2) stay acronyms."""
LONG_FORM_BAG_WEIGHT = 0.3
FAMILY_MIN_STEM = 5
FAMILY_SUFFIXES = frozenset(
    ["i", "u", "e", "al", "ic", "ical", "iti", "if", "ific", "iz", "is", "ari", "eri", "ori", "atori", "iv", "ativ"]
)
"""The derivational endings a Snowball stem still carries ("sparsiti" = "spars" + "iti", "binari" = "binar" + "i",
"exploratori" = "explor" + "atori", "discoveri" = "discov" + "eri"): a second, more aggressive stemming level.
Agent endings (-er, -or, -ist) are left out: a "predictor" is not a "prediction"."""


K = TypeVar("K")
V = TypeVar("V")
Phrase = tuple[tuple[str, ...], ...]
"""A phrase as its words, each word as its index tokens (see `retrieval.phrases`)."""
Synonyms = tuple[Phrase, ...]
"""Ways of writing one concept (an acronym and its long form), each a phrase of one word or several: scored as one
virtual BM25 term whose frequency is the sum of theirs (a paper writing both ways does not count twice)."""


MEMO_SIZE = 50_000
"""Entries per word memo; a memo that grows beyond this (months of distinct typos) starts over."""


class _Memo(dict[K, V]):
    """A dict that starts over when it outgrows MEMO_SIZE, so a long-running bot's memory stays flat."""

    def __setitem__(self, key: K, value: V) -> None:
        if len(self) >= MEMO_SIZE:
            self.clear()
        super().__setitem__(key, value)


@dataclass
class AnalysedQuery:
    """What a query searches: its words (after joining compounds), BM25 term weights and weighted phrases."""

    words: list[Word]
    terms: dict[str, float] = field(default_factory=dict)
    phrases: dict[Phrase, float] = field(default_factory=dict)
    synonyms: dict[Synonyms, float] = field(default_factory=dict)
    forms: dict[tuple[str, str], float] = field(default_factory=dict)
    """(stem, light form of the query word) -> weight: the stem with its sibling forms counting less
    (`retrieval.word_forms`)."""

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases or self.synonyms or self.forms)

    @property
    def highlight_weights(self) -> dict[str, float]:
        """Every token the query searches with its weight, for snippets and highlights: its terms, its stems
        with sibling forms, and its phrases' words (an acronym's long form, a compound)."""
        weights = dict(self.terms)
        for (stem, _), weight in self.forms.items():
            weights.setdefault(stem, weight)
        phrases = [*self.phrases.items()]
        phrases += [(phrase, weight) for synonyms, weight in self.synonyms.items() for phrase in synonyms]
        for phrase, weight in phrases:
            for word in phrase:
                for token in word:
                    weights.setdefault(token, weight)
        return weights


def word_terms(
    word: Word, known: Container[str] = (), free: Callable[[str], bool] | None = None
) -> dict[str, float]:
    """A query word's BM25 term weights: a plain word counts 1; a compound's whole token and pieces 0.5 each
    (a query's own compound counting three times cost 0.005 nDCG@10 on SciFact).

    A compound whose whole token is in ``known`` (a keyword query, against the index's vocabulary) is searched
    as that word: the whole counts 1 and each piece KNOWN_WHOLE_PIECE_WEIGHT, so "self-attention" ranks the
    "self-" papers low, and "fine-tuning", "finetuning" and "fine tuning" search alike. A paper with a piece
    alone still matches: the graded sets count "attention" papers as relevant to "self-attention". A piece for
    which ``free`` is true (the papers mostly write it as a word of its own) counts FREE_PIECE_WEIGHT."""
    tokens = [piece.token for piece in word.pieces if piece.kind != "glued"]
    if len(tokens) == 1:
        return {tokens[0]: 1.0}
    whole_known = tokens[0] in known
    weights: dict[str, float] = {tokens[0]: 1.0 if whole_known else PIECE_WEIGHT}
    share = KNOWN_WHOLE_PIECE_WEIGHT if whole_known else PIECE_WEIGHT
    for token in tokens[1:]:
        if token.isdigit() and len(token) <= 2:
            continue  # the "2" of "LLaMA-2" alone would match every paper that mentions a 2
        piece_share = FREE_PIECE_WEIGHT if whole_known and free is not None and free(token) else share
        weights[token] = weights.get(token, 0.0) + piece_share
    return weights


_SPELLINGS = [
    (re.compile(pattern), replacement)
    for pattern, replacement in [
        (r"our(?=s?$|ed$|ing$|al$|ally$|ite$|able$)", "or"),  # behaviour, colour, favourite
        (r"(?<=[a-z])or(?=s?$|ed$|ing$|al$|ally$)", "our"),  # behavior, color
        (r"is(?=e$|es$|ed$|ing$|ation$|ations$|er$|ers$)", "iz"),  # optimise, realisation
        (r"iz(?=e$|es$|ed$|ing$|ation$|ations$|er$|ers$)", "is"),  # optimize, realization
        (r"ys(?=e$|es$|ed$|ing$)", "yz"),  # analyse
        (r"yz(?=e$|es$|ed$|ing$)", "ys"),  # analyze
        (r"(?<=[^aeiou])tre(?=s?$)", "ter"),  # centre
        (r"(?<=[^aeiou])ter(?=s?$)", "tre"),  # center
        (r"ogue(?=s?$)", "og"),  # dialogue, catalogue
        (r"og(?=s?$)", "ogue"),  # dialog
    ]
]
"""British <-> American spellings, applied to a query word and kept only when the other spelling is indexed."""


def _reads_as_acronym(surface: str) -> bool:
    """A query word may be an acronym when it is written with capitals ("NMT", "GNNs", "biLM") or, typed in
    lower case, when it is no common English word ("nmt" yes, "acts" no)."""
    if any(c.isupper() for c in surface[1:]):
        return True
    return zipf(surface) < ACRONYM_MAX_ZIPF


def _contains(sequence: tuple[str, ...], part: tuple[str, ...]) -> bool:
    size = len(part)
    return any(sequence[i : i + size] == part for i in range(len(sequence) - size + 1))


def whole_token(word: Word) -> str:
    return word.pieces[0].token


def number_parts(word: Word) -> tuple[str, str] | None:
    """The two parts of a number joined to a word, in order ("5-shot", "5shot" -> ``5``, ``shot``; "fp32" ->
    ``fp``, ``32``), or None for any other word."""
    parts = tuple(piece.token for piece in word.pieces[1:])
    if len(parts) == 2 and sum(part.isdigit() for part in parts) == 1 and any(part.isalpha() for part in parts):
        return parts[0], parts[1]
    return None


def _number_and_word(first: str, second: str) -> bool:
    """Whether two surfaces are a number and a word, in either order ("5" "shot", "GPT" "4")."""
    return (first.isdigit() and second.isalpha()) or (first.isalpha() and second.isdigit())


def _shifted(first: Word, second: Word, pieces: Analysed) -> Word:
    """Two neighbouring query words as the one compound ``first-second`` whose `analysed` pieces are given,
    with offsets in the query text."""
    cut = len(first.surface)

    def position(offset: int) -> int:  # an offset in the joined surface -> the query text
        return first.start + offset if offset <= cut else second.start + offset - cut - 1

    shifted = tuple(Piece(position(a), position(b), token, kind) for a, b, token, kind in pieces)
    return Word(f"{first.surface}-{second.surface}", first.start, second.end, shifted)


class QueryExpander:
    """Analyses queries against one index: its vocabulary, its documents' phrases, its texts' acronyms."""

    def __init__(
        self,
        bm25: BM25,
        phrases: PhraseIndex,
        documents: Callable[[int], Iterable[str]] | None = None,
        forms: FormIndex | None = None,
    ) -> None:
        """``documents(i)`` gives document i's texts (title, abstract) for its acronym definitions, ``forms``
        where the papers write each form of a stem; without them the expander knows no acronyms and no
        sibling forms."""
        self.bm25 = bm25
        self.vocab = bm25.vocab
        self.phrases = phrases
        self.forms = forms
        self._documents = documents or (lambda doc_id: ())
        self.acronyms = CorpusAcronyms(self._documents, lambda token: bm25.postings(token)[0], bm25.n_docs)
        # Per-word results (each a function of the word and the index), kept for the words queries use.
        self._splits: _Memo[str, Analysed] = _Memo()
        self._joins: _Memo[tuple[str, tuple[str, ...]], bool] = _Memo()
        self._families: _Memo[str, list[str]] = _Memo()
        self._spellings: _Memo[tuple[str, str], list[str]] = _Memo()
        self._lower_case: _Memo[str, bool] = _Memo()
        self._free_pieces: _Memo[str, bool] = _Memo()

    @cached_property
    def _sorted_vocabulary(self) -> list[str]:
        return sorted(self.vocab)

    # ------------------------------------------------------------------------------------------------ analysis
    def analyse(self, query_words: Sequence[Word], text: str) -> AnalysedQuery:
        found = [self._split(self._singular(self._respelt(word))) for word in self.join_compounds(query_words, text)]
        keywords = len(found) <= KEYWORD_QUERY_WORDS
        if keywords:
            found = self._join_numbers(found, text)
        query = AnalysedQuery(words=found)
        terms: Counter[str] = Counter()
        for word in found:
            terms.update(word_terms(word, self.vocab, self.stands_alone) if keywords else word_terms(word))
        phrases: Counter[Phrase] = Counter()
        synonyms: Counter[Synonyms] = Counter()
        wholes = [whole_token(word) for word in found]
        self._add_acronyms(found, wholes, terms, phrases, synonyms)
        self._add_families(found, terms)
        if keywords and len(found) >= 2:
            for first, second in itertools.pairwise(found):
                if whole_token(first) != whole_token(second):
                    phrases[(tuple(first.tokens), tuple(second.tokens))] += PHRASE_WEIGHT
        if keywords:
            self._compound_concepts(found, terms, phrases)
        if keywords and self.forms is not None:
            self._separate_siblings(found, terms, query.forms)
        query.terms = {term: weight for term, weight in terms.items() if weight > 0}
        query.phrases = dict(phrases)
        query.synonyms = dict(synonyms)
        return query

    def _compound_concepts(self, found: Sequence[Word], terms: Counter[str], phrases: Counter[Phrase]) -> None:
        """A compound the papers know, in a keyword query, counts in any of its writings: "real-world",
        "realworld" and "real world" (a virtual term, `PhraseIndex.frequency` of the one word)."""
        for word in found:
            number = number_parts(word)
            if number is not None:
                self._number_concept(word, number, terms, phrases)
                continue
            tokens = tuple(piece.token for piece in word.pieces if piece.kind != "glued")
            if len(tokens) > 2 and tokens[0] in self.vocab and terms.get(tokens[0], 0.0) >= 1:
                terms[tokens[0]] -= 1.0
                phrases[(tokens,)] += 1.0


    def _number_concept(
        self, word: Word, number: tuple[str, str], terms: Counter[str], phrases: Counter[Phrase]
    ) -> None:
        """A number joined to a word ("5-shot", "5shot", "fp32") that the papers use, written whole or spaced,
        counts as one concept in any of the three writings; the word alone still matches, below it."""
        whole = whole_token(word)
        if whole not in self.vocab and not len(self.phrases.sequence(number)[0]):
            return
        for token, weight in word_terms(word, self.vocab, self.stands_alone).items():
            terms[token] -= weight
        for token in number:
            if not token.isdigit():
                terms[token] += KNOWN_WHOLE_PIECE_WEIGHT
        phrases[((whole, *number),)] += 1.0

    def _join_numbers(self, found: Sequence[Word], text: str) -> list[Word]:
        """In a keyword query, a number and a word next to each other ("5 shot", "GPT 4") that the papers use
        joined or spaced, as the one compound ("5-shot", "GPT-4"): every writing of it then searches alike."""
        out: list[Word] = []
        for word in found:
            previous = out[-1] if out else None
            if (previous is not None and len(previous.pieces) == 1 and len(word.pieces) == 1
                    and _number_and_word(previous.surface, word.surface)
                    and text[previous.end : word.start].isspace()):
                joined = _shifted(previous, word, analysed(f"{previous.surface}-{word.surface}"))
                parts = number_parts(joined)
                if parts is not None and len(self.phrases.sequence(parts)[0]):
                    out[-1] = joined
                    continue
            out.append(word)
        return out

    def _separate_siblings(
        self, found: Sequence[Word], terms: Counter[str], forms: dict[tuple[str, str], float]
    ) -> None:
        """A plain word whose stem the papers also write as an unrelated sibling ("optimism" and "optimization")
        is searched with the siblings counting less (`retrieval.word_forms`)."""
        assert self.forms is not None
        for word in found:
            if len(word.pieces) != 1 or not word.surface.isalpha():
                continue
            stem = word.pieces[0].token
            light = light_form(normalize(word.surface))
            if terms.get(stem) and self.forms.siblings(stem, light):
                forms[stem, light] = forms.get((stem, light), 0.0) + terms.pop(stem)

    def stands_alone(self, token: str) -> bool:
        """Whether the papers mostly write this compound piece as a word of its own: in the first
        FREE_PIECE_SAMPLE_DOCS papers with it, at least FREE_PIECE_MIN_SHARE of its uses are a one-piece word."""
        cached = self._free_pieces.get(token)
        if cached is None:
            alone = bound = 0
            for doc_id in self.bm25.postings(token)[0][:FREE_PIECE_SAMPLE_DOCS].tolist():
                for text in self._documents(doc_id):
                    for surface in surface_words(text):
                        tokens = [piece[2] for piece in analysed(surface) if piece[3] != "glued"]
                        if tokens == [token]:
                            alone += 1
                        elif token in tokens[1:]:
                            bound += 1
            cached = self._free_pieces[token] = alone > 0 and alone >= FREE_PIECE_MIN_SHARE * (alone + bound)
        return cached

    def known(self, word: Word) -> bool:
        """Whether the index can search this word: its token, its singular or a family member is indexed; for a
        compound, its whole or every part with letters ("LLaMA-3", not "HoepotQA" for "HotpotQA")."""
        if len(word.pieces) > 1:
            parts = [piece for piece in word.pieces[1:] if piece.kind != "glued" and not piece.token.isdigit()]
            return word.pieces[0].token in self.vocab or all(piece.token in self.vocab for piece in parts)
        if word.pieces[0].token in self.vocab or self._respelt(word) is not word:
            return True
        singular = self._singular(word)
        return singular is not word or bool(self.family(whole_token(word)))

    def join_compounds(self, query_words: Sequence[Word], text: str) -> list[Word]:
        """Neighbouring words whose joined form is an indexed word become that compound ("fine tuning")."""
        out: list[Word] = []
        for word in query_words:
            previous = out[-1] if out else None
            if previous is not None and text[previous.end : word.start].isspace():
                joined = self._joined(previous, word)
                if joined is not None:
                    out[-1] = joined
                    continue
            out.append(word)
        return out

    def _joined(self, first: Word, second: Word) -> Word | None:
        surface = f"{first.surface}-{second.surface}"
        pieces = analysed(surface)
        if not pieces or pieces[0][3] != "whole" or pieces[0][2] not in self.vocab:
            return None
        if first.pieces[0].token in self.vocab and second.pieces[0].token in self.vocab and "-" in first.surface:
            return None  # an already hyphenated word is not glued to the next one
        if not self._written_joined(pieces[0][2], tuple(first.tokens) + tuple(second.tokens)):
            return None
        return _shifted(first, second, pieces)

    def _written_joined(self, whole: str, apart: tuple[str, ...]) -> bool:
        """Whether the corpus writes two words mostly as one ("fine-tuning", "finetuning"), not apart ("question
        answering", even when one paper hyphenates it): the papers with the joined word are at least
        SPLIT_MIN_SHARE of those with either form."""
        key = (whole, apart)
        cached = self._joins.get(key)
        if cached is None:
            joined = int(self.bm25.doc_freq[self.vocab[whole]])
            apart_ids = self.phrases.sequence(apart)[0]
            joined_ids = self.phrases.sequence((whole, *apart))[0]  # "fine-tuning" is "finetun fine tune"
            spaced = len(np.setdiff1d(apart_ids, joined_ids, assume_unique=True))
            cached = self._joins[key] = joined >= SPLIT_MIN_SHARE * (joined + spaced)
        return cached

    def _split(self, word: Word) -> Word:
        """A one-piece word the corpus also writes as a compound, as that compound ("finetuning" where papers
        write "fine-tuning": the whole token followed by its first part appears in the documents)."""
        if len(word.pieces) != 1 or not word.surface.isalpha():
            return word
        cached = self._splits.get(word.surface)
        if cached is None:
            cached = self._splits[word.surface] = self._find_split(word.surface, word.pieces[0].token)
        if not cached:
            return word
        return Word(word.surface, word.start, word.end,
                    tuple(Piece(word.start + a, word.start + b, token, kind) for a, b, token, kind in cached))

    def _find_split(self, surface: str, whole: str) -> Analysed:
        if whole not in self.vocab:
            return ()
        for cut in range(SPLIT_MIN_PART, len(surface) - SPLIT_MIN_PART + 1):
            pieces = analysed(f"{surface[:cut]}-{surface[cut:]}")
            if len(pieces) != 3 or pieces[0][2] != whole or any(p[2] not in self.vocab for p in pieces[1:]):
                continue
            # The compound's own signature in the token stream (its whole, then its two parts), in a fair share
            # of the documents that have the word: the corpus writes it both ways.
            enough = max(1, math.ceil(SPLIT_MIN_SHARE * self.bm25.doc_freq[self.vocab[whole]]))
            if self.phrases.consecutive([piece[2] for piece in pieces], enough):
                return tuple((a if a <= cut else a - 1, b if b <= cut else b - 1, token, kind)
                             for a, b, token, kind in pieces)
        return ()

    def _singular(self, word: Word) -> Word:
        """An unknown plural whose singular is indexed, as the singular ("mllms" -> "mllm"; "LMS" -> "lm", as an
        acronym may be typed in capitals)."""
        pieces = word.pieces
        if len(pieces) != 1 or pieces[0].token in self.vocab:
            return word
        token = pieces[0].token
        if not token.endswith("s") or token[:-1] not in self.vocab:
            return word
        # A three-letter word is a plural only as an acronym's: written as one ("LMs"), or typed in lower case
        # as the plural of an acronym the papers define ("gps" where they write "Gaussian processes (GPs)", though
        # "gps" is common English).
        plural = len(token) > 3 or _reads_as_acronym(word.surface) or bool(self.acronyms.meanings(token[:-1]))
        if plural and len(token) >= 3:
            piece = pieces[0]
            return Word(word.surface, word.start, word.end, (Piece(piece.start, piece.end, token[:-1], piece.kind),))
        return word

    def _respelt(self, word: Word) -> Word:
        """A plain word the papers never write but spell the other way (British "optimisation", "colour" where
        they write "optimization", "color"), as their spelling: it then searches exactly like the word the papers
        use (its word family, its sibling forms), not like an extra term beside an unknown one."""
        if len(word.pieces) != 1 or word.pieces[0].token in self.vocab or not word.surface.isalpha():
            return word
        for variant in self.spelt_as(word.surface):
            pieces = analysed(variant)
            if len(pieces) == 1 and pieces[0][2] in self.vocab:
                return Word(variant, word.start, word.end, (Piece(word.start, word.end, pieces[0][2], "whole"),))
        return word

    def _read_as_plural(self, word: Word) -> bool:
        """Whether `_singular` read the word as its singular: the papers never write it, only its singular
        ("gps" for "GPs"), so it stands for what they mean by that, common English or not."""
        own = analysed(word.surface)
        return len(word.pieces) == 1 and len(own) == 1 and own[0][2] == word.pieces[0].token + "s"

    def _only_capitals(self, word: Word) -> bool:
        """Whether a query word that is common English ("mt", "op", "squad") is an acronym the papers define and
        write only with capitals: then it can only mean their acronym ("mt" for "machine translation (MT)",
        "squad" for "Stanford Question Answering Dataset (SQuAD)"), while "acts" stays a word where papers write
        "acts" (or "Acts") as well as "ACT"."""
        if len(word.pieces) != 1:
            return False
        return self.written_as_acronym(word.surface, word.pieces[0].token)

    def written_as_acronym(self, surface: str, token: str) -> bool:
        """Whether the papers define `token` as an acronym and write it, wherever it occurs, with a capital after
        its first letter ("MT", "SQuAD"; not "Acts" at the start of a sentence, nor "acts")."""
        surface = normalize(surface)
        if not surface.isalpha():
            return False
        cached = self._lower_case.get(surface)
        if cached is None:
            written = re.compile(r"(?<![^\W_])" + re.escape(surface) + r"(?![^\W_])", re.IGNORECASE)
            cached = bool(self.acronyms.meanings(token)) and all(
                any(char.isupper() for char in found[1:]) for doc_id in self.bm25.postings(token)[0].tolist()
                for text in self._documents(doc_id) for found in written.findall(text)
            )
            self._lower_case[surface] = cached
        return cached

    def _add_acronyms(
        self,
        found: Sequence[Word],
        wholes: list[str],
        terms: Counter[str],
        phrases: Counter[Phrase],
        synonyms: Counter[Synonyms],
    ) -> None:
        """Acronyms both ways. In a keyword query an acronym and its long form are one concept written two ways
        (`Synonyms`): a paper that writes either is found, one that writes both does not count twice. In a
        sentence-long query each is only a light extra (a whole concept over-weighs one phrase among many)."""
        query = tuple(wholes)
        keywords = len(query) <= KEYWORD_QUERY_WORDS
        for word, token in zip(found, wholes, strict=True):
            if not (_reads_as_acronym(word.surface) or self._read_as_plural(word) or self._only_capitals(word)):
                continue
            meanings = [(form, share) for form, share in self.acronyms.meanings(token) if not _contains(query, form)]
            if keywords and token in terms:
                self._acronym_concepts(token, meanings, terms, synonyms)
            else:
                self._acronym_extras(meanings, terms, phrases)
        for start, (token, following) in enumerate(itertools.pairwise(wholes)):
            for form, defined in self.acronyms.long_forms_from(token, following):
                if query[start : start + len(form)] != form:
                    continue
                acronyms = [acronym for acronym in sorted(defined) if acronym in self.vocab and acronym not in query]
                if not acronyms:
                    continue
                if not keywords:
                    total = sum(defined.values())
                    for acronym in acronyms:
                        terms[acronym] += SENTENCE_LONG_FORM_WEIGHT * defined[acronym] / total
                    continue
                # The query as typed, or with the long form contracted ("model-based reinforcement learning" =
                # "model-based RL"), weighing as much as the long form's words.
                written = tuple(tuple(word.tokens) for word in found)
                before, after = written[:start], written[start + len(form) :]
                ways = (written, *((*before, (acronym,), *after) for acronym in acronyms))
                synonyms[ways] += LONG_FORM_WEIGHT * len(form)

    def _acronym_concepts(
        self,
        token: str,
        meanings: list[tuple[tuple[str, ...], float]],
        terms: Counter[str],
        synonyms: Counter[Synonyms],
    ) -> None:
        """An acronym of a keyword query as one concept per meaning, the acronym or its long form spelt out; the
        acronym's weight is shared among its meanings (as often as the corpus uses each)."""
        weight = terms.pop(token) if meanings else 0.0
        for form, share in meanings:
            synonyms[(((token,),), *self._contracted(form))] += weight * share
            if len(form) > 1:
                for long_word in form:
                    terms[long_word] += ACRONYM_WEIGHT * share * LONG_FORM_BAG_WEIGHT / len(form)

    def _acronym_extras(
        self, meanings: list[tuple[tuple[str, ...], float]], terms: Counter[str], phrases: Counter[Phrase]
    ) -> None:
        """An acronym of a sentence-long query: its long forms as extra phrases, their words as light terms."""
        for form, share in meanings:
            weight = ACRONYM_WEIGHT * share
            if len(form) == 1:  # a one-word long form ("mixture-of-experts"): a term, not a phrase
                terms[form[0]] += weight
                continue
            for variant in self._contracted(form):
                phrases[variant] += weight
            for long_word in form:
                terms[long_word] += weight * LONG_FORM_BAG_WEIGHT / len(form)

    def _contracted(self, form: tuple[str, ...]) -> list[Phrase]:
        """A long form as a phrase, and the same with a nested long form replaced by its acronym ("multimodal
        large language models" -> "multimodal llm"), as papers write it both ways."""
        words = self.acronyms.words(form)
        variants = [words]
        for start, (token, following) in enumerate(itertools.pairwise(form)):
            for inner, defined in self.acronyms.long_forms_from(token, following):
                size = len(inner)
                if size < len(form) and form[start : start + size] == inner:
                    for acronym in sorted(defined):
                        if acronym in self.vocab:
                            variants.append((*words[:start], (acronym,), *words[start + size :]))
        return variants

    def _add_families(self, found: Sequence[Word], terms: Counter[str]) -> None:
        for word in found:
            if len(word.pieces) != 1:
                continue
            token = word.pieces[0].token
            for variant in self.spellings(word.surface, token):
                if variant not in terms:
                    terms[variant] += 1.0  # the same word, spelt the other way
            for member in self.family(token):
                if member not in terms:
                    terms[member] += FAMILY_WEIGHT

    def spellings(self, surface: str, token: str) -> list[str]:
        """Indexed tokens of the word's British or American spelling ("behaviour" <-> "behavior")."""
        key = (surface, token)
        if key not in self._spellings:
            self._spellings[key] = self._find_spellings(surface, token)
        return self._spellings[key]

    def _find_spellings(self, surface: str, token: str) -> list[str]:
        found: list[str] = []
        for variant in self.spelt_as(surface):
            pieces = analysed(variant)
            if pieces and pieces[0][2] != token and pieces[0][2] in self.vocab:
                found.append(pieces[0][2])
        return found

    @staticmethod
    def spelt_as(surface: str) -> list[str]:
        """The word's other spellings (`_SPELLINGS`: British <-> American), normalised; none for a non-word."""
        word = normalize(surface)
        if not word.isalpha():
            return []
        variants = (pattern.sub(replacement, word) for pattern, replacement in _SPELLINGS)
        return [variant for variant in variants if variant != word]

    def knows_stem(self, token: str) -> bool:
        """Whether `token` is indexed or has indexed family members; uncached, for one-off candidates (a typo's
        edits) that should not fill the family cache."""
        return token in self.vocab or bool(self._families.get(token) or self._find_family(token))

    def family(self, token: str) -> list[str]:
        """Indexed words of the same family: the token plus a derivational ending, or the token less one."""
        if token not in self._families:
            self._families[token] = self._find_family(token)
        return self._families[token]

    def _find_family(self, token: str) -> list[str]:
        if len(token) < FAMILY_MIN_STEM or not token.isalpha():
            return []
        vocabulary = self._sorted_vocabulary
        found: list[str] = []
        position = bisect.bisect_right(vocabulary, token)
        while position < len(vocabulary) and vocabulary[position].startswith(token):
            if vocabulary[position][len(token) :] in FAMILY_SUFFIXES:
                found.append(vocabulary[position])
            position += 1
        for size in range(FAMILY_MIN_STEM, len(token)):
            if token[size:] in FAMILY_SUFFIXES and token[:size] in self.vocab:
                found.append(token[:size])
        return found
