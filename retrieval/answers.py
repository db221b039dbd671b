"""The answer objects every face renders (console, CLI --json, Discord).

The core returns these and nothing else; a face never computes, it only formats. Text fields hold
plain text (no markdown): each face escapes and decorates as its medium needs.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from retrieval.models import HeaderMetrics, Link, Paper

SortOrder = Literal["relevance", "newest", "oldest"]
NO_ABSTRACT = "The export has no abstract for this paper; it is found by its title."
"""What every face says where a paper's abstract would be when the profile export had none (BibTeX often)."""


class PaperRef(BaseModel):
    """A short reference to a paper: enough to list it and to look it up again by id."""

    id: str
    title: str
    year: int
    date: dt.date
    year_given: bool = True
    category: str
    category_name: str
    has_code: bool = False
    researchers: list[str] = Field(
        default_factory=list, description="Whose paper it is, when several researchers are served."
    )

    @classmethod
    def of(cls, paper: Paper) -> PaperRef:
        return cls(
            id=paper.id,
            title=paper.title,
            year=paper.year,
            date=paper.date,
            year_given=paper.year_given,
            category=paper.category,
            category_name=paper.category_name,
            has_code=paper.has_code,
            researchers=paper.researchers,
        )


class RelatedRef(PaperRef):
    """A related paper and, in a few words, why: "shares 2 co-authors · both on mathematical reasoning"."""

    reason: str = ""


class Span(BaseModel):
    """A half-open character range [start, end) inside a text, e.g. a matched term in a snippet."""

    start: int
    end: int


class SearchHit(BaseModel):
    paper: PaperRef
    title: str = Field(description="Same as paper.title; flat for scripts reading --json.")
    score: float
    snippet: str = Field(description="Best-matching sentence of the title or abstract, plain text.")
    highlights: list[Span] = Field(default_factory=list, description="Matched terms inside snippet.")
    matched_terms: list[str] = Field(default_factory=list, description="Query terms (as typed) that matched.")


class SearchFilters(BaseModel):
    category: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    has_code: bool | None = None


class SearchAnswer(BaseModel):
    kind: Literal["search"] = "search"
    query: str
    searched_query: str = Field(description="The query actually searched: the typo-corrected one when corrected.")
    corrected: bool = False
    suggestions: dict[str, list[str]] = Field(
        default_factory=dict, description="Unknown query term -> closest vocabulary terms."
    )
    filters: SearchFilters = Field(default_factory=SearchFilters)
    sort: SortOrder = "relevance"
    total: int = Field(0, description="How many papers matched before the k cut.")
    hits: list[SearchHit] = Field(default_factory=list)
    message: str | None = Field(
        None, description="A note for the reader: 'showing results for …', 'nothing matched — try …'."
    )


class PaperDetail(BaseModel):
    paper: Paper
    tldr: str | None = None
    key_points: list[str] = Field(default_factory=list)
    summary_note: str | None = Field(None, description="Why there is no TL;DR, said plainly (no sentence in words).")
    related: list[RelatedRef] = Field(default_factory=list)


class PaperAnswer(BaseModel):
    kind: Literal["paper"] = "paper"
    query: str
    status: Literal["found", "ambiguous", "not_found"]
    detail: PaperDetail | None = None
    candidates: list[PaperRef] = Field(
        default_factory=list, description="When ambiguous: the candidates; when not found: the closest titles."
    )
    message: str | None = None


class Count(BaseModel):
    label: str
    count: int


class Series(BaseModel):
    """One stack of a per-year chart: what it counts and how many in each year."""

    key: str = Field(description="What the series counts: a category code (or a member's name).")
    label: str = Field(description="Its human name.")
    counts: list[int] = Field(description="One count per year, aligned with YearBreakdown.years.")

    @property
    def total(self) -> int:
        return sum(self.counts)


class YearBreakdown(BaseModel):
    """Papers per year split into series (categories), the data a stacked bar chart draws."""

    by: Literal["category", "member"] = "category"
    years: list[int] = Field(default_factory=list, description="Every year from the first to the last, gaps kept.")
    series: list[Series] = Field(
        default_factory=list,
        description="Most papers first. By category each paper is in exactly one series, so the counts of a "
        "year add up to its papers.",
    )

class MemberCount(BaseModel):
    """One researcher of a group, as /stats and /researchers list them."""

    name: str
    papers: int
    first_author: int = 0
    with_code: int = 0
    shared: int = Field(0, description="Of their papers, how many another member's profile lists too.")
    h_index: int | None = None
    citations: int | None = None
    first_year: int | None = None
    last_year: int | None = None


class PairCount(BaseModel):
    """Two members and how many papers both their profiles list."""

    first: str
    second: str
    count: int


class StatsAnswer(HeaderMetrics):
    kind: Literal["stats"] = "stats"
    parsed_papers: int
    per_year: list[Count] = Field(default_factory=list, description="Oldest year first.")
    per_year_by_category: YearBreakdown = Field(default_factory=YearBreakdown)
    per_category: list[Count] = Field(default_factory=list, description="Most papers first; label is the human name.")
    with_code: int = 0
    first_author: int = Field(0, description="Papers whose first listed author is the profile's owner.")
    top_coauthors: list[Count] = Field(default_factory=list)
    coauthors_note: str = ""
    affiliations: list[Count] = Field(default_factory=list)
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    warnings: list[str] = Field(default_factory=list)
    members: list[MemberCount] = Field(
        default_factory=list, description="When several researchers are served: each of them; empty otherwise."
    )
    shared_papers: int = Field(0, description="Papers listed in two or more members' profiles.")
    coauthorship: list[PairCount] = Field(
        default_factory=list, description="Pairs of members by the papers both their profiles list, most first."
    )
    per_year_by_member: YearBreakdown | None = Field(
        None, description="When several researchers are served: each member's papers per year (the group chart)."
    )


