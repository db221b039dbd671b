"""One colour per category, the same in the /stats chart and in every embed about a paper.

Colours go to categories in the order the core ranks them (`Library.categories`: most papers first), so the
researcher's main field always gets the first colour and a profile's categories never share one until the
palette runs out; categories beyond it share the neutral `OTHER`. The hues are the Okabe-Ito set, chosen to
stay apart for colour-blind readers, each at least 3:1 against the chart's dark background
(tests/bot/test_palette.py checks the contrast).
"""

from __future__ import annotations

from collections.abc import Sequence

PALETTE = (
    "#56B4E9",  # sky blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#D55E00",  # vermillion
    "#8DA0CB",  # periwinkle
    "#A6D854",  # lime
)
OTHER = "#949BA4"  # Discord's muted grey: categories beyond the palette
# The chart is drawn on an opaque card so it reads the same in Discord's light and dark themes.
CHART_BACKGROUND = "#2B2D31"  # Discord's dark embed background
CHART_TEXT = "#DBDEE1"
CHART_MUTED = "#949BA4"
CHART_GRID = "#3F4147"


def hex_to_int(colour: str) -> int:
    return int(colour.lstrip("#"), 16)


class Palette:
    """Category code -> colour, for one served profile."""

    def __init__(self, ranked_codes: Sequence[str]) -> None:
        self.ranked = list(ranked_codes)
        self._colours = {code: PALETTE[rank] for rank, code in enumerate(self.ranked[: len(PALETTE)])}

    def colour(self, code: str) -> str:
        """`#RRGGBB` of the category; `OTHER` for a category beyond the palette or not in the profile."""
        return self._colours.get(code, OTHER)

    def value(self, code: str) -> int:
        """The colour as the integer an embed takes."""
        return hex_to_int(self.colour(code))

    def has_own_colour(self, code: str) -> bool:
        return code in self._colours
