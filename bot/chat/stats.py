"""/stats: the profile's metrics, with a chart of papers per year by category attached as a PNG.

The chart depends only on the profile, so it is drawn once per profile fingerprint (at start-up, by the
warm-up, or on the first /stats) and the same bytes are attached to every /stats after that. If drawing
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
from bot.chat.respond import Attachment, Reply, answer
from retrieval.answers import StatsAnswer

if TYPE_CHECKING:
    from bot.chat.client import PaperBot

log = logging.getLogger(__name__)


class Stats(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot
        self._chart: tuple[str, Attachment | None] | None = None
        self._lock = threading.Lock()

    def chart(self) -> Attachment | None:
        """The chart of the profile served now (drawn on first use per fingerprint); None without papers
        or when drawing failed. Runs in a worker thread."""
        library = self.bot.library
        with self._lock:
            if self._chart is None or self._chart[0] != library.fingerprint:
                self._chart = (library.fingerprint, self._draw(library.stats()))
            return self._chart[1]

    def _draw(self, stats: StatsAnswer) -> Attachment | None:
        try:
            drawn = chart.render(stats, self.bot.house.palette)
        except Exception:
            log.exception("Drawing the /stats chart failed; /stats shows text bars instead")
            return None
        return Attachment(drawn.filename, drawn.png) if drawn else None

    @app_commands.command(name="stats", description="The record at a glance: metrics, papers per year, co-authors.")
    async def stats(self, interaction: discord.Interaction) -> None:
        library = self.bot.library
        await answer(interaction, lambda: (library.stats(), self.chart()), render, timing=self.bot.timing)


def render(result: tuple[StatsAnswer, Attachment | None]) -> Reply:
    stats, picture = result
    embed = stats_embed(stats, chart_url=picture.url if picture else None)
    return Reply(embeds=[embed], files=[picture] if picture else [])


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Stats(bot))
