"""Answers read from the profile's record, not from abstracts: header metrics, co-authors, papers per year and
category, newest and oldest, and the stated facts of one paper (date, authors, code, category).

Every answer says what it counted and under which filters; a count lists the papers it counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from retrieval.answers import AskAnswer, Count, ListedPaper, PaperRef, StatsAnswer
from retrieval.models import Paper, Profile
from retrieval.names import same_name
from retrieval.questions import Reading
from retrieval.summarize import Summary
from retrieval.when import describe

MAX_COUNTED_SHOWN = 100
"""A count lists every paper it counted, up to this many."""
_METRIC_NAMES = {"h_index": "h-index", "citations": "citation count", "novelty": "novelty score",
                 "ai_score": "AI score"}


@dataclass(frozen=True)
class Record:
    """What record answers read: the profile, its stats, and each paper's summary (for the TL;DR shown)."""

    profile: Profile
    stats: Callable[[], StatsAnswer]
    summary: Callable[[Paper], Summary]

    @property
    def name(self) -> str:
        return self.profile.name

    def listed(self, papers: Iterable[Paper]) -> list[ListedPaper]:
        return [ListedPaper(paper=PaperRef.of(paper), tldr=self.summary(paper).tldr_body) for paper in papers]


def short_title(paper: Paper | PaperRef) -> str:
    """'MetaMath' for 'MetaMath: Bootstrap …'; the full title when it has no short name."""
    head, sep, _ = paper.title.partition(":")
    return head.strip() if sep and len(head.split()) <= 4 else paper.title


def author_list(paper: Paper) -> str:
    """'A, B, C et al.' or 'A, B and C.', ending with exactly one full stop."""
    if paper.authors_truncated:
        return ", ".join(paper.authors) + " et al."
    if len(paper.authors) > 1:
        return ", ".join(paper.authors[:-1]) + f" and {paper.authors[-1]}."
    return (paper.authors[0] if paper.authors else "unknown authors") + "."


def passes(paper: Paper, reading: Reading, owner: str, within: frozenset[str] | None = None) -> bool:
    """The paper meets every filter of the question (years, category, code, co-author, first author)."""
    if within is not None and paper.id not in within:
        return False
    if reading.year_from is not None and paper.year < reading.year_from:
        return False
    if reading.year_to is not None and paper.year > reading.year_to:
        return False
    if reading.category is not None and paper.category != reading.category:
        return False
    if reading.has_code is not None and paper.has_code != reading.has_code:
        return False
    if reading.coauthor and not any(same_name(author, reading.coauthor) for author in paper.authors):
        return False
    return not reading.first_author or bool(paper.authors and same_name(paper.authors[0], owner))


def filters_phrase(reading: Reading, record: Record) -> str:
    """The filters in words: ' in 2024', ' in Computer Vision with code', for answer texts."""
    words: list[str] = []
    if reading.category:
        names = {paper.category: paper.category_name for paper in record.profile.papers}
        words.append(f"in {names.get(reading.category, reading.category)}")
    if when := describe(reading.year_from, reading.year_to):
        words.append(when)
    if reading.has_code is True:
        words.append("with code")
    elif reading.has_code is False:
        words.append("without code")
    if reading.first_author:
        words.append(f"with {record.name} as first author")
    if reading.coauthor:
        words.append(f"with {reading.coauthor}")
    return (" " + " ".join(words)) if words else ""


def by_date(papers: Sequence[Paper], order: str = "newest") -> list[Paper]:
    if order == "oldest":
        return sorted(papers, key=lambda paper: paper.date)
    return sorted(papers, key=lambda paper: paper.date, reverse=True)


def declined(reading: Reading, text: str, suggestion: str | None = None) -> AskAnswer:
    return AskAnswer(question=reading.text, answer_type="not_found", text=text, suggestion=suggestion)


def metric_answer(record: Record, reading: Reading) -> AskAnswer:
    """A header metric; asked of one paper, a plain "the export does not say"."""
    stats = record.stats()
    name = record.name
    if reading.coauthor:
        what = _METRIC_NAMES.get(reading.metric or "", "that metric")
        return declined(reading, f"The profile gives {name}'s {what}, not {reading.coauthor}'s.",
                        f"Ask “what is {name}'s {what}?”")
    if reading.papers:
        paper = short_title(reading.papers[0])
        what = _METRIC_NAMES.get(reading.metric or "", "that metric")
        return declined(reading, f"The profile gives no per-paper {what}: it has {name}'s {what} as a whole, not "
                        f"{paper}'s.", f"Ask “what is {name}'s {what}?”")
    match reading.metric:
        case "h_index":
            text = f"{name}'s h-index is {stats.h_index}." if stats.h_index is not None else None
        case "citations":
            text = (f"{name}'s papers have {stats.citations:,} citations in total. The export has no per-paper "
                    "citation counts." if stats.citations is not None else None)
        case "novelty":
            novelty = stats.novelty_percent
            text = f"{name}'s novelty score is {novelty:g}%." if novelty is not None else None
        case _:
            text = f"{name}'s AI score is {stats.ai_score:g}." if stats.ai_score is not None else None
    if text is None:
        return declined(reading, f"The profile gives no {_METRIC_NAMES.get(reading.metric or '', 'value')} for {name}.")
    return AskAnswer(question=reading.text, answer_type="stats", text=text)


