"""The one entry point every face calls: a `Library` wraps a parsed profile and answers requests.

Each method takes a plain request and returns an answer object from `retrieval.answers`; the faces
(CLI, console, Discord) only render those. Expensive parts (the search index, the sentence index,
summaries) are built once, on first use, and reused.

A library may serve several researchers (`from_profiles`, see `retrieval.lab`): every request then takes an
optional `researcher`, answered by that member's own library (built on first use, sharing the summaries).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from retrieval import ask, cite, lookup
from retrieval.answers import (
    AnnouncementAnswer,
    AskAnswer,
    AskContext,
    CiteAnswer,
    HelpAnswer,
    PaperAnswer,
    PaperRef,
    RelatedRef,
    ResearchersAnswer,
    SearchAnswer,
    SearchFilters,
    SortOrder,
    StatsAnswer,
)
from retrieval.help import group_entries, help_answer
from retrieval.index import PaperIndex
from retrieval.lab import Member, UnknownResearcher, build_lab, find_member, mentioned_member
from retrieval.models import Paper, Profile, profile_fingerprint
from retrieval.papernames import PaperNames
from retrieval.profile import parse_profile
from retrieval.related import RelatedPapers
from retrieval.sentence_index import AskIndex
from retrieval.stats import category_order, compute_stats, group_stats, member_count
from retrieval.summarize import Summary, summarize

RELATED_SHOWN = 3
"""Related papers shown with a paper's details."""


