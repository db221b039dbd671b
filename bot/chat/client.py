"""The Discord client: builds the bot, points it at Discord (or a proxy / test server), syncs commands.

`run_bot` and `sync_commands` are what `paperbot run` and `paperbot sync` call.
Commands are synced in `setup_hook` only when they differ from what Discord already has (Discord allows
200 command creates a day per guild), to `DISCORD_GUILD_ID` when set (instant, for development) and
globally otherwise. `paperbot sync` syncs unconditionally.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sqlite3
import threading
from pathlib import Path
from typing import Any, Literal

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.ext import commands
from discord.gateway import DiscordWebSocket

from bot.chat import paper_actions
from bot.chat.announce import AdminNotices, Announcer
from bot.chat.components import Registry
from bot.chat.errors import NO_PINGS, ReportingTree, describe
from bot.chat.house import House
from bot.chat.live import LiveProfiles
from bot.chat.pages import PageButton
from bot.chat.respond import CORE_TIMEOUT_SECONDS, DEFER_AFTER_SECONDS, Responder, Timing, run_core
from bot.chat.state_store import ComponentStates
from bot.settings import Settings, SettingsError
from retrieval.announcements import AnnouncementStore
from retrieval.conversation import ContextStore
from retrieval.service import Library
from retrieval.sources import ProfileShelf

log = logging.getLogger(__name__)

DISCORD_GATEWAY = "wss://gateway.discord.gg/"
EXTENSIONS = ("bot.chat.papers", "bot.chat.stats", "bot.chat.help", "bot.chat.ask", "bot.chat.researchers",
              "bot.chat.live", "bot.chat.message_search")
ASK_RATE = (5, 15.0)  # questions per seconds, per user
REST_CONNECTIONS = 64  # kept-alive connections to Discord's REST API; a burst queues for them instead of
# opening hundreds of new (TLS) connections
IDENTIFY_WINDOW_SECONDS = 5.0  # Discord allows `max_concurrency` IDENTIFYs per window
SHUTDOWN_GRACE_SECONDS = 5.0  # on SIGTERM/SIGINT, interactions in flight get this long to be answered
SyncMode = Literal["auto", "force", "none"]
CONVERSATIONS_FILE = "conversations.sqlite3"


def configure_endpoints(settings: Settings) -> None:
    """Point discord.py's REST routes (bot and webhook/interaction calls share `Route`) and its gateway
    at the configured URLs. Both are class-level in discord.py, so this is process-wide."""
    discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url or DISCORD_GATEWAY)


def open_conversations(data_dir: Path) -> ContextStore:
    """The answers' contexts (for follow-ups), in SQLite under the data directory so they survive a restart;
    kept in memory, with a warning, when the directory cannot be written."""
    try:
        return ContextStore(data_dir / CONVERSATIONS_FILE)
    except (OSError, sqlite3.Error) as error:
        log.warning("Follow-ups will not survive a restart: cannot write %s (%s)", data_dir / CONVERSATIONS_FILE,
                    error)
        return ContextStore(None)


class PaperBot(commands.AutoShardedBot):
    """The bot: the library to answer from, the command cogs, and the knobs tests turn down."""

    def __init__(self, settings: Settings, library: Library, *, sync_mode: SyncMode = "auto",
                 defer_after: float = DEFER_AFTER_SECONDS, core_timeout: float = CORE_TIMEOUT_SECONDS,
                 ask_rate: tuple[int, float] = ASK_RATE, shelf: ProfileShelf | None = None,
                 watch_debounce_ms: int | None = None) -> None:
        configure_endpoints(settings)
        intents = discord.Intents.default()  # guilds, guild and DM messages; no privileged intent needed
        intents.message_content = False
        super().__init__(
            command_prefix=commands.when_mentioned,  # unused: no prefix commands (see on_message)
            help_command=None,
            intents=intents,
            tree_cls=ReportingTree,
            allowed_mentions=NO_PINGS,
            # Servers and DMs with the bot; group DMs would need a user-installed app.
            allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False),
            allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
            # One gateway connection per shard; with neither setting, Discord's recommended count (one for
            # a bot in fewer than 2,500 servers). A deployment runs one process per SHARD_IDS range.
            shard_count=settings.shard_count,
            shard_ids=settings.shard_id_list,
        )
        self.settings = settings
        self.library = library
        self.sync_mode = sync_mode
        self.responder = Responder(Timing(defer_after=defer_after, core_timeout=core_timeout))
        self.responder.extras = lambda: f"{self.stored_views()} stored views"
        self.ask_rate = ask_rate
        self.states = ComponentStates(settings.data_dir)  # searches too long for a page button's custom_id
        self.last_sync: str = ""
        self._identify_concurrency: int | None = None
        # The library is replaced (one assignment) when the profile files change: read it once per request.
        self.watcher = LiveProfiles(self, shelf, **({"debounce_ms": watch_debounce_ms} if watch_debounce_ms else {})
                                    ) if shelf is not None else None
        self.announcer = (Announcer(self, settings.announce_channel_id, AnnouncementStore(settings.data_dir))
                          if settings.announce_channel_id else None)
        self.admin = AdminNotices(self, settings.admin_channel_id) if settings.admin_channel_id else None
        self.conversations = open_conversations(settings.data_dir)
        self.components = Registry(self)
        self._house: tuple[str, House] | None = None

    @property
    def house(self) -> House:
        """The house style (footer, category colours) of the profile served now."""
        if self._house is None or self._house[0] != self.library.fingerprint:
            self._house = (self.library.fingerprint, House.of(self.library))
        return self._house[1]

    def stored_views(self) -> int:
        """Views and modals discord.py keeps in memory (ours are all stopped before sending: this stays 0)."""
        store = getattr(self._connection, "_view_store", None)
        return sum(len(getattr(store, name, ())) for name in ("_views", "_synced_message_views", "_modals"))

    @property
    def timing(self) -> Timing:
        """The responder's deadlines (one place: tests shorten them here)."""
        return self.responder.timing

    @timing.setter
    def timing(self, value: Timing) -> None:
        self.responder.timing = value

    async def login(self, token: str) -> None:
        # discord.py's default connector has no limit: under a burst it opens a connection per request.
        self.http.connector = aiohttp.TCPConnector(limit=REST_CONNECTIONS)
        await super().login(token)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Space this process's IDENTIFYs as Discord allows: `max_concurrency` of them per 5 seconds (discord.py
        waits 5 s before every shard but the first, which makes a process of 16 shards take 75 s to start)."""
        if initial:
            return
        if self._identify_concurrency is None:
            try:
                limit = (await self.http.request(discord.http.Route("GET", "/gateway/bot")))["session_start_limit"]
                self._identify_concurrency = max(1, int(limit["max_concurrency"]))
            except (discord.HTTPException, KeyError, TypeError, ValueError):
                self._identify_concurrency = 1
        ours = list(self.shard_ids or range(self.shard_count or 1))
        position = ours.index(shard_id) if shard_id in ours else 0
        if position % self._identify_concurrency == 0:
            await asyncio.sleep(IDENTIFY_WINDOW_SECONDS)

    @property
    def sync_guild(self) -> discord.Object | None:
        guild_id = self.settings.discord_guild_id
        return discord.Object(id=guild_id) if guild_id else None

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.components.add(*paper_actions.ACTIONS, PageButton)
        self.components.add_modal(paper_actions.ASK_SUBMIT, paper_actions.ask_submitted)
        if self.sync_mode != "none":
            try:
                self.last_sync = await self.sync_commands(force=self.sync_mode == "force")
                log.info(self.last_sync)
            except discord.Forbidden:
                # Keep running: commands registered earlier still work, and mentions and DMs need none.
                log.error(self.no_access_message())
        self._warm_task = asyncio.create_task(self._warm_up())
        if self.watcher is not None:
            self.watcher.start()
        if self.announcer is not None:
            self._announce_task = asyncio.create_task(self.announcer.run(self.library))

    async def close(self) -> None:
        if self.watcher is not None:
            await self.watcher.stop()
        await super().close()
        self.responder.close()

    async def shutdown(self, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Stop cleanly: answer what is in flight (new interactions get a "restarting" note) for at most
        `grace` seconds, then close the gateway (code 1000) and the REST session."""
        log.info("Shutting down: finishing %d interactions in flight (at most %.0f s)", self.responder.in_flight,
                 grace)
        finished = await self.responder.drain(grace)
        if not finished:
            log.warning("Shutting down with %d interactions still in flight", self.responder.in_flight)
        self.responder.summarise()
        await self.close()

    async def _warm_up(self) -> None:
        """Build the indexes and draw the /stats chart now rather than on the first request (best effort;
        `paperbot run` has built the indexes already), then move what was loaded out of the garbage
        collector's way: the profiles and their indexes live as long as the process, and scanning them on
        every full collection costs each interaction time for nothing."""
        try:
            await run_core(self.library.warm, self, "warm-up")
        except Exception:
            log.warning("Warming up the indexes failed; they will be built on first use", exc_info=True)
        stats = self.get_cog("Stats")
        if stats is not None:
            await run_core(stats.chart, self, "warm-up")  # type: ignore[attr-defined]  # logs its own failure
        gc.collect()
        gc.freeze()

    def no_access_message(self) -> str:
        guild_id = self.settings.discord_guild_id
        if guild_id:
            return (f"DISCORD_GUILD_ID: Discord refused to register the commands in guild {guild_id}; is the bot in "
                    "that server, invited with the applications.commands scope? (docs/DISCORD.md, step 2)")
        return ("Discord refused to register the commands: invite the bot with the applications.commands scope "
                "(docs/DISCORD.md, step 2)")

    async def sync_commands(self, *, force: bool = False) -> str:
        """Sync the command tree (to the test guild if set) unless Discord already has exactly these commands."""
        guild = self.sync_guild
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        local = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        names = ", ".join(sorted(command_label(command) for command in local))
        where = f"guild {guild.id}" if guild else "all servers (global)"
        if not force:
            remote = await self._remote_commands(guild)
            if remote is not None and same_commands(local, remote):
                return f"Commands unchanged, not synced: {names} in {where}"
        synced = await self.tree.sync(guild=guild)
        return f"Synced {len(synced)} commands to {where}: {names}"

    async def _remote_commands(self, guild: discord.Object | None) -> list[dict[str, Any]] | None:
        assert self.application_id is not None
        try:
            if guild is None:
                return await self.http.get_global_commands(self.application_id)
            return await self.http.get_guild_commands(self.application_id, guild.id)
        except discord.HTTPException as failure:
            log.warning("Could not read the registered commands (%s %s); syncing", failure.status, failure.code)
            return None

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: questions in messages are handled by the ask cog's listener."""

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await self.components.dispatch(interaction)

    async def on_app_command_completion(self, interaction: discord.Interaction,
                                        command: app_commands.Command | app_commands.ContextMenu) -> None:
        log.debug("Answered %s", describe(interaction))

    async def on_ready(self) -> None:
        user, library = self.user, self.library
        whose = (f"{len(library.members)} researchers ({library.profile.name})" if library.is_group
                 else library.profile.name)
        log.info("Connected as %s (id %s); serving %d papers of %s", user, user.id if user else "?",
                 len(library.profile.papers), whose)


