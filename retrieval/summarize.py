"""Extractive TL;DR and key points for a paper, from its title and abstract only.

No neural model, no network, deterministic. The TL;DR is chosen among *candidates*: each abstract sentence and
its compressions (leading discourse phrase or clause removed, parentheticals and praise words dropped, trailing
clause cut), each of these alone or after the title ("Title: We propose ..."). Two small linear models, fit on
SciTLDR train by `bench/summaries.py fit` (weights in retrieval/summary_weights.py), pick one:

1. a word model gives every abstract word the probability that a human TL;DR uses it (title word, frequency,
   position, lexical prior, in the "we propose" sentence, ...);
2. a candidate ranker scores each candidate from its expected ROUGE-1 under those probabilities, its length,
   the compressions applied and features of its source sentence (position, contribution cues, title overlap).

Every word of a TL;DR or a key point comes from the title or the abstract: candidates are only ever cut, never
rewritten (beyond capitalising the first letter). Measured on SciTLDR dev: see bench/SUMMARIES.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, Field

from retrieval import display_summary
from retrieval import summary_weights as weights
from retrieval.clauses import (
    _stem,
    cap_words,
    dangling,
    drop_fillers,
    drop_parentheticals,
    for_display,
    strip_lead,
    strip_lead_clause,
    tight_cuts,
    tokens,
    trailing_cuts,
)
from retrieval.sentences import split_sentences
from retrieval.text import clean_text

MAX_TLDR_WORDS = 35
DANGLING_MARGIN = 5.0  # ranker-score units (median gap ~3.8): see bench/SUMMARIES.md
MAX_SENTENCES = 60  # longer "abstracts" are cut: a summary of the first 60 sentences is still a summary


class Summary(BaseModel):
    tldr: str | None = Field(None, description="One sentence of at most 35 words; None when there is no abstract.")
    tldr_body: str | None = Field(
        None,
        description="The displayed TL;DR (shown under the title): contribution and headline result, <= 40 words.",
    )
    key_points: list[str] = Field(default_factory=list, description="Up to three: problem, method, result.")
    note: str | None = Field(None, description="Why there is no TL;DR or no key point, said plainly; else None.")


STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "for",
        "and",
        "or",
        "on",
        "with",
        "by",
        "is",
        "are",
        "we",
        "our",
        "this",
        "that",
        "be",
        "as",
        "from",
        "at",
        "it",
        "its",
        "which",
        "can",
        "these",
        "their",
        "has",
        "have",
        "been",
        "was",
        "were",
        "not",
        "using",
        "use",
        "based",
        "via",
        "into",
        "than",
        "more",
        "such",
        "also",
        "both",
        "while",
    ]
)

# --------------------------------------------------------------------------------------------------------------
# Sentence cues

_CUES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        "propose": r"\bwe (?:\w+ )?(?:propose|present|introduce|develop|design|devise)\b",
        "this_paper": r"\b(?:this|the present) (?:paper|work|study|article)\b",
        "in_this": r"^(?:in|here|to this end|in this (?:paper|work))\b",
        "we_show": r"\bwe (?:\w+ )?(?:show|demonstrate|prove|find|establish|observe)\b",
        "experiments": r"\b(?:experiment|empirical|evaluat|results?|benchmark|outperform|state-of-the-art|achiev)",
        "however": r"^(?:however|but|yet|despite|although|while|unfortunately)\b",
        "number": r"\d",
        "we": r"\bwe\b",
        "our": r"\bour\b",
        "novel": r"\b(?:novel|new|first)\b",
        "method": r"\b(?:method|approach|framework|algorithm|model|technique|architecture)\b",
        "call": r"\b(?:called|dubbed|named|termed)\b",
        "background": r"\b(?:recent|recently|many|existing|typically|often|widely)\b",
        "connective": r"^(?:specifically|in particular|concretely|moreover|furthermore|additionally|finally|also)\b",
        "code": r"\b(?:code|github|available|release)\b",
    }.items()
}
_CONTRIBUTION = re.compile(
    r"\b(?:we|this (?:paper|work|study|article)) (?:\w+ )?(?:propose|present|introduce|develop|design|devise)", re.I
)


def join_title(title: str, sentence: str) -> str:
    title = title.strip()
    if title.endswith(("?", "!", ".")):
        return f"{title} {sentence}"
    return f"{title} — {sentence}" if ":" in title else f"{title}: {sentence}"


# --------------------------------------------------------------------------------------------------------------
# Word model: probability that a TL;DR uses an abstract word


@dataclass
class PreparedPaper:
    """A paper prepared once: sentences, their tokens, and the per-word TL;DR probabilities."""

    title: str
    sentences: list[str]
    sentence_tokens: list[list[str]]
    title_tokens: Counter[str]
    contribution: int | None
    probabilities: dict[str, float]


def _named_tokens(text: str) -> set[str]:
    """Tokens of words written with an inner capital or in capitals: names and acronyms (MetaMath, GAN, LLaMA)."""
    return {_stem(w.lower()) for w in re.findall(r"[A-Za-z0-9]+", text) if any(c.isupper() for c in w[1:])}


Lexicon = tuple[dict[str, float], float]
"""Log-odds that a TL;DR uses a word given the abstract does, per frequent word; and the default for the others."""


def _stored_lexicon() -> Lexicon:
    return weights.LEXICAL_LOGODDS, weights.LEXICAL_DEFAULT


def word_features(
    title: str, sentences: list[str], sentence_tokens: list[list[str]], lexicon: Lexicon | None = None
) -> tuple[list[str], np.ndarray]:
    """Rows of features, one per distinct abstract token (sorted, so the order is deterministic)."""
    table, default = lexicon or _stored_lexicon()
    title_tokens = Counter(tokens(title))
    flat = [t for st in sentence_tokens for t in st]
    frequency = Counter(flat)
    in_sentences = Counter(t for st in sentence_tokens for t in set(st))
    first_seen: dict[str, int] = {}
    for i, token in enumerate(flat):
        first_seen.setdefault(token, i)
    contribution = contribution_index(sentences)
    contribution_tokens = set(sentence_tokens[contribution]) if contribution is not None else set()
    first_tokens = set(sentence_tokens[0]) if sentence_tokens else set()
    named = _named_tokens(" ".join(sentences))
    n_sentences, n_tokens = max(len(sentences), 1), max(len(flat), 1)
    types = sorted(frequency)
    rows = [
        [
            1.0,
            token in title_tokens,
            math.log1p(frequency[token]),
            in_sentences[token] / n_sentences,
            first_seen[token] / n_tokens,
            token in STOPWORDS,
            table.get(token, default),
            token in contribution_tokens,
            contribution is None,
            token.isdigit(),
            token in first_tokens,
            min(len(token), 10) / 10,
            (token in title_tokens) and (token in contribution_tokens),
            token in named,
            (token in named) and (token in title_tokens),
        ]
        for token in types
    ]
    return types, np.array(rows, dtype=float).reshape(len(types), -1)


def contribution_index(sentences: list[str]) -> int | None:
    return next((i for i, s in enumerate(sentences) if _CONTRIBUTION.search(s)), None)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


LinearModel = tuple[list[float], list[float], list[float]]
"""(feature means, feature scales, weights) of a linear model over standardised features."""


def _linear(features: np.ndarray, model: LinearModel) -> np.ndarray:
    mean, scale, coef = (np.array(v, dtype=float) for v in model)
    return ((features - mean) / scale) @ coef


def prepare(
    title: str, sentences: list[str], lexicon: Lexicon | None = None, word_model: LinearModel | None = None
) -> PreparedPaper:
    """Tokens and word probabilities of a paper. `lexicon` and `word_model` override the stored ones (for fitting)."""
    word_model = word_model or (weights.WORD_MEAN, weights.WORD_SCALE, weights.WORD_WEIGHTS)
    sentence_tokens = [tokens(s) for s in sentences]
    types, features = word_features(title, sentences, sentence_tokens, lexicon)
    scores = _logistic(_linear(features, word_model)).tolist() if types else []
    probabilities = dict(zip(types, scores, strict=True))
    return PreparedPaper(
        title=title,
        sentences=sentences,
        sentence_tokens=sentence_tokens,
        title_tokens=Counter(tokens(title)),
        contribution=contribution_index(sentences),
        probabilities=probabilities,
    )


# --------------------------------------------------------------------------------------------------------------
# Candidates and their ranker


@dataclass(frozen=True)
class Candidate:
    sentence: int
    text: str
    lead_stripped: bool
    parentheses_dropped: bool
    clause_cut: bool
    tight_cut: bool
    with_title: bool
    body: str  # the text without the title in front


def sentence_features(doc: PreparedPaper) -> np.ndarray:
    """Position, length, title overlap, centrality and cue flags of every sentence."""
    title_set = set(doc.title_tokens) - STOPWORDS
    document_frequency = Counter(t for st in doc.sentence_tokens for t in set(st))
    n = len(doc.sentences)
    name = _title_name(doc.title)
    rows = []
    for i, (sentence, toks) in enumerate(zip(doc.sentences, doc.sentence_tokens, strict=True)):
        content = set(toks) - STOPWORDS
        opening = strip_lead_clause(strip_lead(sentence)).lower()
        length = min(len(toks), 60) / 30
        centrality = float(np.mean([document_frequency[t] - 1 for t in content])) / max(n - 1, 1) if content else 0.0
        rows.append(
            [
                i == 0,
                i == 1,
                i == n - 1,
                i / max(n - 1, 1),
                n == 1,
                length,
                length**2,
                len(content & title_set) / max(len(title_set), 1),
                len(content & title_set) / max(len(content), 1),
                centrality,
                *(bool(cue.search(sentence)) for cue in _CUES.values()),
                i == doc.contribution,
                bool(name) and name in sentence.lower(),
                opening.startswith(("we ", "this paper", "this work", "our ")),
                i == doc.contribution and bool(name) and name in sentence.lower(),
            ]
        )
    return np.array(rows, dtype=float).reshape(n, -1)


def _title_name(title: str) -> str:
    """The system's name when the title gives one before a colon ("MetaMath: Bootstrap ..." -> "metamath")."""
    head, colon, _ = title.partition(":")
    return head.strip().lower() if colon and 0 < len(head.split()) <= 3 else ""


