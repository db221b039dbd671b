"""Settings: one module, one-line errors naming the setting, and a token that never shows."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

FAKE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("DISCORD_TOKEN", "DISCORD_GUILD_ID", "PROFILE_PATH", "REFERENCE_DATE", "LOG_LEVEL", "DATA_DIR",
                 "ANNOUNCE_CHANNEL_ID", "ADMIN_CHANNEL_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults_serve_the_seed() -> None:
    settings = load_settings()
    assert [path.name for path in settings.profile_locations] == ["han-shi.profile.txt"]
    assert settings.discord_token is None
    assert settings.discord_api_base == "https://discord.com/api/v10"


def test_dotenv_is_read_and_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=debug\nREFERENCE_DATE=2026-01-02\nDISCORD_GUILD_ID=42\n")
    monkeypatch.setenv("LOG_LEVEL", "warning")
    settings = load_settings()
    assert settings.log_level == "WARNING"
    assert settings.reference_date == dt.date(2026, 1, 2)
    assert settings.discord_guild_id == 42


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PROFILE_PATH", "/no/such/profile.txt", "PROFILE_PATH: no file or folder at /no/such/profile.txt"),
        ("REFERENCE_DATE", "2026-13-45", "REFERENCE_DATE:"),
        ("LOG_LEVEL", "chatty", "LOG_LEVEL: expected one of"),
        ("DISCORD_GUILD_ID", "my-guild", "DISCORD_GUILD_ID:"),
        ("ANNOUNCE_CHANNEL_ID", "#papers", "ANNOUNCE_CHANNEL_ID:"),
        ("ADMIN_CHANNEL_ID", "12x", "ADMIN_CHANNEL_ID:"),
    ],
)
def test_bad_value_names_the_setting(monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_token_is_secret_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    settings = load_settings()
    assert FAKE_TOKEN not in repr(settings) and FAKE_TOKEN not in str(settings)
    assert settings.token_value() == FAKE_TOKEN
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-token")
    with pytest.raises(SettingsError, match="DISCORD_TOKEN is malformed") as caught:
        load_settings().token_value()
    assert "not-a-token" not in str(caught.value)


def test_missing_token_says_where_it_goes() -> None:
    with pytest.raises(SettingsError, match="DISCORD_TOKEN is not set"):
        load_settings().token_value()


def test_profile_path_takes_a_list_and_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "lab"
    folder.mkdir()
    (tmp_path / "one.bib").write_text("@misc{a, title = {A}, year = {2020}}")
    monkeypatch.setenv("PROFILE_PATH", f"{tmp_path / 'one.bib'}{os.pathsep}{folder}{os.pathsep}{tmp_path / 'gone'}")
    settings = load_settings()
    assert settings.profile_locations == [tmp_path / "one.bib", folder, tmp_path / "gone"]  # the missing one is
    # reported when the profiles are read, and the others served


def test_blank_lab_settings_mean_their_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PROFILE_PATH", "DATA_DIR", "ANNOUNCE_CHANNEL_ID", "ADMIN_CHANNEL_ID"):
        monkeypatch.setenv(name, " ")
    settings = load_settings()
    assert [path.name for path in settings.profile_locations] == ["han-shi.profile.txt"]
    assert settings.data_dir.name == "paperbot"
    assert settings.announce_channel_id is None and settings.admin_channel_id is None


def test_channel_ids_and_data_dir_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOUNCE_CHANNEL_ID", "1100000000000000006")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "state"))
    settings = load_settings()
    assert settings.announce_channel_id == 1100000000000000006 and settings.data_dir == tmp_path / "state"
