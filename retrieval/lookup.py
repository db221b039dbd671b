"""Find the paper a person means by a title they half remember, and suggest titles as they type.

Matching goes from strict to loose and stops at the first stage that decides: a paper id (what
Discord's autocomplete sends back), the exact title or its short name (the part before ':'), a
prefix, all words present in any order, the same with typos corrected (`retrieval.spelling`, against the
titles' words), then fuzzy similarity. A stage with several equally good matches answers "ambiguous" with
the candidates rather than guessing.

`TitleLookup` holds the precomputed forms of a profile's titles; `paper_answer` is handed the parts it shows
(the lookup, each paper's summary, its related papers), not the whole library.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz, process

from retrieval.answers import PaperAnswer, PaperDetail, PaperRef, RelatedRef
from retrieval.models import Paper
from retrieval.names import fold
from retrieval.spelling import Speller
from retrieval.summarize import Summary

FUZZY_FOUND = 88.0  # a fuzzy score this high, clearly ahead of the next, is taken as the paper
FUZZY_MARGIN = 6.0
FUZZY_CANDIDATE = 60.0  # below this a title is not worth suggesting
MAX_CANDIDATES = 5
WORD = re.compile(r"[\w]+(?:\+\+)?", re.UNICODE)


normalise = fold
"""How titles are compared: `retrieval.names.fold` (case, diacritics, dashes and spaces)."""


def words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


@dataclass(frozen=True)
class TitleKey:
    """Precomputed comparison forms of one paper's title."""

    paper: Paper
    title: str
    short: str
    words: frozenset[str]
    joined: str  # title words glued together: 'diffusion mamba' ~ 'DiffusionMamba'


def short_name(title: str) -> str:
    head, sep, _ = title.partition(":")
    return head if sep and len(head.split()) <= 4 else ""


def title_keys(papers: Sequence[Paper]) -> tuple[TitleKey, ...]:
    return tuple(
        TitleKey(
            paper=paper,
            title=normalise(paper.title),
            short=normalise(short_name(paper.title)),
            words=frozenset(words(paper.title)),
            joined="".join(words(paper.title)),
        )
        for paper in papers
    )


def word_match(query_words: list[str], key: TitleKey) -> bool:
    """Every query word is a title word, or a prefix of one (the last word may be half typed)."""
    return all(any(title_word.startswith(word) for title_word in key.words) for word in query_words)


def fuzzy_ranked(query: str, keys: tuple[TitleKey, ...]) -> list[tuple[TitleKey, float]]:
    """Titles by similarity to the query, best first (WRatio over the title and its short name)."""
    scored = []
    for key in keys:
        score = fuzz.WRatio(query, key.title)
        if key.short:
            score = max(score, fuzz.ratio(query, key.short))
        scored.append((key, score))
    return sorted(scored, key=lambda item: -item[1])


@dataclass
class Match:
    status: str  # found | ambiguous | not_found
    papers: list[Paper]


