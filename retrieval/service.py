"""The one entry point every face calls: a `Library` wraps a parsed profile and answers requests.

Each method takes a plain request and returns an answer object from `retrieval.answers`; the faces
(CLI, console, Discord) only render those. Expensive parts (the search index, the sentence index,
summaries) are built once, on first use, and reused.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path

from retrieval import ask, lookup
from retrieval.answers import (
    AskAnswer,
    AskContext,
    HelpAnswer,
    PaperAnswer,
    PaperRef,
    RelatedRef,
    SearchAnswer,
    SearchFilters,
    SortOrder,
    StatsAnswer,
)
from retrieval.help import help_answer
from retrieval.index import PaperIndex
from retrieval.models import Paper, Profile
from retrieval.profile import parse_profile
from retrieval.related import RelatedPapers
from retrieval.stats import compute_stats
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

    @cached_property
    def related_papers(self) -> RelatedPapers:
        """Related papers by text, shared co-authors (the owner left out), category and time."""
        return RelatedPapers(self.profile.papers, self.index.bm25, owners=[self.profile.name])

    def _related(self, paper: Paper) -> list[RelatedRef]:
        return [
            RelatedRef(**PaperRef.of(found.paper).model_dump(), reason=found.reason)
            for found in self.related_papers.related(paper.id, k=RELATED_SHOWN)
        ]

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

    def help(self) -> HelpAnswer:
        return help_answer(self.profile)
