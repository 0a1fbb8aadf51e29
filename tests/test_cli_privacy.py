"""`debate-bot privacy`: an operator answering a member's data request by e-mail."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Config
from bot.store import QuizAnswer, SqliteStore

MEMBER, OTHER, GUILD, OTHER_GUILD = 42, 43, 111, 222
T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def database(monkeypatch, tmp_path: Path) -> Path:
    for name in ("DISCORD_TOKEN", "DATABASE_URL", "DEBATE_BOT_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEBATE_BOT_DATA_DIR", str(tmp_path))
    path = Config.from_env().database_path

    async def fill() -> None:
        async with SqliteStore(path) as store:
            await store.record_answers(
                [
                    QuizAnswer(f"{u}:{g}", u, g, "q1", True, False, "practice", T0, "2025-05-01")
                    for u in (MEMBER, OTHER)
                    for g in (GUILD, OTHER_GUILD)
                ]
            )
            await store.set_timezone(MEMBER, "Europe/Paris")

    asyncio.run(fill())
    return path


def stored(path: Path, user: int) -> dict[str, list[dict]]:
    async def read() -> dict[str, list[dict]]:
        async with SqliteStore(path) as store:
            return await store.export_user(user)

    return asyncio.run(read())


def test_export_writes_the_members_data_to_a_file(database, tmp_path, capsys):
    out = tmp_path / "member.json"
    assert main(["privacy", "export", str(MEMBER), "--out", str(out)]) == 0
    document = json.loads(out.read_text())
    assert document["user_id"] == MEMBER and document["bot"] == "debate bot"
    assert [a["server_id"] for a in document["data"]["quiz_answers"]] == [GUILD, OTHER_GUILD]
    assert document["data"]["time_zone"] == [{"time_zone": "Europe/Paris"}]
    assert f"wrote 5 record(s) of user {MEMBER}" in capsys.readouterr().out


def test_export_without_out_prints_only_the_json(database, capsys):
    assert main(["privacy", "export", str(MEMBER)]) == 0
    assert json.loads(capsys.readouterr().out)["user_id"] == MEMBER


def test_forget_without_yes_only_says_what_would_go(database, capsys):
    assert main(["privacy", "forget", str(MEMBER)]) == 2
    said = capsys.readouterr()
    assert "2 quiz answers, 2 leaderboard entries, 1 time zone" in said.out
    assert "add --yes" in said.err
    assert len(stored(database, MEMBER)["quiz_answers"]) == 2


def test_forget_in_one_guild_then_everywhere(database, capsys):
    assert main(["privacy", "forget", str(MEMBER), "--guild", str(GUILD), "--yes"]) == 0
    assert "deleted 2 record(s) of user 42 in guild 111" in capsys.readouterr().out
    left = stored(database, MEMBER)
    assert [a["server_id"] for a in left["quiz_answers"]] == [OTHER_GUILD]
    assert left["time_zone"] == [{"time_zone": "Europe/Paris"}]

    assert main(["privacy", "forget", str(MEMBER), "--yes"]) == 0
    assert "deleted 3 record(s)" in capsys.readouterr().out
    assert not any(stored(database, MEMBER).values())
    assert len(stored(database, OTHER)["quiz_answers"]) == 2
