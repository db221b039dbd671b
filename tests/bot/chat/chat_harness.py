"""The pieces the Discord tests share: the token, the timings, a library that can be made slow, log capture,
and a context manager that runs the real bot against a fake Discord."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Iterator

from fake_discord import FakeDiscord

from bot.chat.client import PaperBot
from bot.settings import Settings
from retrieval.models import Profile
from retrieval.service import Library

TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-0123456789abcdef"
ACK_DEADLINE = 1.5  # Discord's is 3 s; shorter here so the slow-handler tests stay fast
DEFER_AFTER = 0.3
PAGE_TIMEOUT = 60.0  # long enough never to expire mid-test on a loaded machine; one test shortens it


class SlowLibrary(Library):
    """The real library with latency or a failure that a test can switch on for one call.

    The core's answers are untouched; this only stands in for a slow machine or a bug in the core.
    """

    def __init__(self, profile: Profile) -> None:
        super().__init__(profile)
        self.delay = 0.0
        self.failure: Exception | None = None

    def _hurdles(self) -> None:
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
    values: dict[str, object] = dict(discord_token=TOKEN, discord_guild_id=None, profile_path=seed_path,
                                     discord_api_base=fake.api_base, discord_gateway_url=fake.gateway_url,
                                     log_level="DEBUG")
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