def _names(counts: Sequence[Count], limit: int = 5) -> str:
    return ", ".join(f"{count.label} ({count.count})" for count in counts[:limit])


def record_answer(record: Record, reading: Reading) -> AskAnswer:
    """Co-authors, affiliations, papers per year, the busiest year, areas, venues, newest/oldest, overview."""
    stats = record.stats()
    name = record.name
    papers: list[Paper] = []
    suggestion = None
    match reading.record:
        case "venue":
            whose = f"{short_title(reading.papers[0])} was" if reading.papers else f"{name}'s papers were"
            return declined(reading, f"The profile doesn't say where {whose} published: it has no venues, only "
                            "dates and categories.", "Try /paper <title> for a paper's date and authors.")
        case "coauthors" if reading.papers:
            paper = reading.papers[0]
            text = f"{short_title(paper)} is by {author_list(paper)}"
            papers = [paper]
        case "coauthors":
            if not stats.top_coauthors:
                text = "The profile lists no co-authors."
            else:
                top = stats.top_coauthors[0]
                tied = [c for c in stats.top_coauthors if c.count == top.count]
                lead = " and ".join(c.label for c in tied)
                text = (f"{name} publishes most often with {lead} ({top.count} papers). "
                        f"Frequent co-authors: {_names(stats.top_coauthors, 8)}. {stats.coauthors_note}")
        case "affiliations":
            text = (f"Affiliations named in the export: {_names(stats.affiliations)} (most papers name none)."
                    if stats.affiliations else "The export names no affiliations.")
        case "per_year":
            years = ", ".join(f"{count.label}: {count.count}" for count in stats.per_year)
            text = f"{name}'s papers per year: {years}." if years else "The profile has no papers."
        case "best_year":
            busiest = max(stats.per_year, key=lambda count: count.count, default=None)
            if busiest is None:
                text = "The profile has no papers."
            else:
                tied = [c.label for c in stats.per_year if c.count == busiest.count]
                text = (f"{name}'s most productive year: {' and '.join(tied)} ({busiest.count} papers each)."
                        if len(tied) > 1 else f"{name}'s most productive year is {busiest.label} with "
                        f"{busiest.count} papers.")
        case "areas":
            primary = f"Primary category: {stats.primary_category_name}. " if stats.primary_category_name else ""
            text = f"{primary}Papers per category: {_names(stats.per_category, 8)}."
        case "newest" | "oldest":
            chosen = by_date([p for p in record.profile.papers if passes(p, reading, name)], reading.record)
            scope = filters_phrase(reading, record)
            if not chosen:
                return declined(reading, f"I couldn't find papers{scope} in {name}'s papers.")
            papers = chosen[:1]
            text = f"{name}'s {reading.record} paper{scope} is {short_title(papers[0])} ({papers[0].published})."
        case _:  # overview
            text = (f"{name}: {stats.parsed_papers} papers ({stats.first_date:%Y}–{stats.last_date:%Y}), h-index "
                    f"{stats.h_index}, {stats.citations or 0:,} citations, mostly {stats.primary_category_name}. "
                    f"Most frequent co-author: {stats.top_coauthors[0].label}."
                    if stats.top_coauthors and stats.first_date and stats.last_date
                    else f"{name}: {stats.parsed_papers} papers.")
            suggestion = "See /stats for the full record."
    return AskAnswer(question=reading.text, answer_type="stats", text=text, papers=record.listed(papers),
                     suggestion=suggestion)


def meta_answer(record: Record, reading: Reading, paper: Paper) -> AskAnswer:
    """A fact the export states about one paper: when it appeared, who wrote it, its code, its category."""
    name = short_title(paper)
    match reading.meta:
        case "date":
            on = "on" if paper.date_precision == "day" else "in"  # a BibTeX export may give only a year or a month
            text = f"{name} was published {on} {paper.published}."
        case "authors":
            text = f"{name} is by {author_list(paper)}"
        case "code":
            text = f"Yes, {name} has code released." if paper.has_code else f"The profile lists no code for {name}."
        case _:
            text = f"{name} is in {paper.category_name} ({paper.category})."
    return AskAnswer(question=reading.text, answer_type="stats", text=text, papers=record.listed([paper]))


def count_answer(record: Record, reading: Reading, papers: Sequence[Paper], matched: str = "") -> AskAnswer:
    """'N papers <filters> <matched>' ("that mention “X”"), listing every paper counted (newest first)."""
    scope = filters_phrase(reading, record)
    count = len(papers)
    noun = "paper" if count == 1 else "papers"
    stats = record.stats()
    if not scope and not matched and reading.papers == []:
        declared = (f" (the profile declares {stats.declared_papers})"
                    if stats.declared_papers is not None and stats.declared_papers != count else "")
        text = f"{record.name} has {count} {noun} in this profile{declared}."
        return AskAnswer(question=reading.text, answer_type="stats", text=text,
                         suggestion="See /stats for papers per year and category.")
    shown = by_date(papers)[:MAX_COUNTED_SHOWN]
    text = f"{record.name} has {count} {noun}{scope}{matched}" + (":" if shown else ".")
    return AskAnswer(question=reading.text, answer_type="stats", text=text, papers=record.listed(shown))
