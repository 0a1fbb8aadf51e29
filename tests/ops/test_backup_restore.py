"""`debate-bot backup` and `restore` as an operator runs them, on real SQLite files."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import App
from bot.cli import main
from bot.config import REPO_ROOT
from bot.knowledge import Knowledge, load_knowledge
from bot.store import QuizAnswer, SqliteStore
from bot.store.migrations import migrations

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
DB = "debate-bot.sqlite3"


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(REPO_ROOT / "content")


@pytest.fixture(autouse=True)
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "DISCORD_TOKEN", "DEBATE_BOT_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


def count_answers(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT COUNT(*) FROM quiz_answer").fetchone()[0]


def use_data_dir(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    monkeypatch.setenv("DEBATE_BOT_DATA_DIR", str(directory))


def answer(n: int, user: int) -> QuizAnswer:
    return QuizAnswer(
        f"a{n}", user, 1, f"q{n % 7}", n % 3 != 0, False, "practice", NOW, "2025-05-01"
    )


async def populate(path: Path, knowledge: Knowledge, count: int = 300) -> dict[int, tuple]:
    """A database with answers from 10 members, a finished round and an FAQ channel."""
    async with SqliteStore(path) as store:
        app = App(knowledge, store, clock=lambda: NOW)
        await asyncio.gather(*(app.quiz.writer.record(answer(n, n % 10)) for n in range(count)))
        await app.quiz.close()
        await app.add_faq_channel(1, 99)
        await app.debate.start(5, knowledge.motions[0].id, "proposition")
        await app.debate.end(5)
        return await stats_of(app)


async def stats_of(app: App) -> dict[int, tuple]:
    found = {}
    for user in range(10):
        s = await app.quiz.stats(user, 1)
        found[user] = (s.answers, s.correct, s.current_correct, s.best_correct) if s else None
    return found


async def test_a_backup_taken_while_answers_keep_coming_is_a_consistent_snapshot(
    tmp_path: Path, knowledge: Knowledge
):
    live = tmp_path / "live" / DB
    backup = tmp_path / "backups" / "nightly.sqlite3"
    async with SqliteStore(live) as store:
        app = App(knowledge, store, clock=lambda: NOW)
        acknowledged = 0
        writing = True

        async def keep_answering() -> None:
            nonlocal acknowledged
            n = 0
            while writing:
                batch = [app.quiz.writer.record(answer(n + i, (n + i) % 10)) for i in range(50)]
                await asyncio.gather(*batch)
                n += 50
                acknowledged = n

        writer = asyncio.create_task(keep_answering())
        while acknowledged < 500:
            await asyncio.sleep(0.01)
        before = acknowledged
        # Another process, as an operator's cron job would run it, while the bot writes.
        env = {**os.environ, "DEBATE_BOT_DATA_DIR": str(live.parent)}
        env.pop("DATABASE_URL", None)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "backup",
            str(backup),
            cwd=REPO_ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await process.communicate()
        after = acknowledged
        writing = False
        await writer
        await app.quiz.close()

    assert process.returncode == 0, err.decode()
    assert after > before  # the bot really was writing while the backup ran
    text = out.decode()
    assert "integrity ok" in text
    with contextlib.closing(sqlite3.connect(backup)) as db:
        (answers,) = db.execute("SELECT COUNT(*) FROM quiz_answer").fetchone()
        (counted,) = db.execute("SELECT SUM(answers) FROM quiz_stats").fetchone()
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
    assert before <= answers
    assert counted == answers  # the totals and the history come from one moment
    assert re.search(rf"^  quiz_answer +{answers:,} rows$", text, re.MULTILINE)
    assert not list(backup.parent.glob(".*partial*"))  # no temporary file left behind


async def test_restored_into_a_fresh_data_dir_the_bot_sees_the_same_stats(
    tmp_path: Path, knowledge: Knowledge, monkeypatch, capsys
):
    live = tmp_path / "live"
    expected = await populate(live / DB, knowledge)
    use_data_dir(monkeypatch, live)
    assert main(["backup", str(tmp_path / "copy.sqlite3")]) == 0

    fresh = tmp_path / "fresh"
    use_data_dir(monkeypatch, fresh)
    assert main(["restore", str(tmp_path / "copy.sqlite3")]) == 0
    out = capsys.readouterr().out

    assert f"to {fresh / DB}" in out
    async with SqliteStore(fresh / DB) as store:
        app = App(knowledge, store, clock=lambda: NOW)
        assert await stats_of(app) == expected
        assert await app.faq_channels(1) == {99}
        assert [r.user_id for r in await app.debate.history(5)] == [5]
        assert await app.quiz.recompute() == []


async def test_restore_refuses_to_replace_a_database_without_force(
    tmp_path: Path, knowledge: Knowledge, monkeypatch, capsys
):
    await populate(tmp_path / "old" / DB, knowledge, count=30)
    await populate(tmp_path / "current" / DB, knowledge, count=60)
    use_data_dir(monkeypatch, tmp_path / "current")
    current_bytes = (tmp_path / "current" / DB).read_bytes()

    code = main(["restore", str(tmp_path / "old" / DB)])

    assert code == 1
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "current" / DB).read_bytes() == current_bytes
    assert sorted(p.name for p in (tmp_path / "current").iterdir()) == [DB]


async def test_a_forced_restore_keeps_the_replaced_database_beside_it(
    tmp_path: Path, knowledge: Knowledge, monkeypatch, capsys
):
    await populate(tmp_path / "old" / DB, knowledge, count=30)
    await populate(tmp_path / "current" / DB, knowledge, count=60)
    use_data_dir(monkeypatch, tmp_path / "current")

    assert main(["restore", "--force", str(tmp_path / "old" / DB)]) == 0

    # No WAL of the replaced database is left to be replayed into the restored one.
    names = sorted(p.name for p in (tmp_path / "current").iterdir())
    assert len(names) == 2 and names[0] == DB
    kept = tmp_path / "current" / names[1]
    assert re.fullmatch(rf"{re.escape(DB)}\.before-restore-\d{{8}}T\d{{6}}Z", kept.name)
    assert f"is now {kept}" in capsys.readouterr().out
    assert count_answers(tmp_path / "current" / DB) == 30
    assert count_answers(kept) == 60  # the one replaced, whole, its WAL folded in


async def test_restore_refuses_while_the_bot_has_the_database_open(
    tmp_path: Path, knowledge: Knowledge, monkeypatch, capsys
):
    await populate(tmp_path / "old" / DB, knowledge, count=30)
    use_data_dir(monkeypatch, tmp_path / "current")
    async with SqliteStore(tmp_path / "current" / DB):  # the running bot
        code = main(["restore", "--force", str(tmp_path / "old" / DB)])

    assert code == 1
    assert "stop the bot before restoring" in capsys.readouterr().err
    assert not list((tmp_path / "current").glob("*before-restore*"))


def test_restore_refuses_a_file_that_is_not_one_of_our_databases(
    tmp_path: Path, monkeypatch, capsys
):
    use_data_dir(monkeypatch, tmp_path / "data")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 100)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")

    assert main(["restore", str(notes)]) == 1
    assert "not a SQLite database" in capsys.readouterr().err
    assert main(["restore", str(other)]) == 1
    assert "not one of debate-bot's" in capsys.readouterr().err
    assert not (tmp_path / "data" / DB).exists()


async def test_restore_refuses_a_backup_from_a_newer_version(
    tmp_path: Path, knowledge: Knowledge, monkeypatch, capsys
):
    newer = tmp_path / "newer.sqlite3"
    await populate(newer, knowledge, count=10)
    latest = max(m.version for m in migrations())
    with sqlite3.connect(newer) as db:
        db.execute(f"PRAGMA user_version = {latest + 1}")
    use_data_dir(monkeypatch, tmp_path / "data")

    assert main(["restore", str(newer)]) == 1
    err = capsys.readouterr().err
    assert f"schema version {latest + 1}, newer than this debate-bot knows ({latest})" in err


def test_backup_of_a_missing_database_says_so(tmp_path: Path, monkeypatch, capsys):
    use_data_dir(monkeypatch, tmp_path / "empty")

    assert main(["backup", str(tmp_path / "b.sqlite3")]) == 1
    assert "there is no database at" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["backup", "x.dump"], ["restore", "x.dump"]])
def test_with_postgresql_both_commands_point_to_pg_dump_and_pg_restore(
    command: list[str], monkeypatch, capsys
):
    monkeypatch.setenv("DATABASE_URL", "postgresql://debate:secret@db.internal/debate")

    assert main(command) == 2
    err = capsys.readouterr().err
    assert "pg_dump --format=custom" in err
    assert "pg_restore --clean" in err
    assert "secret" not in err
