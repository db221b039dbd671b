"""Acronyms the served text defines: "long form (ACRONYM)" and "ACRONYM (long form)".

Two users, one matcher (Schwartz & Hearst, 2003: the short form's letters appear in order in the long form, the
first one starting a word):

* summaries keep an abstract's own expansions (`definitions`, `mention`: "Diffusion Mamba (DiM)",
  "Self-Adjust Softmax (SA-Softmax)", "pRotOtypical taSk ... mechAnism (ROSETTA)");
* search mines every definition of the corpus into an `AcronymTable` (`mine_acronyms`), so a query term is
  expanded in either direction. No acronym table is written by hand. Initials are tried before letters
  ("proximal policy optimization (PPO)", where letters alone would give "policy optimization"); a plural short
  form ("graph neural networks (GNNs)") defines its singular, as the tokenizer folds plural acronyms; an acronym
  a corpus defines in two ways ("RL" for "reinforcement learning" and "representation learning") keeps both
  meanings with how often each was used. The table maps index tokens: the acronym's whole token (``gnn``) to each
  long form's words (``("graph", "neural", "network")``), and back.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from retrieval.tokens import STOPWORDS, strip_latex, tokenize, whole_tokens, words

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


# --- the corpus table for search ---------------------------------------------------------------------------

MAX_SHORT_FORM = 10
"""Schwartz & Hearst's limit on a short form's length, in characters."""

_PAREN_RE = re.compile(r"\(([^()]{2,120})\)")
_SHORT_FORM_RE = re.compile(r"[^\W_](?:[\w\-./&+]*[^\W_])?")
_HYPHENS_RE = re.compile("[-\u2010\u2011]")


@dataclass
class AcronymTable:
    """Acronym token -> long forms (token tuples) with their counts, and long form -> acronym tokens.

    What the table answers does not depend on the order definitions were added in (a corpus's table is filled
    as queries need it, see `CorpusAcronyms`): meanings and forms come out sorted, and a long form keeps the
    text of its definition with the lowest ``order`` (the first document that defines it)."""

    long_forms: dict[str, Counter[tuple[str, ...]]] = field(default_factory=dict)
    acronyms: dict[tuple[str, ...], Counter[str]] = field(default_factory=dict)
    texts: dict[tuple[str, ...], str] = field(default_factory=dict)
    """A long form as first written, for its phrase words and for display."""

    def __bool__(self) -> bool:
        return bool(self.long_forms)

    _by_first: dict[str, list[tuple[str, ...]]] | None = None
    _words: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    _text_order: dict[tuple[str, ...], int] = field(default_factory=dict)

    def add(self, short_token: str, long_tokens: tuple[str, ...], long_text: str, order: int = 0) -> None:
        self._by_first = None
        self.long_forms.setdefault(short_token, Counter())[long_tokens] += 1
        self.acronyms.setdefault(long_tokens, Counter())[short_token] += 1
        if order < self._text_order.get(long_tokens, order + 1):
            self._text_order[long_tokens] = order
            self.texts[long_tokens] = " ".join(long_text.split())
            self._words.pop(long_tokens, None)

    def meanings(self, token: str) -> list[tuple[tuple[str, ...], float]]:
        """The long forms an acronym token stands for, with each one's share of its definitions (most used
        first)."""
        found = self.long_forms.get(token)
        if not found:
            return []
        total = sum(found.values())
        return [(form, count / total) for form, count in sorted(found.items(), key=lambda item: (-item[1], item[0]))]

    def words(self, form: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        """A long form's words, each as its index tokens as documents have them ("multi-agent" -> the whole
        and its parts), for phrase matching."""
        found = self._words.get(form)
        if found is None:
            found = self._words[form] = tuple(tuple(word.tokens) for word in words(self.texts[form]))
        return found

    def forms_starting_with(self, token: str) -> list[tuple[str, ...]]:
        """The long forms of two or more words that start with ``token``, sorted."""
        if self._by_first is None:
            by_first: dict[str, list[tuple[str, ...]]] = {}
            for form in sorted(self.acronyms):
                if len(form) >= 2:
                    by_first.setdefault(form[0], []).append(form)
            self._by_first = by_first
        return self._by_first.get(token, [])


def mine_acronyms(texts: Iterable[str]) -> AcronymTable:
    """Every acronym definition in ``texts`` (plain text; LaTeX is stripped here)."""
    table = AcronymTable()
    for order, text in enumerate(texts):
        mine_text(table, text, order)
    return table


def mine_text(table: AcronymTable, text: str, order: int = 0) -> None:
    """Add the definitions of one text to ``table``."""
    if "(" not in text:
        return
    text = strip_latex(text)
    for match in _PAREN_RE.finditer(text):
        for short, long in _definitions(text, match):
            _record(table, short, long, order)


class CorpusAcronyms:
    """An indexed corpus's acronym definitions, mined from the documents a query points at.

    Mining a whole corpus costs about 50 us a document (5 s at 100,000 documents), and a query needs only the
    definitions of its own words: an acronym is defined in documents that contain it, a long form in documents
    that contain its first two words. So each question to the table first mines the documents that hold its
    words, each document once; the answer is then exactly what a table of the whole corpus would give, whatever
    was asked before."""

    def __init__(
        self, documents: Callable[[int], Iterable[str]], postings: Callable[[str], np.ndarray], n_docs: int
    ) -> None:
        """``documents(i)`` gives document i's texts, ``postings(token)`` the documents that have a token."""
        self.table = AcronymTable()
        self._documents = documents
        self._postings = postings
        self._mined = np.zeros(n_docs, dtype=bool)
        self._meanings: dict[str, list[tuple[tuple[str, ...], float]]] = {}
        self._pairs: set[tuple[str, str]] = set()
        self._lock = threading.RLock()  # the search's threads share one table

    def mine(self, doc_ids: np.ndarray) -> AcronymTable:
        """The table, with every definition in these documents added (the table itself is not thread-safe:
        read it through the methods below, which lock)."""
        with self._lock:
            if len(doc_ids):
                fresh = np.unique(doc_ids[~self._mined[doc_ids]])
                self._mined[fresh] = True
                for doc_id in fresh.tolist():
                    for text in self._documents(doc_id):
                        mine_text(self.table, text, doc_id)
            return self.table

    def mine_all(self) -> AcronymTable:
        """The table of the whole corpus (for inspection and tests)."""
        return self.mine(np.arange(len(self._mined)))

    def meanings(self, token: str) -> list[tuple[tuple[str, ...], float]]:
        """The long forms the corpus defines for an acronym token, with their shares (`AcronymTable.meanings`);
        each long form is complete too (every document that may define it mined)."""
        with self._lock:
            meanings = self._meanings.get(token)
            if meanings is None:
                meanings = self.mine(self._postings(token)).meanings(token)
                for form, _ in meanings:
                    if len(form) >= 2:
                        self._mine_pair(form[0], form[1])
                    else:
                        self.mine(self._postings(form[0]))
                if len(self._meanings) >= MEMO_SIZE:
                    self._meanings.clear()
                self._meanings[token] = meanings
            return meanings

    def long_forms_from(self, first: str, second: str) -> list[tuple[tuple[str, ...], dict[str, int]]]:
        """The long forms that start with these two words, each with its acronyms and how often each was
        defined for it, sorted; complete (the documents that have both words mined, however they write them)."""
        with self._lock:
            self._mine_pair(first, second)
            forms = [form for form in self.table.forms_starting_with(first) if form[1] == second]
            return [(form, dict(self.table.acronyms[form])) for form in forms]

    def _mine_pair(self, first: str, second: str) -> None:
        if (first, second) not in self._pairs:
            self.mine(np.intersect1d(self._postings(first), self._postings(second), assume_unique=True))
            if len(self._pairs) >= MEMO_SIZE:
                self._pairs.clear()
            self._pairs.add((first, second))

    def words(self, form: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        """A known long form's words as index tokens (`AcronymTable.words`)."""
        with self._lock:
            return self.table.words(form)


MEMO_SIZE = 50_000
"""Tokens and word pairs remembered as mined; beyond this the memory starts over (the mined documents stay)."""


def _definitions(text: str, match: re.Match[str]) -> list[tuple[str, str]]:
    """The (short form, long form) pairs one parenthesis defines: "long form (SF)" or "SF (long form)"."""
    content = match.group(1)
    inside = content.split(";", 1)[0].split(",", 1)[0].strip()
    if " " not in inside:
        if inside == inside.lower() or not _is_short_form(inside):  # no capital: "(n = 20)", "(ours)"
            return []
        window = _window(text[max(0, match.start() - 300) : match.start()], inside)
        long = _initials_long_form(inside, window) or _best_long_form(inside, window)
        return [(inside, long)] if long else []
    head = text[max(0, match.start() - MAX_SHORT_FORM - 2) : match.start()].rstrip()
    word = head.rsplit(None, 1)[-1] if head else ""
    if word == word.lower() or not _is_short_form(word):
        return []
    long = _best_long_form(word, inside)
    if long and long == inside[-len(long) :] and len(long.split()) >= len(inside.split()) - 1:
        return [(word, long)]
    return []


def _is_short_form(candidate: str) -> bool:
    """One word of 2-10 characters that starts with a letter or digit and has a capital letter."""
    return (
        2 <= len(candidate) <= MAX_SHORT_FORM
        and _SHORT_FORM_RE.fullmatch(candidate) is not None
        and any(c.isupper() for c in candidate)
        and any(c.isalpha() for c in candidate)
    )


def _singular(short: str) -> str:
    """'GNNs' -> 'GNN': the plural s of a short form is not one of its letters."""
    return short[:-1] if len(short) > 2 and short.endswith("s") and short[-2].isupper() else short


def _window(before: str, short: str) -> str:
    """The words before the parenthesis a long form may span: min(|SF| + 5, 2 |SF|) (Schwartz & Hearst)."""
    sentence = re.split(r"(?<=[.!?;:])\s", before)[-1]
    words = sentence.split()
    size = len(_singular(short))
    return " ".join(words[-min(size + 5, 2 * size) :])


def _initials_long_form(short: str, candidate: str) -> str | None:
    """The last words of ``candidate`` whose initials spell the short form's first letter, capitals and digits
    ("proximal policy optimization (PPO)", "long short-term memory (LSTM)", "bidirectional language model
    (biLM)"); stopwords may sit between them. Schwartz & Hearst's letter matcher would take "policy
    optimization" for PPO, finding the second P inside "optimization"."""
    short = _singular(short)
    letters = [short[0].lower()] + [c.lower() for c in short[1:] if c.isupper() or c.isdigit()]
    if len(letters) < 2:
        return None
    words = candidate.split()
    content = [i for i, word in enumerate(words) if word.casefold() not in STOPWORDS and word[0].isalnum()]
    for split_hyphens in (False, True):
        initials: list[tuple[str, int]] = []  # (initial, index of its word), last word first
        for i in reversed(content):
            parts = _HYPHENS_RE.split(words[i]) if split_hyphens else [words[i]]
            initials.extend((part[0].lower(), i) for part in reversed(parts) if part and part[0].isalnum())
            if len(initials) >= len(letters):
                break
        tail = initials[: len(letters)]
        if len(tail) == len(letters) and [c for c, _ in reversed(tail)] == letters:
            start = tail[-1][1]
            # the long form starts at a word boundary of its own initials: no part of a word left over
            if not split_hyphens or _HYPHENS_RE.split(words[start])[0][0].lower() == letters[0]:
                return " ".join(words[start:])
    return None


def _best_long_form(short: str, candidate: str) -> str | None:
    """Schwartz & Hearst's matcher (`_spells`): the shortest end of ``candidate`` that contains the short form's
    letters in order, the first one at the start of a word; None when there is none or it is one plain word
    ("Transformer (Trans)" abbreviates a word, it defines nothing)."""
    letters = _letters(short)
    if len(letters) < 2:
        return None
    words = candidate.split()
    for size in range(1, len(words) + 1):
        long = " ".join(words[-size:])
        if _spells(letters, long):
            return long if size >= 2 or "-" in long else None
    return None


def _record(table: AcronymTable, short: str, long: str, order: int) -> None:
    short_tokens = tokenize(_singular(short))
    if not short_tokens or "(" in long or ")" in long:
        return
    # One token per word (a compound's whole): the form a phrase of query words takes.
    long_tokens = tuple(whole_tokens(long))
    short_token = short_tokens[0]
    if not long_tokens or short_token in long_tokens:
        return
    table.add(short_token, long_tokens, long, order)


def defined_in(table: AcronymTable) -> dict[str, list[str]]:
    """A readable view for debugging and benchmarks: acronym -> its long forms joined by spaces."""
    view: dict[str, list[str]] = defaultdict(list)
    for short, forms in table.long_forms.items():
        view[short] = [f"{table.texts[form]} ({count})" for form, count in forms.most_common()]
    return dict(view)
