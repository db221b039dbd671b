"""Command sync: globally without DISCORD_GUILD_ID, only when the command set changed, and always on
`paperbot sync`; a token Discord rejects stops `paperbot run` with one clear line."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import signal
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from chat_harness import TOKEN, bot_settings, running_bot
from fake_discord import GUILD_ID, FakeDiscord, user

from bot.chat.client import run_bot, sync_commands
from bot.settings import SettingsError
from retrieval.models import Paper, Profile
from retrieval.service import Library

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parents[3]
GLOBAL = "/applications/{application_id}/commands"
GUILD = "/applications/{application_id}/guilds/{guild_id}/commands"


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake():
    server = FakeDiscord(TOKEN)
    await server.start()
    yield server
    await server.stop()
    assert server.violations == []


def puts(fake: FakeDiscord, template: str) -> list:
    return [r.body for r in fake.requests if r.method == "PUT" and r.template == template]


def other_profile() -> Profile:
    paper = Paper(id="only-paper", title="Only paper", authors=["A. Author"], authors_truncated=False,
                  category="RO", category_name="Robotics", date=dt.date(2024, 1, 1), year_given=True,
                  abstract="About robots.", abstract_raw="About robots.")
    return Profile(name="Someone Else", papers=[paper])


async def test_without_a_guild_commands_sync_globally_once_then_only_when_changed(fake, library, seed_path):
    settings = bot_settings(fake, seed_path)
    async with running_bot(fake, settings, library) as bot:
        assert "global" in bot.last_sync
    assert len(puts(fake, GLOBAL)) == 1 and puts(fake, GUILD) == []
    names = {command["name"] for command in puts(fake, GLOBAL)[0]}
    assert names == {"papers", "paper", "stats", "help", "ask", "researchers", "reload", "Find papers about this"}

    async with running_bot(fake, settings, library) as bot:
        assert bot.last_sync.startswith("Commands unchanged")
    assert len(puts(fake, GLOBAL)) == 1, "a restart with the same commands does not sync"

    async with running_bot(fake, settings, Library(other_profile())) as bot:
        assert bot.last_sync.startswith("Commands unchanged")
    assert len(puts(fake, GLOBAL)) == 1, "categories are autocompleted from the library: a new profile needs no sync"


async def test_paperbot_sync_always_syncs_and_says_what_in_one_line(fake, library, seed_path):
    settings = bot_settings(fake, seed_path, discord_guild_id=GUILD_ID)
    before = len(puts(fake, GUILD))
    line = await asyncio.to_thread(sync_commands, settings, library)
    again = await asyncio.to_thread(sync_commands, settings, library)
    assert len(puts(fake, GUILD)) == before + 2
    assert line == again
    assert line.startswith(f"Synced 8 commands to guild {GUILD_ID}") and "\n" not in line
    assert "/papers" in line and "“Find papers about this” (message menu)" in line and TOKEN not in line


async def test_a_guild_the_bot_cannot_reach_is_explained_not_fatal(fake, library, seed_path, caplog):
    settings = bot_settings(fake, seed_path, discord_guild_id=1234567890123456789)
    caplog.set_level(logging.INFO)
    async with running_bot(fake, settings, library) as bot:
        assert bot.is_ready() and bot.last_sync == ""
    assert "refused to register the commands in guild 1234567890123456789" in caplog.text
    with pytest.raises(SettingsError, match="DISCORD_GUILD_ID: Discord refused"):
        await asyncio.to_thread(sync_commands, settings, library)


async def test_a_rejected_token_stops_run_with_one_clear_line(fake, library, seed_path, caplog):
    wrong = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.this-is-not-the-token-0123456789"
    settings = bot_settings(fake, seed_path, discord_token=wrong)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SettingsError) as failure:
        await asyncio.to_thread(run_bot, settings, library)
    assert "DISCORD_TOKEN was rejected" in str(failure.value)
    assert wrong not in str(failure.value) and wrong not in caplog.text
    with pytest.raises(SettingsError):
        await asyncio.to_thread(sync_commands, settings, library)


async def test_a_missing_or_malformed_token_is_refused_before_connecting(fake, library, seed_path):
    requests = len(fake.requests)
    for token in (None, "not-a-token"):
        with pytest.raises(SettingsError, match="DISCORD_TOKEN"):
            await asyncio.to_thread(run_bot, bot_settings(fake, seed_path, discord_token=token), library)
    assert len(fake.requests) == requests



def bot_process_environment(fake: FakeDiscord, seed_path: Path, log_level: str = "DEBUG") -> dict[str, str]:
    return {**os.environ, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url, "DISCORD_GUILD_ID": str(GUILD_ID),
            "PROFILE_PATH": str(seed_path), "LOG_LEVEL": log_level, "PYTHONPATH": str(ROOT)}


async def start_bot_process(fake: FakeDiscord, seed_path: Path, tmp_path: Path, log_level: str = "DEBUG"
                            ) -> tuple[asyncio.subprocess.Process, asyncio.Task[bytes]]:
    """`python -m bot run`, connected; its output is read as it comes (a full pipe would block its logging)."""
    identified = fake.identified
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=bot_process_environment(fake, seed_path, log_level),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    assert process.stdout is not None
    output = asyncio.create_task(process.stdout.read())
    try:
        await fake.wait_for(lambda: fake.identified > identified or output.done(), timeout=60)
    except BaseException:
        process.kill()
        raise
    assert not output.done(), (await output).decode()
    return process, output


async def stop_bot_process(process: asyncio.subprocess.Process, output: asyncio.Task[bytes], how: int,
                           timeout: float = 30.0) -> str:
    process.send_signal(how)
    try:
        await asyncio.wait_for(process.wait(), timeout)
    finally:
        if process.returncode is None:
            process.kill()
    return (await output).decode()


async def test_paperbot_run_serves_commands_and_never_logs_the_token(fake, seed_path, tmp_path):
    """The CLI as a user starts it: `python -m bot run`, configured by the environment, logging at DEBUG;
    Ctrl-C (SIGINT) stops it cleanly."""
    process, output = await start_bot_process(fake, seed_path, tmp_path)
    try:
        reply = await fake.reply_to(await fake.slash("stats"), timeout=10)
        assert reply["embeds"][0]["title"].startswith("📊")
    finally:
        text = await stop_bot_process(process, output, signal.SIGINT)
    assert process.returncode == 0, f"exit code {process.returncode}; the log ends: {text[-3000:]}"
    assert "INFO bot.chat.client: Synced" in text or "INFO bot.chat.client: Commands unchanged" in text
    assert "DEBUG discord.http" in text and "DEBUG discord.gateway" in text
    assert "Traceback" not in text
    assert TOKEN not in text and TOKEN.split(".")[-1] not in text


async def test_sigterm_answers_what_is_in_flight_and_closes_the_gateway_cleanly(fake, seed_path, tmp_path):
    process, output = await start_bot_process(fake, seed_path, tmp_path, log_level="INFO")
    closed = len(fake.closed_codes)
    try:
        burst = [await fake.slash("ask", user(1100000000000000800 + n, f"asker{n}"),
                                  question="Which papers use diffusion?") for n in range(20)]
        await fake.wait_for(lambda: any(i.callbacks for i in burst), timeout=10)
    finally:
        text = await stop_bot_process(process, output, signal.SIGTERM)
    assert process.returncode == 0, f"exit code {process.returncode}; the log ends: {text[-3000:]}"
    assert all(i.answered and len(i.callbacks) == 1 for i in burst), "every interaction in flight was answered"
    assert fake.closed_codes[closed:] == [1000], "the gateway was closed with 1000, not dropped"
    assert "Shutting down" in text and "Traceback" not in text
