"""/stats: the profile's metrics and a chart of papers per year."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.embeds import stats_embed
from bot.chat.researchers import RESEARCHER_MAX, researcher_autocomplete
from bot.chat.respond import Reply, answer

if TYPE_CHECKING:
    from bot.chat.client import PaperBot


class Stats(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot

    @app_commands.command(name="stats", description="The record at a glance: metrics, papers per year, co-authors.")
    @app_commands.describe(researcher="Only this researcher's record (default: everyone served, as a group)")
    @app_commands.autocomplete(researcher=researcher_autocomplete)
    async def stats(self, interaction: discord.Interaction,
                    researcher: app_commands.Range[str, 1, RESEARCHER_MAX] | None = None) -> None:
        library = self.bot.library
        await answer(interaction, lambda: library.stats(researcher),
                     lambda result: Reply(embeds=[stats_embed(result)]), timing=self.bot.timing)


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Stats(bot))
