"""A fake Discord on 127.0.0.1: REST under /api/v10 and a gateway websocket, enough for paperbot.

The real discord.py client connects to it through DISCORD_API_BASE / DISCORD_GATEWAY_URL. Tests play the
users: `slash`, `autocomplete`, `click`, `choose`, `submit` (a modal), `message_command` and `say` dispatch
INTERACTION_CREATE / MESSAGE_CREATE over the gateway, and the fake records what the bot sends back: messages
(with the files uploaded as multipart/form-data, kept in `files`), modals shown, threads started. Like Discord, it
- checks the bot token on every authenticated route,
- rejects a callback that comes later than the acknowledgement deadline (10062 Unknown interaction) or
  twice (40060 already acknowledged),
- validates every JSON body against the OpenAPI description and the cross-field limits, answering
  400 / 50035 on a violation (and recording it in `violations` for the test to assert on),
- answers JSON with a Content-Type of exactly `application/json` (discord.py decodes nothing else),
- reads multipart bodies as Discord does: `payload_json` is the JSON body (validated like one) and every
  `files[n]` part must be declared in its `attachments`; an embed's `attachment://name` must name an upload,
- refuses a second thread on one message (160004) and threads in channels that cannot have them (50024).
- gives out snowflakes that carry their creation time, as Discord's do (the bot reads an interaction's age),
- runs one gateway session per shard (`IDENTIFY` with `shard: [id, count]`, guilds spread by
  `(guild_id >> 22) % count`) and replays what a dropped session missed on `RESUME`.

Under load (`defer_validation=True`) it only records bodies and checks them afterwards (`validate_deferred`):
a schema check costs milliseconds, and a fake that checks inline becomes the bottleneck it should measure.
Faults for the load tests: `drop` closes a shard's gateway, `callback_fault` answers callbacks 429 or 500.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import itertools
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import openapi_check
from aiohttp import WSMsgType, web

API_PREFIX = "/api/v10"
APP_ID = 1100000000000000001
GUILD_ID = 1100000000000000002  # on shard 1 of 2
SECOND_GUILD_ID = 1100000000004194306  # on shard 0 of 2: a guild for the other shard
CHANNEL_ID = 1100000000000000003
ROLE_ID = 1100000000000000004
BOT_ROLE_ID = 1100000000000000005  # the role Discord creates for the bot, which users can mention too
ANNOUNCE_CHANNEL_ID = 1100000000000000006  # channels for announcements and admin notes (any channel id works)
ADMIN_CHANNEL_ID = 1100000000000000007
FORBIDDEN_CHANNEL_ID = 1100000000000000008  # the bot may see it but not post: 403 Missing Permissions
UNKNOWN_CHANNEL_ID = 1100000000000000009  # no such channel: 404 Unknown Channel

DISCORD_EPOCH_MS = 1420070400000
REPLAYED_EVENTS = 20_000  # dispatches a session keeps for RESUME
HEARTBEAT_ACK_DELAY = 0.02
ALL_PERMISSIONS = 2248473465835073  # what the fake grants by default: everything paperbot could ask for
THREAD_PERMISSIONS = 1 << 35 | 1 << 38  # Create Public Threads, Send Messages in Threads

JSON = dict[str, Any]


def user(user_id: int, name: str, *, bot: bool = False) -> JSON:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name.title(),
            "avatar": None, "bot": bot, "public_flags": 0, "flags": 0}


def thread_channel(thread_id: int, parent_id: int, name: str, archive_after: int = 1440) -> JSON:
    """A public thread's channel object, as Discord sends it."""
    return {"id": str(thread_id), "type": 11, "guild_id": str(GUILD_ID), "parent_id": str(parent_id), "name": name,
            "owner_id": str(APP_ID), "last_message_id": None, "rate_limit_per_user": 0, "message_count": 0,
            "member_count": 1, "flags": 0, "total_message_sent": 0,
            "thread_metadata": {"archived": False, "auto_archive_duration": archive_after, "locked": False,
                                "archive_timestamp": dt.datetime.now(dt.UTC).isoformat()}}


BOT_USER = user(APP_ID, "paperbot", bot=True)
ALICE = user(1100000000000000101, "alice")
BOB = user(1100000000000000102, "bob")
OTHER_BOT = user(1100000000000000103, "otherbot", bot=True)
DM_CHANNELS = {ALICE["id"]: 1100000000000000201, BOB["id"]: 1100000000000000202}


@dataclass
class Recorded:
    method: str
    path: str
    template: str | None
    body: Any
    status: int = 200
    files: list[Upload] = field(default_factory=list)


