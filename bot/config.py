"""Settings, read once from the environment.

Every setting has a default that works on a fresh machine, so the console mode
starts with nothing configured. The README's settings table mirrors `SETTINGS`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent

# name -> (default, description); the README table is generated from the same words
SETTINGS: dict[str, tuple[str, str]] = {
    "DISCORD_TOKEN": ("", "Bot token. Empty: `debate-bot` starts the console instead of Discord."),
    "DEBATE_BOT_DATA_DIR": ("./data", "Directory that holds the SQLite database."),
    "DEBATE_BOT_CONTENT_DIR": (str(REPO_ROOT / "content"), "Directory of the YAML content."),
    "DEBATE_BOT_LOG_LEVEL": ("INFO", "Logging level: DEBUG, INFO, WARNING, ERROR."),
    "DEBATE_BOT_DEV_GUILD_ID": (
        "",
        "If set, slash commands are synced to this guild only (instant) instead of globally.",
    ),
    "DEBATE_BOT_SYNC_COMMANDS": (
        "true",
        "Sync slash commands at start-up (`false` to skip; `debate-bot sync` does it by hand).",
    ),
    "DEBATE_BOT_COOLDOWN_SECONDS": ("5", "Per-user cooldown between FAQ answers, in seconds."),
    "DEBATE_BOT_NAME": (
        "debate bot",
        "Names of the bot stripped from questions (comma-separated).",
    ),
}


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def _float(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative")
    return value


def _optional_int(name: str, raw: str) -> int | None:
    if not raw.strip():
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a Discord id (digits), not {raw!r}") from None


@dataclass(frozen=True, slots=True)
class Config:
    token: str
    data_dir: Path
    content_dir: Path
    log_level: str
    dev_guild_id: int | None
    sync_commands: bool
    cooldown_seconds: float
    bot_names: tuple[str, ...]

    @property
    def database_path(self) -> Path:
        return self.data_dir / "debate-bot.sqlite3"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env

        def get(name: str) -> str:
            return env.get(name, SETTINGS[name][0])

        level = get("DEBATE_BOT_LOG_LEVEL").upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(
                f"DEBATE_BOT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level!r}"
            )
        names = tuple(n.strip() for n in get("DEBATE_BOT_NAME").split(",") if n.strip())
        return cls(
            token=get("DISCORD_TOKEN").strip(),
            data_dir=Path(get("DEBATE_BOT_DATA_DIR")).expanduser(),
            content_dir=Path(get("DEBATE_BOT_CONTENT_DIR")).expanduser(),
            log_level=level,
            dev_guild_id=_optional_int("DEBATE_BOT_DEV_GUILD_ID", get("DEBATE_BOT_DEV_GUILD_ID")),
            sync_commands=_bool("DEBATE_BOT_SYNC_COMMANDS", get("DEBATE_BOT_SYNC_COMMANDS")),
            cooldown_seconds=_float(
                "DEBATE_BOT_COOLDOWN_SECONDS", get("DEBATE_BOT_COOLDOWN_SECONDS")
            ),
            bot_names=names,
        )
