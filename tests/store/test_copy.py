"""`debate-bot db copy`: a populated database copied SQLite → PostgreSQL → SQLite answers
every query exactly as before, counters included; a target holding data is refused."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from bot.cli import main
from bot.store import (
    DebateResult,
    Miss,
    MissKind,
    PostgresStore,
    QuizAnswer,
    SqliteStore,
    Store,
    StoredRound,
    StoredTimer,
    make_store,
)
from bot.store.base import ChallengeAttempt, ChallengePost
from bot.store.copy import TABLES, CopyError, TargetNotEmpty, copy_database

T0 = datetime(2025, 3, 3, 18, tzinfo=UTC)
GUILDS = (10, 20)
USERS = (1, 2, 3, 4)
WEEKS = ((2025, 9), (2025, 10))


async def populate(store: Store) -> None:
    for guild in GUILDS:
        await store.add_faq_channel(guild, guild + 1)
        await store.set_question_seconds(guild, 45)
        await store.save_challenge_config(
            {
                "guild_id": guild,
                "channel_id": guild + 2,
                "weekday": 0,
                "at": "18:00",
                "timezone": "Europe/London",
                "questions": 3,
                "hours_open": 72,
            }
        )
    await store.disable_challenge(GUILDS[1])
    for n, question in enumerate(["what is globalism", "who won", "what is globalism", "ça va"]):
        kind = MissKind.NOT_HELPFUL if n % 2 else MissKind.UNANSWERED
        entry = "what-is-globalism" if kind is MissKind.NOT_HELPFUL else None
        await store.record_misses(
            [Miss(kind, question, entry, GUILDS[0], USERS[n], T0 + timedelta(minutes=n))]
        )
    for n, user in enumerate(USERS):
        state = {"index": n, "speeches": ["a", "b"], "score": 1.5, "big": 1e16}
        await store.save_round(StoredRound(f"r{n}", GUILDS[0], 5, user, "student-turn", state, T0))
        if n % 2:
            await store.finish_round(
                StoredRound(f"r{n}", GUILDS[0], 5, user, "finished", state, T0),
                DebateResult(
                    f"r{n}", user, GUILDS[0], "m1", "proposition", "drill", 60 + n, "ok", T0
                ),
            )
        await store.set_timezone(user, "Asia/Tokyo" if n % 2 else "Europe/Paris")
    await store.save_timer(StoredTimer("t1", GUILDS[0], 7, 99, USERS[0], {"left": 30}, T0))
    answers = [
        QuizAnswer(
            f"{guild}:{user}:{n}",
            user,
            guild,
            f"q{n}",
            (user + n) % 3 != 0,
            n == 4,
            "challenge" if n == 0 else "practice",
            T0 + timedelta(minutes=n),
            (T0 + timedelta(minutes=n)).date().isoformat(),
        )
        for guild in GUILDS
        for user in USERS
        for n in range(6)
    ]
    await store.record_answers(answers[:20])
    await store.record_answers(answers[20:])
    for guild in GUILDS:
        for week in WEEKS:
            await store.claim_challenge_post(
                ChallengePost(guild, week, ("q1", "q2"), T0 + timedelta(hours=72), None, False)
            )
            await store.set_challenge_message(guild, week, 555)
            for user in USERS[:3]:
                await store.start_attempt(ChallengeAttempt(guild, week, user, T0, None, None))
                if user != USERS[2]:
                    finished = T0 + timedelta(minutes=user)
                    await store.finish_attempt(guild, week, user, user % 3, finished)
        await store.claim_challenge_close(guild, WEEKS[0])


async def snapshot(store: Store) -> dict[str, object]:
    """Everything the bot can ask the store, as plain values."""
    seen: dict[str, object] = {
        "misses": await store.misses(),
        "open_posts": await store.open_challenge_posts(),
        "configs": await store.challenge_configs(),
        "members": await store.quiz_members(),
        "timers": await store.timers(),
        "rounds": await store.rounds_with_status("student-turn"),
        "finished": await store.rounds_with_status("finished"),
        "zones": await store.timezones(USERS),
    }
    for guild in GUILDS:
        seen[f"channels {guild}"] = await store.faq_channels(guild)
        seen[f"seconds {guild}"] = await store.question_seconds(guild)
        seen[f"config {guild}"] = await store.challenge_config(guild)
        seen[f"last week {guild}"] = await store.last_challenge_week(guild)
        for by in ("correct", "streak"):
            seen[f"board {guild} {by}"] = await store.leaderboard(guild, by, 1, 2)
        for week in WEEKS:
            seen[f"post {guild} {week}"] = await store.challenge_post(guild, week)
            seen[f"results {guild} {week}"] = await store.challenge_results(guild, week)
        for user in USERS:
            seen[f"stats {guild} {user}"] = await store.quiz_stats(user, guild)
            seen[f"answers {guild} {user}"] = await store.quiz_answers(user, guild)
            seen[f"weeks {guild} {user}"] = await store.challenge_weeks_done(user, guild)
            seen[f"attempt {guild} {user}"] = await store.attempt(guild, WEEKS[1], user)
    for user in USERS:
        seen[f"open round {user}"] = await store.open_round_of(user)
        seen[f"history {user}"] = await store.debate_history(user)
        seen[f"sides {user}"] = await store.sides_argued(user)
        seen[f"export {user}"] = await store.export_user(user)
    return seen


def tamper_with_counters(path: Path) -> None:
    """Counters a recompute would not give: the copy must carry them over as they are."""
    with sqlite3.connect(path) as db:
        db.execute("UPDATE quiz_stats SET best_correct = 40 WHERE user_id = 1 AND guild_id = 10")


async def test_sqlite_to_postgres_and_back_answers_every_query_the_same(
    tmp_path: Path, postgres_url: str
) -> None:
    source, back = tmp_path / "source.sqlite3", tmp_path / "back.sqlite3"
    async with SqliteStore(source) as store:
        await populate(store)
    tamper_with_counters(source)
    async with SqliteStore(source) as store:
        before = await snapshot(store)
    stats = before["stats 10 1"]
    assert stats is not None and stats.best_correct == 40  # type: ignore[attr-defined]

    to_postgres = await copy_database(f"sqlite:///{source}", postgres_url)
    async with PostgresStore(postgres_url) as store:
        assert await snapshot(store) == before
    to_sqlite = await copy_database(postgres_url, f"sqlite:///{back}")
    async with SqliteStore(back) as store:
        assert await snapshot(store) == before
    assert to_postgres == to_sqlite
    assert to_postgres["quiz_answer"] == 48 and to_postgres["quiz_stats"] == 8
    assert set(to_postgres) == {table.name for table in TABLES}


async def test_a_copied_postgres_database_goes_on_counting(
    tmp_path: Path, postgres_url: str
) -> None:
    source = tmp_path / "source.sqlite3"
    async with SqliteStore(source) as store:
        await populate(store)
        old = await store.quiz_stats(2, GUILDS[0])
    await copy_database(f"sqlite:///{source}", postgres_url)
    async with PostgresStore(postgres_url) as store:
        # New ids come after the copied ones: no clash with a copied answer or miss.
        later = T0 + timedelta(days=1)
        new = QuizAnswer("new", 2, GUILDS[0], "q", True, False, "practice", later, "2025-03-04")
        assert await store.record_answers([new]) == {"new"}
        await store.record_misses([Miss(MissKind.UNANSWERED, "new one", None, None, None, later)])
        stats = await store.quiz_stats(2, GUILDS[0])
        history = await store.quiz_answers(2, GUILDS[0])
    assert old is not None and stats is not None
    assert (stats.answers, stats.current_correct) == (old.answers + 1, old.current_correct + 1)
    assert history[-1].answer_key == "new"


async def test_a_target_holding_data_is_refused_unless_forced(
    tmp_path: Path, postgres_url: str
) -> None:
    source = tmp_path / "source.sqlite3"
    async with SqliteStore(source) as store:
        await populate(store)
    async with PostgresStore(postgres_url) as store:
        await store.add_faq_channel(999, 1)
        await store.record_answers([QuizAnswer("x", 9, 9, "q", True, False, "practice", T0, "d")])
    with pytest.raises(TargetNotEmpty, match=r"faq_channel \(1\).*--force"):
        await copy_database(f"sqlite:///{source}", postgres_url)
    async with PostgresStore(postgres_url) as store:
        assert await store.faq_channels(999) == {1}  # untouched
        assert await store.faq_channels(GUILDS[0]) == set()
    counts = await copy_database(f"sqlite:///{source}", postgres_url, force=True)
    async with PostgresStore(postgres_url) as store, SqliteStore(source) as original:
        assert await store.faq_channels(999) == set()
        assert await store.quiz_stats(9, 9) is None
        assert await snapshot(store) == await snapshot(original)
    assert counts["faq_channel"] == 2


async def test_sqlite_to_sqlite_refuses_then_forces(tmp_path: Path) -> None:
    source, target = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    async with SqliteStore(source) as store:
        await populate(store)
    async with SqliteStore(target) as store:
        await store.set_timezone(77, "UTC")
    with pytest.raises(TargetNotEmpty):
        await copy_database(f"sqlite:///{source}", f"sqlite:///{target}")
    await copy_database(f"sqlite:///{source}", f"sqlite:///{target}", force=True)
    async with SqliteStore(source) as a, SqliteStore(target) as b:
        assert await snapshot(a) == await snapshot(b)
        assert await b.timezone(77) is None


async def test_copying_a_database_onto_itself_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with pytest.raises(CopyError, match="same database"):
        await copy_database(
            f"sqlite:///{path}", f"sqlite:///{tmp_path}/../{tmp_path.name}/a.sqlite3"
        )


# -- the command line -------------------------------------------------------------------


def test_db_copy_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    src, dst = f"sqlite:///{source}", f"sqlite:///{target}"
    with sqlite3.connect(source):
        pass  # an empty file: the copy brings it to the current schema first
    assert main(["db", "copy", src, dst]) == 0
    out = capsys.readouterr().out
    assert f"copied {src} to {dst}" in out and "quiz_answer" in out

    with sqlite3.connect(target) as db:
        db.execute("INSERT INTO member_settings VALUES (1, 'UTC')")
    assert main(["db", "copy", src, dst]) == 1
    assert "already holds data" in capsys.readouterr().err
    assert main(["db", "copy", src, dst, "--force"]) == 0
    assert main(["db", "copy", src, src]) == 1
    assert "same database" in capsys.readouterr().err
    assert main(["db", "copy", f"sqlite:///{tmp_path / 'typo.sqlite3'}", dst, "--force"]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "typo.sqlite3").exists()
    assert main(["db", "copy", src, "mysql://localhost/x"]) == 2
    assert "sqlite:///PATH" in capsys.readouterr().err


def test_db_copy_to_an_unreachable_server_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    url = "postgresql://bot:secret@127.0.0.1:1/none"
    with sqlite3.connect(tmp_path / "a.sqlite3"):
        pass
    assert main(["db", "copy", f"sqlite:///{tmp_path / 'a.sqlite3'}", url]) == 1
    err = capsys.readouterr().err
    assert "cannot connect" in err and "nothing was copied" in err and "secret" not in err


# -- the copy knows every table ---------------------------------------------------------


async def test_the_copy_covers_every_column_of_both_schemas(
    tmp_path: Path, postgres_url: str
) -> None:
    expected = {(table.name, column) for table in TABLES for column in table.names}
    async with make_store(f"sqlite:///{tmp_path / 'db.sqlite3'}"):
        pass
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        in_sqlite = {
            (name, row[1]) for name in names for row in db.execute(f"PRAGMA table_info({name})")
        }
    async with PostgresStore(postgres_url):
        pass
    conn = await asyncpg.connect(postgres_url)
    try:
        rows = await conn.fetch(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name <> 'schema_version'"
        )
    finally:
        await conn.close()
    assert in_sqlite == expected
    assert {(r[0], r[1]) for r in rows} == expected
