"""The researcher's record at a glance, computed from a parsed profile."""

from __future__ import annotations

from collections import Counter

from retrieval.answers import Count, Series, StatsAnswer, YearBreakdown
from retrieval.models import HeaderMetrics, Paper, Profile
from retrieval.names import name_key

TOP_COAUTHORS = 8


def counts(counter: Counter[str]) -> list[Count]:
    """Most frequent first; ties alphabetical so the output is stable."""
    items = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return [Count(label=label, count=count) for label, count in items]


def papers_per_year(papers: list[Paper]) -> list[Count]:
    """Papers per year, oldest first, with the empty years in between kept (a chart needs the gaps)."""
    per_year = Counter(paper.year for paper in papers)
    if not per_year:
        return []
    years = range(min(per_year), max(per_year) + 1)
    return [Count(label=str(year), count=per_year.get(year, 0)) for year in years]


def category_order(papers: list[Paper]) -> list[str]:
    """Category codes, most papers first (ties by code): the order of the chart's stacks and of the colours
    the faces give categories."""
    ranked = Counter(paper.category for paper in papers)
    return sorted(ranked, key=lambda code: (-ranked[code], code))


def per_year_by_category(papers: list[Paper]) -> YearBreakdown:
    """Papers per year split by category, every year from the first to the last (gaps kept as zeros)."""
    if not papers:
        return YearBreakdown(by="category")
    first, last = min(paper.year for paper in papers), max(paper.year for paper in papers)
    years = list(range(first, last + 1))
    per: dict[str, Counter[int]] = {}
    names: dict[str, str] = {}
    for paper in papers:
        per.setdefault(paper.category, Counter())[paper.year] += 1
        names[paper.category] = paper.category_name
    series = [Series(key=code, label=names[code], counts=[per[code].get(year, 0) for year in years])
              for code in category_order(papers)]
    return YearBreakdown(by="category", years=years, series=series)


def coauthor_counts(papers: list[Paper], owner: str) -> Counter[str]:
    owner_key = name_key(owner)
    counter: Counter[str] = Counter()
    for paper in papers:
        for author in dict.fromkeys(paper.authors):
            if name_key(author) != owner_key:
                counter[author] += 1
    return counter


def coauthors_note(papers: list[Paper]) -> str:
    truncated = sum(paper.authors_truncated for paper in papers)
    if not truncated:
        return "Counted over the full author lists."
    return (
        f"Counted over the listed names only: {truncated} of {len(papers)} author lists are truncated "
        "('et al.'), so real counts may be higher."
    )


def compute_stats(profile: Profile) -> StatsAnswer:
    papers = profile.papers
    owner = name_key(profile.name)
    dates = [paper.date for paper in papers]
    return StatsAnswer(
        **profile.model_dump(include=set(HeaderMetrics.model_fields)),
        parsed_papers=len(papers),
        per_year=papers_per_year(papers),
        per_year_by_category=per_year_by_category(papers),
        per_category=counts(Counter(paper.category_name for paper in papers)),
        with_code=sum(paper.has_code for paper in papers),
        first_author=sum(bool(paper.authors) and name_key(paper.authors[0]) == owner for paper in papers),
        top_coauthors=counts(coauthor_counts(papers, profile.name))[:TOP_COAUTHORS],
        coauthors_note=coauthors_note(papers),
        affiliations=counts(Counter(paper.affiliation for paper in papers if paper.affiliation)),
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
        warnings=list(profile.warnings),
    )
