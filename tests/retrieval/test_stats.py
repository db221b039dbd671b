"""Stats: the header metrics and what is derived from the papers."""

from __future__ import annotations

import datetime as dt

from retrieval.models import Profile
from retrieval.stats import compute_stats


def test_stats_of_seed(seed_profile: Profile) -> None:
    stats = compute_stats(seed_profile)
    assert (stats.h_index, stats.citations, stats.parsed_papers, stats.declared_papers) == (26, 1567, 33, 33)
    assert (stats.novelty_percent, stats.ai_score) == (55, 61)
    assert {c.label: c.count for c in stats.per_year} == {
        "2019": 2, "2020": 0, "2021": 2, "2022": 2, "2023": 8, "2024": 7, "2025": 8, "2026": 4,
    }  # fmt: skip
    assert stats.per_category[0].label == "Machine Learning" and stats.per_category[0].count == 11
    assert sum(c.count for c in stats.per_category) == 33
    assert stats.with_code == 6
    assert stats.first_author == 4
    assert stats.top_coauthors[0].label == "Chuanyang Zheng" and stats.top_coauthors[0].count == 6
    assert "Han Shi" not in {c.label for c in stats.top_coauthors}
    assert "32 of 33 author lists are truncated" in stats.coauthors_note
    assert {c.label for c in stats.affiliations} == {"cambridge", "oxford"}
    assert stats.first_date == dt.date(2019, 11, 21)
    assert stats.last_date == dt.date(2026, 5, 7)


def test_stats_with_missing_metrics_and_no_papers() -> None:
    stats = compute_stats(Profile(name="Nobody"))
    assert stats.h_index is None and stats.per_year == [] and stats.first_date is None
    assert stats.parsed_papers == 0


def test_papers_per_year_by_category_add_up_to_papers_per_year(seed_profile: Profile) -> None:
    stats = compute_stats(seed_profile)
    breakdown = stats.per_year_by_category
    assert breakdown.years == [int(count.label) for count in stats.per_year]
    assert [series.key for series in breakdown.series] == ["LG", "CL", "CV", "AI", "DB", "ML", "SE"]
    totals = [sum(series.counts[i] for series in breakdown.series) for i in range(len(breakdown.years))]
    assert totals == [count.count for count in stats.per_year]
    assert {series.label: series.total for series in breakdown.series} == \
        {count.label: count.count for count in stats.per_category}


def test_no_papers_no_breakdown() -> None:
    assert compute_stats(Profile(name="Nobody")).per_year_by_category.series == []