def candidates(doc: PreparedPaper, max_words: int = MAX_TLDR_WORDS) -> list[Candidate]:
    """All compressions of every sentence, alone and after the title, that fit in `max_words` words.

    The list is never empty for a non-empty document: an over-long sentence is always cut to fit.
    """
    out: list[Candidate] = []
    seen: set[str] = set()
    for i, sentence in enumerate(doc.sentences):
        # text -> (lead stripped, parentheses dropped, cut at a comma clause, cut at a comma-less clause)
        forms: dict[str, tuple[bool, bool, bool, bool]] = {sentence: (False, False, False, False)}
        forms.setdefault(strip_lead(sentence), (True, False, False, False))
        forms.setdefault(strip_lead_clause(sentence), (True, False, False, False))
        for text, (lead, *_) in list(forms.items()):
            forms.setdefault(drop_parentheticals(text), (lead, True, False, False))
        for text, flags in list(forms.items()):
            forms.setdefault(drop_fillers(text), flags)
        for text, (lead, paren, *_) in list(forms.items()):
            for cut in trailing_cuts(text):
                forms.setdefault(cut, (lead, paren, True, False))
            for cut in tight_cuts(text):
                forms.setdefault(cut, (lead, paren, False, True))
        for text, (lead, paren, *_) in list(forms.items()):
            if len(text.split()) > max_words:
                forms.setdefault(cap_words(text, max_words), (lead, paren, True, False))
        for text, flags in forms.items():
            for with_title in (False, True):
                full = join_title(doc.title, text) if with_title and doc.title else text
                if with_title and not doc.title:
                    continue
                if len(full.split()) > max_words or full in seen:
                    continue
                seen.add(full)
                out.append(Candidate(i, full, *flags, with_title, text))
    # A sentence cut mid-clause ("…") reads badly: only a fallback when nothing else fits.
    whole = [c for c in out if not c.text.endswith("…")]
    return whole or out