def newest_first(papers: Sequence[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda paper: paper.date, reverse=True)


def match_title(query: str, keys: tuple[TitleKey, ...], speller: Speller | None = None) -> Match:
    """The decision ladder described in the module docstring (the typo stage needs `speller`)."""
    wanted = normalise(query)
    if not wanted or not keys:
        return Match("not_found", [])
    query_words = words(query)
    # One word that starts a title ('diffusion') is a topic, not a title; it may start a coined name ('sjd').
    multiword = len(query_words) > 1
    for stage in (
        [k for k in keys if k.paper.id == query.strip() or k.title == wanted or k.short == wanted],
        [k for k in keys if k.short.startswith(wanted) and (multiword or " " not in k.short)]
        + [k for k in keys if multiword and k.title.startswith(wanted) and not k.short.startswith(wanted)],
        [k for k in keys if word_match(query_words, k)] if query_words else [],
        [k for k in keys if wanted.replace(" ", "") in k.joined] if len(wanted) >= 4 else [],
        _typo_stage(query_words, keys, speller),
    ):
        if len(stage) == 1:
            return Match("found", [stage[0].paper])
        if stage:
            return Match("ambiguous", newest_first([k.paper for k in stage]))
    ranked = fuzzy_ranked(wanted, keys)
    best_key, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best >= FUZZY_FOUND and best - runner_up >= FUZZY_MARGIN:
        return Match("found", [best_key.paper])
    close = [key.paper for key, score in ranked if score >= FUZZY_CANDIDATE][:MAX_CANDIDATES]
    if close and best >= FUZZY_FOUND:
        return Match("ambiguous", close)
    return Match("not_found", close or [key.paper for key, _ in ranked[:3]])


def _typo_stage(query_words: list[str], keys: tuple[TitleKey, ...], speller: Speller | None) -> list[TitleKey]:
    """Titles that have every query word once the words no title has are corrected ('metamth' -> 'metamath')."""
    if speller is None or not query_words:
        return []
    fixed = [word if word in speller else speller.correct(word) for word in query_words]
    if fixed == query_words or any(word is None for word in fixed):
        return []
    return [k for k in keys if word_match([word for word in fixed if word], k)]


class TitleLookup:
    """A profile's titles in their comparison forms, with a speller over the titles' words."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = list(papers)
        self.keys = title_keys(self.papers)

    @cached_property
    def speller(self) -> Speller:
        return Speller(Counter(word for key in self.keys for word in key.words if not word.isdigit()))

    def match(self, query: str) -> Match:
        return match_title(query, self.keys, self.speller)

    @cached_property
    def short_names(self) -> dict[str, Paper]:
        """Short names ('metamath', 'lego-prover') that name exactly one paper, folded."""
        counts = Counter(key.short for key in self.keys if key.short)
        return {key.short: key.paper for key in self.keys if key.short and counts[key.short] == 1}

    def suggest(self, partial: str, limit: int = 25) -> list[PaperRef]:
        return suggest_titles(self, partial, limit=limit)

    @cached_property
    def example(self) -> str:
        """A name to show in examples: the newest paper's short name, or the start of its title."""
        newest = newest_first(self.papers)
        named = [short_name(paper.title) for paper in newest if short_name(paper.title)]
        if named:
            return named[0]
        return " ".join(newest[0].title.split()[:4]) if newest else "a title"


def paper_detail(paper: Paper, summary: Summary, related: Sequence[RelatedRef]) -> PaperDetail:
    return PaperDetail(
        paper=paper,
        tldr=summary.tldr_body,
        # The method point often is the TL;DR sentence itself: shown once is enough.
        key_points=[point for point in summary.key_points if normalise(point) != normalise(summary.tldr_body or "")],
        summary_note=summary.note if not summary.tldr_body else None,
        related=list(related),
    )


def paper_answer(
    titles: TitleLookup,
    query: str,
    summary: Callable[[Paper], Summary],
    related: Callable[[Paper], Sequence[RelatedRef]],
) -> PaperAnswer:
    """The /paper answer: the paper's details, or the candidates to choose from, or the closest titles."""
    query = query.strip()
    if not query:
        return PaperAnswer(
            query=query, status="not_found", message=f"Give me a title, or part of one, e.g. /paper {titles.example}."
        )
    match = titles.match(query)
    refs = [PaperRef.of(paper) for paper in match.papers]
    if match.status == "found":
        paper = match.papers[0]
        return PaperAnswer(query=query, status="found", detail=paper_detail(paper, summary(paper), related(paper)))
    if match.status == "ambiguous":
        return PaperAnswer(
            query=query,
            status="ambiguous",
            candidates=refs[:MAX_CANDIDATES * 2],
            message=f"{len(refs)} papers match “{query}”; which one did you mean?",
        )
    return PaperAnswer(
        query=query,
        status="not_found",
        candidates=refs,
        message=f"No paper titled “{query}”." + (" The closest titles are below." if refs else ""),
    )


def suggest_titles(titles: TitleLookup, partial: str, limit: int = 25) -> list[PaperRef]:
    """Titles for an autocomplete box: prefix matches, then word matches, then fuzzy; newest first when empty."""
    papers = titles.papers
    keys = titles.keys
    wanted = normalise(partial)
    if not wanted:
        return [PaperRef.of(paper) for paper in newest_first(papers)[:limit]]
    query_words = words(partial)
    prefix = [k for k in keys if k.title.startswith(wanted) or (k.short and k.short.startswith(wanted))]
    by_words = [k for k in keys if query_words and word_match(query_words, k)]
    joined = [k for k in keys if wanted.replace(" ", "") in k.joined]
    fuzzy = [
        keys[index]
        for _, score, index in process.extract(wanted, [k.title for k in keys], scorer=fuzz.partial_ratio, limit=limit)
        if score >= 75
    ]
    chosen = dict.fromkeys(k.paper.id for k in [*prefix, *by_words, *joined, *fuzzy])
    by_id = {paper.id: paper for paper in papers}
    return [PaperRef.of(by_id[paper_id]) for paper_id in list(chosen)[:limit]]