def _option(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": data.get("type"),
        "name": data.get("name"),
        "description": data.get("description", ""),
        "required": bool(data.get("required", False)),
        "autocomplete": bool(data.get("autocomplete", False)),
        "choices": [(choice.get("name"), choice.get("value")) for choice in data.get("choices") or []],
        "channel_types": sorted(data.get("channel_types") or []),
        "options": [_option(option) for option in data.get("options") or []],
        **{key: data.get(key) for key in ("min_value", "max_value", "min_length", "max_length")},
    }


def _command(data: dict[str, Any]) -> dict[str, Any]:
    permissions = data.get("default_member_permissions")
    return {
        "name": data.get("name"),
        "type": data.get("type", 1),
        "description": data.get("description", ""),
        "options": [_option(option) for option in data.get("options") or []],
        "nsfw": bool(data.get("nsfw", False)),
        "default_member_permissions": None if permissions is None else str(permissions),
        "contexts": sorted(data.get("contexts") or []) or None,
        "integration_types": sorted(data.get("integration_types") or [0]),
    }


def command_label(command: dict[str, Any]) -> str:
    """`/papers` for a slash command, `“Find papers about this” (message menu)` for a context menu."""
    kind = command.get("type", 1)
    if kind == 1:
        return f"/{command['name']}"
    return f"“{command['name']}” ({'message' if kind == 3 else 'user'} menu)"


