"""The pieces the Discord tests share: the token, the timings, a library that can be made slow, log capture,
and a context manager that runs the real bot against a fake Discord."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from fake_discord import ALICE, FakeDiscord

from bot.chat.client import PaperBot
from bot.settings import Settings
from retrieval.models import Profile
from retrieval.service import Library

TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-0123456789abcdef"
ACK_DEADLINE = 1.5  # Discord's is 3 s; shorter here so the slow-handler tests stay fast
DEFER_AFTER = 0.3


class SlowLibrary(Library):
    """The real library with latency or a failure that a test can switch on for one call.

    The core's answers are untouched; this only stands in for a slow machine or a bug in the core.
    """

    def __init__(self, profile: Profile) -> None:
        super().__init__(profile)
        self.delay = 0.0
        self.failure: Exception | None = None
        self._gate = threading.Event()
        self._gate.set()

    def _hurdles(self) -> None:
        self._gate.wait()
        if self.delay:
            time.sleep(self.delay)
        if self.failure is not None:
            failure, self.failure = self.failure, None
            raise failure

    def stats(self, *args, **kwargs):
        self._hurdles()
        return super().stats(*args, **kwargs)

    def search(self, *args, **kwargs):
        self._hurdles()
        return super().search(*args, **kwargs)

    def suggest_titles(self, *args, **kwargs):
        self._hurdles()
        return super().suggest_titles(*args, **kwargs)

    @contextlib.contextmanager
    def slow(self, seconds: float) -> Iterator[None]:
        self.delay = seconds
        try:
            yield
        finally:
            self.delay = 0.0

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Every call waits until the block ends: what the bot does meanwhile does not depend on how fast the
        machine is (a sleep of fixed length would race the test's own requests on a loaded machine)."""
        self._gate.clear()
        try:
            yield
        finally:
            self._gate.set()


class LogCapture(logging.Handler):
    """Every log line (message and traceback) formatted, as an operator would read it."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def bot_settings(fake: FakeDiscord, seed_path, **overrides: object) -> Settings:
    """Settings for a bot against `fake`; its DATA_DIR is a fresh temporary folder unless one is given."""
    values: dict[str, object] = dict(discord_token=TOKEN, discord_guild_id=None, profile_path=seed_path,
                                     discord_api_base=fake.api_base, discord_gateway_url=fake.gateway_url,
                                     log_level="DEBUG", data_dir=Path(tempfile.mkdtemp(prefix="paperbot-test-")))
    values.update(overrides)
    return Settings(_env_file=None, **values)


@contextlib.asynccontextmanager
async def running_bot(fake: FakeDiscord, settings: Settings, library: Library, **knobs: object
                      ) -> AsyncIterator[PaperBot]:
    """The real bot, started against `fake` and connected; closed on exit."""
    bot = PaperBot(settings, library, **knobs)  # type: ignore[arg-type]
    task = asyncio.create_task(bot.start(TOKEN))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        yield bot
    finally:
        await bot.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 5)


# ---- reading what the bot sent ---------------------------------------------------------------------

def items(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for row in message.get("components") or [] for item in row.get("components", [])]


def item(message: dict[str, Any], custom_id: str) -> dict[str, Any]:
    return next(entry for entry in items(message) if entry.get("custom_id") == custom_id)


def button(message: dict[str, Any], label: str) -> dict[str, Any]:
    """The button labelled `label` (Previous, Next…) of a message."""
    return next(entry for entry in items(message) if entry.get("type") == 2 and entry.get("label") == label)


def menu(message: dict[str, Any]) -> dict[str, Any]:
    """The message's select menu."""
    return next(entry for entry in items(message) if entry.get("type") == 3)


def ephemeral(message: dict[str, Any]) -> bool:
    return bool((message.get("flags") or 0) & 64)


def text_of(message: dict[str, Any]) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or "", (embed.get("footer") or {}).get("text", "")]
        parts += [f"{field['name']} {field['value']}" for field in embed.get("fields") or []]
    return "\n".join(parts)


async def reply_to_message(fake, message: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
    return (await fake.wait_for(lambda: fake.replies_to_message(message), timeout))[-1]


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [entry["custom_id"] for entry in items(message) if "custom_id" in entry]


def action_id(message: dict[str, Any], action: str) -> str:
    return next(cid for cid in custom_ids(message) if cid.split(":")[2] == action)


def with_button(message: dict[str, Any], custom_id: str) -> dict[str, Any]:
    """The message as a hand-made client would present it: with a button of its own choosing."""
    forged = copy.deepcopy(message)
    forged["components"] = [*forged.get("components", []), {"type": 1, "components": [
        {"type": 2, "style": 2, "label": "x", "custom_id": custom_id}]}]
    return forged


async def paper_message(fake, title: str = "metamath", who=ALICE, *, dm: bool = False) -> dict[str, Any]:
    return await fake.reply_to(await fake.slash("paper", who, dm=dm, title=title))
