"""Shards: SHARD_COUNT and SHARD_IDS against a fake Discord with two guilds, one on each of two shards.

One process can run both shards, or two processes one each (here: two bots in one test process, each with
its own gateway session); every interaction arrives on the shard of its guild and is answered once, and a
shard that drops and resumes gets the events it missed while the other keeps serving.
"""

from __future__ import annotations

import contextlib

import pytest
import pytest_asyncio
from chat_harness import TOKEN, bot_settings, running_bot
from fake_discord import GUILD_ID, SECOND_GUILD_ID, FakeDiscord, user

pytestmark = pytest.mark.asyncio(loop_scope="module")

READER = user(1100000000000000901, "sharded")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake():
    server = FakeDiscord(TOKEN, guilds=(GUILD_ID, SECOND_GUILD_ID), identify_concurrency=16)
    await server.start()
    yield server
    await server.stop()
    assert server.violations == []


def answered_once(fake: FakeDiscord, *interactions) -> bool:
    return all(i.answered and len(i.callbacks) == 1 and not i.late for i in interactions)


async def test_one_process_runs_both_shards_and_answers_on_each(fake, library, seed_path):
    settings = bot_settings(fake, seed_path, discord_guild_id=GUILD_ID, shard_count=2)
    async with running_bot(fake, settings, library) as bot:
        assert fake.live_sessions == 2 and sorted(fake.sessions) == [0, 1]
        assert {guild.id for guild in bot.guilds} == {GUILD_ID, SECOND_GUILD_ID}
        first = await fake.slash("stats", READER, guild_id=GUILD_ID)
        second = await fake.slash("stats", READER, guild_id=SECOND_GUILD_ID)
        assert (first.shard, second.shard) == (1, 0), "each guild's events come on its own shard"
        for interaction in (first, second):
            assert (await fake.reply_to(interaction))["embeds"][0]["title"].startswith("📊")
        assert answered_once(fake, first, second)


async def test_two_processes_each_answer_their_own_shard_once(fake, library, seed_path):
    async with contextlib.AsyncExitStack() as stack:
        bots = [await stack.enter_async_context(running_bot(
            fake, bot_settings(fake, seed_path, discord_guild_id=GUILD_ID, shard_count=2, shard_ids=str(shard)),
            library)) for shard in (0, 1)]
        assert [bot.shard_ids for bot in bots] == [[0], [1]]
        assert fake.live_sessions == 2
        interactions = []
        for guild in (GUILD_ID, SECOND_GUILD_ID, GUILD_ID, SECOND_GUILD_ID):
            interactions.append(await fake.slash("papers", READER, guild_id=guild, query="language models"))
        for interaction in interactions:
            await fake.reply_to(interaction)
        assert answered_once(fake, *interactions)
        assert [sum(bot.responder.handled.values()) for bot in bots] == [2, 2], "each process its own shard"


async def test_a_shard_that_drops_resumes_with_what_it_missed_while_the_other_serves(fake, library, seed_path):
    settings = bot_settings(fake, seed_path, discord_guild_id=GUILD_ID, shard_count=2)
    async with running_bot(fake, settings, library):
        resumed = fake.resumed
        await fake.drop(shard=0)
        missed = await fake.slash("stats", READER, guild_id=SECOND_GUILD_ID)  # shard 0: queued until it resumes
        served = await fake.slash("stats", READER, guild_id=GUILD_ID)  # shard 1 keeps serving meanwhile
        await fake.reply_to(served)
        await fake.reply_to(missed, timeout=10)
        assert fake.resumed == resumed + 1, "the dropped shard resumed its session instead of identifying anew"
        assert answered_once(fake, missed, served)
