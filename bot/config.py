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
    "DATABASE_URL": (
        "",
        "`sqlite:///PATH` or `postgresql://user:pass@host/db`. "
        "Empty: the SQLite file in the data dir.",
    ),
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
    "DEBATE_BOT_SHARD_COUNT": (
        "",
        "Total shards across all processes. Empty: one process, Discord picks the count.",
    ),
    "DEBATE_BOT_SHARD_IDS": (
        "",
        "Shard ids this process runs, comma-separated (`0,1`). Empty: all of them.",
    ),
    "DEBATE_BOT_METRICS_PORT": (
        "",
        "Local port for `/healthz` and `/metrics`. Empty: the HTTP endpoint is off.",
    ),
    "DEBATE_BOT_METRICS_HOST": ("127.0.0.1", "Address the metrics endpoint listens on."),
    "DEBATE_BOT_LOG_FORMAT": ("text", "`text` for people, `json` for one JSON object per line."),
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


def _optional_positive(name: str, raw: str) -> int | None:
    if not raw.strip():
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise ConfigError(f"{name} must be at least 1, not {value}")
    return value


def _shard_ids(raw: str) -> tuple[int, ...] | None:
    if not raw.strip():
        return None
    try:
        ids = tuple(sorted({int(part) for part in raw.split(",") if part.strip()}))
    except ValueError:
        raise ConfigError(
            f"DEBATE_BOT_SHARD_IDS must be shard numbers separated by commas, like 0,1; not {raw!r}"
        ) from None
    if any(i < 0 for i in ids):
        raise ConfigError("DEBATE_BOT_SHARD_IDS must not be negative")
    return ids or None


def _port(raw: str) -> int | None:
    if not raw.strip():
        return None
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"DEBATE_BOT_METRICS_PORT must be a port number, not {raw!r}") from None
    if not 1 <= port <= 65535:
        raise ConfigError(f"DEBATE_BOT_METRICS_PORT must be between 1 and 65535, not {port}")
    return port


def _choice(name: str, raw: str, allowed: tuple[str, ...]) -> str:
    value = raw.strip().lower()
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)}; not {raw!r}")
    return value


def _database_url(raw: str) -> str:
    url = raw.strip()
    if url and not url.startswith(("sqlite:///", "postgresql://", "postgres://")):
        raise ConfigError(
            "DATABASE_URL must start with sqlite:/// (a file) or postgresql:// (a server); "
            f"not {url.split(':', 1)[0]!r}"
        )
    return url


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
    database_url: str = ""
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    metrics_port: int | None = None
    metrics_host: str = "127.0.0.1"
    log_format: str = "text"

    @property
    def database_path(self) -> Path:
        """The SQLite file: from a `sqlite:///` DATABASE_URL, else the data dir's default."""
        if self.database_url.startswith("sqlite:///"):
            return Path(self.database_url.removeprefix("sqlite:///")).expanduser()
        return self.data_dir / "debate-bot.sqlite3"

    @property
    def store_url(self) -> str:
        """The database every store is opened from: DATABASE_URL, or the SQLite default."""
        return self.database_url or f"sqlite:///{self.database_path}"

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
            database_url=_database_url(get("DATABASE_URL")),
            shard_count=_optional_positive("DEBATE_BOT_SHARD_COUNT", get("DEBATE_BOT_SHARD_COUNT")),
            shard_ids=_shard_ids(get("DEBATE_BOT_SHARD_IDS")),
            metrics_port=_port(get("DEBATE_BOT_METRICS_PORT")),
            metrics_host=get("DEBATE_BOT_METRICS_HOST").strip() or "127.0.0.1",
            log_format=_choice(
                "DEBATE_BOT_LOG_FORMAT", get("DEBATE_BOT_LOG_FORMAT"), ("text", "json")
            ),
        )._checked()

    def _checked(self) -> Config:
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ConfigError("DEBATE_BOT_SHARD_IDS needs DEBATE_BOT_SHARD_COUNT as well")
            wrong = [i for i in self.shard_ids if i >= self.shard_count]
            if wrong:
                raise ConfigError(
                    f"DEBATE_BOT_SHARD_IDS {wrong} not below DEBATE_BOT_SHARD_COUNT "
                    f"{self.shard_count}: shard ids run from 0 to {self.shard_count - 1}"
                )
        return self
