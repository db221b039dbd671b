"""Components keep working after a restart: their state is in the custom_id, not in the process.

A bot answers /paper and opens an Ask modal, stops; a new bot (nothing in memory) answers the old
message's buttons, menu and the modal's submission. Its own module: each bot points discord.py at this
module's fake Discord, a process-wide setting.
"""

from __future__ import annotations

import pytest
from chat_harness import TOKEN, action_id, bot_settings, item, paper_message, running_bot, text_of
from fake_discord import BOB, GUILD_ID, FakeDiscord

from retrieval.service import Library

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_buttons_and_a_modal_opened_before_a_restart_work_after_it(seed_path, seed_profile):
    fake = FakeDiscord(TOKEN)
    await fake.start()
    try:
        settings = bot_settings(fake, seed_path, discord_guild_id=GUILD_ID)
        async with running_bot(fake, settings, Library(seed_profile)):
            reply = await paper_message(fake)
            clicked = await fake.click(reply, action_id(reply, "ask"))
            await fake.reply_to(clicked)
            modal = fake.modal_of(clicked)
        async with running_bot(fake, settings, Library(seed_profile)):  # a new process: nothing in memory
            cited = await fake.reply_to(await fake.click(reply, action_id(reply, "cite"), BOB))
            assert "@misc{yu2023metamath," in text_of(cited)
            answer = await fake.reply_to(await fake.submit(modal["custom_id"], {"question": "GSM8K accuracy?"}))
            assert "82.3%" in text_of(answer)
            related = item(reply, action_id(reply, "open"))["options"][0]["value"]
            opened = await fake.reply_to(await fake.choose(reply, action_id(reply, "open"), related))
            assert opened["embeds"][0]["footer"]["text"].startswith(f"id: {related}")
        assert fake.violations == []
    finally:
        await fake.stop()
