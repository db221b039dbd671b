"""New papers posted to `ANNOUNCE_CHANNEL_ID`, each exactly once; reload problems told to `ADMIN_CHANNEL_ID`.

What has been announced lives in SQLite (`retrieval.announcements`); this module only posts. Each post
carries a nonce derived from the paper, so a post repeated after a crash within Discord's nonce window is
dropped by Discord. A channel the bot cannot post in (unknown, no access, no permission) is one warning, and
announcements stay off until the next start: the papers not posted stay unrecorded, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord

from bot.chat.embeds import announcement_embed, member_joined_embed, reload_embed
from bot.chat.errors import NO_PINGS
from retrieval.announcements import AnnouncementStore, StoreUnavailable, nonce
from retrieval.answers import ReloadAnswer
from retrieval.lab import title_key
from retrieval.service import Library

if TYPE_CHECKING:
    from bot.chat.client import PaperBot

log = logging.getLogger(__name__)

UNREACHABLE = (discord.NotFound, discord.Forbidden)


def channel_failure(setting: str, channel_id: int, failure: discord.HTTPException) -> str:
    """One line saying which channel setting failed and why, in the operator's terms."""
    why = ("no such channel, or the bot cannot see it" if isinstance(failure, discord.NotFound)
           else "the bot may not post there (it needs View Channel, Send Messages and Embed Links)")
    return f"{setting} {channel_id}: {why} (HTTP {failure.status}, code {failure.code})"


class Announcer:
    """Posts what `AnnouncementStore.plan` says is new; one run at a time."""

    def __init__(self, bot: PaperBot, channel_id: int, store: AnnouncementStore) -> None:
        self.bot = bot
        self.channel_id = channel_id
        self.store = store
        self.off: str | None = None
        self.lock = asyncio.Lock()
        self.posted = 0

    def turn_off(self, reason: str) -> None:
        if self.off is None:
            self.off = reason
            log.warning("%s: announcements are off until paperbot restarts", reason)

    async def run(self, library: Library) -> None:
        """Record or post whatever `library` serves that was not announced yet. Never raises."""
        if self.off is not None:
            return
        async with self.lock:
            try:
                await self._run(library)
            except StoreUnavailable as error:
                self.turn_off(str(error))
            except Exception:
                log.exception("Announcing new papers failed; they will be tried again at the next reload")

    async def _run(self, library: Library) -> None:
        papers = list(library.profile.papers)
        names = [member.name for member in library.members]
        plan = await asyncio.to_thread(self.store.plan, papers, names)
        for note in plan.notes:
            log.warning(note)
        if plan.baseline:
            log.info("Recorded the %d papers served as already known; papers added from now on are announced in "
                     "channel %s", len(papers), self.channel_id)
            return
        channel = self.bot.get_partial_messageable(self.channel_id)
        counts = {member.name: member for member in library.researchers().members}
        for name in plan.members:
            if name in counts:
                outcome, _ = await self._post(channel, member_joined_embed(counts[name]), f"member:{name}", name)
                if outcome == "retry":
                    return
            await asyncio.to_thread(self.store.member_announced, name)
        for paper in plan.papers:
            await asyncio.to_thread(self.store.claim, paper)
            embed = announcement_embed(await asyncio.to_thread(library.announcement, paper))
            outcome, message = await self._post(channel, embed, title_key(paper.title), paper.title)
            if outcome == "retry":
                await asyncio.to_thread(self.store.release, paper)
                return
            if outcome == "posted":
                self.posted += 1
            await asyncio.to_thread(self.store.announced, paper, message.id if message else None)

    async def _post(self, channel: discord.PartialMessageable, embed: discord.Embed, key: str, what: str
                    ) -> tuple[str, discord.Message | None]:
        """('posted', message); ('refused', None) when Discord rejects this one post, which is then not tried
        again (nor does it hold up the others); ('retry', None) when posting fails for now."""
        try:
            return "posted", await channel.send(embed=embed, nonce=nonce(key), allowed_mentions=NO_PINGS)
        except UNREACHABLE as failure:
            self.turn_off(channel_failure("ANNOUNCE_CHANNEL_ID", self.channel_id, failure))
        except discord.HTTPException as failure:
            if 400 <= failure.status < 500 and failure.status != 429:
                log.warning("Discord refused the announcement of “%s” (HTTP %s, code %s); it is skipped", what,
                            failure.status, failure.code)
                return "refused", None
            log.warning("Could not post an announcement (HTTP %s, code %s); it will be tried again at the next "
                        "reload", failure.status, failure.code)
        return "retry", None


class AdminNotices:
    """Reload reports for `ADMIN_CHANNEL_ID`: only the ones with problems (unreadable files, skipped entries)."""

    def __init__(self, bot: PaperBot, channel_id: int) -> None:
        self.bot = bot
        self.channel_id = channel_id
        self.off = False

    async def tell(self, report: ReloadAnswer) -> None:
        if self.off or not report.problems:
            return
        channel = self.bot.get_partial_messageable(self.channel_id)
        try:
            await channel.send(embed=reload_embed(report), allowed_mentions=NO_PINGS)
        except UNREACHABLE as failure:
            self.off = True
            log.warning("%s: reload problems are logged only, not posted",
                        channel_failure("ADMIN_CHANNEL_ID", self.channel_id, failure))
        except discord.HTTPException as failure:
            log.warning("Could not post reload problems to the admin channel (HTTP %s, code %s)", failure.status,
                        failure.code)