def same_commands(local: list[dict[str, Any]], remote: list[dict[str, Any]]) -> bool:
    """Whether Discord's registered commands already match ours, ignoring ids, versions and defaults."""
    def key(commands_: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted((_command(command) for command in commands_), key=lambda c: (c["type"], c["name"]))

    return key(local) == key(remote)


def run_bot(settings: Settings, library: Library, shelf: ProfileShelf | None = None) -> None:
    """Run the bot until interrupted. Raises SettingsError when the token is missing, malformed or rejected.

    With `shelf`, the profile files are watched and reloaded while the bot runs."""
    token = settings.token_value()
    bot = PaperBot(settings, library, shelf=shelf)
    if not logging.getLogger().handlers:
        discord.utils.setup_logging(level=settings.log_level_number, root=True)
    try:
        asyncio.run(serve(bot, token))
    except discord.LoginFailure:
        raise SettingsError("DISCORD_TOKEN was rejected by Discord: copy it again from the developer portal") from None


async def serve(bot: PaperBot, token: str, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
    """Run `bot` until SIGTERM or SIGINT, then shut it down cleanly (`PaperBot.shutdown`); a second signal
    stops at once. Errors of the connection (a rejected token) propagate."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    # Signal handlers can only be set from the main thread (tests run the bot in others: they close it).
    signals = (signal.SIGTERM, signal.SIGINT) if threading.current_thread() is threading.main_thread() else ()
    for number in signals:
        loop.add_signal_handler(number, stop.set)
    try:
        async with bot:
            running = asyncio.create_task(bot.start(token), name="paperbot-gateway")
            stopping = asyncio.create_task(stop.wait(), name="paperbot-signals")
            await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if running.done():
                stopping.cancel()
                running.result()
                return
            stop.clear()
            shutdown = asyncio.create_task(bot.shutdown(grace), name="paperbot-shutdown")
            again = asyncio.create_task(stop.wait())
            await asyncio.wait({shutdown, again}, return_when=asyncio.FIRST_COMPLETED)
            if not shutdown.done():
                log.warning("Second signal: stopping now")
                shutdown.cancel()
            again.cancel()
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await running
    finally:
        for number in signals:
            loop.remove_signal_handler(number)


def sync_commands(settings: Settings, library: Library) -> str:
    """Sync the commands now (to DISCORD_GUILD_ID when set) and say what was synced, in one line."""
    token = settings.token_value()

    async def sync() -> str:
        bot = PaperBot(settings, library, sync_mode="none")
        async with bot:
            try:
                await bot.login(token)
            except discord.LoginFailure:
                raise SettingsError("DISCORD_TOKEN was rejected by Discord: copy it again from the developer "
                                    "portal") from None
            try:
                return await bot.sync_commands(force=True)
            except discord.Forbidden:
                raise SettingsError(bot.no_access_message()) from None

    return asyncio.run(sync())