def candidate_features(doc: PreparedPaper, cands: list[Candidate], sentence_rows: np.ndarray) -> np.ndarray:
    title_set = set(doc.title_tokens) - STOPWORDS
    probabilities = doc.probabilities
    # the same for every candidate with the title in front: the title words the abstract lacks
    title_mass = sum(probabilities.get(t, 0.5) for t in set(doc.title_tokens) - set(probabilities))
    sentence_lists = sentence_rows.tolist()  # plain floats: unpacking numpy rows per candidate is slow
    rows = []
    for cand in cands:
        toks = tokens(cand.text)
        distinct = set(toks)
        length = max(len(toks), 1)
        mass = sum(probabilities.get(t, 0.0) for t in distinct)
        if cand.with_title:
            mass += title_mass
        rows.append(
            [
                2 * mass / (length + 15),
                2 * mass / (length + 23),
                2 * mass / (length + 30),
                mass / length,
                mass / 10,
                min(length, 50) / 25,
                (min(length, 50) / 25) ** 2,
                len(distinct & title_set) / max(len(title_set), 1),
                cand.lead_stripped,
                cand.parentheses_dropped,
                cand.clause_cut,
                cand.tight_cut,
                cand.with_title,
                cand.with_title * sentence_lists[cand.sentence][8],
                cand.with_title * min(length, 50) / 25,
                sum(t in STOPWORDS for t in toks) / length,
                sum(probabilities.get(t, 0.0) > 0.5 for t in distinct),
                _DIGIT.search(cand.text) is not None,
                (len(toks) - len(distinct)) / length,
                dangling(for_display(cand.body)),
                *sentence_lists[cand.sentence],
            ]
        )
    return np.array(rows, dtype=float).reshape(len(cands), -1)


