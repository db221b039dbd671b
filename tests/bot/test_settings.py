"""Settings: one module, one-line errors naming the setting, and a token that never shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

FAKE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("DISCORD_TOKEN", "DISCORD_GUILD_ID", "PROFILE_PATH", "REFERENCE_DATE", "LOG_LEVEL"):
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
