"""Fixtures for the Discord face: the fake Discord on loopback and the real bot connected to it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from chat_harness import (
    ACK_DEADLINE,
    DEFER_AFTER,
    TOKEN,
    LogCapture,
    SlowLibrary,
    bot_settings,
    running_bot,
)
from fake_discord import GUILD_ID, FakeDiscord

from bot.chat.client import PaperBot
from retrieval.models import Profile


@pytest.fixture(scope="module")
def log_capture() -> Iterator[LogCapture]:
    handler = LogCapture()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


@pytest.fixture(scope="module")
def slow_library(seed_profile: Profile) -> SlowLibrary:
    return SlowLibrary(seed_profile)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(TOKEN, ack_deadline=ACK_DEADLINE)
    await server.start()
    yield server
    await server.stop()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def bot(fake: FakeDiscord, slow_library: SlowLibrary, seed_path, log_capture: LogCapture
              ) -> AsyncIterator[PaperBot]:
    settings = bot_settings(fake, seed_path, discord_guild_id=GUILD_ID)
    async with running_bot(fake, settings, slow_library, defer_after=DEFER_AFTER,
                           ask_rate=(5, 15.0)) as running:
        yield running
