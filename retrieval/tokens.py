"""Tokenizer for paper text: the same analysis for documents and queries.

A *word* is a run of letters/digits, possibly joined by connectors (``-``, ``.``, ``×``, ``/``, ``_``):
``LLaMA-2``, ``GPT-3.5``, ``512×512``, ``Dr.Mi-Bench``. Each word yields several index tokens so that both
the whole name and its pieces match:

* the whole word with connectors dropped (``llama2``, ``512x512``; a dot between digits is kept: ``3.5``),
* each connector-separated part (``llama``, ``2``),
* each camel-case piece of a part (``AutoBERT`` -> ``auto``, ``bert``; ``GrowCLIP`` -> ``grow``, ``clip``).

Tokens are NFKC-normalised, case-folded, stripped of Latin diacritics, filtered against English stopwords and
Snowball-stemmed (PyStemmer). LaTeX markup (``$\\times$``, ``\\textbf{..}``) is reduced to plain text first.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import Stemmer

_STOPWORD_TEXT = """
    a about above after again against all am an and any are aren as at be because been before being below between
    both but by can couldn d did didn do does doesn doing don down during each few for from further had hadn has
    hasn have haven having he her here hers herself him himself his how i if in into is isn it its itself just ll m
    ma me mightn more most mustn my myself needn no nor not now o of off on once only or other our ours ourselves out
    over own re s same shan she should shouldn so some such t than that the their theirs them themselves then there
    these they this those through to too under until up ve very was wasn we were weren what when where which while
    who whom why will with won wouldn y you your yours yourself yourselves
    also could would may might must shall via whether upon within without among e g eg ie etc vs
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())
"""English stopwords: NLTK's list plus a few words that carry no topic in paper text (via, e.g., whether...)."""

_CONNECTORS = "-\u2010\u2011\u2012\u2013.\u00d7/_"
# A trailing times sign belongs to its number: "2×" reads "2x", like the letter.
_WORD_RE = re.compile(rf"[^\W_]+(?:[{re.escape(_CONNECTORS)}][^\W_]+)*(?:(?<=\d)\u00d7)?")
_PART_SPLIT_RE = re.compile(rf"[{re.escape(_CONNECTORS.replace('.', ''))}]|(?<!\d)\.|\.(?!\d)")
_POSSESSIVE_RE = re.compile(r"(?<=[^\W_])['\u2019][sS]\b")
# Camel-case boundaries: lower->Upper ("autoB") and ACRONYM->Capitalised ("BERTModel" -> "BERT", "Model"), but
# not before a plural s ("GNNs" is one piece).
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z](?!s(?![a-z]))[a-z])")
# An acronym's plural ("GNNs", "LLMs"): the stemmer leaves it alone, so the s is dropped before stemming.
_PLURAL_ACRONYM_RE = re.compile(r"[A-Z]{2,}s")
# A number glued to letters ("8bit", "fp32", "GPT4"): the two halves are pieces too, as in "8-bit".
_GLUED_RE = re.compile(r"(?:[^\W\d_]+\d+(?:\.\d+)?|\d+(?:\.\d+)?[^\W\d_]+)")
_GLUE_SPLIT_RE = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
# A word with a connector, a camel boundary or a glued number has pieces; any other word is its one token.
_COMPOUND_RE = re.compile(rf"[{re.escape(_CONNECTORS)}]|[a-z][A-Z]|[A-Z][A-Z][a-z]|\d[^\W\d_]|[^\W\d_]\d")

_LATEX_SYMBOLS = {
    "times": "\u00d7", "cdot": "\u00b7", "alpha": "\u03b1", "beta": "\u03b2", "gamma": "\u03b3", "delta": "\u03b4",
    "epsilon": "\u03b5", "theta": "\u03b8", "lambda": "\u03bb", "mu": "\u03bc", "sigma": "\u03c3", "pi": "\u03c0",
    "tau": "\u03c4", "phi": "\u03c6", "omega": "\u03c9", "ell": "l", "sim": "~", "approx": "\u2248",
    "leq": "\u2264", "geq": "\u2265", "le": "\u2264", "ge": "\u2265", "pm": "\u00b1", "infty": "\u221e",
}
_LATEX_CMD_RE = re.compile(r"\\([a-zA-Z]+)\*?|\\([^a-zA-Z\s])")
_LATEX_STRIP_RE = re.compile(r"[{}$]")

_STEMMER = Stemmer.Stemmer("english")


