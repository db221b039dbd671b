"""A lab's bot against the fake Discord: several researchers, live profile files, /reload, announcements.

The bot serves a folder with the seed profile and the sample BibTeX file; tests edit, break and delete those
files while it runs, restart it on the same data directory, and break the data directory and the channels.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import watchfiles
from chat_harness import DEFER_AFTER, TOKEN, LogCapture, bot_settings, running_bot
from fake_discord import (
    ADMIN_CHANNEL_ID,
    ALICE,
    ANNOUNCE_CHANNEL_ID,
    FORBIDDEN_CHANNEL_ID,
    GUILD_ID,
    UNKNOWN_CHANNEL_ID,
    FakeDiscord,
)

from bot.chat.client import PaperBot
from bot.chat.live import LiveProfiles
from retrieval.announcements import DB_NAME, AnnouncementStore
from retrieval.service import Library
from retrieval.sources import SETTLE_SECONDS, ProfileShelf

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "seeds" / "han-shi.profile.txt"
BIB = ROOT / "seeds" / "chuanyang-zheng.bib"
REFERENCE = dt.date(2026, 11, 29)
SETTLE = 0.5  # the module's bot waits this long for a file to stop changing (the half-written test's margin)
WAIT = 10.0  # generous: the watcher's own delay is about a second; a loaded machine may be slower
PROBLEM_LOG = "bot.chat.live: Profile problem"  # the watcher's one line per problem
NEW_ENTRY = """
@article{{new{n},
  title = {{{title}}},
  author = {{Zheng, Chuanyang and Doe, Jane}},
  year = {{2026}}, month = jun,
  abstract = {{We propose {title}, a method that makes positional encodings adapt to the data. It improves
              length extrapolation by 12 points on three benchmarks.}},
}}
"""


def make_lab(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / "han-shi.profile.txt")
    shutil.copy(BIB, folder / "chuanyang-zheng.bib")
    return folder


def add_paper(folder: Path, title: str, n: int) -> None:
    with (folder / "chuanyang-zheng.bib").open("a", encoding="utf-8") as handle:
        handle.write(NEW_ENTRY.format(title=title, n=n))


def titles(bot: PaperBot) -> set[str]:
    return {paper.title for paper in bot.library.profile.papers}


def text_of(message: dict[str, Any]) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or "", (embed.get("author") or {}).get("name", "")]
        parts += [f"{field['name']} {field['value']}" for field in embed.get("fields") or []]
        parts.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(parts)


def lab_bot(fake: FakeDiscord, folder: Path, data_dir: Path, settle: float = SETTLE_SECONDS, **settings: Any):
    values: dict[str, Any] = dict(profile_path=folder, data_dir=data_dir, announce_channel_id=ANNOUNCE_CHANNEL_ID,
                                  admin_channel_id=ADMIN_CHANNEL_ID, discord_guild_id=GUILD_ID)
    values.update(settings)
    config = bot_settings(fake, folder, **values)
    shelf = ProfileShelf(config.profile_locations, REFERENCE, settle=settle)
    shelf.refresh()
    library = Library.from_profiles(shelf.served())
    return running_bot(fake, config, library, shelf=shelf, watch_debounce_ms=100, defer_after=DEFER_AFTER)


async def settled(bot: PaperBot) -> None:
    """Wait until the start-up announcement run (record or post) is over."""
    task = getattr(bot, "_announce_task", None)
    if task is not None:
        await asyncio.wait_for(asyncio.shield(task), WAIT)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(TOKEN, ack_deadline=3.0)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_lab(tmp_path_factory.mktemp("lab") / "profiles")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def bot(fake: FakeDiscord, lab: Path, data_dir: Path, log_capture: LogCapture) -> AsyncIterator[PaperBot]:
    async with lab_bot(fake, lab, data_dir, settle=SETTLE) as running:
        await settled(running)
        yield running


# ---- several researchers ----------------------------------------------------------------------------

async def test_the_first_run_records_the_papers_without_announcing_them(fake, bot, data_dir):
    counts = AnnouncementStore(data_dir).counts()
    assert counts == {"recorded": len(bot.library.profile.papers)}
    assert fake.channel_messages(ANNOUNCE_CHANNEL_ID) == []


async def test_researchers_lists_who_is_served(fake, bot):
    reply = await fake.reply_to(await fake.slash("researchers"))
    text = text_of(reply)
    assert "2 researchers" in text and "Han Shi" in text and "Chuanyang Zheng" in text


async def test_papers_for_one_researcher_show_whose_paper_each_is(fake, bot):
    reply = await fake.reply_to(await fake.slash("papers", query="positional encoding", researcher="Chuanyang Zheng"))
    fields = reply["embeds"][0]["fields"]
    assert fields and all("Chuanyang Zheng" in field["value"] for field in fields)
    everyone = await fake.reply_to(await fake.slash("papers", query="diffusion"))
    assert any("Han Shi" in field["value"] for field in everyone["embeds"][0]["fields"])


async def test_the_researcher_option_autocompletes_from_the_served_names(fake, bot):
    interaction = await fake.autocomplete("stats", "researcher", researcher="chu")
    await fake.wait_for(lambda: interaction.answered)
    choices = interaction.callbacks[0]["data"]["choices"]
    assert [choice["value"] for choice in choices] == ["Chuanyang Zheng"]


async def test_an_unknown_researcher_gets_a_private_note_naming_who_is_served(fake, bot):
    reply = await fake.reply_to(await fake.slash("paper", title="DAPE", researcher="Nobody Known"))
    assert reply["flags"] & 64
    assert "No researcher named" in text_of(reply) and "Han Shi" in text_of(reply)


async def test_stats_show_the_group_or_one_member(fake, bot):
    group = text_of(await fake.reply_to(await fake.slash("stats")))
    assert "Members" in group and "Papers shared by members" in group and "Chuanyang Zheng & Han Shi" in group
    one = text_of(await fake.reply_to(await fake.slash("stats", researcher="han shi")))
    assert "h-index 26" in one and "Members" not in one


# ---- live profiles ---------------------------------------------------------------------------------

async def test_a_new_paper_is_served_and_announced_once(fake, bot, lab):
    add_paper(lab, "Adaptive Positional Fields", 1)
    await fake.wait_for(lambda: "Adaptive Positional Fields" in titles(bot), WAIT)
    reply = await fake.reply_to(await fake.slash("papers", query="adaptive positional fields"))
    assert "Adaptive Positional Fields" in reply["embeds"][0]["fields"][0]["name"]
    posts = await fake.wait_for(lambda: fake.channel_messages(ANNOUNCE_CHANNEL_ID), WAIT)
    assert len(posts) == 1
    embed = posts[0]["embeds"][0]
    assert embed["title"] == "Adaptive Positional Fields"
    assert "Chuanyang Zheng" in embed["author"]["name"]
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert fields["Published"] == "Jun 2026"  # the export gives a month, not a day
    assert "positional encodings adapt" in embed["description"]  # the TL;DR, from the abstract's words


async def test_a_broken_version_keeps_the_old_one_and_tells_the_admin_once(fake, bot, lab, log_capture):
    before = titles(bot)
    reloads = bot.watcher.reloads
    path = lab / "chuanyang-zheng.bib"
    good = path.read_text(encoding="utf-8")
    path.write_text("@string{x = }\n@article{broken, title = {Half\n", encoding="utf-8")
    notes = await fake.wait_for(lambda: fake.channel_messages(ADMIN_CHANNEL_ID), WAIT)
    assert titles(bot) == before and bot.watcher.reloads > reloads
    assert len(notes) == 1 and "chuanyang-zheng.bib:" in text_of(notes[0])
    problem_lines = [line for line in log_capture.lines if PROBLEM_LOG in line and "chuanyang" in line]
    assert problem_lines and len(problem_lines) == len(set(problem_lines))
    path.write_text(good, encoding="utf-8")
    await fake.wait_for(lambda: bot.watcher.reloads > reloads + 1, WAIT)
    assert titles(bot) == before


async def test_a_file_caught_half_written_is_read_whole_once_it_settles(fake, bot, lab, log_capture):
    path = lab / "chuanyang-zheng.bib"
    whole = path.read_text(encoding="utf-8") + NEW_ENTRY.format(title="Written In Two Goes", n=3)
    cut = whole.rindex("abstract")
    problems_before = sum(PROBLEM_LOG in line for line in log_capture.lines)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(whole[:cut])  # the watcher fires on this half: an entry without its end
        handle.flush()
        await asyncio.sleep(0.05)  # a writer pausing, well within the settle time (SETTLE)
        handle.write(whole[cut:])
    await fake.wait_for(lambda: "Written In Two Goes" in titles(bot), WAIT)
    assert sum(PROBLEM_LOG in line for line in log_capture.lines) == problems_before


async def test_a_50_mb_file_dropped_in_the_folder_is_one_line_and_the_lab_keeps_serving(fake, bot, lab, log_capture):
    before = titles(bot)
    reloads = bot.watcher.reloads
    huge = lab / "huge.bib"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB as far as stat() can tell, nothing read
    try:
        await fake.wait_for(lambda: bot.watcher.reloads > reloads, WAIT)
        lines = [line for line in log_capture.lines if "huge.bib" in line and PROBLEM_LOG in line]
        assert len(lines) == 1 and "found a file of 50.0 MB, expected a profile of at most 20 MB" in lines[0]
        assert titles(bot) == before
        reply = await fake.reply_to(await fake.slash("researchers"))
        assert "2 researchers" in text_of(reply)
    finally:
        huge.unlink()


async def test_the_watcher_matches_events_for_relative_profile_paths(tmp_path, monkeypatch):
    make_lab(tmp_path / "profiles")
    monkeypatch.chdir(tmp_path)
    watcher = LiveProfiles(None, ProfileShelf([Path("profiles"), Path("profiles/han-shi.profile.txt")]))  # type: ignore[arg-type]
    event = watchfiles.Change.modified
    assert watcher.watched_folders() == [tmp_path / "profiles"]
    assert watcher.relevant(event, str(tmp_path / "profiles" / "chuanyang-zheng.bib"))
    assert not watcher.relevant(event, str(tmp_path / "profiles" / "notes.md"))
    assert not watcher.relevant(event, str(tmp_path / "profiles" / ".chuanyang-zheng.bib.swp"))
    assert not watcher.relevant(event, str(tmp_path / "elsewhere.bib"))


async def test_reload_reports_what_changed_privately(fake, bot, lab):
    add_paper(lab, "Reloaded By Hand", 2)
    reply = await fake.reply_to(await fake.slash("reload"), WAIT)
    assert reply["flags"] & 64
    text = text_of(reply)
    assert ("Profiles reloaded" in text and "Reloaded By Hand" in text) or "Nothing changed" in text  # the watcher
    await fake.wait_for(lambda: "Reloaded By Hand" in titles(bot), WAIT)
    again = text_of(await fake.reply_to(await fake.slash("reload"), WAIT))
    assert "Nothing changed" in again


async def test_a_deleted_profile_stops_being_served_and_comes_back(fake, bot, lab):
    path = lab / "chuanyang-zheng.bib"
    saved = path.read_text(encoding="utf-8")
    posted = len(fake.channel_messages(ANNOUNCE_CHANNEL_ID))
    path.unlink()
    await fake.wait_for(lambda: len(bot.library.members) == 1, WAIT)
    reply = await fake.reply_to(await fake.slash("stats"))
    assert "Members" not in text_of(reply)
    path.write_text(saved, encoding="utf-8")
    await fake.wait_for(lambda: len(bot.library.members) == 2, WAIT)
    await asyncio.sleep(0.5)
    assert len(fake.channel_messages(ANNOUNCE_CHANNEL_ID)) == posted  # back, not news


async def test_the_lab_bot_sent_only_valid_bodies_and_answered_everything(fake, bot):
    assert fake.violations == []
    assert all(interaction.answered for interaction in fake.interactions.values())


# ---- restarts and a broken environment -------------------------------------------------------------

async def test_across_restarts_each_new_paper_is_announced_exactly_once(fake, tmp_path):
    folder, data = make_lab(tmp_path / "profiles"), tmp_path / "data"
    async with lab_bot(fake, folder, data, announce_channel_id=ANNOUNCE_CHANNEL_ID + 100) as running:
        await settled(running)
    channel = ANNOUNCE_CHANNEL_ID + 100
    for round_number in range(3):
        add_paper(folder, f"Restart Paper {round_number}", 10 + round_number)  # added while the bot is down
        async with lab_bot(fake, folder, data, announce_channel_id=channel) as running:
            await settled(running)
        posted = [text_of(message) for message in fake.channel_messages(channel)]
        assert len(posted) == round_number + 1
        assert all(sum(f"Restart Paper {n}" in text for text in posted) == 1 for n in range(round_number + 1))


async def test_a_crash_between_claim_and_post_is_posted_again_without_a_duplicate(fake, tmp_path):
    folder, data = make_lab(tmp_path / "profiles"), tmp_path / "data"
    channel = ANNOUNCE_CHANNEL_ID + 200
    async with lab_bot(fake, folder, data, announce_channel_id=channel) as running:
        await settled(running)
        add_paper(folder, "Claimed Then Crashed", 20)
        await fake.wait_for(lambda: fake.channel_messages(channel), WAIT)
    store = AnnouncementStore(data)
    with sqlite3.connect(store.path) as db:  # as if the process died after posting, before recording it
        db.execute("UPDATE papers SET state = 'claimed', claimed_at = strftime('%s','now') WHERE state = 'announced'")
    async with lab_bot(fake, folder, data, announce_channel_id=channel) as running:
        await settled(running)
    assert len(fake.channel_messages(channel)) == 1  # the same nonce: Discord returned the first message
    assert store.counts().get("announced") == 1


async def test_a_corrupt_or_missing_database_is_rebuilt_without_announcing(fake, tmp_path, log_capture):
    folder, data = make_lab(tmp_path / "profiles"), tmp_path / "data"
    data.mkdir()
    (data / DB_NAME).write_bytes(b"this is not a database" * 100)
    channel = ANNOUNCE_CHANNEL_ID + 300
    async with lab_bot(fake, folder, data, announce_channel_id=channel) as running:
        await settled(running)
        assert running.library.profile.papers
    assert fake.channel_messages(channel) == []
    assert any("cannot be read" in line and "rebuilt" in line for line in log_capture.lines)
    assert list(data.glob(f"{DB_NAME}.corrupt-*"))
    (data / DB_NAME).unlink()
    async with lab_bot(fake, folder, data, announce_channel_id=channel) as running:
        await settled(running)
    assert fake.channel_messages(channel) == []


async def test_an_unwritable_data_dir_serves_and_says_announcements_are_off(fake, tmp_path, log_capture):
    folder = make_lab(tmp_path / "profiles")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data directory should be")
    async with lab_bot(fake, folder, blocker / "data") as running:
        await settled(running)
        reply = await fake.reply_to(await fake.slash("researchers"))
        assert "2 researchers" in text_of(reply)
    lines = [line for line in log_capture.lines if "is not writable" in line]
    assert len(lines) == 1 and "announcements are off" in lines[0]


async def test_a_post_discord_refuses_is_skipped_without_holding_up_the_others(fake, tmp_path, log_capture):
    folder, data = make_lab(tmp_path / "profiles"), tmp_path / "data"
    channel = ANNOUNCE_CHANNEL_ID + 400
    async with lab_bot(fake, folder, data, announce_channel_id=channel) as running:
        await settled(running)
        fake.refuse_posts_with = "Refused Paper"
        try:
            add_paper(folder, "Refused Paper", 40)
            add_paper(folder, "Accepted Paper", 41)
            posts = await fake.wait_for(lambda: fake.channel_messages(channel), WAIT)
        finally:
            fake.refuse_posts_with = None
    assert [post["embeds"][0]["title"] for post in posts] == ["Accepted Paper"]
    assert any("Discord refused the announcement of “Refused Paper”" in line for line in log_capture.lines)
    async with lab_bot(fake, folder, data, announce_channel_id=channel) as running:
        await settled(running)
    assert len(fake.channel_messages(channel)) == 1  # not tried again after a restart


@pytest.mark.parametrize("channel", [UNKNOWN_CHANNEL_ID, FORBIDDEN_CHANNEL_ID])
async def test_a_channel_the_bot_cannot_post_in_is_one_warning(fake, tmp_path, log_capture, channel):
    folder, data = make_lab(tmp_path / "profiles"), tmp_path / "data"
    async with lab_bot(fake, folder, data, announce_channel_id=channel, admin_channel_id=channel) as running:
        await settled(running)
        add_paper(folder, "Nowhere To Post", 30)
        add_paper(folder, "Nowhere To Post Either", 31)
        await fake.wait_for(lambda: "Nowhere To Post Either" in titles(running), WAIT)
        await fake.wait_for(lambda: running.announcer.off, WAIT)
        reply = await fake.reply_to(await fake.slash("papers", query="nowhere to post", who=ALICE))
        assert reply["embeds"][0]["fields"]
    warnings = [line for line in log_capture.lines if f"ANNOUNCE_CHANNEL_ID {channel}" in line]
    assert len(warnings) == 1 and "announcements are off" in warnings[0]
    assert AnnouncementStore(data).counts().get("announced") is None  # not posted, so still news next time
