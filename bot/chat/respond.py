"""Answering interactions in time, whatever the load.

Discord forgets an interaction that gets no first response within 3 seconds of its creation: the user sees
"The application did not respond" and the question is lost. The `Responder` (one per bot) decides, as each
interaction arrives, how to answer it, from what it measures rather than from a fixed timer:

- the interaction's age: its id is a snowflake holding its creation time (`Lateness` takes out the offset
  between Discord's clock and ours: the smallest age seen recently);
- what is ahead of it: interactions still waiting for their first response, and core work queued for the
  pool, each weighed by what one has cost recently (`Recent`).

With these it chooses one of
- **at once**: the answer in one request, when it will surely be ready before `defer_after` seconds of age
  (a timer still defers it if the core runs late);
- **deferred**: "is thinking…" now, the original response edited when the answer is ready. The edit waits
  until no interaction is waiting for its first response (at most `hold_edits` seconds), so under a burst
  every acknowledgement goes out before any answer;
- **busy**: a polite ephemeral note when the queued core work already exceeds `max_backlog` seconds (or
  the bot is shutting down): a clear "try again in a few seconds" beats an answer that comes too late;
- **too late**: nothing, when it arrived past Discord's deadline (replayed after a gateway outage):
  Discord refuses any response then. It is counted in the minute's summary.

Core work runs in a bounded pool of `workers` threads (`CorePool`, most urgent first), never on the loop.
Autocomplete cannot be deferred: `suggest` returns the choices if they are ready in time, else none.
Per-interaction log lines are DEBUG; once a minute (when there was traffic) one INFO line sums it up.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import io
import itertools
import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import discord

from bot.chat import limits
from bot.chat.embeds import notice_embed
from bot.chat.errors import NO_PINGS
from bot.chat.house import dress, house_of

log = logging.getLogger(__name__)
T = TypeVar("T")

DISCORD_DEADLINE = 3.0  # seconds Discord waits for an interaction's first response
DEFER_AFTER_SECONDS = 1.0
CORE_TIMEOUT_SECONDS = 60.0  # a deferred reply must come long before the 15-minute token expires
AUTOCOMPLETE_BUDGET_SECONDS = 2.0  # autocomplete cannot be deferred: answer in time or answer nothing
MAX_BACKLOG_SECONDS = 10.0
HOLD_EDITS_SECONDS = 2.0
WORKERS = 2
SUMMARY_EVERY_SECONDS = 60.0
DISCORD_EPOCH_MS = 1420070400000
BUSY = "I'm busy with a lot of requests right now. Please try again in a few seconds."
STOPPING = "I'm restarting right now. Please try again in a few seconds."

Plan = Literal["at once", "deferred", "busy", "too late"]
URGENT, NORMAL, LATER = 0, 1, 2  # pool priorities: autocomplete, answers due soon, deferred answers


@dataclass(frozen=True)
class Timing:
    """The deadlines the responder works to (tests shorten them; `deadline` is Discord's)."""

    defer_after: float = DEFER_AFTER_SECONDS
    core_timeout: float = CORE_TIMEOUT_SECONDS
    autocomplete_budget: float = AUTOCOMPLETE_BUDGET_SECONDS
    deadline: float = DISCORD_DEADLINE
    max_backlog: float = MAX_BACKLOG_SECONDS
    hold_edits: float = HOLD_EDITS_SECONDS


@dataclass
class Reply:
    embeds: list[discord.Embed] = field(default_factory=list)
    content: str | None = None
    view: discord.ui.View | None = None
    ephemeral: bool = False
    update: bool = False  # replace the message the clicked component is on, instead of a new message
    files: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True)
class Attachment:
    """A file to upload with the reply; an embed shows an image one as `attachment://<filename>`."""

    filename: str
    data: bytes

    @property
    def url(self) -> str:
        return f"attachment://{self.filename}"

    def file(self) -> discord.File:
        """A fresh discord.File: one is consumed by each upload."""
        return discord.File(io.BytesIO(self.data), filename=self.filename)


