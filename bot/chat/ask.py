"""/ask, and questions asked by mentioning the bot or in a direct message.

Bots receive the content of messages that mention them (and of DMs) without the privileged
message-content intent, so this needs no special permission. The bot's own messages and other bots'
are ignored; every human question gets a reply: the answer, a short how-to, or a polite cooldown note.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import limits
from bot.chat.embeds import ask_embed, notice_embed
from bot.chat.errors import GENERIC, NO_PINGS, friendly_message
from bot.chat.researchers import RESEARCHER_HELP, RESEARCHER_MAX, researcher_autocomplete
from bot.chat.respond import LATER, Reply, answer, responder_of, run_core
from retrieval.answers import AskAnswer, AskContext
from retrieval.cleaning import MAX_QUESTION_CHARS, clean_text

if TYPE_CHECKING:
    from bot.chat.client import PaperBot

log = logging.getLogger(__name__)

QUESTION_MAX = MAX_QUESTION_CHARS  # the core's limit (retrieval.cleaning) is the /ask option's maximum length
DM_FOLLOW_UP_SECONDS = 300.0
"""In a direct message, a question within this many seconds of the last answer continues that conversation."""
COOLDOWN_NOTE = "Easy there: I answer up to {rate} questions per {per:.0f} s each. Ask again in {wait:.0f} s."


def question_text(content: str) -> str:
    """The question inside a message, cleaned as the core cleans every question (mentions, fences, URLs)."""
    return clean_text(content)


def mentions_me(message: discord.Message, my_id: int) -> bool:
    """The bot is mentioned directly, or through its own role (Discord offers both when you type @paperbot)."""
    if my_id in message.raw_mentions:
        return True
    return any(role.tags is not None and role.tags.bot_id == my_id for role in message.role_mentions)


class QuestionLimiter:
    """At most `rate` questions per `per` seconds for each user (a token bucket per user)."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._buckets: dict[int, tuple[app_commands.Cooldown, float]] = {}

    def cooldown(self, user_id: int) -> app_commands.Cooldown:
        now = time.monotonic()
        if len(self._buckets) > 10_000:  # forget users idle for longer than a window
            self._buckets = {key: entry for key, entry in self._buckets.items() if now - entry[1] < self.per}
        bucket = self._buckets[user_id][0] if user_id in self._buckets else app_commands.Cooldown(self.rate, self.per)
        self._buckets[user_id] = (bucket, now)
        return bucket

    def hit(self, user_id: int) -> float | None:
        """None when the question may be answered; otherwise the seconds to wait."""
        return self.cooldown(user_id).update_rate_limit()


class Ask(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot
        self.limiter = QuestionLimiter(*bot.ask_rate)

    def cooldown_note(self, wait: float) -> str:
        return COOLDOWN_NOTE.format(rate=self.limiter.rate, per=self.limiter.per, wait=max(wait, 1))

    @app_commands.command(name="ask", description="Ask a question about the papers in plain words.")
    @app_commands.describe(question="In plain words: which papers are about a topic, what a paper reports, how many …",
                           researcher=RESEARCHER_HELP)
    @app_commands.autocomplete(researcher=researcher_autocomplete)
    async def ask(self, interaction: discord.Interaction,
                  question: app_commands.Range[str, 1, QUESTION_MAX],
                  researcher: app_commands.Range[str, 1, RESEARCHER_MAX] | None = None) -> None:
        wait = self.limiter.hit(interaction.user.id)
        if wait is not None:
            raise app_commands.CommandOnCooldown(self.limiter.cooldown(interaction.user.id), wait)
        library = self.bot.library
        results: list[AskAnswer] = []

        def work() -> AskAnswer:
            results.append(library.ask(question, researcher=researcher))
            return results[-1]

        sent = await answer(interaction, work, lambda result: Reply(embeds=[ask_embed(result)]))
        if sent is not None and results and interaction.channel_id is not None:
            self.remember(sent.id, interaction.channel_id, interaction.user.id, results[-1])

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id or message.webhook_id is not None:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        in_dm = message.guild is None
        if not in_dm and not mentions_me(message, me.id):
            return
        try:
            await self.reply_to(message, me)
        except Exception as error:
            log.exception("Error while answering a message from user %s in %s", message.author.id,
                          "a DM" if in_dm else f"guild {message.guild.id if message.guild else '?'}")
            text = friendly_message(error)
            await self._reply(message, embed=notice_embed(text, error=text == GENERIC))

    async def reply_to(self, message: discord.Message, me: discord.ClientUser) -> None:
        question = message.content
        wait = self.limiter.hit(message.author.id)
        if wait is not None:
            await self._reply(message, embed=notice_embed(self.cooldown_note(wait)))
            return
        library = self.bot.library

        def work() -> AskAnswer:
            # The context is read here, in the core pool: an SQLite read on the event loop (or one waiting
            # for a write that a slow disk holds up) would stall every other interaction's acknowledgement.
            return library.ask(question, context=self.context_for(message))

        with contextlib.suppress(discord.HTTPException):  # "paperbot is typing…" is nice, not needed
            await message.channel.typing()
        result = await asyncio.wait_for(run_core(work, self.bot, "mention"), self.bot.timing.core_timeout)
        sent = await self._reply(message, embed=ask_embed(result))
        if sent is not None:
            self.remember(sent.id, message.channel.id, message.author.id, result)

    def context_for(self, message: discord.Message) -> AskContext | None:
        """The conversation a message continues: the bot's answer it replies to (found again by that message's
        id, also after a restart), or in a DM the asker's last answer of the past few minutes. A reply to anyone
        else's message, or a mention in a channel that is not a reply, starts afresh."""
        store = self.bot.conversations
        reference = message.reference
        if reference is not None and reference.message_id is not None:
            stored = store.by_message(reference.message_id)
            return stored.context if stored is not None else None
        if message.guild is None:
            stored = store.latest(message.channel.id, message.author.id, DM_FOLLOW_UP_SECONDS)
            return stored.context if stored is not None else None
        return None

    def remember(self, message_id: int, channel_id: int, user_id: int, result: AskAnswer) -> None:
        """Keep the answer's context under the message that shows it (never fails the answer itself).

        The write (an SQLite commit) goes to the core pool, after the answers due soon: a disk write on the
        event loop would hold up every other interaction's acknowledgement, and a slow disk would stall them."""

        def write() -> None:
            try:
                self.bot.conversations.remember(message_id, channel_id, user_id, result.context)
            except Exception:  # a full disk or a locked file costs follow-ups, not the answer
                log.warning("Could not keep the context of answer %s", message_id, exc_info=True)

        responder_of(self.bot).submit(write, "remember", LATER)

    async def _reply(self, message: discord.Message, *, content: str | None = None,
                     embed: discord.Embed | None = None) -> discord.Message | None:
        """Reply without pinging anyone, not even the author; a failed reply is logged, not raised."""
        text = limits.clip(discord.utils.escape_mentions(content), limits.MESSAGE_CONTENT) if content else None
        try:
            return await message.reply(content=text, embed=embed, mention_author=False, allowed_mentions=NO_PINGS)
        except discord.HTTPException as failure:
            log.warning("Could not reply in channel %s (%s %s)", message.channel.id, failure.status, failure.code)
            return None


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Ask(bot))