class Quote(BaseModel):
    sentence: str
    paper: PaperRef
    score: float = 0.0


class ListedPaper(BaseModel):
    paper: PaperRef
    tldr: str | None = None


class QuestionParse(BaseModel):
    """How a question was read: its intent and slots. Shown by `--json`, so a reader can see why it answered
    what it did; kept in a conversation's context, so a follow-up can continue it."""

    intent: str = Field("fact", description="count, list, fact, paper, compare, metric, howto, decline, empty")
    metric: str | None = Field(None, description="The profile metric asked for: h_index, citations, ...")
    topic: str = Field("", description="The words searched, kept whole.")
    papers: list[str] = Field(default_factory=list, description="Ids of the papers the question names.")
    year_from: int | None = None
    year_to: int | None = None
    category: str | None = None
    coauthor: str | None = None
    researcher: str | None = None
    has_code: bool | None = None
    first_author: bool = False
    sort: SortOrder = "relevance"
    limit: int | None = None
    followup: bool = Field(False, description="Read as continuing the previous answer.")
    corrections: dict[str, str] = Field(default_factory=dict, description="Typed word -> the word read.")
    ignored: list[str] = Field(default_factory=list, description="Chat words left out of the search.")


class AskContext(BaseModel):
    """What a follow-up question continues: the previous question's parse and the papers its answer showed."""

    model_config = ConfigDict(extra="forbid")

    question: str = ""
    parse: QuestionParse = Field(default_factory=QuestionParse)
    papers: list[str] = Field(default_factory=list, description="Ids of the papers the answer showed, in order.")


class AskAnswer(BaseModel):
    kind: Literal["ask"] = "ask"
    question: str
    answer_type: Literal["fact", "list", "stats", "not_found", "empty", "howto"]
    text: str = Field(description="The answer in one or two plain sentences.")
    quotes: list[Quote] = Field(default_factory=list)
    papers: list[ListedPaper] = Field(default_factory=list)
    suggestion: str | None = Field(None, description="A follow-up to try, e.g. a /papers search.")
    parse: QuestionParse | None = Field(None, description="How the question was read (intent and slots).")

    @property
    def context(self) -> AskContext:
        """The context a follow-up to this answer continues."""
        shown = [quote.paper.id for quote in self.quotes] + [listed.paper.id for listed in self.papers]
        return AskContext(
            question=self.question, parse=self.parse or QuestionParse(), papers=list(dict.fromkeys(shown))
        )


class CiteAnswer(BaseModel):
    """A BibTeX entry built from the paper's record in the profile, and what the record could not say."""

    kind: Literal["cite"] = "cite"
    query: str
    status: Literal["found", "not_found"]
    paper: PaperRef | None = None
    key: str = Field("", description="The BibTeX citation key.")
    bibtex: str = Field("", description="The entry, comments first; plain text, ready to paste.")
    notes: list[str] = Field(default_factory=list, description="What the entry lacks, e.g. a truncated author list.")
    message: str | None = None

class ResearchersAnswer(BaseModel):
    """Who is served: /researchers."""

    kind: Literal["researchers"] = "researchers"
    name: str = Field(description="The group's name: the researcher's, 'A and B', or 'N researchers'.")
    members: list[MemberCount]
    papers: int = Field(description="Papers served, each counted once however many members list it.")


class AnnouncementAnswer(BaseModel):
    """A new paper, as posted to the announcements channel."""

    kind: Literal["announcement"] = "announcement"
    paper: PaperRef
    researchers: list[str] = Field(description="Whose paper it is: the members whose profiles list it.")
    published: str = Field(description="The date as the export states it ('Mar 2024' when it gives no day).")
    authors: list[str] = Field(default_factory=list)
    authors_truncated: bool = False
    tldr: str | None = None
    links: list[Link] = Field(default_factory=list)


class FileChange(BaseModel):
    """One profile file in a reload: what happened to it and to its papers."""

    path: str
    status: Literal["added", "updated", "removed", "kept_old"]
    researcher: str | None = None
    papers_added: int = 0
    papers_removed: int = 0


class ReloadAnswer(BaseModel):
    """What a reload (the file watcher's or /reload's) changed, and what it could not read."""

    kind: Literal["reload"] = "reload"
    changed: bool = Field(description="Whether the served catalogue changed (a new library was swapped in).")
    files: list[FileChange] = Field(default_factory=list)
    problems: list[str] = Field(
        default_factory=list, description="Files that could not be served: one `file:line: found …, expected …` each."
    )
    warnings: list[str] = Field(
        default_factory=list, description="Notes on the files read: skipped BibTeX entries, missing abstracts."
    )
    papers: int = Field(0, description="Papers served after the reload.")
    researchers: int = 0
    new_papers: list[PaperRef] = Field(default_factory=list, description="Papers that were not served before.")
    removed_papers: list[PaperRef] = Field(default_factory=list)


class HelpEntry(BaseModel):
    command: str
    usage: str
    description: str
    example: str


class HelpAnswer(BaseModel):
    kind: Literal["help"] = "help"
    profile_name: str
    entries: list[HelpEntry]
    tips: list[str] = Field(default_factory=list)


class ErrorAnswer(BaseModel):
    """A polite message for the reader when a request cannot be answered."""

    kind: Literal["error"] = "error"
    message: str


Answer = (SearchAnswer | PaperAnswer | StatsAnswer | AskAnswer | CiteAnswer | HelpAnswer | ResearchersAnswer
          | ReloadAnswer | AnnouncementAnswer | ErrorAnswer)
