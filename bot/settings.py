"""All of paperbot's settings, in one place: read from the environment and `.env`.

A bad value stops start-up with one line naming the setting (see `load_settings`), and the token is a
`SecretStr`, so it never appears in a repr, a log line or a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PROFILE = PROJECT_ROOT / "seeds" / "han-shi.profile.txt"
DISCORD_API_BASE = "https://discord.com/api/v10"
# A bot token is three base64url parts separated by dots; we only check the shape, never log the value.
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")


class SettingsError(Exception):
    """A setting has a bad value; the message is one line naming the setting (never its secret value)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    discord_token: SecretStr | None = Field(None, description="Bot token; the console runs when unset.")
    discord_guild_id: int | None = Field(None, description="Sync commands to this guild only (instant).")
    profile_path: Path = Field(DEFAULT_PROFILE, description="The profile export to serve.")
    reference_date: dt.date | None = Field(None, description="'Today' for dates without a year (YYYY-MM-DD).")
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR.")
    discord_api_base: str = Field(DISCORD_API_BASE, description="REST base URL, e.g. a proxy or a test server.")
    discord_gateway_url: str | None = Field(None, description="Gateway websocket URL; Discord's when unset.")

    @field_validator("discord_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("discord_guild_id", "reference_date", "discord_gateway_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("expected one of DEBUG, INFO, WARNING, ERROR")
        return level

    @field_validator("profile_path")
    @classmethod
    def _profile_exists(cls, value: Path) -> Path:
        path = value.expanduser()
        if not path.is_file():
            raise ValueError(f"no file at {path}")
        return path

    def token_value(self) -> str:
        """The token for the Discord client; raises SettingsError when missing or malformed."""
        if self.discord_token is None:
            raise SettingsError("DISCORD_TOKEN is not set: put the bot token in the environment or in .env")
        token = self.discord_token.get_secret_value().strip()
        if not TOKEN_SHAPE.match(token):
            raise SettingsError("DISCORD_TOKEN is malformed: expected the bot token from the developer portal")
        return token

    @property
    def log_level_number(self) -> int:
        return logging.getLevelName(self.log_level)


def load_settings(env_file: Path | None = None, **overrides: object) -> Settings:
    """Settings from explicit overrides, then the environment, then `.env` (python-dotenv reads it).

    Raises SettingsError with one line such as `PROFILE_PATH: no file at /x` for any bad value.
    """
    env_path = env_file if env_file is not None else Path.cwd() / ".env"
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(_env_file=env_path if env_path.is_file() else None, **given)
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
