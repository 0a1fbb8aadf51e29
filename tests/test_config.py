"""Settings: defaults that start on a fresh machine, clear errors for bad values, docs in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import REPO_ROOT, SETTINGS, Config
from bot.errors import ConfigError


def test_defaults_start_the_console_on_the_embedded_sqlite() -> None:
    config = Config.from_env({})
    assert config.token == ""
    assert config.database_path.name == "debate-bot.sqlite3"
    assert config.content_dir == REPO_ROOT / "content"
    assert config.sync_commands is True
    assert config.dev_guild_id is None


def test_values_are_read_from_the_environment() -> None:
    config = Config.from_env(
        {
            "DISCORD_TOKEN": " abc ",
            "DEBATE_BOT_DEV_GUILD_ID": "123",
            "DEBATE_BOT_SYNC_COMMANDS": "no",
            "DEBATE_BOT_COOLDOWN_SECONDS": "2.5",
            "DEBATE_BOT_NAME": "Debate Bot, Sparring Partner",
        }
    )
    assert config.token == "abc"
    assert config.dev_guild_id == 123
    assert config.sync_commands is False
    assert config.cooldown_seconds == 2.5
    assert config.bot_names == ("Debate Bot", "Sparring Partner")


@pytest.mark.parametrize(
    ("name", "value", "hint"),
    [
        ("DEBATE_BOT_DEV_GUILD_ID", "my-server", "Discord id"),
        ("DEBATE_BOT_SYNC_COMMANDS", "maybe", "true or false"),
        ("DEBATE_BOT_COOLDOWN_SECONDS", "-1", "negative"),
        ("DEBATE_BOT_COOLDOWN_SECONDS", "soon", "number"),
        ("DEBATE_BOT_LOG_LEVEL", "LOUD", "DEBUG, INFO"),
        ("DATABASE_URL", "mysql://x/y", "postgresql://"),
        ("DEBATE_BOT_SHARD_COUNT", "0", "at least 1"),
        ("DEBATE_BOT_METRICS_PORT", "99999", "between 1 and 65535"),
        ("DEBATE_BOT_LOG_FORMAT", "xml", "text, json"),
    ],
)
def test_a_bad_value_names_the_setting_and_what_is_allowed(
    name: str, value: str, hint: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        Config.from_env({name: value})
    assert name in str(caught.value) and hint in str(caught.value)


def test_every_setting_is_documented_in_the_readme_and_env_example() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    example = (REPO_ROOT / "deploy" / ".env.example").read_text(encoding="utf-8")
    for name in SETTINGS:
        assert f"| `{name}` |" in readme, f"{name} missing from the README settings table"
        assert name in example, f"{name} missing from deploy/.env.example"


def test_shard_ids_must_fit_the_shard_count() -> None:
    with pytest.raises(ConfigError) as caught:
        Config.from_env({"DEBATE_BOT_SHARD_COUNT": "2", "DEBATE_BOT_SHARD_IDS": "1,2"})
    assert "DEBATE_BOT_SHARD_IDS" in str(caught.value) and "0 to 1" in str(caught.value)
    config = Config.from_env({"DEBATE_BOT_SHARD_COUNT": "4", "DEBATE_BOT_SHARD_IDS": "3, 1"})
    assert config.shard_ids == (1, 3) and config.shard_count == 4


def test_the_store_url_defaults_to_the_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    config = Config.from_env({"DEBATE_BOT_DATA_DIR": str(tmp_path)})
    assert config.store_url == f"sqlite:///{tmp_path / 'debate-bot.sqlite3'}"
    chosen = Config.from_env({"DATABASE_URL": f"sqlite:///{tmp_path / 'other.db'}"})
    assert chosen.database_path == tmp_path / "other.db"
