"""The researcher's record at a glance, computed from a parsed profile."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations

from retrieval.answers import Count, MemberCount, PairCount, Series, StatsAnswer, YearBreakdown
from retrieval.models import HeaderMetrics, Paper, Profile
from retrieval.names import name_key

TOP_COAUTHORS = 8
NO_CATEGORY = "No category"  # a paper imported without one (e.g. from BibTeX)


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
        names[paper.category] = paper.category_name or paper.category or NO_CATEGORY
    series = [Series(key=code, label=names[code], counts=[per[code].get(year, 0) for year in years])
              for code in category_order(papers)]
    return YearBreakdown(by="category", years=years, series=series)


def per_year_by_member(papers: Sequence[Paper], members: Sequence[Profile]) -> YearBreakdown:
    """Each member's papers per year (what their own profile lists), most papers first. A paper two members
    list counts for both, so the series do not add up to the group's papers."""
    if not papers:
        return YearBreakdown(by="member")
    years = list(range(min(paper.year for paper in papers), max(paper.year for paper in papers) + 1))
    series = [Series(key=member.name, label=member.name,
                     counts=[sum(paper.year == year for paper in member.papers) for year in years])
              for member in members]
    series.sort(key=lambda one: (-one.total, name_key(one.label)))
    return YearBreakdown(by="member", years=years, series=series)


def coauthor_counts(papers: list[Paper], *owners: str) -> Counter[str]:
    """Co-authors by papers shared, leaving out the owner(s): a group's members are not its co-authors."""
    owner_keys = {name_key(owner) for owner in owners}
    counter: Counter[str] = Counter()
    for paper in papers:
        for author in dict.fromkeys(paper.authors):
            if name_key(author) not in owner_keys:
                counter[author] += 1
    return counter


def first_authored(papers: Sequence[Paper], *owners: str) -> int:
    owner_keys = {name_key(owner) for owner in owners}
    return sum(bool(paper.authors) and name_key(paper.authors[0]) in owner_keys for paper in papers)


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
    dates = [paper.date for paper in papers]
    return StatsAnswer(
        **profile.model_dump(include=set(HeaderMetrics.model_fields)),
        parsed_papers=len(papers),
        per_year=papers_per_year(papers),
        per_year_by_category=per_year_by_category(papers),
        per_category=counts(Counter(paper.category_name for paper in papers if paper.category_name)),
        with_code=sum(paper.has_code for paper in papers),
        first_author=first_authored(papers, profile.name),
        top_coauthors=counts(coauthor_counts(papers, profile.name))[:TOP_COAUTHORS],
        coauthors_note=coauthors_note(papers),
        affiliations=counts(Counter(paper.affiliation for paper in papers if paper.affiliation)),
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
        warnings=list(profile.warnings),
    )


def member_count(profile: Profile) -> MemberCount:
    """One member's line in the group's stats and in /researchers."""
    papers = profile.papers
    years = [paper.year for paper in papers]
    return MemberCount(
        name=profile.name,
        papers=len(papers),
        first_author=first_authored(papers, profile.name),
        with_code=sum(paper.has_code for paper in papers),
        shared=sum(len(paper.researchers) > 1 for paper in papers),
        h_index=profile.h_index,
        citations=profile.citations,
        first_year=min(years, default=None),
        last_year=max(years, default=None),
    )


def coauthorship(papers: Sequence[Paper]) -> list[PairCount]:
    """Pairs of members by the papers listed in both their profiles, most first (ties alphabetical)."""
    pairs: Counter[tuple[str, str]] = Counter()
    for paper in papers:
        for first, second in combinations(sorted(set(paper.researchers), key=name_key), 2):
            pairs[(first, second)] += 1
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
    return [PairCount(first=first, second=second, count=count) for (first, second), count in ranked]


def group_stats(group: Profile, members: Sequence[Profile]) -> StatsAnswer:
    """The group at a glance: the stats of all its papers (each counted once), each member, and who shares what.

    Header metrics (h-index, citations) are per researcher, so the group's are left empty rather than summed.
    """
    names = [member.name for member in members]
    papers = group.papers
    base = compute_stats(group)
    return base.model_copy(update={
        "first_author": first_authored(papers, *names),
        "top_coauthors": counts(coauthor_counts(papers, *names))[:TOP_COAUTHORS],
        "members": sorted((member_count(member) for member in members), key=lambda m: (-m.papers, name_key(m.name))),
        "shared_papers": sum(len(paper.researchers) > 1 for paper in papers),
        "coauthorship": coauthorship(papers),
        "per_year_by_member": per_year_by_member(papers, members),
    })
