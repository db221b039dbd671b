"""The /stats chart as a PNG (matplotlib's Agg backend, no display): one researcher's papers per year stacked
by category; for a group, each member's papers per year, one line per member (a paper two members list
counts for both, so stacking them would overstate the group).

Shared by the Discord face (attached to the /stats embed) and the CLI (`paperbot stats --chart FILE.png`);
the console keeps its text bars. The picture is drawn on an opaque dark card with light text, so it reads
the same in Discord's light and dark themes (a transparent chart cannot suit both). Categories get their
colours from `bot.palette`, the same as the embeds about their papers; members get the palette in their
order (most papers first).

What was drawn is read back from the bars themselves and written into the PNG as a `paperbot:data` text
chunk, so a test (or a curious user) can check the picture against the stats without looking at pixels.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from bot.palette import CHART_BACKGROUND, CHART_GRID, CHART_MUTED, CHART_TEXT, OTHER, PALETTE, Palette
from retrieval.answers import Series, StatsAnswer, YearBreakdown

FILENAME = "papers-per-year.png"
DATA_KEY = "paperbot:data"
WIDTH_INCHES, HEIGHT_INCHES, DPI = 9.0, 4.2, 110
MAX_YEAR_LABELS = 16
MAX_TOTALS_SHOWN = 30  # a year's total is written above its bar up to this many years
LEGEND_LABEL_CHARS = 32


@dataclass(frozen=True)
class Drawn:
    """One stack as drawn: its legend label, colour and the bar heights, year by year."""

    label: str
    colour: str
    counts: list[int]


@dataclass(frozen=True)
class Chart:
    png: bytes
    years: list[int]
    stacks: list[Drawn]  # the stacks of the category chart, the lines of the member chart
    by: str = "category"
    filename: str = FILENAME

    def totals(self) -> list[int]:
        return [sum(stack.counts[i] for stack in self.stacks) for i in range(len(self.years))]


def stacks_to_draw(breakdown: YearBreakdown, palette: Palette) -> list[Drawn]:
    """The series with colours of their own, then one grey "Other" stack for the categories beyond them."""
    own = [series for series in breakdown.series if palette.has_own_colour(series.key)]
    rest = [series for series in breakdown.series if not palette.has_own_colour(series.key)]
    if len(rest) == 1 and len(own) < len(PALETTE):
        own, rest = own + rest, []  # a single leftover keeps its name (it is grey, but not "Other")
    drawn = [Drawn(_legend(series), palette.colour(series.key), list(series.counts)) for series in own]
    if rest:
        counts = [sum(series.counts[i] for series in rest) for i in range(len(breakdown.years))]
        drawn.append(Drawn(f"{len(rest)} other categories ({sum(counts)})", OTHER, counts))
    return drawn


def _legend(series: Series) -> str:
    label = series.label if len(series.label) <= LEGEND_LABEL_CHARS else series.label[: LEGEND_LABEL_CHARS - 1] + "…"
    return f"{label} ({series.total})"


def _year_ticks(years: list[int]) -> list[int]:
    step = max(1, -(-len(years) // MAX_YEAR_LABELS))
    return years[::step]


def draw(stats: StatsAnswer, palette: Palette) -> tuple[Figure, list[BarContainer]]:
    """The figure and its bar containers (one per stack, bottom first)."""
    breakdown = stats.per_year_by_category
    years = breakdown.years
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, facecolor=CHART_BACKGROUND)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_facecolor(CHART_BACKGROUND)
    bottoms = [0] * len(years)
    containers: list[BarContainer] = []
    for stack in stacks_to_draw(breakdown, palette):
        container = axes.bar(years, stack.counts, bottom=bottoms, color=stack.colour, label=stack.label, width=0.72,
                             edgecolor=CHART_BACKGROUND, linewidth=0.8)
        containers.append(container)
        bottoms = [b + c for b, c in zip(bottoms, stack.counts, strict=True)]
    for year, total in zip(years, bottoms, strict=True) if len(years) <= MAX_TOTALS_SHOWN else ():
        axes.annotate(str(total), (year, total), xytext=(0, 3), textcoords="offset points", ha="center",
                      va="bottom", color=CHART_TEXT if total else CHART_MUTED, fontsize=10)
    _style(axes, years, max(bottoms, default=0))
    axes.set_title("Papers per year, by category", color=CHART_TEXT, fontsize=13, loc="left", pad=12)
    legend = axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=10,
                         labelcolor=CHART_TEXT)  # most papers first, as the embed's Categories field
    legend.set_title("Category", prop={"size": 10})
    legend.get_title().set_color(CHART_MUTED)
    figure.tight_layout()
    return figure, containers


def _style(axes, years: list[int], highest: int) -> None:
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(CHART_GRID)
    axes.tick_params(colors=CHART_MUTED, labelsize=10, length=0)
    axes.set_xticks(_year_ticks(years))
    axes.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    axes.set_ylim(0, max(1, highest) * 1.15)
    axes.grid(axis="y", color=CHART_GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    axes.set_ylabel("papers", color=CHART_MUTED, fontsize=10)


def drawn_stacks(containers: list[BarContainer]) -> list[Drawn]:
    """What the bars show, read back from the drawn artists: label, colour and heights."""
    stacks = []
    for container in containers:
        first = container.patches[0]
        red, green, blue, _ = first.get_facecolor()
        colour = f"#{round(red * 255):02X}{round(green * 255):02X}{round(blue * 255):02X}"
        stacks.append(Drawn(str(container.get_label()), colour, [round(p.get_height()) for p in container.patches]))
    return stacks


def draw_members(stats: StatsAnswer) -> tuple[Figure, list[Line2D]]:
    """The figure and its lines: each of the first `len(PALETTE)` members' papers per year (most papers first)."""
    breakdown = stats.per_year_by_member or YearBreakdown(by="member")
    years = breakdown.years
    shown = breakdown.series[: len(PALETTE)]
    palette = Palette([series.key for series in shown])
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, facecolor=CHART_BACKGROUND)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_facecolor(CHART_BACKGROUND)
    lines = [axes.plot(years, series.counts, color=palette.colour(series.key), label=_legend(series), marker="o",
                       markersize=4, linewidth=2)[0] for series in shown]
    _style(axes, years, max((max(series.counts, default=0) for series in shown), default=0))
    axes.set_title("Papers per year, by member", color=CHART_TEXT, fontsize=13, loc="left", pad=12)
    notes = []
    if stats.shared_papers:
        notes.append("a paper in two members' profiles counts for each")
    if len(breakdown.series) > len(shown):
        notes.append(f"{len(breakdown.series) - len(shown)} more members not drawn (see /researchers)")
    if notes:
        figure.text(0.01, 0.01, "; ".join(notes).capitalize() + ".", color=CHART_MUTED, fontsize=9)
    legend = axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=10,
                         labelcolor=CHART_TEXT)
    legend.set_title("Member", prop={"size": 10})
    legend.get_title().set_color(CHART_MUTED)
    figure.tight_layout(rect=(0, 0.04 if notes else 0, 1, 1))
    return figure, lines


def drawn_lines(lines: list[Line2D]) -> list[Drawn]:
    """What the lines show, read back from the drawn artists."""
    return [Drawn(str(line.get_label()), to_hex(line.get_color()).upper(), [round(y) for y in line.get_ydata()])
            for line in lines]


def render(stats: StatsAnswer, palette: Palette) -> Chart | None:
    """The chart as PNG bytes with what it shows; None when there are no papers to draw."""
    group = stats.per_year_by_member if stats.members and stats.per_year_by_member else None
    years = (group or stats.per_year_by_category).years
    if not years:
        return None
    if group is not None:
        figure, lines = draw_members(stats)
        stacks, by = drawn_lines(lines), "member"
    else:
        figure, containers = draw(stats, palette)
        stacks, by = drawn_stacks(containers), "category"
    data = {"by": by, "years": years,
            "stacks": [{"label": s.label, "colour": s.colour, "counts": s.counts} for s in stacks]}
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=CHART_BACKGROUND,
                   metadata={DATA_KEY: json.dumps(data), "Software": "paperbot"})
    return Chart(png=buffer.getvalue(), years=years, stacks=stacks, by=by)
