"""The message context menu "Find papers about this": right-click a message → Apps → the papers on its topic.

A message command receives the message's content without the privileged message-content intent. The
words searched are the content plus the titles and descriptions of its embeds (so another bot's card, or
one of paperbot's own, can be searched too), without links, mentions, custom emoji and code fences. A
message with nothing left (only an image, a link or mentions) gets a private note saying so. The results
are private (ephemeral), with a menu that opens one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import embeds, limits
from bot.chat.ask import question_text
from bot.chat.errors import tell
from bot.chat.markup import safe_clip
from bot.chat.paper_actions import OpenPaper, PaperKit
from bot.chat.papers import QUERY_MAX
from bot.chat.respond import Reply, answer
from retrieval.answers import SearchAnswer

if TYPE_CHECKING:
    from bot.chat.client import PaperBot

MENU_NAME = "Find papers about this"
RESULTS = 5
_URL = re.compile(r"<?https?://\S+>?|\bwww\.\S+")
_CUSTOM_EMOJI = re.compile(r"<a?:\w+:\d+>")
_TIMESTAMP = re.compile(r"<t:-?\d+(?::[tTdDfFR])?>")
_MENTIONS = re.compile(r"<@[!&]?\d+>|<#\d+>|@everyone|@here|<id:\w+>|</[\w -]+:\d+>")
_WORD = re.compile(r"\w{2,}")


def message_words(message: discord.Message) -> str:
    """The text of a message worth searching with: content and embed texts, without links and mentions."""
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or ""]
    text = "\n".join(part for part in parts if part)
    for pattern in (_URL, _CUSTOM_EMOJI, _TIMESTAMP):
        text = pattern.sub(" ", text)
    text = question_text(text)  # mentions and code fences out, whitespace collapsed
    return text if _WORD.search(text) else ""


def nothing_to_search(message: discord.Message) -> str:
    """Why a message without words cannot be searched with, as the user sees it."""
    content = message.content or ""
    if message.attachments or message.stickers:
        what = "only an image or a file" if not content.strip() else "no words besides its attachments"
    elif _URL.search(content):
        what = "only a link"
    elif _MENTIONS.search(content):
        what = "only mentions"
    elif content.strip():
        what = "no words (only emoji or symbols)"
    else:
        what = "no text"
    return (f"That message has {what}, so there is nothing to search the papers with. "
            "Try it on a message with a few words, or use /papers.")


def results_reply(result: SearchAnswer, kit: PaperKit, searched: str) -> Reply:
    embed = embeds.search_embed(result, 0, RESULTS)
    embed.title = "🔎 Papers about this message"
    quoted = f"> {safe_clip(searched, 200)}"
    embed.description = limits.clip(f"{quoted}\n{embed.description or ''}".strip(), limits.EMBED_DESCRIPTION)
    if result.hits:
        embed.set_footer(text=f"{min(len(result.hits), RESULTS)} of {result.total} matching · pick one for details")
    view = None
    if result.hits:
        view = discord.ui.View(timeout=None)
        view.add_item(OpenPaper.menu(kit, [hit.paper for hit in result.hits[:RESULTS]],
                                     placeholder="Open a paper's details…"))
    return Reply(embeds=[limits.fit_embed(embed)], view=view, ephemeral=True)


class MessageSearch(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(name=MENU_NAME, callback=self.find_papers)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def find_papers(self, interaction: discord.Interaction, message: discord.Message) -> None:
        text = message_words(message)
        if not text:
            await tell(interaction, nothing_to_search(message))
            return
        query = text[:QUERY_MAX]
        library = self.bot.library
        kit = PaperKit.of(self.bot)
        await answer(interaction, lambda: library.search(query, k=RESULTS),
                     lambda result: results_reply(result, kit, query), ephemeral=True)


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(MessageSearch(bot))
