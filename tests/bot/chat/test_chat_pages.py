"""/papers pages keep working after a restart: their state is in the buttons' custom_ids (or, for a search too
long for one, in the component state store under DATA_DIR), so a bot that never saw the search turns its pages.
A click after the profile changed says so; a malformed or forgotten state, or a store on a disk that stalls, gets a
polite note in time."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import pytest_asyncio
from chat_harness import TOKEN, bot_settings, button, ephemeral, items, running_bot, text_of, with_button
from fake_discord import ALICE, GUILD_ID, FakeDiscord

from bot.chat.components import STALE, encode
from bot.chat.pages import GONE, SLOW, base36
from bot.chat.state_store import ComponentStates
from retrieval.models import Paper, Profile
from retrieval.service import Library

pytestmark = pytest.mark.asyncio(loop_scope="module")

LONG_QUERY = ("language models reasoning " * 12).strip()  # 311 characters: too long for a custom_id


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake():
    server = FakeDiscord(TOKEN)
    await server.start()
    yield server
    await server.stop()
    assert server.violations == []


def settings_for(fake: FakeDiscord, seed_path: Path, data_dir: Path):
    return bot_settings(fake, seed_path, discord_guild_id=GUILD_ID, data_dir=data_dir)


def footer(message: dict) -> str:
    return message["embeds"][0]["footer"]["text"]


def another_profile() -> Profile:
    papers = [Paper(id=f"robots-{n}", title=f"Robots that learn {n}", authors=["A. Author"], authors_truncated=False,
                    category="RO", category_name="Robotics", date=dt.date(2024, 1, n + 1), year_given=True,
                    abstract="Language models for robots.", abstract_raw="Language models for robots.")
              for n in range(12)]
    return Profile(name="Someone Else", papers=papers)


async def test_a_restarted_bot_turns_the_pages_of_a_search_it_never_saw(fake, library, seed_path, tmp_path):
    async with running_bot(fake, settings_for(fake, seed_path, tmp_path), library):
        first = await fake.reply_to(await fake.slash("papers", ALICE, query="models", limit=12))
    assert "Page 1/3" in footer(first)
    async with running_bot(fake, settings_for(fake, seed_path, tmp_path), Library(library.profile)):
        second = await fake.reply_to(await fake.click(first, button(first, "Next")["custom_id"], ALICE))
    assert second["id"] == first["id"] and "Page 2/3" in footer(second)
    assert second["embeds"][0]["fields"][0]["name"].startswith("6. ")


async def test_a_page_of_a_profile_that_changed_since_says_so(fake, library, seed_path, tmp_path):
    async with running_bot(fake, settings_for(fake, seed_path, tmp_path), library):
        first = await fake.reply_to(await fake.slash("papers", ALICE, query="models", limit=12))
    async with running_bot(fake, settings_for(fake, seed_path, tmp_path), Library(another_profile())):
        note = await fake.reply_to(await fake.click(first, button(first, "Next")["custom_id"], ALICE))
    assert ephemeral(note) and STALE in text_of(note)
    assert "Page 1/3" in footer(fake.messages[int(first["id"])]), "the old results were left as they were"


async def test_a_search_too_long_for_a_custom_id_is_kept_in_the_data_dir(fake, library, seed_path, tmp_path):
    async with running_bot(fake, settings_for(fake, seed_path, tmp_path), library):
        first = await fake.reply_to(await fake.slash("papers", ALICE, query=LONG_QUERY, limit=12))
        next_id = button(first, "Next")["custom_id"]
        assert ":@" in next_id and len(next_id) <= 100
    assert (tmp_path / "component-states.sqlite3").is_file()
    async with running_bot(fake, settings_for(fake, seed_path, tmp_path), Library(library.profile)):
        second = await fake.reply_to(await fake.click(first, next_id, ALICE))
        assert "Page 2/" in footer(second)
        elsewhere = tmp_path / "other"
    async with running_bot(fake, settings_for(fake, seed_path, elsewhere), Library(library.profile)):
        gone = await fake.reply_to(await fake.click(second, button(second, "Next")["custom_id"], ALICE))
    assert ephemeral(gone) and GONE in text_of(gone), "a process without the stored state says so"


async def test_without_a_usable_data_dir_a_long_search_shows_its_first_page(fake, library, seed_path, tmp_path,
                                                                              caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data directory should be")
    async with running_bot(fake, settings_for(fake, seed_path, blocked), library):
        first = await fake.reply_to(await fake.slash("papers", ALICE, query=LONG_QUERY, limit=12))
    assert "Page 1/" in footer(first)
    assert [entry["type"] for entry in items(first)] == [3], "the results menu, no page buttons"
    assert "long searches get no page buttons" in caplog.text and "Traceback" not in caplog.text


async def test_hand_made_page_buttons_get_a_polite_note(fake, library, seed_path, tmp_path):
    async with running_bot(fake, settings_for(fake, seed_path, tmp_path), library) as bot:
        first = await fake.reply_to(await fake.slash("papers", ALICE, query="models", limit=12))
        fingerprint = bot.library.fingerprint
        alice = base36(int(ALICE["id"]))
        for forged in (encode("page", fingerprint, "x", "y", "z"), encode("page", fingerprint, "1"),
                       encode("page", fingerprint, "1", alice, "@nosuchkey"),
                       encode("page", fingerprint, "1", alice, "not,a,search")):
            note = await fake.reply_to(await fake.click(with_button(first, forged), forged, ALICE))
            assert ephemeral(note) and GONE in text_of(note), forged


class StalledStates(ComponentStates):
    """A state store on a disk that stalls: every read and write takes `delay` seconds."""

    def __init__(self, data_dir: Path, delay: float) -> None:
        super().__init__(data_dir)
        self.delay = delay

    def put(self, value: str) -> str | None:
        time.sleep(self.delay)
        return super().put(value)

    def get(self, key: str) -> str | None:
        time.sleep(self.delay)
        return super().get(key)


async def test_a_stalled_state_store_delays_nothing_past_discords_deadline(fake, library, seed_path, tmp_path):
    async with running_bot(fake, settings_for(fake, seed_path, tmp_path), library) as bot:
        bot.states = StalledStates(tmp_path, delay=2.0)
        search = await fake.slash("papers", ALICE, query=LONG_QUERY, limit=12)
        first = await fake.reply_to(search, timeout=10)
        assert search.callback_type == 5 and search.acked_at - search.created < 3.0, "deferred while it writes"
        assert "Page 1/" in footer(first)
        click = await fake.click(first, button(first, "Next")["custom_id"], ALICE)
        note = await fake.reply_to(click, timeout=10)
        assert click.acked_at - click.created < 3.0
        assert ephemeral(note) and SLOW in text_of(note), "a read that stalls gets a note, not silence"