class Piece(NamedTuple):
    """One index token and the character range [start, end) of the text it came from.

    ``kind`` says what the piece is: the ``whole`` word, a ``part`` of a compound (``LLaMA`` of ``LLaMA-2``,
    ``BERT`` of ``AutoBERT``), or a ``glued`` half of a number glued to letters (``bit`` of ``8bit``), which
    documents index so the half is findable but a query does not search by. (A named tuple: analysing a
    2,000-paper profile makes millions, and a frozen dataclass is several times slower to construct.)"""

    start: int
    end: int
    token: str
    kind: str = "whole"


class Word(NamedTuple):
    """A surface word of a text with its position and the index tokens it yields."""

    surface: str
    start: int
    end: int
    pieces: tuple[Piece, ...]

    @property
    def tokens(self) -> list[str]:
        return [piece.token for piece in self.pieces]


def strip_latex(text: str) -> str:
    """Reduce inline LaTeX to plain text: ``512$\\times$512`` -> ``512×512``, ``\\textbf{x}`` -> ``x``."""
    if "\\" not in text and "$" not in text and "{" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        name, escaped = match.group(1), match.group(2)
        if escaped is not None:
            return escaped
        return _LATEX_SYMBOLS.get(name, " ")

    return _LATEX_STRIP_RE.sub("", _LATEX_CMD_RE.sub(replace, text))