class Library:
    """A profile plus everything derived from it: indexes, summaries, stats."""

    def __init__(self, profile: Profile, members: Sequence[Member] = (), *,
                 summaries: dict[str, Summary] | None = None, lab_name: str | None = None) -> None:
        self.profile = profile
        self.lab_name = lab_name  # the configured group name (LAB_NAME), kept for the next reload
        self.members: tuple[Member, ...] = tuple(members) or (Member(profile.name, profile, (profile.source,)),)
        self._summaries: dict[str, Summary] = {} if summaries is None else summaries
        self._scoped: dict[str, Library] = {}
        self._scope_lock = threading.Lock()  # one library per member, however many requests ask at once

    @classmethod
    def from_path(cls, path: Path, reference_date: dt.date | None = None) -> Library:
        return cls(parse_profile(path, reference_date=reference_date))

    @classmethod
    def from_profiles(cls, profiles: Sequence[Profile], lab_name: str | None = None) -> Library:
        """One library for several researchers' profiles (see `retrieval.lab`); one profile serves as itself."""
        lab = build_lab(profiles, lab_name)
        return cls(lab.profile, lab.members, lab_name=lab_name)

    @property
    def is_group(self) -> bool:
        return len(self.members) > 1

    def scope(self, researcher: str | None) -> Library:
        """The library that answers for `researcher` (everyone when None); raises UnknownResearcher."""
        if not researcher or not researcher.strip():
            return self
        member = find_member(self.members, researcher)
        if not self.is_group:
            return self
        with self._scope_lock:
            scoped = self._scoped.get(member.key)
            if scoped is None:
                scoped = self._scoped[member.key] = Library(member.profile, summaries=self._summaries)
        return scoped

    @cached_property
    def index(self) -> PaperIndex:
        return PaperIndex(self.profile.papers)

    @cached_property
    def ask_index(self) -> AskIndex:
        """The sentence index questions are answered from."""
        return AskIndex(self.profile.papers, self.index.ranker.expander)

    @cached_property
    def paper_names(self) -> PaperNames:
        return PaperNames(self.profile.papers)

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
            stats=lambda: self._stats,
            summary=self.summary,
            reader=ask.build_reader(self.profile, self.ask_index, self.index, self.paper_names),
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
        researcher: str | None = None,
    ) -> SearchAnswer:
        filters = SearchFilters(category=category, year_from=year_from, year_to=year_to, has_code=has_code)
        return self.scope(researcher).index.search(query, k=k, filters=filters, sort=sort)

    def paper(self, query: str, researcher: str | None = None) -> PaperAnswer:
        scoped = self.scope(researcher)
        return lookup.paper_answer(scoped.titles, query, scoped.summary, scoped._related)

    @cached_property
    def related_papers(self) -> RelatedPapers:
        """Related papers by text, shared co-authors (the owner left out), category and time."""
        return RelatedPapers(self.profile.papers, self.index.bm25, owners=[self.profile.name])

    def _related(self, paper: Paper) -> list[RelatedRef]:
        return [
            RelatedRef(**PaperRef.of(found.paper).model_dump(), reason=found.reason)
            for found in self.related_papers.related(paper.id, k=RELATED_SHOWN)
        ]

    def suggest_titles(self, partial: str, limit: int = 25, researcher: str | None = None) -> list[PaperRef]:
        return self.scope(researcher).titles.suggest(partial, limit=limit)

    def summary(self, paper: Paper) -> Summary:
        """The paper's TL;DR and key points, computed once per paper."""
        if paper.id not in self._summaries:
            self._summaries[paper.id] = summarize(paper.title, paper.abstract)
        return self._summaries[paper.id]

    def stats(self, researcher: str | None = None) -> StatsAnswer:
        """One researcher's record; for a group (no researcher named) the group's, with each member's.

        Computed once (a copy, so a caller's edits never reach the next answer)."""
        return self.scope(researcher)._stats.model_copy(deep=True)

    @cached_property
    def _stats(self) -> StatsAnswer:
        if self.is_group:
            return group_stats(self.profile, [member.profile for member in self.members])
        return compute_stats(self.profile)

    def ask(self, question: str, *, researcher: str | None = None, paper_id: str | None = None,
            context: AskContext | None = None) -> AskAnswer:
        """The answer to a plain-words question, from `researcher`'s papers, or from the one member the question
        names ("what has Jane Doe done on …"), or from everyone's.

        `paper_id` restricts the answer to that one paper ("Ask about this paper"); `context` is the previous
        answer's context (`AskAnswer.context`), so a follow-up such as "and in 2024?" continues it."""
        if researcher is None and paper_id is None:
            # A follow-up ("and in 2024?") keeps the researcher its first question named.
            named = mentioned_member(question, self.members) or (
                mentioned_member(context.question, self.members) if context else None)
            researcher = named.name if named else None
        if researcher is None and context is not None and self.is_group and context.parse.researcher:
            # a follow-up stays with the researcher it was about, while that researcher is still served
            with contextlib.suppress(UnknownResearcher):
                researcher = find_member(self.members, context.parse.researcher).name
        scoped = self.scope(researcher)
        return ask.answer_question(scoped.ask_parts, question, paper_id=paper_id, context=context)

    def example_questions(self) -> list[str]:
        """Questions this profile can answer, built from its own papers (for help texts and hints)."""
        return ask.example_questions(self.ask_parts)

    def example_question(self) -> str:
        return self.example_questions()[0]

    def example_search(self) -> str:
        """A search this profile answers: one of its titles' topic words."""
        return ask.example_topic(self.ask_parts) or self.titles.example

    def announcement(self, paper: Paper) -> AnnouncementAnswer:
        """A new paper as the announcements channel shows it: title, whose it is, date, TL;DR, links."""
        return AnnouncementAnswer(
            paper=PaperRef.of(paper),
            researchers=paper.researchers or [self.profile.name],
            published=paper.published,
            authors=paper.authors,
            authors_truncated=paper.authors_truncated,
            tldr=self.summary(paper).tldr_body,
            links=paper.links,
        )

    def warm(self) -> Library:
        """Build every index now, so that no request waits for one (before the bot connects, before a swap)."""
        _ = self.index, self.titles, self._stats, self.ask_index, self.ask_parts
        return self

    def warm_members(self) -> None:
        """Build each member's own indexes (what `researcher=` requests use). Not done at start or after a reload:
        a member's indexes cost about 1/N of everyone's and are built on that member's first request."""
        if self.is_group:
            for member in self.members:
                self.scope(member.name).warm()

    def researchers(self) -> ResearchersAnswer:
        """Who is served, most papers first."""
        members = sorted((member_count(member.profile) for member in self.members),
                         key=lambda member: (-member.papers, member.name.casefold()))
        return ResearchersAnswer(name=self.profile.name, members=members, papers=len(self.profile.papers))

    def cite(self, query: str) -> CiteAnswer:
        """A BibTeX entry for the paper `query` names (an id or a title)."""
        return cite.cite_answer(self, query)

    def help(self) -> HelpAnswer:
        examples = self.example_questions()
        answer = help_answer(self.profile, search=self.example_search(), title=self.titles.example,
                             question=examples[1] if len(examples) > 1 else examples[0])
        if self.is_group:
            answer.entries[-1:-1] = group_entries([member.name for member in self.members])
        return answer
