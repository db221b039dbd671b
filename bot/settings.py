"""All of paperbot's settings, in one place: read from the environment and `.env`.

A bad value stops start-up with one line naming the setting (see `load_settings`), and the token is a
`SecretStr`, so it never appears in a repr, a log line or a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

import seeds
from retrieval.sources import split_locations

DEFAULT_PROFILE = seeds.FOLDER / "han-shi.profile.txt"  # ships as package data: found from any directory
DEFAULT_DATA_DIR = Path(platformdirs.user_data_dir("paperbot", appauthor=False))
DISCORD_API_BASE = "https://discord.com/api/v10"
# A bot token is three base64url parts separated by dots; we only check the shape, never log the value.
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")


class SettingsError(Exception):
    """A setting has a bad value; the message is one line naming the setting (never its secret value)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    discord_token: SecretStr | None = Field(None, description="Bot token; the console runs when unset.")
    discord_guild_id: int | None = Field(None, description="Sync commands to this guild only (instant).")
    profile_path: str = Field(
        str(DEFAULT_PROFILE),
        description="The profiles to serve: a file, several separated by the OS path separator, or a folder.",
    )
    lab_name: str | None = Field(None, description="The group's name in answers when several researchers are served.")
    data_dir: Path = Field(DEFAULT_DATA_DIR, description="Where paperbot keeps its state (announced papers).")
    announce_channel_id: int | None = Field(None, description="Post every new paper to this channel.")
    admin_channel_id: int | None = Field(None, description="Tell this channel about profiles that fail to load.")
    reference_date: dt.date | None = Field(None, description="'Today' for dates without a year (YYYY-MM-DD).")
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR.")
    discord_api_base: str = Field(DISCORD_API_BASE, description="REST base URL, e.g. a proxy or a test server.")
    discord_gateway_url: str | None = Field(None, description="Gateway websocket URL; Discord's when unset.")
    shard_count: int | None = Field(None, description="Shards of the whole deployment; unset = Discord's advice.")
    shard_ids: str | None = Field(None, description="The shards this process runs, e.g. 0-3 or 0,1; unset = all.")

    @field_validator("discord_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("discord_guild_id", "reference_date", "discord_gateway_url", "announce_channel_id",
                     "admin_channel_id", "lab_name", "shard_count", "shard_ids", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("profile_path", mode="before")
    @classmethod
    def _profile_path_text(cls, value: object) -> object:
        """A Path is taken as written; a blank value means the default (the seed profile)."""
        if isinstance(value, Path):
            return str(value)
        return str(DEFAULT_PROFILE) if isinstance(value, str) and not value.strip() else value

    @field_validator("data_dir", mode="before")
    @classmethod
    def _blank_data_dir_is_default(cls, value: object) -> object:
        return DEFAULT_DATA_DIR if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("expected one of DEBUG, INFO, WARNING, ERROR")
        return level

    @field_validator("profile_path")
    @classmethod
    def _profiles_exist(cls, value: str) -> str:
        """At least one named file or folder must exist; a missing one among several is reported when loading."""
        locations = split_locations(value)
        if not locations:
            raise ValueError("expected a profile file, a folder of profiles, or several separated by "
                             f"{os.pathsep!r}")
        if not any(location.exists() for location in locations):
            missing = ", ".join(str(location) for location in locations)
            raise ValueError(f"no file or folder at {missing}")
        return value

    @field_validator("shard_count")
    @classmethod
    def _positive_count(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError("expected a whole number of shards, at least 1")
        return value

    @field_validator("shard_ids")
    @classmethod
    def _shard_range(cls, value: str | None, info: ValidationInfo) -> str | None:
        """`0-3`, `4,5` or `0-1,6`: canonical as `0,1,6`; every id below SHARD_COUNT, which must be set."""
        if value is None:
            return None
        count = info.data.get("shard_count")
        if count is None:
            raise ValueError("needs SHARD_COUNT too: the number of shards of the whole deployment")
        ids: set[int] = set()
        for part in value.replace(" ", "").split(","):
            first, dash, last = part.partition("-")
            if not first.isdigit() or (dash and not last.isdigit()):
                raise ValueError(f"expected shard numbers such as 0-3 or 0,1, got {part!r}")
            low, high = int(first), int(last) if dash else int(first)
            if low > high or high >= count:
                raise ValueError(f"shard {high if high >= count else low} is not in 0-{count - 1} (SHARD_COUNT "
                                 f"{count})")
            ids.update(range(low, high + 1))
        return ",".join(map(str, sorted(ids)))

    @property
    def shard_id_list(self) -> list[int] | None:
        return [int(part) for part in self.shard_ids.split(",")] if self.shard_ids else None

    @field_validator("data_dir")
    @classmethod
    def _expand_data_dir(cls, value: Path) -> Path:
        return value.expanduser()

    @property
    def profile_locations(self) -> list[Path]:
        """The files and folders `PROFILE_PATH` names, in order."""
        return split_locations(self.profile_path)

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
