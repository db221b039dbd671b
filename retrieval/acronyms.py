"""Acronyms defined in the served text itself: "long form (ACRONYM)" and "ACRONYM (long form)".

No acronym table is written by hand: the definitions are mined from the titles and abstracts being searched,
with the Schwartz & Hearst (2003) matcher: every letter of the short form must occur, in order, in the long
form, and the first one must start a word of it. A plural short form ("graph neural networks (GNNs)") defines
its singular, as the tokenizer folds plural acronyms. An acronym a corpus defines in two ways ("RL" for
"reinforcement learning" and "representation learning") keeps both meanings with how often each was used.

The table maps index tokens: the acronym's whole token (``gnn``) to each long form's token sequence
(``("graph", "neural", "network")``), and back.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from retrieval.tokens import STOPWORDS, strip_latex, tokenize, whole_tokens, words

MAX_SHORT_FORM = 10
"""Schwartz & Hearst's limit on a short form's length, in characters."""

_PAREN_RE = re.compile(r"\(([^()]{2,120})\)")
_SHORT_FORM_RE = re.compile(r"[^\W_](?:[\w\-./&+]*[^\W_])?")
_HYPHENS_RE = re.compile("[-\u2010\u2011]")


@dataclass
class AcronymTable:
    """Acronym token -> long forms (token tuples) with their counts, and long form -> acronym tokens."""

    long_forms: dict[str, Counter[tuple[str, ...]]] = field(default_factory=dict)
    acronyms: dict[tuple[str, ...], Counter[str]] = field(default_factory=dict)
    texts: dict[tuple[str, ...], str] = field(default_factory=dict)
    """A long form as first written, for its phrase words and for display."""

    def __bool__(self) -> bool:
        return bool(self.long_forms)

    _longest: int | None = None
    _by_first: dict[str, list[tuple[str, ...]]] | None = None
    _words: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def add(self, short_token: str, long_tokens: tuple[str, ...], long_text: str) -> None:
        self._longest = self._by_first = None
        self.long_forms.setdefault(short_token, Counter())[long_tokens] += 1
        self.acronyms.setdefault(long_tokens, Counter())[short_token] += 1
        self.texts.setdefault(long_tokens, " ".join(long_text.split()))

    def meanings(self, token: str) -> list[tuple[tuple[str, ...], float]]:
        """The long forms an acronym token stands for, with each one's share of its definitions."""
        found = self.long_forms.get(token)
        if not found:
            return []
        total = sum(found.values())
        return [(form, count / total) for form, count in found.most_common()]

    def words(self, form: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        """A long form's words, each as its index tokens as documents have them ("multi-agent" -> the whole
        and its parts), for phrase matching."""
        found = self._words.get(form)
        if found is None:
            found = self._words[form] = tuple(tuple(word.tokens) for word in words(self.texts[form]))
        return found

    def forms_starting_with(self, token: str) -> list[tuple[str, ...]]:
        """The long forms of two or more words that start with ``token``."""
        if self._by_first is None:
            by_first: dict[str, list[tuple[str, ...]]] = {}
            for form in self.acronyms:
                if len(form) >= 2:
                    by_first.setdefault(form[0], []).append(form)
            self._by_first = by_first
        return self._by_first.get(token, [])

    @property
    def longest_form(self) -> int:
        if self._longest is None:
            self._longest = max((len(form) for form in self.acronyms), default=0)
        return self._longest


def mine_acronyms(texts: Iterable[str]) -> AcronymTable:
    """Every acronym definition in ``texts`` (plain text; LaTeX is stripped here)."""
    table = AcronymTable()
    for text in texts:
        if "(" not in text:
            continue
        text = strip_latex(text)
        for match in _PAREN_RE.finditer(text):
            for short, long in _definitions(text, match):
                _record(table, short, long)
    return table


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
    """Schwartz & Hearst's matcher: the shortest end of ``candidate`` that contains the short form's letters in
    order, the first one at the start of a word; None when there is none."""
    short = _singular(short)
    s, c = len(short) - 1, len(candidate) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while c >= 0 and (
            candidate[c].lower() != char or (s == 0 and c > 0 and candidate[c - 1].isalnum())
        ):
            c -= 1
        if c < 0:
            return None
        c -= 1
        s -= 1
    start = candidate.rfind(" ", 0, c + 1) + 1
    long = candidate[start:].strip()
    if len(long.split()) < 2 and "-" not in long:
        return None  # a single word holds its own abbreviation ("Transformer (Trans)"): not a definition
    return long


def _record(table: AcronymTable, short: str, long: str) -> None:
    short_tokens = tokenize(_singular(short))
    if not short_tokens or "(" in long or ")" in long:
        return
    # One token per word (a compound's whole): the form a phrase of query words takes.
    long_tokens = tuple(whole_tokens(long))
    short_token = short_tokens[0]
    if not long_tokens or short_token in long_tokens:
        return
    table.add(short_token, long_tokens, long)


def defined_in(table: AcronymTable) -> dict[str, list[str]]:
    """A readable view for debugging and benchmarks: acronym -> its long forms joined by spaces."""
    view: dict[str, list[str]] = defaultdict(list)
    for short, forms in table.long_forms.items():
        view[short] = [f"{table.texts[form]} ({count})" for form, count in forms.most_common()]
    return dict(view)