_DIGIT = re.compile(r"\d")


def rank(doc: PreparedPaper, cands: list[Candidate], model: LinearModel | None = None) -> np.ndarray:
    """A score per candidate; the highest is the TL;DR."""
    model = model or (weights.RANK_MEAN, weights.RANK_SCALE, weights.RANK_WEIGHTS)
    return _linear(candidate_features(doc, cands, sentence_features(doc)), model)


# --------------------------------------------------------------------------------------------------------------
# Key points


# --------------------------------------------------------------------------------------------------------------
# Public API


_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)


def usable(text: str) -> bool:
    """At least three words with letters outside links: a sentence of only symbols, math or a URL is not one."""
    return len(re.findall(r"[^\W\d_]{2,}", _URL.sub(" ", text))) >= 3


def summarize(title: str, abstract: str) -> Summary:
    """TL;DR and key points of a paper. `abstract` is clean text (see retrieval.text.clean_text)."""
    title = " ".join((title or "").split())
    sentences = [s for s in split_sentences(abstract or "")[:MAX_SENTENCES] if usable(s)]
    if not sentences:
        note = "No summary: the abstract has no sentence in words." if (abstract or "").strip() else None
        return Summary(tldr=None, key_points=[], note=note)
    doc = prepare(title, sentences)
    cands = candidates(doc)
    if not cands:  # cannot happen (cap_words always fits), kept as a guard
        fallback = cap_words(sentences[0], MAX_TLDR_WORDS)
        return Summary(tldr=fallback, tldr_body=fallback, key_points=[])
    best = choose(cands, rank(doc, cands))
    # What the reader sees is built separately (retrieval/display_summary.py): the scored TL;DR is the
    # ranker's choice as is; its sentence is the display's fallback contribution.
    view = display_summary.build(title, sentences, preferred=best.sentence)
    return Summary(tldr=best.text, tldr_body=view.tldr, key_points=view.key_points, note=view.note)


def choose(cands: list[Candidate], scores: np.ndarray, margin: float = DANGLING_MARGIN) -> Candidate:
    """The best-ranked candidate, unless its displayed body refers back to an earlier sentence ("We incorporate
    this into ...") and a candidate that does not scores within `margin` of it."""
    order = np.argsort(-scores, kind="stable")
    best = cands[int(order[0])]
    if not dangling(for_display(best.body)):
        return best
    for i in order[1:]:
        if scores[i] < scores[order[0]] - margin:
            break
        if not dangling(for_display(cands[int(i)].body)):
            return cands[int(i)]
    return best


def _row_fields(row: object, line: int) -> tuple[str, str, str]:
    if not isinstance(row, dict):
        raise ValueError(f"line {line}: expected a JSON object, got {type(row).__name__}")
    paper_id = row.get("id", row.get("paper_id"))
    if paper_id is None:
        raise ValueError(f"line {line}: missing 'id' (or 'paper_id')")
    title = row.get("title", "")
    if not isinstance(title, str):
        raise ValueError(f"line {line}: 'title' must be a string")
    if "abstract" in row:
        abstract = row["abstract"]
        if abstract is None:
            abstract = ""
        if not isinstance(abstract, str):
            raise ValueError(f"line {line}: 'abstract' must be a string")
    elif "source" in row:
        source = row["source"]
        if not isinstance(source, list) or not all(isinstance(s, str) for s in source):
            raise ValueError(f"line {line}: 'source' must be a list of strings")
        abstract = " ".join(source)
    else:
        raise ValueError(f"line {line}: missing 'abstract' (or SciTLDR 'source')")
    return str(paper_id), title, abstract


def summarize_rows(rows: Iterable[dict | tuple[int, dict]]) -> Iterator[dict]:
    """{"id","title","abstract"} or SciTLDR {"paper_id","title","source"} rows -> {"id","tldr","key_points"}, in order.

    Titles and abstracts are cleaned first (LaTeX, entities). A malformed row raises ValueError("line N: ...");
    N counts rows from 1, unless rows come as (line number, row) pairs (a reader that skips blank lines).
    """
    for position, item in enumerate(rows, start=1):
        line, row = item if isinstance(item, tuple) and len(item) == 2 else (position, item)
        paper_id, title, abstract = _row_fields(row, line)
        summary = summarize(clean_text(title), clean_text(abstract))
        yield {"id": paper_id, "tldr": summary.tldr, "key_points": summary.key_points}