# ---- measuring -----------------------------------------------------------------------------------
class Recent:
    """A running estimate of a cost in seconds: a decaying mean and a decaying high-water mark, so one
    slow call raises the estimate at once and it comes back down over the next few dozen calls."""

    def __init__(self, prior: float, decay: float = 0.9) -> None:
        self.mean = prior
        self.high = prior
        self.decay = decay
        self.count = 0

    def add(self, value: float) -> None:
        self.count += 1
        self.mean = self.decay * self.mean + (1 - self.decay) * value
        self.high = max(value, self.decay * self.high + (1 - self.decay) * value)


class Lateness:
    """How long ago Discord created an interaction, by our clock.

    Snowflake time minus our clock is the true age plus a constant offset (clock skew and network delay).
    The smallest value seen in the last few minutes is that offset, so `age` is the extra delay: time spent
    queued in Discord's gateway, in our socket buffers and in our event loop.
    """

    def __init__(self, window: float = 300.0, buckets: int = 5) -> None:
        self.span = window / buckets
        self._minima: deque[tuple[int, float]] = deque(maxlen=buckets)

    @staticmethod
    def created(snowflake: int) -> float:
        return ((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000

    def age(self, snowflake: int, now: float | None = None) -> float:
        now = time.time() if now is None else now
        raw = now - self.created(snowflake)
        bucket = int(now // self.span)
        if self._minima and self._minima[-1][0] == bucket:
            self._minima[-1] = (bucket, min(self._minima[-1][1], raw))
        else:
            self._minima.append((bucket, raw))
        offset = min(value for _, value in self._minima)
        return max(0.0, raw - offset)


# ---- the pool ------------------------------------------------------------------------------------
class CorePool:
    """A fixed number of worker threads taking the most urgent job first (then the oldest).

    The core is synchronous Python: running it here keeps the event loop free for heartbeats and for the
    acknowledgements of other interactions. The pool is bounded, so a burst queues instead of spawning.
    """

    def __init__(self, workers: int = WORKERS) -> None:
        self.workers = workers
        self._jobs: list[tuple[int, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self._ready = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._closed = False

    def __len__(self) -> int:
        return len(self._jobs)

    def submit(self, work: Callable[[], T], priority: int = NORMAL) -> asyncio.Future[T]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def job() -> None:
            if future.cancelled():
                return
            try:
                outcome: tuple[Any, BaseException | None] = (work(), None)
            except BaseException as error:  # handed to the awaiting coroutine, which reports it
                outcome = (None, error)
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody waits for it
                loop.call_soon_threadsafe(_settle, future, *outcome)

        with self._ready:
            if self._closed:
                raise RuntimeError("the core pool is closed")
            heapq.heappush(self._jobs, (priority, next(self._order), job))
            if len(self._threads) < self.workers:
                thread = threading.Thread(target=self._work, name=f"paperbot-core-{len(self._threads)}",
                                          daemon=True)
                self._threads.append(thread)
                thread.start()
            self._ready.notify()
        return future

    def _work(self) -> None:
        while True:
            with self._ready:
                while not self._jobs and not self._closed:
                    self._ready.wait()
                if not self._jobs:
                    return
                _, _, job = heapq.heappop(self._jobs)
            job()

    def close(self) -> None:
        """Finish the queued jobs, then let the threads end (they are daemons: exit never waits on them)."""
        with self._ready:
            self._closed = True
            self._ready.notify_all()


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


# ---- the responder -------------------------------------------------------------------------------
class Responder:
    """Decides how each interaction is answered, runs its core work, and keeps the numbers."""

    def __init__(self, timing: Timing | None = None, workers: int = WORKERS) -> None:
        self.timing = timing or Timing()
        self.pool = CorePool(workers)
        self.lateness = Lateness()
        self.service: dict[str, Recent] = {}
        self.first_response = Recent(prior=0.002)  # seconds between first responses while some wait
        self.send_time = Recent(prior=0.02)  # one REST round trip
        self.waiting = 0  # interactions admitted that have no first response yet
        self.queued_seconds = 0.0  # expected service time of the core work not finished yet
        self.in_flight = 0
        self.stopping = False
        self._idle = asyncio.Event()
        self._acked = asyncio.Event()
        self._last_first: float | None = None
        self._last_admitted = 0.0
        self._counts: Counter[str] = Counter()
        self.handled: Counter[str] = Counter()  # every outcome since start (the summary's counts reset)
        self.extras: Callable[[], str] | None = None  # more for the summary line (the bot's stored views)
        self._firsts: list[float] = []
        self._summary_at = time.monotonic()
        self._idle.set()
        self._acked.set()

    # ---- measurements ------------------------------------------------------------------------
    def cost(self, kind: str) -> Recent:
        if kind not in self.service:
            self.service[kind] = Recent(prior=0.005)
        return self.service[kind]

    def backlog(self) -> float:
        """Seconds until the pool would start a job queued now."""
        return self.queued_seconds / self.pool.workers

    def plan(self, age: float, kind: str) -> Plan:
        """How to answer an interaction of `kind` that is `age` seconds old, given what is ahead of it."""
        timing = self.timing
        if age >= timing.deadline:
            return "too late"
        if self.stopping or self.backlog() > timing.max_backlog:
            return "busy"
        ahead = self.waiting * self.first_response.mean  # the first responses the loop sends before ours
        ready = age + max(self.backlog() + self.cost(kind).high, ahead) + self.send_time.high
        return "at once" if ready <= timing.defer_after else "deferred"

    def reserve(self, kind: str) -> float:
        """Count a job of `kind` in the backlog from now (before it is submitted); returns its estimate."""
        estimate = self.cost(kind).mean
        self.queued_seconds += estimate
        return estimate

    def submit(self, work: Callable[[], T], kind: str, priority: int = NORMAL,
               reserved: float | None = None) -> asyncio.Future[T]:
        """`work()` queued for the pool now (it is in the backlog at once); its time is measured for `kind`.
        `reserved`: its estimate, already counted in the backlog by `reserve`."""
        estimate = self.reserve(kind) if reserved is None else reserved
        cost = self.cost(kind)

        def timed() -> T:
            start = time.perf_counter()
            try:
                return work()
            finally:
                cost.add(time.perf_counter() - start)  # a float store: safe from the worker thread

        def finished(_: asyncio.Future[T]) -> None:
            self.queued_seconds = max(0.0, self.queued_seconds - estimate)

        future = self.pool.submit(timed, priority)
        future.add_done_callback(finished)
        return future

    async def run(self, work: Callable[[], T], kind: str, priority: int = NORMAL,
                  reserved: float | None = None) -> T:
        """`work()` in the pool (see `submit`), awaited."""
        return await self.submit(work, kind, priority, reserved)

    # ---- bookkeeping -------------------------------------------------------------------------
    @contextlib.contextmanager
    def admitted(self) -> Any:
        """One interaction in flight; waiting for its first response until `responded` is called."""
        self.in_flight += 1
        self.waiting += 1
        self._last_admitted = time.monotonic()
        self._idle.clear()
        self._acked.clear()
        state = {"responded": False}
        try:
            yield state
        finally:
            if not state["responded"]:
                self._responded(None)
            self.in_flight -= 1
            if self.in_flight == 0:
                self._idle.set()

    def responded(self, state: dict[str, Any], age: float) -> None:
        if not state["responded"]:
            state["responded"] = True
            self._responded(age)

    def _responded(self, age: float | None) -> None:
        now = time.monotonic()
        if self.waiting > 1 and self._last_first is not None:
            self.first_response.add(now - self._last_first)
        self._last_first = now
        self.waiting = max(0, self.waiting - 1)
        if self.waiting == 0:
            self._acked.set()
        if age is not None:
            self._firsts.append(age)

    def count(self, outcome: str) -> None:
        self._counts[outcome] += 1
        self.handled[outcome] += 1
        if time.monotonic() - self._summary_at >= SUMMARY_EVERY_SECONDS:
            self.summarise()

    def summarise(self) -> str | None:
        """One INFO line for the interactions since the last one (none when there were none)."""
        counts, firsts = self._counts, sorted(self._firsts)
        self._counts, self._firsts, self._summary_at = Counter(), [], time.monotonic()
        total = sum(counts.values())
        if not total:
            return None
        parts = ", ".join(f"{n} {outcome}" for outcome, n in counts.most_common())
        line = f"Interactions in the last minute: {total} ({parts})"
        if firsts:
            p50 = firsts[len(firsts) // 2] * 1e3
            p99 = firsts[min(len(firsts) - 1, int(len(firsts) * 0.99))] * 1e3
            line += f"; first response p50 {p50:.0f} ms, p99 {p99:.0f} ms"
        line += f"; core queue {len(self.pool)}, {self.in_flight} in flight"
        with contextlib.suppress(RuntimeError):  # no running loop (a test): no task count
            line += f", {len(asyncio.all_tasks())} tasks"
        if self.extras is not None:
            line += f", {self.extras()}"
        log.info(line)
        return line

    async def hold_edit(self) -> None:
        """Wait until no interaction is waiting for its first response (at most `hold_edits` seconds).

        Deferred work and edits wait here, so that under a burst every acknowledgement goes out first: the
        core's threads share the GIL with the event loop, and each one running makes the loop wait up to a
        switch interval (5 ms) for it whenever the loop blocks on a system call."""
        if not self._acked.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._acked.wait(), self.timing.hold_edits)

    async def drain(self, timeout: float, quiet: float = 0.2) -> bool:
        """Stop taking new work (new interactions get a "restarting" note) and wait, at most `timeout`
        seconds, until nothing is in flight and nothing new has arrived for `quiet` seconds (events already
        in the socket are read and answered before the gateway closes). True when it got there in time."""
        self.stopping = True
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                await asyncio.wait_for(self._idle.wait(), remaining)
            except TimeoutError:
                return False
            if time.monotonic() - self._last_admitted >= quiet:
                return True
            await asyncio.sleep(min(quiet, max(0.0, remaining)))

    def close(self) -> None:
        self.pool.close()

    # ---- answering ---------------------------------------------------------------------------
    def age(self, interaction: discord.Interaction) -> float:
        return self.lateness.age(interaction.id)

    async def answer(self, interaction: discord.Interaction, work: Callable[[], T], render: Callable[[T], Reply],
                     *, ephemeral: bool = False, update: bool = False) -> discord.InteractionMessage | None:
        """Compute with `work`, answer with `render(result)`: at once, deferred, or a busy note (see module).
        `update` says the reply replaces the message of the clicked component (it is deferred as such).
        Returns the message that shows the answer, when Discord said which (None for a note or no answer)."""
        kind = kind_of(interaction)
        age = self.age(interaction)
        plan = self.plan(age, kind)
        self.count(plan)
        if plan == "too late":
            log.debug("Not answering %s: it arrived %.1f s after Discord created it", kind, age)
            return None
        with self.admitted() as state:
            if plan == "busy":
                await self._send_timed(interaction, busy_reply(self.stopping), state)
                return None
            if plan == "deferred":
                reserved = self.reserve(kind)  # in the backlog while it waits
                try:
                    await self._defer(interaction, ephemeral, update, state)
                    # The work waits for the other acknowledgements: core threads would take the GIL from the loop.
                    await self.hold_edit()
                except BaseException:
                    self.queued_seconds = max(0.0, self.queued_seconds - reserved)
                    raise
                result = await asyncio.wait_for(self.run(work, kind, LATER, reserved), self.timing.core_timeout)
                return await send(interaction, render(result))
            task = self.submit(work, kind, NORMAL)
            budget = self.timing.defer_after - self.age(interaction) - self.send_time.high
            done, _ = await asyncio.wait({task}, timeout=max(0.0, budget))
            if not done:
                log.debug("Deferring %s: the core is still working", kind)
                self.count("deferred late")
                await self._defer(interaction, ephemeral, update, state)
            result = await asyncio.wait_for(task, self.timing.core_timeout)
            if not done:
                await self.hold_edit()
            reply = render(result)
            return await self._send_timed(interaction, reply, state)

    async def suggest(self, interaction: discord.Interaction, work: Callable[[], list[T]]) -> list[T]:
        """Autocomplete choices if they are ready in time, else none (it cannot be deferred)."""
        age = self.age(interaction)
        kind = kind_of(interaction)
        budget = min(self.timing.autocomplete_budget, self.timing.deadline) - age - self.send_time.high
        if self.stopping or budget <= self.backlog() + self.cost(kind).mean:
            self.count("no suggestions")
            return []
        self.count("suggestions")
        try:
            return await asyncio.wait_for(self.run(work, kind, URGENT), budget)
        except TimeoutError:
            self.count("suggestions too slow")  # in the minute's summary: a burst of them is one line
            log.debug("Suggestions for %s took longer than %.1f s; answered with none", kind, budget)
            return []

    async def _defer(self, interaction: discord.Interaction, ephemeral: bool, update: bool,
                     state: dict[str, Any]) -> None:
        start = time.monotonic()
        if update:
            await interaction.response.defer()  # the clicked component's message will be edited
        else:
            await interaction.response.defer(thinking=True, ephemeral=ephemeral)
        self.send_time.add(time.monotonic() - start)
        self.responded(state, self.age(interaction))

    async def _send_timed(self, interaction: discord.Interaction, reply: Reply, state: dict[str, Any]
                          ) -> discord.InteractionMessage | None:
        first = not interaction.response.is_done()
        start = time.monotonic()
        message = await send(interaction, reply)
        if first:
            self.send_time.add(time.monotonic() - start)
            self.responded(state, self.age(interaction))
        return message


def kind_of(interaction: discord.Interaction) -> str:
    """What the interaction asks for, for the per-kind cost estimates: `papers`, `paper:autocomplete`…"""
    command = interaction.command
    name = command.qualified_name if command is not None else interaction.type.name
    if interaction.type is discord.InteractionType.autocomplete:
        return f"{name}:autocomplete"
    if interaction.type is discord.InteractionType.component:
        custom_id = str((interaction.data or {}).get("custom_id", ""))
        return "component:" + custom_id.split(":")[2 if custom_id.count(":") >= 2 else -1][:16]
    return name


def busy_reply(stopping: bool) -> Reply:
    return Reply(embeds=[notice_embed(STOPPING if stopping else BUSY)], ephemeral=True)


def responder_of(client: discord.Client | None) -> Responder:
    """The bot's responder; no client, or one without a responder, gets a shared default."""
    responder = getattr(client, "responder", None)
    if isinstance(responder, Responder):
        return responder
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Responder()
    return _DEFAULT


_DEFAULT: Responder | None = None


async def run_core(work: Callable[[], T], client: discord.Client | None = None, kind: str = "core") -> T:
    """`work()` in the core pool (the bot's when `client` is given), off the event loop."""
    return await responder_of(client).run(work, kind)


async def answer(
    interaction: discord.Interaction,
    work: Callable[[], T],
    render: Callable[[T], Reply],
    *,
    ephemeral: bool = False,
    update: bool = False,
) -> discord.InteractionMessage | None:
    """Answer `interaction` with `render(work())` in time, by the bot's responder (see `Responder.answer`);
    returns the message that shows the answer when known.

    Exceptions propagate to the caller's error handler, which knows how to answer a deferred interaction.
    """
    return await responder_of(interaction.client).answer(interaction, work, render, ephemeral=ephemeral,
                                                         update=update)


async def send(interaction: discord.Interaction, reply: Reply) -> discord.InteractionMessage | None:
    """Send `reply` as the interaction's response, or as the edit of the deferred one; returns the message
    (Discord returns it with the callback) when known.

    A view whose items all live in their custom_ids (`bot.chat.components` actions) is stopped first, so
    discord.py does not keep it, or a 15-minute timer for an ephemeral one: any process answers its clicks.
    """
    view = reply.view
    if view is not None and all(isinstance(item, discord.ui.DynamicItem) or not item.is_dispatchable()
                                for item in view.walk_children()):
        view.stop()
    embeds = limits.fit_message(dress(reply.embeds, house_of(interaction.client)))
    content = limits.clip(reply.content, limits.MESSAGE_CONTENT) if reply.content else None
    if not interaction.response.is_done():
        kwargs: dict[str, Any] = {"view": view} if view is not None else {}
        if reply.files:
            kwargs["files"] = [attachment.file() for attachment in reply.files]
        if reply.update:
            callback = await interaction.response.edit_message(content=content, embeds=embeds,
                                                               allowed_mentions=NO_PINGS, **kwargs)
        else:
            callback = await interaction.response.send_message(content=content, embeds=embeds,
                                                               ephemeral=reply.ephemeral, allowed_mentions=NO_PINGS,
                                                               **kwargs)
        resource = getattr(callback, "resource", None)
        return resource if isinstance(resource, discord.InteractionMessage) else None
    files = {"attachments": [attachment.file() for attachment in reply.files]} if reply.files else {}
    return await interaction.edit_original_response(content=content, embeds=embeds, view=view,
                                                    allowed_mentions=NO_PINGS, **files)
