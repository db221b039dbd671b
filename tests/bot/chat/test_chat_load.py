"""Under load and faults, against the fake Discord: a burst is acknowledged in time and answered once, a deep
queue gets polite busy notes, an interaction delivered after its deadline is left alone, and a gateway drop or
429/500 answers on callbacks in the middle of a burst lose nothing. Timings here are generous on purpose: the
speed targets are measured by bench/load.py, these tests check outcomes."""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from chat_harness import TOKEN, LogCapture, SlowLibrary, bot_settings, ephemeral, running_bot, text_of
from fake_discord import GUILD_ID, FakeDiscord, Interaction, user

from bot.chat.client import PaperBot
from bot.chat.respond import BUSY, Timing
from retrieval.conversation import ContextStore

pytestmark = pytest.mark.asyncio(loop_scope="module")

_users = itertools.count(1100000000000010000)


def reader() -> dict:
    number = next(_users)
    return user(number, f"burst{number % 10000}")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(TOKEN, ack_deadline=3.0, defer_validation=True)
    await server.start()
    yield server
    await server.stop()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def library(seed_profile) -> SlowLibrary:
    return SlowLibrary(seed_profile)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def bot(fake, library, seed_path, log_capture: LogCapture) -> AsyncIterator[PaperBot]:
    async with running_bot(fake, bot_settings(fake, seed_path, discord_guild_id=GUILD_ID), library,
                           ask_rate=(50, 1.0)) as running:
        yield running


def mixed(fake: FakeDiscord, count: int) -> list[tuple[Interaction, dict]]:
    kinds = [("papers", {"query": "language models"}), ("paper", {"title": "metamath"}),
             ("ask", {"question": "Which papers use diffusion?"}), ("stats", {})]
    return [fake.interaction(2, fake.command_data(name, **options), reader())
            for name, options in itertools.islice(itertools.cycle(kinds), count)]


async def burst(fake: FakeDiscord, count: int, during=None) -> list[Interaction]:
    sent = []
    for index, (interaction, payload) in enumerate(mixed(fake, count)):
        if during is not None and index == count // 3:
            await during()
        sent.append(await fake.send(interaction, payload))
    return sent


async def all_answered_once(fake: FakeDiscord, interactions: list[Interaction], timeout: float = 20.0) -> None:
    await fake.wait_for(lambda: all(i.answered for i in interactions), timeout)
    assert all(len(i.callbacks) == 1 and not i.late for i in interactions)
    assert not [v for v in fake.violations if "twice" in v or "deadline" in v]


async def test_a_burst_is_acknowledged_in_time_and_answered_once(fake, bot, log_capture):
    interactions = await burst(fake, 200)
    await all_answered_once(fake, interactions)
    assert max(i.acked_at - i.created for i in interactions) < 3.0
    assert fake.validate_deferred() == []
    assert "Traceback" not in log_capture.text


async def settled(fake: FakeDiscord, bot: PaperBot) -> None:
    """Wait until the work of earlier tests is finished (the conversation writes of a burst of /ask can
    outlast its answers on a slow disk): the busy decisions below depend only on this test's requests."""
    responder = bot.responder
    await fake.wait_for(lambda: responder.in_flight == 0 and not len(responder.pool) and responder.backlog() < 1e-9,
                        timeout=30)


async def test_behind_a_deep_queue_new_requests_get_a_polite_busy_note(fake, bot, library, monkeypatch):
    await settled(fake, bot)
    monkeypatch.setattr(bot, "timing", Timing(max_backlog=0.05))
    with library.slow(0.3):  # the bot learns that a search costs 0.3 s now
        learned = await fake.reply_to(await fake.slash("papers", reader(), query="diffusion"), timeout=10)
    assert not ephemeral(learned), "the first search was answered"
    with library.held():  # nothing finishes while the requests arrive, however slow the machine
        searches = [await fake.slash("papers", reader(), query="diffusion") for _ in range(8)]
        await fake.wait_for(lambda: all(i.acked_at is not None for i in searches), timeout=20)
    await all_answered_once(fake, searches)
    notes = [i for i in searches if i.callback_type == 4 and ephemeral(i.callbacks[0]["data"])]
    assert notes and len(notes) < len(searches), "some answered, the rest told to come back"
    assert all(BUSY in text_of(i.callbacks[0]["data"]) for i in notes)


async def test_an_interaction_delivered_after_its_deadline_is_left_alone(fake, bot):
    before = bot.responder.handled["too late"]
    late = await fake.send(*fake.interaction(2, fake.command_data("stats"), reader()), age=5.0)
    fresh = await fake.slash("stats", reader())
    await fake.reply_to(fresh)
    await asyncio.sleep(0.2)
    assert late.callbacks == [] and late.attempts == 0, "no response Discord would refuse"
    assert bot.responder.handled["too late"] == before + 1


async def test_a_gateway_drop_in_the_middle_of_a_burst_loses_nothing(fake, bot, log_capture):
    resumed = fake.resumed
    interactions = await burst(fake, 90, during=lambda: fake.drop(0))
    await all_answered_once(fake, interactions)
    assert fake.resumed == resumed + 1
    assert "Traceback" not in log_capture.text


async def test_429_and_500_on_callbacks_are_retried_and_each_answered_once(fake, bot, log_capture):
    faults = itertools.cycle([429, None, 500, None, None])
    fake.callback_fault = lambda interaction: next(faults) if interaction.attempts == 1 else None
    try:
        interactions = await burst(fake, 60)
        await all_answered_once(fake, interactions)
    finally:
        fake.callback_fault = None
    assert any(i.attempts > 1 for i in interactions), "faults were injected and retried"
    assert "Traceback" not in log_capture.text


class StalledContexts(ContextStore):
    """The conversation store on a disk that stalls: every read and write waits until the test lets it go
    (at most `limit` seconds, so a bot that waited on the event loop fails the test instead of hanging it)."""

    def __init__(self, limit: float = 8.0) -> None:
        super().__init__(None)
        self.gate = threading.Event()
        self.limit = limit
        self.reads = 0

    def _stall(self) -> None:
        self.gate.wait(self.limit)

    def by_message(self, *args, **kwargs):
        self.reads += 1
        self._stall()
        return super().by_message(*args, **kwargs)

    def latest(self, *args, **kwargs):
        self.reads += 1
        self._stall()
        return super().latest(*args, **kwargs)

    def remember(self, *args, **kwargs):
        self._stall()
        return super().remember(*args, **kwargs)


async def test_a_conversation_store_that_stalls_holds_up_no_other_interaction(fake, bot, monkeypatch):
    """A DM continues the asker's last answer, read from the store; while that read stalls, a command
    arriving meanwhile is still acknowledged and answered in time, and the DM is answered once it returns."""
    await settled(fake, bot)
    stalled = StalledContexts()
    monkeypatch.setattr(bot, "conversations", stalled)
    asker = reader()
    message = await fake.say("how many papers are there?", asker, dm=True)
    try:
        await fake.wait_for(lambda: stalled.reads > 0, timeout=10)
        command = await fake.slash("stats", reader())
        await fake.reply_to(command, timeout=10)
        assert command.acked_at - command.created < 3.0 and not fake.replies_to_message(message)
    finally:
        stalled.gate.set()
    assert await fake.wait_for(lambda: fake.replies_to_message(message), timeout=10)
