"""Find the paper a person means by a title they half remember, and suggest titles as they type.

Matching goes from strict to loose and stops at the first stage that decides: a paper id (what
Discord's autocomplete sends back), the exact title or its short name (the part before ':'), a
prefix, all words present in any order, then fuzzy similarity. A stage with several equally good
matches answers "ambiguous" with the candidates rather than guessing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from retrieval.answers import PaperAnswer, PaperDetail, PaperRef
from retrieval.models import Paper

if TYPE_CHECKING:
    from retrieval.service import Library

FUZZY_FOUND = 88.0  # a fuzzy score this high, clearly ahead of the next, is taken as the paper
FUZZY_MARGIN = 6.0
FUZZY_CANDIDATE = 60.0  # below this a title is not worth suggesting
MAX_CANDIDATES = 5
WORD = re.compile(r"[\w]+(?:\+\+)?", re.UNICODE)


def normalise(text: str) -> str:
    """Case-folded, NFKC-normalised, dashes and spaces collapsed: how titles are compared."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2010-\u2015_]", "-", text)
    return " ".join(text.split())


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


def match_title(query: str, keys: tuple[TitleKey, ...]) -> Match:
    """The decision ladder described in the module docstring."""
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


def paper_detail(library: Library, paper: Paper) -> PaperDetail:
    summary = library.summary(paper)
    return PaperDetail(
        paper=paper,
        tldr=summary.tldr_body,
        # The method point often is the TL;DR sentence itself: shown once is enough.
        key_points=[point for point in summary.key_points if normalise(point) != normalise(summary.tldr_body or "")],
        related=[PaperRef.of(other) for other in library.index.related(paper.id, k=3)],
    )


def paper_answer(library: Library, query: str) -> PaperAnswer:
    """The /paper answer: the paper's details, or the candidates to choose from, or the closest titles."""
    query = query.strip()
    if not query:
        return PaperAnswer(
            query=query, status="not_found", message="Give me a title, or part of one, e.g. /paper MetaMath."
        )
    match = match_title(query, library.title_keys)
    refs = [PaperRef.of(paper) for paper in match.papers]
    if match.status == "found":
        return PaperAnswer(query=query, status="found", detail=paper_detail(library, match.papers[0]))
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


def suggest_titles(library: Library, partial: str, limit: int = 25) -> list[PaperRef]:
    """Titles for an autocomplete box: prefix matches, then word matches, then fuzzy; newest first when empty."""
    papers = library.profile.papers
    keys = library.title_keys
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
