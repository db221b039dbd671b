"""The one entry point every face calls: a `Library` wraps a parsed profile and answers requests.

Each method takes a plain request and returns an answer object from `retrieval.answers`; the faces
(CLI, console, Discord) only render those. Expensive parts (the search index, the sentence index,
summaries) are built once, on first use, and reused.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path

from retrieval import ask, cite, lookup
from retrieval.answers import (
    AskAnswer,
    AskContext,
    CiteAnswer,
    HelpAnswer,
    PaperAnswer,
    PaperRef,
    SearchAnswer,
    SearchFilters,
    SortOrder,
    StatsAnswer,
)
from retrieval.help import help_answer
from retrieval.index import PaperIndex
from retrieval.models import Paper, Profile, profile_fingerprint
from retrieval.profile import parse_profile
from retrieval.stats import category_order, compute_stats
from retrieval.summarize import Summary, summarize

RELATED_SHOWN = 3
"""Related papers shown with a paper's details."""


class Library:
    """A profile plus everything derived from it: indexes, summaries, stats."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self._summaries: dict[str, Summary] = {}

    @classmethod
    def from_path(cls, path: Path, reference_date: dt.date | None = None) -> Library:
        return cls(parse_profile(path, reference_date=reference_date))

    @cached_property
    def index(self) -> PaperIndex:
        return PaperIndex(self.profile.papers)

    @cached_property
    def ask_index(self) -> ask.AskIndex:
        """The sentence index questions are answered from."""
        return ask.AskIndex(self.profile.papers)

    @cached_property
    def titles(self) -> lookup.TitleLookup:
        return lookup.TitleLookup(self.profile.papers)

    @property
    def title_keys(self) -> tuple[lookup.TitleKey, ...]:
        return self.titles.keys

    @cached_property
    def ask_parts(self) -> ask.AskParts:
        """What the question engine reads, handed down once (the engine never calls back into the library)."""
        return ask.AskParts(
            profile=self.profile,
            search=self.index,
            sentences=self.ask_index,
            titles=self.titles,
            stats=self.stats,
            summary=self.summary,
        )

    @cached_property
    def citation_keys(self) -> dict[str, str]:
        return cite.citation_keys(self.profile.papers)

    @cached_property
    def categories(self) -> list[str]:
        """Category codes, most papers first: the order the faces give categories their colours in."""
        return category_order(self.profile.papers)

    @cached_property
    def fingerprint(self) -> str:
        """Six characters that change whenever the served papers do (see `profile_fingerprint`)."""
        return profile_fingerprint(self.profile)

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        category: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        has_code: bool | None = None,
        sort: SortOrder = "relevance",
    ) -> SearchAnswer:
        filters = SearchFilters(category=category, year_from=year_from, year_to=year_to, has_code=has_code)
        return self.index.search(query, k=k, filters=filters, sort=sort)

    def paper(self, query: str) -> PaperAnswer:
        return lookup.paper_answer(self.titles, query, self.summary, self._related)

    def _related(self, paper: Paper) -> list[Paper]:
        return self.index.related(paper.id, k=RELATED_SHOWN)

    def suggest_titles(self, partial: str, limit: int = 25) -> list[PaperRef]:
        return self.titles.suggest(partial, limit=limit)

    def summary(self, paper: Paper) -> Summary:
        """The paper's TL;DR and key points, computed once per paper."""
        if paper.id not in self._summaries:
            self._summaries[paper.id] = summarize(paper.title, paper.abstract)
        return self._summaries[paper.id]

    def stats(self) -> StatsAnswer:
        """The record at a glance, computed once (a copy, so a caller's edits never reach the next answer)."""
        return self._stats.model_copy(deep=True)

    @cached_property
    def _stats(self) -> StatsAnswer:
        return compute_stats(self.profile)

    def ask(self, question: str, *, paper_id: str | None = None, context: AskContext | None = None) -> AskAnswer:
        """The answer to a plain-words question.

        `paper_id` restricts the answer to that one paper ("Ask about this paper"); `context` is the previous
        answer's context (`AskAnswer.context`), so a follow-up such as "and in 2024?" continues it."""
        return ask.answer_question(self.ask_parts, question, paper_id=paper_id, context=context)

    def cite(self, query: str) -> CiteAnswer:
        """A BibTeX entry for the paper `query` names (an id or a title)."""
        return cite.cite_answer(self, query)

    def help(self) -> HelpAnswer:
        return help_answer(self.profile)
