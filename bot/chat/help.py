"""/help: what each command does, with an example."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.embeds import help_embed
from bot.chat.respond import Reply, answer

if TYPE_CHECKING:
    from bot.chat.client import PaperBot


class Help(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What each command does, with an example.")
    async def help(self, interaction: discord.Interaction) -> None:
        await answer(interaction, self.bot.library.help, lambda result: Reply(embeds=[help_embed(result)],
                                                                              ephemeral=True), ephemeral=True)


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Help(bot))