@lru_cache(maxsize=200_000)
def normalize(word: str) -> str:
    """NFKC, case-fold and drop diacritics from Latin letters (``Schrödinger`` -> ``schrodinger``)."""
    text = unicodedata.normalize("NFKC", word).casefold()
    if text.isascii():
        return text
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char) and out and out[-1] < "\u0250":
            continue
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter2) stem of a normalised word; a stopword stems to the empty string."""
    if not word or word in STOPWORDS:
        return ""
    return _STEMMER.stemWord(word)


def stems(words_: Sequence[str]) -> list[str]:
    """Snowball stems of many normalised words at once, uncached (for one-off candidates such as a typo's edits)."""
    return _STEMMER.stemWords(list(words_))


def camel_pieces(part: str) -> list[tuple[int, int]]:
    """Camel-case pieces of a part as offsets; one piece when a split would leave fragments like ``LLaMA``."""
    cuts = [0, *(m.start() for m in _CAMEL_RE.finditer(part)), len(part)]
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    merged: list[list[int]] = []
    pending: list[int] | None = None
    for a, b in spans:
        if pending is not None:
            a = pending[0]
            pending = None
        if not _word_like(part[a:b]):
            pending = [a, b]
            continue
        merged.append([a, b])
    if pending is not None:
        if merged and sum(c.isalpha() for c in part[pending[0]:pending[1]]) < 2:
            merged[-1][1] = pending[1]
        else:
            merged.append(pending)
    return [(a, b) for a, b in merged]


def _word_like(piece: str) -> bool:
    """A camel piece that reads as a word: lower-case, Capitalised (3+ letters) or an acronym (2+ capitals)."""
    letters = "".join(c for c in piece if c.isalpha())
    if len(letters) < 2:
        return False
    if letters.islower() or letters.isupper():
        return True
    return letters[0].isupper() and letters[1:].islower() and len(letters) >= 3


def _whole_form(surface: str) -> str:
    """The whole word with connectors dropped, except a dot between digits (``GPT-3.5`` -> ``gpt3.5``)."""
    out: list[str] = []
    for i, char in enumerate(surface):
        if char in _CONNECTORS:
            if char == "." and 0 < i < len(surface) - 1 and surface[i - 1].isdigit() and surface[i + 1].isdigit():
                out.append(".")
            elif char == "\u00d7":
                out.append("x")
            continue
        out.append(char)
    return "".join(out)


Analysed = tuple[tuple[int, int, str, str], ...]
"""A word's pieces as (start, end, token, kind) with offsets inside the word."""


def analyse(surface: str) -> Analysed:
    """The index tokens of one surface word with their character ranges inside it (uncached: see `words`)."""
    if _COMPOUND_RE.search(surface) is None:  # a plain word (most of them): its one token, no pieces
        token = stem(normalize(surface))
        return ((0, len(surface), token, "whole"),) if _keep(token) else ()
    return compound_pieces(surface)


def compound_pieces(surface: str) -> Analysed:
    """`analyse` for a word that may have pieces: the whole, each connector part, each camel piece and
    each half of a glued number."""
    pieces: list[tuple[int, int, str, str]] = []
    seen: set[str] = set()

    def add(a: int, b: int, text: str, kind: str = "part") -> None:
        if _PLURAL_ACRONYM_RE.fullmatch(text):
            text = text[:-1]
        token = stem(normalize(text))
        if _keep(token) and token not in seen:
            seen.add(token)
            pieces.append((a, b, token, kind))

    add(0, len(surface), _whole_form(surface), "whole")
    offset = 0
    parts = _PART_SPLIT_RE.split(surface)
    for part in parts:
        if len(parts) > 1:
            add(offset, offset + len(part), part)
        sub = camel_pieces(part) if _CAMEL_RE.search(part) else [(0, len(part))]
        for a, b in sub:
            if len(sub) > 1:
                add(offset + a, offset + b, part[a:b])
            if _GLUED_RE.fullmatch(part, a, b):
                cut = _GLUE_SPLIT_RE.search(part, a, b).start()
                add(offset + a, offset + cut, part[a:cut], "glued")
                add(offset + cut, offset + b, part[cut:b], "glued")
        offset += len(part) + 1
    return tuple(pieces)


def _keep(token: str) -> bool:
    """Not a stopword (stemmed to "") and not a lone letter."""
    return bool(token) and not (len(token) == 1 and token.isalpha())


class _WordCache(dict[str, Analysed]):
    """surface word -> its analysed pieces (offsets inside the word, token), computed once per distinct word."""

    def __missing__(self, surface: str) -> Analysed:
        pieces = self[surface] = analyse(surface)
        return pieces


class _ChunkCache(dict[str, tuple[str, ...]]):
    """whitespace-separated chunk (``models,``, ``(LLMs)``) -> its index tokens: the hot path of `tokenize`.

    No word spans whitespace, so a text's tokens are its chunks' tokens in order; text repeats its chunks
    (SciFact's 1.05M words are 92k distinct chunks), so tokenizing becomes one dictionary lookup per chunk."""

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        cache = _WORDS
        found = _WORD_RE.findall(_drop_possessives(chunk))
        tokens = self[chunk] = tuple(token for surface in found for _, _, token, _ in cache[surface])
        return tokens


MAX_CACHED = 1_000_000
"""Entries kept per cache (about 100 bytes each); a cache that grows beyond this starts over."""

_WORDS = _WordCache()
_CHUNKS = _ChunkCache()


def _bound_caches() -> None:
    if len(_CHUNKS) > MAX_CACHED or len(_WORDS) > MAX_CACHED:
        _CHUNKS.clear()
        _WORDS.clear()


def analysed(surface: str) -> Analysed:
    """`analyse` through the word cache."""
    _bound_caches()
    return _WORDS[surface]


def clear_caches() -> None:
    """Forget every analysed word (to measure a cold start)."""
    _CHUNKS.clear()
    _WORDS.clear()
    normalize.cache_clear()
    stem.cache_clear()


def _drop_possessives(text: str) -> str:
    if "'" not in text and "\u2019" not in text:
        return text
    return _POSSESSIVE_RE.sub(lambda m: " " * len(m.group(0)), text)


def words(text: str) -> list[Word]:
    """The words of a plain text with their offsets and tokens (for snippets and highlighting)."""
    text = _drop_possessives(text)
    _bound_caches()
    found: list[Word] = []
    append = found.append
    cache = _WORDS
    for match in _WORD_RE.finditer(text):
        surface = match.group(0)
        analysed = cache[surface]
        if not analysed:
            continue
        start = match.start()
        if len(analysed) == 1:  # most words: one piece, no generator
            a, b, token, kind = analysed[0]
            append(Word(surface, start, match.end(), (Piece(start + a, start + b, token, kind),)))
        else:
            pieces = tuple([Piece(start + a, start + b, token, kind) for a, b, token, kind in analysed])
            append(Word(surface, start, match.end(), pieces))
    return found


def surface_spans(text: str) -> list[tuple[str, int, int]]:
    """The words of a plain text as written, with their offsets (possessives dropped), stopwords included: the
    cheap walk for phrase finding (retrieval.topics), which needs where words touch, not their tokens."""
    return [(m.group(0), m.start(), m.end()) for m in _WORD_RE.finditer(_drop_possessives(text))]


def surface_words(text: str) -> list[str]:
    """The words of a plain text as written (possessives dropped), without offsets or tokens: cheap enough to
    count a whole lab's vocabulary (each distinct word is then analysed once)."""
    return _WORD_RE.findall(_drop_possessives(text))


def whole_tokens(text: str) -> list[str]:
    """One token per word of a plain text: each word's whole token (``multi-agent RL`` -> ``multiag``, ``rl``)."""
    _bound_caches()
    cache = _WORDS
    return [analysed[0][2] for surface in _WORD_RE.findall(_drop_possessives(text)) if (analysed := cache[surface])]


def tokenize(text: str) -> list[str]:
    """Index/query tokens of a text, in order: LaTeX stripped, normalised, stopwords dropped, stemmed.

    Exactly the tokens of ``words(strip_latex(text))``, without building offsets."""
    _bound_caches()
    return list(itertools.chain.from_iterable(map(_CHUNKS.__getitem__, strip_latex(text).split())))
