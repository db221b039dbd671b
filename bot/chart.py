"""The /stats chart: papers per year, stacked by category, as a PNG (matplotlib's Agg backend, no display).

Shared by the Discord face (attached to the /stats embed) and the CLI (`paperbot stats --chart FILE.png`);
the console keeps its text bars. The picture is drawn on an opaque dark card with light text, so it reads
the same in Discord's light and dark themes (a transparent chart cannot suit both). Categories get their
colours from `bot.palette`, the same as the embeds about their papers.

What was drawn is read back from the bars themselves and written into the PNG as a `paperbot:data` text
chunk, so a test (or a curious user) can check the picture against the stats without looking at pixels.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.palette import CHART_BACKGROUND, CHART_GRID, CHART_MUTED, CHART_TEXT, OTHER, PALETTE, Palette
from retrieval.answers import Series, StatsAnswer, YearBreakdown

FILENAME = "papers-per-year.png"
DATA_KEY = "paperbot:data"
WIDTH_INCHES, HEIGHT_INCHES, DPI = 9.0, 4.2, 110
MAX_YEAR_LABELS = 16
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
    stacks: list[Drawn]
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
    for year, total in zip(years, bottoms, strict=True):
        if total:
            axes.annotate(str(total), (year, total), xytext=(0, 3), textcoords="offset points", ha="center",
                          va="bottom", color=CHART_TEXT, fontsize=10)
    _style(axes, years, max(bottoms, default=0))
    axes.set_title("Papers per year, by category", color=CHART_TEXT, fontsize=13, loc="left", pad=12)
    legend = axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=10,
                         labelcolor=CHART_TEXT, reverse=True)  # the legend lists the stacks top first, as drawn
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


def render(stats: StatsAnswer, palette: Palette) -> Chart | None:
    """The chart as PNG bytes with what it shows; None when there are no papers to draw."""
    years = stats.per_year_by_category.years
    if not years:
        return None
    figure, containers = draw(stats, palette)
    stacks = drawn_stacks(containers)
    data = {"years": years, "stacks": [{"label": s.label, "colour": s.colour, "counts": s.counts} for s in stacks]}
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=CHART_BACKGROUND,
                   metadata={DATA_KEY: json.dumps(data), "Software": "paperbot"})
    return Chart(png=buffer.getvalue(), years=years, stacks=stacks)
