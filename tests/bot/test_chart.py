"""The /stats chart: a valid PNG whose bars are the stats' numbers (read back from the drawn bars and from the
file's own data chunk; never from pixels), colours per category as in the embeds, and limits that keep it
readable: a grey "other" stack beyond the palette, thinned year labels for a long career, nothing to draw
without papers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pngfile import read_png

from bot import chart
from bot.palette import OTHER, PALETTE, Palette
from retrieval.bibtex import parse_bibtex
from retrieval.models import Paper, Profile
from retrieval.service import Library
from retrieval.stats import compute_stats

ROOT = Path(__file__).resolve().parents[2]


def paper(number: int, category: str, year: int) -> Paper:
    return Paper(id=f"p{number}", title=f"Paper {number}", authors=["A. Author"], authors_truncated=False,
                 category=category, category_name=f"Field {category}", date=dt.date(year, 3, 1), year_given=True)


def test_the_png_is_valid_and_its_bars_are_the_papers_per_year_by_category(library: Library) -> None:
    stats = library.stats()
    drawn = chart.render(stats, Palette(library.categories))
    assert drawn is not None
    png = read_png(drawn.png)
    assert (png.width, png.height) == (round(chart.WIDTH_INCHES * chart.DPI), round(chart.HEIGHT_INCHES * chart.DPI))
    assert drawn.years == [int(count.label) for count in stats.per_year]
    assert drawn.totals() == [count.count for count in stats.per_year]
    breakdown = stats.per_year_by_category
    assert [stack.counts for stack in drawn.stacks] == [series.counts for series in breakdown.series]
    assert [stack.label for stack in drawn.stacks] == [f"{series.label} ({series.total})" for series in
                                                       breakdown.series]
    # The file says what it draws: the same numbers, read from the bars themselves.
    data = json.loads(png.text[chart.DATA_KEY])
    assert data["years"] == drawn.years
    assert [stack["counts"] for stack in data["stacks"]] == [stack.counts for stack in drawn.stacks]


def test_each_category_is_drawn_in_its_palette_colour(library: Library) -> None:
    palette = Palette(library.categories)
    drawn = chart.render(library.stats(), palette)
    assert drawn is not None
    codes = [series.key for series in library.stats().per_year_by_category.series]
    assert [stack.colour for stack in drawn.stacks] == [palette.colour(code) for code in codes]
    assert [stack.colour for stack in drawn.stacks] == list(PALETTE[: len(codes)])


def test_categories_beyond_the_palette_share_one_grey_stack() -> None:
    papers = [paper(n, f"C{n % 12:02d}", 2020 + n % 3) for n in range(60)]
    profile = Profile(name="Many Fields", papers=papers)
    library = Library(profile)
    drawn = chart.render(compute_stats(profile), Palette(library.categories))
    assert drawn is not None
    assert len(drawn.stacks) == len(PALETTE) + 1
    other = drawn.stacks[-1]
    assert other.colour == OTHER and other.label == f"4 other categories ({sum(other.counts)})"
    assert sum(sum(stack.counts) for stack in drawn.stacks) == 60


def test_a_long_career_gets_every_year_but_thinned_labels() -> None:
    profile = Profile(name="Long Career", papers=[paper(n, "LG", 1950 + n * 2) for n in range(40)])
    drawn = chart.render(compute_stats(profile), Palette(["LG"]))
    assert drawn is not None
    assert drawn.years == list(range(1950, 2029)) and sum(drawn.totals()) == 40
    figure, _ = chart.draw(compute_stats(profile), Palette(["LG"]))
    labels = figure.axes[0].get_xticks()
    assert 1 < len(labels) <= chart.MAX_YEAR_LABELS


def test_no_papers_no_chart() -> None:
    assert chart.render(compute_stats(Profile(name="Nobody")), Palette([])) is None


def test_a_groups_chart_has_one_line_per_member_with_their_papers_per_year(seed_profile: Profile) -> None:
    member = parse_bibtex((ROOT / "seeds" / "chuanyang-zheng.bib").read_text(encoding="utf-8"),
                          source="chuanyang-zheng.bib")
    library = Library.from_profiles([seed_profile, member])
    stats = library.stats()
    drawn = chart.render(stats, Palette(library.categories))
    assert drawn is not None and drawn.by == "member"
    breakdown = stats.per_year_by_member
    assert breakdown is not None and drawn.years == breakdown.years
    by_name = {profile.name: profile for profile in (seed_profile, member)}
    for line in drawn.stacks:
        name = line.label.rsplit(" (", 1)[0]
        assert line.counts == [sum(p.year == year for p in by_name[name].papers) for year in drawn.years]
    assert drawn.stacks[0].colour == PALETTE[0]
    data = json.loads(read_png(drawn.png).text[chart.DATA_KEY])
    assert data["by"] == "member" and [s["counts"] for s in data["stacks"]] == [s.counts for s in drawn.stacks]
    one = library.stats("Chuanyang Zheng")
    assert chart.render(one, Palette(library.categories)).by == "category"  # type: ignore[union-attr]
