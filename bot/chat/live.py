"""Live profiles: a changed, added or removed profile file is served within about two seconds, and /reload.

`LiveProfiles` watches the folders of `PROFILE_PATH` (`watchfiles`, so an editor's save-by-rename is seen
too), and on a change runs `retrieval.reload.reload` in a worker thread: the new library is parsed and fully
indexed there, then swapped in with one assignment (`bot.library`), so an interaction is answered either
from the old library or from the complete new one. One reload runs at a time. Problems are logged once per
version of a file and, when `ADMIN_CHANNEL_ID` is set, posted there; after each swap new papers are announced.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

import discord
import watchfiles
from discord import app_commands
from discord.ext import commands

from bot.chat.embeds import notice_embed, reload_embed
from bot.chat.respond import Reply, send
from retrieval.answers import ReloadAnswer
from retrieval.reload import reload
from retrieval.sources import ProfileShelf, is_profile_file

if TYPE_CHECKING:
    from bot.chat.client import PaperBot

log = logging.getLogger(__name__)

NOT_LIVE = "This bot reads its profiles once, at start: there is nothing to reload."
DEBOUNCE_MS = 700  # changes are gathered for this long once they stop, then read: well inside two seconds
STEP_MS = 100


class LiveProfiles:
    """The served library kept in step with the profile files."""

    def __init__(self, bot: PaperBot, shelf: ProfileShelf, *, debounce_ms: int = DEBOUNCE_MS,
                 force_polling: bool | None = None) -> None:
        self.bot = bot
        self.shelf = shelf
        self.debounce_ms = debounce_ms
        self.force_polling = force_polling
        self.lock = asyncio.Lock()
        self.reloads = 0
        self._seen: set[str] = set()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # ---- watching --------------------------------------------------------------------------------
    def watched_folders(self) -> list[Path]:
        folders = {location if location.is_dir() else location.parent for location in self.locations()}
        return sorted(folder for folder in folders if folder.is_dir())

    def locations(self) -> list[Path]:
        """The locations as absolute paths: watchfiles reports absolute paths, PROFILE_PATH may be relative."""
        return [location.expanduser().absolute() for location in self.shelf.locations]

    def relevant(self, change: watchfiles.Change, path: str) -> bool:
        """A change to a named file, or to a profile file directly inside a named folder."""
        changed = Path(path).absolute()
        for location in self.locations():
            if location.is_dir() and changed.parent == location and is_profile_file(changed):
                return True
            if not location.is_dir() and changed.name == location.name and changed.parent == location.parent:
                return True
        return False

    def start(self) -> None:
        folders = self.watched_folders()
        if not folders:
            log.warning("No profile folder to watch: profile changes are picked up by /reload only")
            return
        self._task = asyncio.create_task(self._watch(folders), name="paperbot-profile-watcher")
        log.info("Watching %s for profile changes", ", ".join(map(str, folders)))

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def _watch(self, folders: list[Path]) -> None:
        try:
            async for _ in watchfiles.awatch(*folders, watch_filter=self.relevant, debounce=self.debounce_ms,
                                             step=STEP_MS, stop_event=self._stop, force_polling=self.force_polling,
                                             recursive=False):
                await self.reload()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("The profile watcher stopped; /reload still picks up changes")

    # ---- reloading -------------------------------------------------------------------------------
    async def reload(self) -> ReloadAnswer:
        """Re-read what changed, swap in the new library if there is one, and report. Never raises."""
        async with self.lock:
            started = time.perf_counter()
            try:
                library, report = await asyncio.to_thread(reload, self.shelf, self.bot.library)
            except Exception:
                log.exception("Reloading the profiles failed; the current ones keep serving")
                return ReloadAnswer(changed=False, problems=["the reload failed unexpectedly (see the log); the "
                                                             "current profiles keep serving"])
            self.reloads += 1
            if library is not None:
                self.bot.library = library
                log.info("Profiles reloaded in %.2f s: serving %d papers of %d researchers (%d new, %d gone)",
                         time.perf_counter() - started, report.papers, report.researchers, len(report.new_papers),
                         len(report.removed_papers))
            fresh = self._fresh(report)
            for line in fresh.problems:
                log.warning("Profile problem: %s", line)
            for line in fresh.warnings:
                log.info("Profile note: %s", line)
            if self.bot.admin is not None:
                await self.bot.admin.tell(fresh)
        if library is not None and self.bot.announcer is not None:
            await self.bot.announcer.run(library)
        return report

    def _fresh(self, report: ReloadAnswer) -> ReloadAnswer:
        """The report without the lines the previous one had: a folder that stays empty is logged once, not at
        every reload (a broken file's problems come once per version of it already, from the shelf)."""
        fresh = report.model_copy(update={"problems": [p for p in report.problems if p not in self._seen],
                                          "warnings": [w for w in report.warnings if w not in self._seen]})
        self._seen = {*report.problems, *report.warnings}
        return fresh


class Reload(commands.Cog):
    """/reload: re-read the profiles now and say what changed (Manage Server by default, servers only)."""

    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot

    @app_commands.command(name="reload", description="Re-read the profile files now and say what changed.")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    async def reload_command(self, interaction: discord.Interaction) -> None:
        watcher = self.bot.watcher
        if watcher is None:
            await send(interaction, Reply(embeds=[notice_embed(NOT_LIVE)], ephemeral=True))
            return
        # Parsing and indexing may take a while (and wait for a running reload): acknowledge first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await asyncio.wait_for(watcher.reload(), self.bot.timing.core_timeout)
        await send(interaction, Reply(embeds=[reload_embed(report)], ephemeral=True))


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Reload(bot))