@dataclass
class Upload:
    """One file part of a multipart request."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class Interaction:
    id: int
    token: str
    type: int
    payload: JSON
    created: float
    callbacks: list[JSON] = field(default_factory=list)
    acked_at: float | None = None
    original_id: int | None = None
    followups: list[int] = field(default_factory=list)
    edits: int = 0
    late: bool = False
    shard: int = 0
    answered_at: float | None = None  # when `answered` became true
    attempts: int = 0  # callback requests received, faults included

    @property
    def callback_type(self) -> int | None:
        return self.callbacks[0]["type"] if self.callbacks else None

    @property
    def answered(self) -> bool:
        """Whether the user sees an answer: a message, an update, choices, or a deferral that was followed up."""
        kind = self.callback_type
        if kind in (4, 7, 8, 9):
            return True
        return kind in (5, 6) and (self.edits > 0 or bool(self.followups))


@dataclass
class Session:
    """One shard's gateway session: its socket (None while dropped) and what it sent, for RESUME."""

    shard: int
    count: int
    session_id: str
    ws: web.WebSocketResponse | None = None
    seq: int = 0
    sent: deque[JSON] = field(default_factory=lambda: deque(maxlen=REPLAYED_EVENTS))


Fault = Callable[[Interaction], int | None]


class FakeDiscord:
    def __init__(self, token: str, *, ack_deadline: float = 3.0, defer_validation: bool = False,
                 guilds: tuple[int, ...] = (GUILD_ID,), recommended_shards: int = 1,
                 identify_concurrency: int = 1) -> None:
        self.token = token
        self.ack_deadline = ack_deadline
        # Checking a body against the OpenAPI description costs milliseconds: a benchmark driving hundreds of
        # interactions a second records the bodies and checks them afterwards (`validate_deferred`).
        self.defer_validation = defer_validation
        self.deferred: list[tuple[str, str, str | None, Any]] = []
        self.guild_ids = guilds
        self.recommended_shards = recommended_shards
        self.identify_concurrency = identify_concurrency
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        self.commands: dict[int | None, list[JSON]] = {None: [], **{guild: [] for guild in guilds}}
        self.messages: dict[int, JSON] = {}
        self.files: dict[int, list[Upload]] = {}  # message id -> its attachments' bytes
        self.threads: dict[int, JSON] = {}
        self.no_thread_channels: set[int] = set()  # channels where Discord refuses threads (50024)
        self._uploads: dict[int, list[Upload]] = {}  # id(request) -> its file parts, while it is handled
        self.interactions: dict[int, Interaction] = {}
        self.sessions: dict[int, Session] = {}
        self.identified = 0
        self.resumed = 0
        self.closed_codes: list[int | None] = []  # each gateway connection's close code, as it ended
        self.callback_fault: Fault | None = None  # returns 429 or 500 to fail one callback attempt
        self._tokens: dict[str, Interaction] = {}
        self._background: set[asyncio.Task[None]] = set()
        self._last_id = 0
        self._backdated = itertools.count(1)
        self.forbidden_channels: set[int] = {FORBIDDEN_CHANNEL_ID}
        self.unknown_channels: set[int] = {UNKNOWN_CHANNEL_ID}
        self._nonces: dict[tuple[str, str], JSON] = {}  # (channel, nonce) -> message, as enforce_nonce works
        self.refuse_posts_with: str | None = None  # a message whose body contains this gets 400 Invalid Form Body
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- lifecycle -------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for session in self.sessions.values():
            if session.ws is not None and not session.ws.closed:
                await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def next_id(self, age: float = 0.0) -> int:
        """A snowflake: milliseconds since Discord's epoch in the top bits, so ids tell their creation time
        (`age` seconds ago: an interaction Discord created earlier and delivers late)."""
        stamp = (int((time.time() - age) * 1000) - DISCORD_EPOCH_MS) << 22
        if age:
            return stamp | (next(self._backdated) & 0x3FFFFF)
        self._last_id = max(self._last_id + 1, stamp)
        return self._last_id

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate, timeout: float = 5.0):
        """Wait until `predicate()` returns something truthy, and return it."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("the bot did not do what the test waited for")
                with contextlib.suppress(TimeoutError):  # woken by every request; polls for gateway-side changes
                    await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))

    # ---- gateway ---------------------------------------------------------------------------------
    @property
    def _ws(self) -> web.WebSocketResponse | None:
        session = self.sessions.get(0)
        return session.ws if session is not None else None

    @property
    def live_sessions(self) -> int:
        return sum(s.ws is not None and not s.ws.closed for s in self.sessions.values())

    def shard_of(self, guild_id: int | None) -> int:
        """The shard a guild's events go to (Discord's rule); DMs go to shard 0."""
        count = max((s.count for s in self.sessions.values()), default=1)
        return 0 if guild_id is None else (guild_id >> 22) % count

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        session: Session | None = None
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            payload = json.loads(message.data)
            op = payload.get("op")
            if op == 1:
                # Acknowledged after a network's worth of delay: an instant ack races discord.py's keep-alive
                # thread, which then logs a heartbeat latency of a whole interval ("Can't keep up").
                self._later(HEARTBEAT_ACK_DELAY, lambda: ws.send_json({"op": 11, "d": None, "s": None, "t": None}))
            elif op == 2:
                if payload["d"].get("token") != self.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                shard, count = payload["d"].get("shard") or [0, 1]
                session = Session(shard, count, f"fake-session-{self.next_id()}", ws)
                self.sessions[shard] = session
                self.identified += 1
                await self._ready(session)
            elif op == 6:
                session = await self._resume(ws, payload["d"])
        if session is not None and session.ws is ws:
            session.ws = None
        self.closed_codes.append(ws.close_code)
        return ws

    def _later(self, delay: float, send: Callable[[], Awaitable[Any]]) -> None:
        """`send()` after `delay` seconds; made only then, so a task cancelled while it waits (the fake
        stopping) leaves no coroutine that was never awaited."""
        async def run() -> None:
            await asyncio.sleep(delay)
            with contextlib.suppress(ConnectionResetError, RuntimeError):
                await send()
        task = asyncio.create_task(run())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _resume(self, ws: web.WebSocketResponse, data: JSON) -> Session | None:
        """Reattach a dropped session and replay every dispatch after the client's last sequence number."""
        session = next((s for s in self.sessions.values() if s.session_id == data.get("session_id")), None)
        if session is None or data.get("token") != self.token:
            await ws.send_json({"op": 9, "d": False, "s": None, "t": None})
            return None
        session.ws = ws
        self.resumed += 1
        for event in [event for event in session.sent if event["s"] > (data.get("seq") or 0)]:
            await ws.send_json(event)
        await self.dispatch("RESUMED", {}, shard=session.shard)
        return session

    async def drop(self, shard: int = 0, code: int = 4000) -> None:
        """Close a shard's gateway connection as Discord does when it restarts a node (the bot resumes)."""
        session = self.sessions[shard]
        if session.ws is not None:
            ws, session.ws = session.ws, None
            await ws.close(code=code, message=b"Fake Discord dropped the connection.")

    async def _ready(self, session: Session) -> None:
        mine = [guild for guild in self.guild_ids if (guild >> 22) % session.count == session.shard]
        await self.dispatch("READY", {
            "v": 10, "user": BOT_USER, "guilds": [{"id": str(guild), "unavailable": True} for guild in mine],
            "session_id": session.session_id, "resume_gateway_url": self.gateway_url,
            "shard": [session.shard, session.count],
            "application": {"id": str(APP_ID), "flags": 0}, "private_channels": [], "relationships": [],
        }, shard=session.shard)
        for guild in mine:
            await self.dispatch("GUILD_CREATE", self.guild(guild), shard=session.shard)

    def guild(self, guild_id: int = GUILD_ID) -> JSON:
        channel_id, role_id, bot_role_id = self.guild_parts(guild_id)
        everyone = {"id": str(guild_id), "name": "@everyone", "permissions": "2248473465835073", "position": 0,
                    "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}
        readers = {**everyone, "id": str(role_id), "name": "readers", "position": 1, "mentionable": True}
        own = {**everyone, "id": str(bot_role_id), "name": "paperbot", "position": 2, "managed": True,
               "tags": {"bot_id": str(APP_ID)}}
        return {
            "id": str(guild_id), "name": "Paper club", "icon": None, "owner_id": ALICE["id"], "unavailable": False,
            "member_count": 4, "large": False, "features": [], "emojis": [], "stickers": [],
            "roles": [everyone, readers, own],
            "channels": [{"id": str(channel_id), "type": 0, "name": "general", "position": 0, "guild_id": str(guild_id),
                          "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None}],
            "members": [self.member(BOT_USER)], "threads": [], "voice_states": [], "presences": [],
            "stage_instances": [], "guild_scheduled_events": [], "premium_tier": 0, "preferred_locale": "en-US",
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "nsfw_level": 0, "system_channel_flags": 0, "joined_at": "2026-01-01T00:00:00+00:00",
        }

    @staticmethod
    def guild_parts(guild_id: int) -> tuple[int, int, int]:
        """A guild's channel, role and bot-role ids: the constants for GUILD_ID, derived for any other."""
        if guild_id == GUILD_ID:
            return CHANNEL_ID, ROLE_ID, BOT_ROLE_ID
        return guild_id + 1, guild_id + 2, guild_id + 3

    @staticmethod
    def member(who: JSON) -> JSON:
        return {"user": who, "roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False,
                "flags": 0, "pending": False, "nick": None, "avatar": None, "permissions": str(ALL_PERMISSIONS)}

    async def dispatch(self, event: str, data: JSON, *, shard: int = 0) -> None:
        """Send an event on a shard's session; while the session is dropped it waits for the RESUME."""
        session = self.sessions.get(shard)
        assert session is not None, f"the bot has no session on shard {shard}"
        session.seq += 1
        payload = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.sent.append(payload)
        if session.ws is not None and not session.ws.closed:
            with contextlib.suppress(ConnectionResetError):  # dropped mid-send: replayed on RESUME
                await session.ws.send_json(payload)

    # ---- playing the users -----------------------------------------------------------------------
    def _context(self, who: JSON, *, dm: bool, guild_id: int = GUILD_ID, channel: JSON | None = None,
                 member_permissions: int | None = None) -> JSON:
        if dm:
            channel_id = DM_CHANNELS[who["id"]]
            return {"channel_id": str(channel_id), "channel": {"id": str(channel_id), "type": 1,
                                                               "recipients": [who]},
                    "user": who, "context": 1, "authorizing_integration_owners": {"0": str(APP_ID)}}
        default_channel = self.guild_parts(guild_id)[0]
        channel = channel or {"id": str(default_channel), "type": 0, "name": "general", "guild_id": str(guild_id),
                              "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None}
        member = self.member(who)
        if member_permissions is not None:
            member["permissions"] = str(member_permissions)
        return {"guild_id": str(guild_id), "channel_id": channel["id"], "channel": channel,
                "member": member, "guild_locale": "en-US", "context": 0,
                "guild": {"id": str(guild_id), "locale": "en-US", "features": []},
                "authorizing_integration_owners": {"0": str(guild_id)}}

    def interaction(self, kind: int, data: JSON, who: JSON = ALICE, *, dm: bool = False,
                    message: JSON | None = None, guild_id: int = GUILD_ID, app_permissions: int = ALL_PERMISSIONS,
                    channel: JSON | None = None, member_permissions: int | None = None) -> tuple[Interaction, JSON]:
        """A new interaction and its INTERACTION_CREATE payload, not sent yet (`send` sends a batch of them);
        its id (a snowflake, which tells its creation time) and token are given when it is sent."""
        context = self._context(who, dm=dm, guild_id=guild_id, channel=channel, member_permissions=member_permissions)
        payload = {"id": "", "application_id": str(APP_ID), "type": kind, "token": "",
                   "version": 1, "data": data, "locale": "en-US", "app_permissions": str(app_permissions),
                   "entitlements": [], "attachment_size_limit": 10485760, **context}
        if message is not None:
            payload["message"] = copy.deepcopy(message)  # as the user saw it when they clicked
        if not dm and "guild_id" in data:
            data["guild_id"] = str(guild_id)
        record = Interaction(0, "", kind, payload, 0.0, shard=self.shard_of(None if dm else guild_id))
        return record, payload

    async def send(self, record: Interaction, payload: JSON, *, age: float = 0.0) -> Interaction:
        """Dispatch an interaction made by `interaction`: created now, as far as the bot can tell, or `age`
        seconds ago (delivered late, as after a gateway outage; its deadline counts from then)."""
        record.id = self.next_id(age)
        record.token = f"interaction-token-{record.id}"
        payload.update(id=str(record.id), token=record.token)
        record.created = time.monotonic() - age
        self.interactions[record.id] = record
        self._tokens[record.token] = record
        await self.dispatch("INTERACTION_CREATE", payload, shard=record.shard)
        return record

    async def _interact(self, kind: int, data: JSON, who: JSON, *, dm: bool, message: JSON | None = None,
                        **context: Any) -> Interaction:
        return await self.send(*self.interaction(kind, data, who, dm=dm, message=message, **context))

    def _command_id(self, name: str) -> str:
        for scope in (GUILD_ID, None):
            for command in self.commands[scope]:
                if command["name"] == name:
                    return command["id"]
        return "1"  # a command Discord knows but the bot does not (stale client)

    @staticmethod
    def _options(options: dict[str, Any], focused: str | None = None) -> list[JSON]:
        types = {bool: 5, int: 4, float: 10, str: 3}
        result = []
        for name, value in options.items():
            option = {"name": name, "type": types[type(value)], "value": value}
            if name == focused:
                option["focused"] = True
            result.append(option)
        return result

    def command_data(self, name: str, *, dm: bool = False, focused: str | None = None, **options: Any) -> JSON:
        """The `data` of a slash command (or, with `focused`, of its autocomplete) interaction."""
        data = {"id": self._command_id(name), "name": name, "type": 1, "options": self._options(options, focused)}
        if not dm:
            data["guild_id"] = str(GUILD_ID)
        return data

    async def slash(self, name: str, who: JSON = ALICE, *, dm: bool = False, guild_id: int = GUILD_ID,
                    **options: Any) -> Interaction:
        return await self._interact(2, self.command_data(name, dm=dm, **options), who, dm=dm, guild_id=guild_id)

    async def autocomplete(self, name: str, focused: str, who: JSON = ALICE, *, dm: bool = False,
                           **options: Any) -> Interaction:
        return await self._interact(4, self.command_data(name, dm=dm, focused=focused, **options), who, dm=dm)

    async def click(self, message: JSON, custom_id: str, who: JSON = ALICE, *, dm: bool = False,
                    **context: Any) -> Interaction:
        """A user presses a button; `context` sets app_permissions, member_permissions or the channel."""
        return await self._interact(3, {"custom_id": custom_id, "component_type": 2}, who, dm=dm, message=message,
                                    **context)

    async def submit(self, custom_id: str, values: dict[str, str], who: JSON = ALICE, *, dm: bool = False,
                     message: JSON | None = None) -> Interaction:
        """A user submits a modal: one text input per entry of `values`, each in its own action row."""
        rows = [{"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
                for key, value in values.items()]
        return await self._interact(5, {"custom_id": custom_id, "components": rows}, who, dm=dm, message=message)

    async def message_command(self, name: str, target: JSON, who: JSON = ALICE, *, dm: bool = False
                              ) -> Interaction:
        """A user right-clicks `target` and picks the app's message command `name`."""
        data = {"id": self._command_id(name), "name": name, "type": 3, "target_id": target["id"],
                "resolved": {"messages": {target["id"]: target}}}
        if not dm:
            data["guild_id"] = str(GUILD_ID)
        return await self._interact(2, data, who, dm=dm)

    def modal_of(self, interaction: Interaction) -> JSON:
        """The modal the bot answered `interaction` with (callback type 9)."""
        assert interaction.callback_type == 9, f"not a modal: callback type {interaction.callback_type}"
        return interaction.callbacks[0]["data"]

    async def choose(self, message: JSON, custom_id: str, value: str, who: JSON = ALICE, *, dm: bool = False
                     ) -> Interaction:
        data = {"custom_id": custom_id, "component_type": 3, "values": [value]}
        return await self._interact(3, data, who, dm=dm, message=message)

    async def say(self, content: str, who: JSON = ALICE, *, dm: bool = False, mentions: list[JSON] | None = None,
                  mention_everyone: bool = False, mention_roles: list[int] | None = None,
                  attachments: list[JSON] | None = None, embeds: list[JSON] | None = None,
                  reply_to: JSON | None = None) -> JSON:
        """A user posts a message (a reply to `reply_to` when given, as Discord's reply sends it); returns the
        MESSAGE_CREATE payload."""
        message_id = self.next_id()
        payload = {
            "id": str(message_id), "type": 19 if reply_to else 0, "content": content, "author": who, "tts": False,
            "timestamp": dt.datetime.now(dt.UTC).isoformat(), "edited_timestamp": None, "pinned": False,
            "mention_everyone": mention_everyone, "mentions": mentions or [],
            "mention_roles": [str(role) for role in mention_roles or []], "attachments": attachments or [],
            "embeds": embeds or [], "components": [], "flags": 0,
        }
        if dm:
            payload["channel_id"] = str(DM_CHANNELS.get(who["id"], 1100000000000000299))
            payload["channel_type"] = 1
        else:
            payload.update(channel_id=str(CHANNEL_ID), guild_id=str(GUILD_ID), member={
                k: v for k, v in self.member(who).items() if k != "user"})
        if reply_to is not None:
            reference = {"type": 0, "message_id": reply_to["id"], "channel_id": payload["channel_id"]}
            if "guild_id" in payload:
                reference["guild_id"] = payload["guild_id"]
            payload["message_reference"] = reference
            payload["referenced_message"] = reply_to
        self.messages[message_id] = payload
        await self.dispatch("MESSAGE_CREATE", payload, shard=self.shard_of(None if dm else GUILD_ID))
        return payload

    # ---- what the bot did ------------------------------------------------------------------------
    async def reply_to(self, interaction: Interaction, timeout: float = 5.0) -> JSON:
        """The message the user sees in answer to `interaction` once it is answered (the last one sent)."""
        await self.wait_for(lambda: interaction.answered, timeout)
        if interaction.followups:
            return self.messages[interaction.followups[-1]]
        if interaction.original_id is not None:
            return self.messages[interaction.original_id]
        return interaction.callbacks[0].get("data") or {}

    def replies_to_message(self, message: JSON) -> list[JSON]:
        return [m for m in self.messages.values()
                if str((m.get("message_reference") or {}).get("message_id")) == message["id"]]

    def bodies(self, method: str, template_part: str) -> list[Any]:
        return [r.body for r in self.requests if r.method == method and r.template and template_part in r.template]

    def thread_messages(self, thread_id: int | str) -> list[JSON]:
        return [m for m in self.messages.values() if m["channel_id"] == str(thread_id)]

    # ---- REST ------------------------------------------------------------------------------------
    @staticmethod
    def _json(data: Any, status: int = 200) -> web.Response:
        return web.Response(status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"})

    def _error(self, status: int, code: int, message: str) -> web.Response:
        return self._json({"code": code, "message": message}, status)

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        template = openapi_check.route_template(path)
        body: Any = None
        uploads: list[Upload] = []
        if request.can_read_body:
            if request.content_type == "multipart/form-data":
                body, uploads = await self._multipart(request, path)
            else:
                raw = await request.read()
                if raw:
                    if request.content_type != "application/json":
                        self.violations.append(f"{request.method} {path}: body sent as {request.content_type}")
                    else:
                        body = json.loads(raw)
        record = Recorded(request.method, path, template, body, files=uploads)
        self._uploads[id(request)] = uploads
        self.requests.append(record)
        try:
            response = await self._handle(request, path, template, body)
        finally:
            self._uploads.pop(id(request), None)
            await self._notify()
        record.status = response.status
        return response

    def uploads_of(self, request: web.Request) -> list[Upload]:
        return self._uploads.get(id(request), [])

    async def _multipart(self, request: web.Request, path: str) -> tuple[Any, list[Upload]]:
        """`payload_json` (the JSON body) and the file parts; a file the payload does not declare, or an
        embed image naming no upload, is a violation (Discord rejects both)."""
        body: Any = None
        uploads: list[Upload] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            data = await part.read()  # type: ignore[union-attr]
            if part.name == "payload_json":  # type: ignore[union-attr]
                body = json.loads(data)
            else:
                kind = part.headers.get("Content-Type", "")  # type: ignore[union-attr]
                uploads.append(Upload(str(part.name), part.filename or "", kind, bytes(data)))  # type: ignore[union-attr]
        message = (body.get("data") if isinstance(body, dict) and "type" in body else body) or {}
        declared = {str(a.get("id")): a.get("filename") for a in message.get("attachments") or []}
        names = {upload.filename for upload in uploads}
        for upload in uploads:
            if not upload.field.startswith("files[") or upload.field[6:-1] not in declared:
                self.violations.append(f"{request.method} {path}: file part {upload.field!r} is not in attachments")
        for embed in message.get("embeds") or []:
            url = (embed.get("image") or {}).get("url") or ""
            if url.startswith("attachment://") and url.removeprefix("attachment://") not in names:
                self.violations.append(f"{request.method} {path}: embed image {url} names no uploaded file")
        return body, uploads

    async def _handle(self, request: web.Request, path: str, template: str | None, body: Any) -> web.StreamResponse:
        webhook = template is not None and (template.startswith("/webhooks/") or template.startswith("/interactions/"))
        if not webhook and request.headers.get("Authorization") != f"Bot {self.token}":
            return self._error(401, 0, "401: Unauthorized")
        if body is not None and self.defer_validation:
            self.deferred.append((request.method, path, template, body))
        elif body is not None:
            problems = self.problems(request.method, path, template, body)
            if problems:
                errors = {"_errors": [{"code": "INVALID", "message": problem} for problem in problems]}
                return self._json({"code": 50035, "message": "Invalid Form Body", "errors": errors}, 400)
        handler = ROUTES.get((request.method, template))
        if handler is None:
            self.violations.append(f"unimplemented route {request.method} {path}")
            return self._error(404, 0, "404: Not Found")
        parts = dict(zip(template.split("/"), path.split("/"), strict=True))  # type: ignore[union-attr]
        return await handler(self, request, parts, body)

    def problems(self, method: str, path: str, template: str | None, body: Any) -> list[str]:
        """What Discord would reject in `body` (recorded in `violations`), and our own no-pings rule."""
        problems = openapi_check.schema_errors(method, path, body) + openapi_check.limit_errors(body)
        if template is not None and ("messages" in template or "callback" in template or
                                     template == "/webhooks/{webhook_id}/{webhook_token}"):
            self.violations.extend(openapi_check.mention_errors(body))
        self.violations.extend(problems)
        return problems

    def validate_deferred(self) -> list[str]:
        """Check the bodies recorded while validation was deferred (identical bodies once); the problems are
        also added to `violations`."""
        before = len(self.violations)
        seen: set[tuple[str, str, str]] = set()
        for method, path, template, body in self.deferred:
            key = (method, template or path, json.dumps(body, sort_keys=True))
            if key not in seen:
                seen.add(key)
                self.problems(method, path, template, body)
        self.deferred.clear()
        return self.violations[before:]

    async def _gateway_bot(self, request: web.Request, parts: JSON, body: Any) -> web.Response:
        return self._json({"url": self.gateway_url, "shards": self.recommended_shards, "session_start_limit": {
            "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": self.identify_concurrency}})

    async def _me(self, request: web.Request, parts: JSON, body: Any) -> web.Response:
        return self._json(BOT_USER)

    async def _application(self, request: web.Request, parts: JSON, body: Any) -> web.Response:
        return self._json({"id": str(APP_ID), "name": "paperbot", "icon": None, "description": "", "summary": "",
                           "bot_public": True, "bot_require_code_grant": False, "verify_key": "0" * 64,
                           "owner": ALICE, "team": None, "flags": 0, "rpc_origins": [], "bot": BOT_USER,
                           "interactions_endpoint_url": None, "tags": [], "redirect_uris": []})

    def _scope(self, parts: JSON) -> int | None:
        guild = parts.get("{guild_id}")
        return int(guild) if guild else None

    async def _get_commands(self, request: web.Request, parts: JSON, body: Any) -> web.Response:
        if self._scope(parts) not in self.commands:  # a guild the bot is not in
            return self._error(403, 50001, "Missing Access")
        return self._json(self.commands[self._scope(parts)])

    async def _put_commands(self, request: web.Request, parts: JSON, body: Any) -> web.Response:
        if self._scope(parts) not in self.commands:
            return self._error(403, 50001, "Missing Access")
        stored = []
        for command in body:
            stored.append({"description": "", **command, "id": str(self.next_id()), "application_id": str(APP_ID),
                           "version": "1",
                           **({"guild_id": parts["{guild_id}"]} if "{guild_id}" in parts else {})})
        self.commands[self._scope(parts)] = stored
        return self._json(stored)

    def _attachments(self, message_id: int, data: JSON, uploads: list[Upload]) -> list[JSON]:
        """The message's attachment objects, as Discord returns them, for the files uploaded with it."""
        by_field = {upload.field: upload for upload in uploads}
        stored, kept = [], []
        for declared in data.get("attachments") or []:
            upload = by_field.get(f"files[{declared.get('id')}]")
            if upload is None:
                continue
            attachment_id = self.next_id()
            stored.append({"id": str(attachment_id), "filename": upload.filename, "size": len(upload.data),
                           "url": f"https://cdn.fake/attachments/{message_id}/{attachment_id}/{upload.filename}",
                           "proxy_url": f"https://media.fake/{attachment_id}/{upload.filename}",
                           "content_type": upload.content_type or "application/octet-stream"})
            kept.append(upload)
        if kept:
            self.files[message_id] = kept
        return stored

    def _message(self, data: JSON, *, channel_id: str, interaction: Interaction | None = None,
                 reference: JSON | None = None, uploads: list[Upload] | None = None) -> JSON:
        message_id = self.next_id()
        message = {
            "id": str(message_id), "channel_id": channel_id, "author": BOT_USER, "content": data.get("content") or "",
            "timestamp": dt.datetime.now(dt.UTC).isoformat(), "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [],
            "attachments": self._attachments(message_id, data, uploads or []),
            "embeds": data.get("embeds") or [], "components": data.get("components") or [], "pinned": False,
            "type": 0, "flags": data.get("flags") or 0,
        }
        if interaction is not None:
            message.update(type=20 if interaction.type == 2 else 0, webhook_id=str(APP_ID),
                           application_id=str(APP_ID))
        if reference is not None:
            message.update(type=19, message_reference=reference)
        self.messages[message_id] = message
        return message

    def _edit(self, message: JSON, data: JSON, uploads: list[Upload] | None = None) -> JSON:
        for key in ("content", "embeds", "components"):
            if key in data and data[key] is not None:
                message[key] = data[key]
        if data.get("attachments") is not None:
            message["attachments"] = self._attachments(int(message["id"]), data, uploads or [])
        message["flags"] = (message.get("flags") or 0) & ~128  # no longer "thinking"
        message["edited_timestamp"] = dt.datetime.now(dt.UTC).isoformat()
        return message

    async def _callback(self, request: web.Request, parts: JSON, body: Any) -> web.Response:
        interaction = self.interactions.get(int(parts["{interaction_id}"]))
        if interaction is None or interaction.token != parts["{interaction_token}"]:
            return self._error(404, 10062, "Unknown interaction")
        if interaction.callbacks:
            self.violations.append(f"interaction {interaction.id} acknowledged twice")
            return self._error(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - interaction.created > self.ack_deadline:
            interaction.late = True
            self.violations.append(f"interaction {interaction.id} acknowledged after the deadline")
            return self._error(404, 10062, "Unknown interaction")
        interaction.attempts += 1
        fault = self.callback_fault(interaction) if self.callback_fault is not None else None
        if fault == 429:
            return web.Response(status=429, body=json.dumps({"message": "You are being rate limited.",
                                                              "retry_after": 0.2, "global": False}).encode(),
                                headers={"Content-Type": "application/json", "Via": "1.1 google",
                                         "Retry-After": "1", "X-RateLimit-Scope": "shared"})
        if fault is not None:
            return self._error(fault, 0, "500: Internal Server Error")
        interaction.callbacks.append(body)
        interaction.acked_at = time.monotonic()
        kind = body["type"]
        data = body.get("data") or {}
        channel_id = interaction.payload["channel_id"]
        resource: JSON | None = None
        if kind in (4, 5):
            flags = (data.get("flags") or 0) | (128 if kind == 5 else 0)
            message = self._message({**data, "flags": flags}, channel_id=channel_id, interaction=interaction,
                                    uploads=self.uploads_of(request))
            interaction.original_id = int(message["id"])
            resource = {"type": kind, "message": message}
        elif kind in (6, 7):
            target = self.messages.setdefault(int(interaction.payload["message"]["id"]), interaction.payload["message"])
            interaction.original_id = int(target["id"])
            if kind == 7:
                self._edit(target, data, self.uploads_of(request))
            resource = {"type": kind, "message": target}
        answer = {"interaction": {"id": str(interaction.id), "type": interaction.type,
                                  "response_message_id": str(interaction.original_id) if interaction.original_id else
                                  None, "response_message_loading": kind == 5,
                                  "response_message_ephemeral": bool((data.get("flags") or 0) & 64)}}
        if resource is not None:
            answer["resource"] = resource
        self._mark(interaction)
        return self._json(answer)

    @staticmethod
    def _mark(interaction: Interaction) -> None:
        if interaction.answered_at is None and interaction.answered:
            interaction.answered_at = time.monotonic()

    def _by_token(self, token: str) -> Interaction | None:
        return self._tokens.get(token)

    async def _original(self, request: web.Request, parts: JSON, body: Any) -> web.StreamResponse:
        interaction = self._by_token(parts["{webhook_token}"])
        if interaction is None or interaction.original_id is None or interaction.original_id not in self.messages:
            return self._error(404, 10008, "Unknown Message")
        message = self.messages[interaction.original_id]
        if request.method == "DELETE":
            del self.messages[interaction.original_id]
            return web.Response(status=204)
        if request.method == "PATCH":
            self._edit(message, body or {}, self.uploads_of(request))
            interaction.edits += 1
            self._mark(interaction)
        return self._json(message)

    async def _followup(self, request: web.Request, parts: JSON, body: Any) -> web.Response:
        interaction = self._by_token(parts["{webhook_token}"])
        if interaction is None or not interaction.callbacks:
            return self._error(404, 10015, "Unknown Webhook")
        message = self._message(body, channel_id=interaction.payload["channel_id"], interaction=interaction,
                                uploads=self.uploads_of(request))
        interaction.followups.append(int(message["id"]))
        self._mark(interaction)
        return self._json(message)

    async def _edit_followup(self, request: web.Request, parts: JSON, body: Any) -> web.StreamResponse:
        message = self.messages.get(int(parts["{message_id}"]))
        if message is None:
            return self._error(404, 10008, "Unknown Message")
        if request.method == "DELETE":
            del self.messages[int(message["id"])]
            return web.Response(status=204)
        return self._json(self._edit(message, body or {}) if request.method == "PATCH" else message)

    async def _create_message(self, request: web.Request, parts: JSON, body: Any) -> web.Response:
        channel_id = parts["{channel_id}"]
        if int(channel_id) in self.unknown_channels:
            return self._error(404, 10003, "Unknown Channel")
        if int(channel_id) in self.forbidden_channels:
            return self._error(403, 50013, "Missing Permissions")
        if self.refuse_posts_with and self.refuse_posts_with in json.dumps(body):
            return self._error(400, 50035, "Invalid Form Body")
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce") and (channel_id, str(nonce)) in self._nonces:
            return self._json(self._nonces[(channel_id, str(nonce))])  # Discord returns the earlier message
        message = self._message(body, channel_id=channel_id, reference=body.get("message_reference"),
                                uploads=self.uploads_of(request))
        if nonce is not None:
            message["nonce"] = str(nonce)
            self._nonces[(channel_id, str(nonce))] = message
        return self._json(message)

    async def _start_thread(self, request: web.Request, parts: JSON, body: Any) -> web.Response:
        """A public thread on a message: its id is the message's, and THREAD_CREATE follows, as on Discord."""
        channel_id, message_id = int(parts["{channel_id}"]), int(parts["{message_id}"])
        message = self.messages.get(message_id)
        if message is None:
            return self._error(404, 10008, "Unknown Message")
        if channel_id in self.no_thread_channels:
            return self._error(400, 50024, "Cannot execute action on this channel type")
        if message_id in self.threads:
            return self._error(400, 160004, "A thread has already been created for this message")
        thread = thread_channel(message_id, channel_id, body["name"], body.get("auto_archive_duration", 1440))
        self.threads[message_id] = thread
        message["thread"] = thread
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True}, shard=self.shard_of(GUILD_ID))
        return self._json(thread, 201)

    def channel_messages(self, channel_id: int) -> list[JSON]:
        """The messages the bot posted in a channel (not as interaction responses), oldest first."""
        return [m for m in self.messages.values() if m.get("channel_id") == str(channel_id)
                and m.get("author", {}).get("id") == BOT_USER["id"] and "webhook_id" not in m]

    async def _typing(self, request: web.Request, parts: JSON, body: Any) -> web.Response:
        return web.Response(status=204)


ROUTES = {
    ("GET", "/gateway/bot"): FakeDiscord._gateway_bot,
    ("GET", "/gateway"): FakeDiscord._gateway_bot,
    ("GET", "/users/@me"): FakeDiscord._me,
    ("GET", "/oauth2/applications/@me"): FakeDiscord._application,
    ("GET", "/applications/{application_id}/commands"): FakeDiscord._get_commands,
    ("PUT", "/applications/{application_id}/commands"): FakeDiscord._put_commands,
    ("GET", "/applications/{application_id}/guilds/{guild_id}/commands"): FakeDiscord._get_commands,
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"): FakeDiscord._put_commands,
    ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"): FakeDiscord._callback,
    ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"): FakeDiscord._original,
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"): FakeDiscord._original,
    ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"): FakeDiscord._original,
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"): FakeDiscord._followup,
    ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"): FakeDiscord._edit_followup,
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"): FakeDiscord._edit_followup,
    ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"): FakeDiscord._edit_followup,
    ("POST", "/channels/{channel_id}/messages"): FakeDiscord._create_message,
    ("POST", "/channels/{channel_id}/typing"): FakeDiscord._typing,
    ("POST", "/channels/{channel_id}/messages/{message_id}/threads"): FakeDiscord._start_thread,
}
