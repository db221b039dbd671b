"""/researchers (who is served) and the `researcher` option every command shares, with its autocomplete."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import limits
from bot.chat.embeds import researchers_embed
from bot.chat.markup import shorten
from bot.chat.respond import Reply, answer
from retrieval.lab import Member
from retrieval.names import name_key

if TYPE_CHECKING:
    from bot.chat.client import PaperBot

RESEARCHER_MAX = 100
RESEARCHER_HELP = "Only this researcher's papers (default: everyone served)"


def researcher_choices(members: tuple[Member, ...], current: str) -> list[app_commands.Choice[str]]:
    """Members whose name starts with, then contains, what is typed; at most 25, names as values."""
    wanted = name_key(current)
    starts = [m for m in members if m.key.startswith(wanted) or any(w.startswith(wanted) for w in m.key.split())]
    contains = [m for m in members if wanted in m.key and m not in starts]
    chosen = [*starts, *contains][: limits.CHOICES]
    return [app_commands.Choice(name=shorten(m.name, limits.CHOICE_NAME), value=shorten(m.name, limits.CHOICE_VALUE))
            for m in chosen]


async def researcher_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The `researcher` option's suggestions, from the library being served right now (cheap: no core call)."""
    bot: PaperBot = interaction.client  # type: ignore[assignment]
    return researcher_choices(bot.library.members, current[:RESEARCHER_MAX])


class Researchers(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot

    @app_commands.command(name="researchers", description="Who is served: each researcher and their papers.")
    async def researchers(self, interaction: discord.Interaction) -> None:
        await answer(interaction, self.bot.library.researchers,
                     lambda result: Reply(embeds=[researchers_embed(result)]))


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Researchers(bot))
