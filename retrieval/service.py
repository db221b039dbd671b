"""The one entry point every face calls: a `Library` wraps a parsed profile and answers requests.

Each method takes a plain request and returns an answer object from `retrieval.answers`; the faces
(CLI, console, Discord) only render those. Expensive parts (the search index, summaries) are built
once, on first use, and reused.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from retrieval.answers import (
    AskAnswer,
    HelpAnswer,
    PaperAnswer,
    SearchAnswer,
    SearchFilters,
    SortOrder,
    StatsAnswer,
)
from retrieval.models import Paper, Profile


class Library:
    """A profile plus everything derived from it: index, summaries, stats."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self._summaries: dict[str, object] = {}

    @classmethod
    def from_path(cls, path: Path, reference_date=None) -> Library:
        from retrieval.profile import parse_profile

        return cls(parse_profile(path, reference_date=reference_date))

    @cached_property
    def index(self):
        from retrieval.index import PaperIndex

        return PaperIndex(self.profile.papers)

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

    @cached_property
    def title_keys(self):
        from retrieval.lookup import title_keys

        return title_keys(self.profile.papers)

    def paper(self, query: str) -> PaperAnswer:
        from retrieval.lookup import paper_answer

        return paper_answer(self, query)

    def suggest_titles(self, partial: str, limit: int = 25):
        from retrieval.lookup import suggest_titles

        return suggest_titles(self, partial, limit=limit)

    def summary(self, paper: Paper):
        """The paper's TL;DR and key points, computed once per paper."""
        if paper.id not in self._summaries:
            from retrieval.summarize import summarize

            self._summaries[paper.id] = summarize(paper.title, paper.abstract)
        return self._summaries[paper.id]

    def stats(self) -> StatsAnswer:
        from retrieval.stats import compute_stats

        return compute_stats(self.profile)

    def ask(self, question: str) -> AskAnswer:
        from retrieval.ask import answer_question

        return answer_question(self, question)

    def help(self) -> HelpAnswer:
        from retrieval.help import help_answer

        return help_answer(self.profile)
