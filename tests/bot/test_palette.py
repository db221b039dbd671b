"""Category colours: one per category in the profile's order, readable on the chart's card."""

from __future__ import annotations

from bot.palette import CHART_BACKGROUND, CHART_MUTED, CHART_TEXT, OTHER, PALETTE, Palette


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    darker, lighter = sorted((luminance(a), luminance(b)))
    return (lighter + 0.05) / (darker + 0.05)


def test_bars_and_text_stand_out_from_the_chart_background() -> None:
    for colour in (*PALETTE, OTHER):
        assert contrast(colour, CHART_BACKGROUND) >= 3.0, colour  # WCAG: graphics 3:1
    assert contrast(CHART_TEXT, CHART_BACKGROUND) >= 7.0  # text: 7:1 (AAA)
    assert contrast(CHART_MUTED, CHART_BACKGROUND) >= 4.5  # axis labels: 4.5:1 (AA)


def test_colours_follow_the_ranking_and_never_repeat_within_the_palette() -> None:
    ranked = [f"C{n}" for n in range(len(PALETTE) + 2)]
    palette = Palette(ranked)
    colours = [palette.colour(code) for code in ranked[: len(PALETTE)]]
    assert colours == list(PALETTE) and len(set(colours)) == len(PALETTE)
    assert palette.colour(ranked[-1]) == OTHER and palette.colour("not in the profile") == OTHER
    assert palette.value(ranked[0]) == int(PALETTE[0][1:], 16)
