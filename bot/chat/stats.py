"""/stats: the profile's metrics, with a chart of papers per year by category attached as a PNG.

The chart depends only on the profile, so it is drawn once per profile fingerprint and researcher (the group's
at start-up by the warm-up, a member's on its first /stats) and the same bytes are attached after that: papers
per year by category for one researcher, each member's papers per year for a group. If drawing
fails the embed falls back to text bars: /stats never fails because of its picture.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import chart
from bot.chat.embeds import stats_embed
from bot.chat.researchers import RESEARCHER_MAX, researcher_autocomplete
from bot.chat.respond import Attachment, Reply, answer
from retrieval.answers import StatsAnswer

if TYPE_CHECKING:
    from bot.chat.client import PaperBot

log = logging.getLogger(__name__)


class Stats(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot
        self._fingerprint = ""
        self._charts: dict[str, Attachment | None] = {}  # chart of each stats answer's name, for one fingerprint
        self._lock = threading.Lock()

    def chart(self, stats: StatsAnswer | None = None, fingerprint: str | None = None) -> Attachment | None:
        """The chart of `stats` (default: everyone served), drawn on first use per profile fingerprint and
        researcher; None without papers or when drawing failed. Runs in a worker thread."""
        if stats is None or fingerprint is None:
            library = self.bot.library
            stats, fingerprint = stats or library.stats(), library.fingerprint
        with self._lock:
            if fingerprint != self._fingerprint:
                self._fingerprint, self._charts = fingerprint, {}
            if stats.name not in self._charts:
                self._charts[stats.name] = self._draw(stats)
            return self._charts[stats.name]

    def _draw(self, stats: StatsAnswer) -> Attachment | None:
        try:
            drawn = chart.render(stats, self.bot.house.palette)
        except Exception:
            log.exception("Drawing the /stats chart failed; /stats shows text bars instead")
            return None
        return Attachment(drawn.filename, drawn.png) if drawn else None

    def stats_and_chart(self, researcher: str | None) -> tuple[StatsAnswer, Attachment | None]:
        library = self.bot.library  # one library for the whole answer, even if a reload swaps it meanwhile
        stats = library.stats(researcher)
        return stats, self.chart(stats, library.fingerprint)

    @app_commands.command(name="stats", description="The record at a glance: metrics, papers per year, co-authors.")
    @app_commands.describe(researcher="Only this researcher's record (default: everyone served, as a group)")
    @app_commands.autocomplete(researcher=researcher_autocomplete)
    async def stats(self, interaction: discord.Interaction,
                    researcher: app_commands.Range[str, 1, RESEARCHER_MAX] | None = None) -> None:
        await answer(interaction, lambda: self.stats_and_chart(researcher), render)


def render(result: tuple[StatsAnswer, Attachment | None]) -> Reply:
    stats, picture = result
    embed = stats_embed(stats, chart_url=picture.url if picture else None)
    return Reply(embeds=[embed], files=[picture] if picture else [])


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Stats(bot))
