"""Follow-ups in Discord: a reply with ping to one of the bot's answers, or the next DM within a few minutes,
continues the conversation; contexts live in SQLite, so a restarted bot still knows what a reply refers to."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fake_discord import APP_ID, BOT_USER, user

from bot.chat.ask import DM_FOLLOW_UP_SECONDS
from retrieval.conversation import ContextStore

pytestmark = pytest.mark.asyncio(loop_scope="module")

MENTION = f"<@{APP_ID}>"
_user_ids = itertools.count(1100000000000000900)


def fresh_user() -> dict[str, Any]:
    number = next(_user_ids)
    return user(number, f"asker{number % 1000}")


async def answer_to(fake, message: dict[str, Any], bot=None) -> dict[str, Any]:
    """The bot's answer to `message`; with `bot`, also once the bot has kept its context (so that a follow-up sent
    next cannot race the bookkeeping)."""
    answer = (await fake.wait_for(lambda: fake.replies_to_message(message), 5.0))[-1]
    if bot is not None:
        await fake.wait_for(lambda: bot.conversations.by_message(int(answer["id"])) is not None, 5.0)
    return answer


def description(message: dict[str, Any]) -> str:
    return message["embeds"][0].get("description") or ""


def titles(message: dict[str, Any]) -> list[str]:
    """The papers listed, without their numbers."""
    return [field["name"].split(". ", 1)[-1] for field in message["embeds"][0].get("fields") or []]


async def test_a_reply_with_ping_to_an_answer_continues_it(fake, bot):
    asker = fresh_user()
    first = await answer_to(fake, await fake.say(f"{MENTION} how many papers in 2023", asker, mentions=[BOT_USER]), bot)
    assert "8 papers in 2023" in description(first)
    follow = await answer_to(fake, await fake.say(f"{MENTION} and in 2024?", asker, mentions=[BOT_USER],
                                                  reply_to=first))
    assert "7 papers in 2024" in description(follow)


async def test_someone_else_may_continue_an_answer_by_replying_to_it(fake, bot):
    first = await answer_to(fake, await fake.say(f"{MENTION} papers about diffusion", fresh_user(),
                                                 mentions=[BOT_USER]), bot)
    shown = titles(first)
    follow = await answer_to(fake, await fake.say(f"{MENTION} which of them have code", fresh_user(),
                                                  mentions=[BOT_USER], reply_to=first))
    assert "with code" in description(follow)
    assert titles(follow) and all(title in shown for title in titles(follow))


async def test_a_reply_to_someone_elses_message_starts_afresh(fake, bot):
    someone = await fake.say("I think the diffusion papers are the best", fresh_user())
    follow = await answer_to(fake, await fake.say(f"{MENTION} which of them have code", fresh_user(),
                                                  mentions=[BOT_USER], reply_to=someone))
    assert "earlier answer" in description(follow)


async def test_a_follow_up_with_no_earlier_answer_is_declined_politely(fake, bot):
    follow = await answer_to(fake, await fake.say(f"{MENTION} and does it have code?", fresh_user(),
                                                  mentions=[BOT_USER]))
    assert "earlier answer" in description(follow)
    assert not titles(follow)


async def test_a_reply_that_does_not_mention_the_bot_is_not_answered(fake, bot):
    asker = fresh_user()
    first = await answer_to(fake, await fake.say(f"{MENTION} how many papers in 2023", asker, mentions=[BOT_USER]), bot)
    silent = await fake.say("and in 2024?", asker, reply_to=first)  # reply with the ping switched off
    answered = await answer_to(fake, await fake.say(f"{MENTION} what is the h-index?", asker, mentions=[BOT_USER]))
    assert answered and fake.replies_to_message(silent) == []


async def test_a_direct_message_continues_the_last_answer_for_a_few_minutes(fake, bot):
    now = [1_000_000.0]
    bot.conversations = ContextStore(None, clock=lambda: now[0])
    asker = fresh_user()
    await answer_to(fake, await fake.say("how many papers in 2023", asker, dm=True), bot)
    follow = await answer_to(fake, await fake.say("and in 2024?", asker, dm=True), bot)
    assert "7 papers in 2024" in description(follow)
    now[0] += DM_FOLLOW_UP_SECONDS + 1
    stale = await answer_to(fake, await fake.say("which of them have code", asker, dm=True))
    assert "earlier answer" in description(stale)


async def test_a_restarted_bot_still_knows_what_a_reply_refers_to(fake, bot, tmp_path):
    path = tmp_path / "conversations.sqlite3"
    bot.conversations = ContextStore(path)
    asker = fresh_user()
    first = await answer_to(fake, await fake.say(f"{MENTION} how many papers in 2023", asker, mentions=[BOT_USER]), bot)
    bot.conversations.close()
    bot.conversations = ContextStore(path)  # what a new process opens from the data directory
    follow = await answer_to(fake, await fake.say(f"{MENTION} and in 2024?", asker, mentions=[BOT_USER],
                                                  reply_to=first))
    assert "7 papers in 2024" in description(follow)


async def test_the_bot_keeps_contexts_in_its_data_directory(tmp_path):
    from bot.chat.client import CONVERSATIONS_FILE, open_conversations

    store = open_conversations(tmp_path / "state")
    assert (tmp_path / "state" / CONVERSATIONS_FILE).is_file() and len(store) == 0
    unwritable = tmp_path / "file"
    unwritable.write_text("not a directory")
    assert len(open_conversations(unwritable)) == 0  # in memory, with a warning: answers still work
