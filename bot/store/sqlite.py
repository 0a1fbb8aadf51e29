"""The SQLite store: one aiosqlite connection, WAL, versioned migrations.

aiosqlite runs every statement on one worker thread, so statements never race;
but a transaction on a shared connection is not isolated between asyncio
tasks. Every multi-statement unit of work therefore holds `_write_lock` from
BEGIN to COMMIT.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import sys
from collections.abc import AsyncIterator, Collection, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store import privacy_records as records
from bot.store.base import (
    CLOSED_ROUND_STATUSES,
    ChallengeAttempt,
    ChallengePost,
    DebateResult,
    Miss,
    MissKind,
    MissSummary,
    QuizAnswer,
    QuizStats,
    StoredRound,
    StoredTimer,
)
from bot.store.migrations import migrations
from bot.store.sqlite_answers import AnswerStatements, answer_rows

log = logging.getLogger(__name__)


# aiosqlite runs every statement on its own thread, which needs the GIL back to hand
# the result over. While the event loop is busy (a thousand members answering) it
# only gets it when the loop's thread is made to yield: every switch interval,
# 5 ms by default. Each batch of answers then waited about that long after SQLite
# had finished; at 1 ms the writer keeps pace (measured: 45k -> 65k answers/s), and
# 0.3 ms is a little better again (12 interleaved pairs of `bench streaks` runs:
# median 50.1k -> 53.0k answers/s, p99 26.8 -> 25.0 ms, lower p99 in 9 of 12).
GIL_SWITCH_INTERVAL = 0.0003

# SQLite copies the WAL back into the database (a checkpoint) inside the commit that
# takes it past this many pages, and every member waiting on that commit waits for the
# copy too. At the default of 1,000 pages a thousand members answering hit one every
# twenty batches or so, and it was the slowest batch that set the p99. Ten times as
# far apart, each copies every page the batches kept rewriting (the members' streak
# rows, the indexes' last pages) once instead of ten times: 200,000 answers from
# 1,000 members went from 43k to 59k answers/s (three runs each, median), and over
# 8 interleaved pairs of `bench streaks` the p99 fell from 17.8 to 15.0 ms (worst
# 24.8 -> 17.5). The file is cut back to WAL_KEEP_BYTES after each checkpoint.
WAL_AUTOCHECKPOINT_PAGES = 10_000
WAL_KEEP_BYTES = 64 * 1024 * 1024


def _shorten_gil_handoffs() -> None:
    if sys.getswitchinterval() > GIL_SWITCH_INTERVAL:
        sys.setswitchinterval(GIL_SWITCH_INTERVAL)


class SqliteStore:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self.answer_statements = AnswerStatements()

    # -- lifetime ---------------------------------------------------------

    async def open(self) -> None:
        if self._db is not None:
            return
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        _shorten_gil_handoffs()
        db = await aiosqlite.connect(self.path, isolation_level=None)
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=FULL")
        await db.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES:d}")
        await db.execute(f"PRAGMA journal_size_limit={WAL_KEEP_BYTES:d}")
        await db.execute("PRAGMA foreign_keys=ON")
        await db.execute("PRAGMA busy_timeout=5000")
        self._db = db
        await self._migrate()
        for statement in self.answer_statements.warm_ups():
            await db.execute(*statement)

    async def close(self) -> None:
        if self._db is None:
            return
        db, self._db = self._db, None
        async with self._write_lock:
            try:
                await db.execute("PRAGMA optimize")
            except sqlite3.OperationalError as error:  # only statistics: never worth failing on
                log.debug("PRAGMA optimize skipped: %s", error)
            await db.close()
        log.info("closed database %s", self.path)

    async def __aenter__(self) -> SqliteStore:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        """A query run and fetched whole in one trip to the database thread.

        A cursor left open across an await keeps its statement, and with it a read
        snapshot, alive on the shared connection; a write transaction another task
        begins meanwhile then fails at once with "database is locked" whenever a second
        process has written since (seen with two processes claiming weekly posts).
        """
        return list(await self.db.execute_fetchall(sql, params))

    async def _row(self, sql: str, params: Iterable[Any] = ()) -> Any:
        rows = await self._rows(sql, params)
        return rows[0] if rows else None

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("the store is not open")
        return self._db

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._write_lock:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
            await self.db.execute("COMMIT")

    async def schema_version(self) -> int:
        row = await self._row("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        current = await self.schema_version()
        for migration in migrations():
            if migration.version <= current:
                continue
            async with self._transaction() as db:
                # executescript would COMMIT our transaction; run statement by statement.
                for statement in _statements(migration.sql):
                    await db.execute(statement)
                await db.execute(f"PRAGMA user_version = {migration.version:d}")
            log.info("applied migration %s", migration.name)

    # -- FAQ channels -----------------------------------------------------

    async def faq_channels(self, guild_id: int) -> set[int]:
        return {
            row[0]
            for row in await self._rows(
                "SELECT channel_id FROM faq_channel WHERE guild_id = ?", (guild_id,)
            )
        }

    async def add_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "INSERT INTO faq_channel (guild_id, channel_id) VALUES (?, ?) "
                "ON CONFLICT DO NOTHING",
                (guild_id, channel_id),
            )
            return cursor.rowcount == 1

    async def remove_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "DELETE FROM faq_channel WHERE guild_id = ? AND channel_id = ?",
                (guild_id, channel_id),
            )
            return cursor.rowcount == 1

    # -- FAQ misses -------------------------------------------------------

    async def record_misses(self, misses: list[Miss]) -> None:
        async with self._transaction() as db:
            await db.executemany(
                "INSERT INTO faq_miss (kind, question, entry_id, guild_id, user_id, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (m.kind.value, m.question, m.entry_id, m.guild_id, m.user_id, m.at.isoformat())
                    for m in misses
                ],
            )

    async def misses(self, limit: int = 50) -> list[MissSummary]:
        rows = await self._rows(
            "SELECT kind, question, entry_id, COUNT(*), MAX(at) FROM faq_miss "
            "GROUP BY kind, question, entry_id "
            "ORDER BY COUNT(*) DESC, MAX(at) DESC, question LIMIT ?",
            (limit,),
        )
        return [
            MissSummary(MissKind(kind), question, entry_id, count, datetime.fromisoformat(last))
            for kind, question, entry_id, count, last in rows
        ]

    # -- debate rounds ----------------------------------------------------

    async def save_round(self, stored: StoredRound) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO debate_round (id, guild_id, channel_id, user_id, status, state, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "channel_id = excluded.channel_id, status = excluded.status, "
                "state = excluded.state, updated_at = excluded.updated_at",
                _round_row(stored),
            )

    async def load_round(self, round_id: str) -> StoredRound | None:
        rows = await self._rounds("WHERE id = ?", (round_id,))
        return rows[0] if rows else None

    async def rounds_with_status(self, status: str) -> list[StoredRound]:
        return await self._rounds("WHERE status = ? ORDER BY updated_at", (status,))

    async def open_round_of(self, user_id: int) -> StoredRound | None:
        marks = ", ".join("?" for _ in CLOSED_ROUND_STATUSES)
        rows = await self._rounds(
            f"WHERE user_id = ? AND status NOT IN ({marks}) ORDER BY updated_at DESC LIMIT 1",
            (user_id, *CLOSED_ROUND_STATUSES),
        )
        return rows[0] if rows else None

    async def _rounds(self, where: str, params: tuple) -> list[StoredRound]:
        rows = await self._rows(
            "SELECT id, guild_id, channel_id, user_id, status, state, updated_at "
            f"FROM debate_round {where}",
            params,
        )
        return [
            StoredRound(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), _time(r[6])) for r in rows
        ]

    async def finish_round(self, stored: StoredRound, result: DebateResult) -> bool:
        async with self._transaction() as db:
            # The result's primary key makes a second finish (a double click, a retry after
            # a crash) a no-op instead of a second history row.
            cursor = await db.execute(
                "INSERT INTO debate_result (round_id, user_id, guild_id, motion_id, side, "
                "format_key, score, summary, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (
                    result.round_id,
                    result.user_id,
                    result.guild_id,
                    result.motion_id,
                    result.side,
                    result.format_key,
                    result.score,
                    result.summary,
                    result.finished_at.isoformat(),
                ),
            )
            if cursor.rowcount != 1:
                return False
            await db.execute(
                "INSERT INTO debate_round (id, guild_id, channel_id, user_id, status, state, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "status = excluded.status, state = excluded.state, "
                "updated_at = excluded.updated_at",
                _round_row(stored),
            )
            return True

    async def debate_history(self, user_id: int, limit: int = 10) -> list[DebateResult]:
        rows = await self._rows(
            "SELECT round_id, user_id, guild_id, motion_id, side, format_key, score, summary, "
            "finished_at FROM debate_result WHERE user_id = ? ORDER BY finished_at DESC LIMIT ?",
            (user_id, limit),
        )
        return [DebateResult(*r[:8], _time(r[8])) for r in rows]

    async def sides_argued(self, user_id: int) -> dict[str, int]:
        rows = await self._rows(
            "SELECT side, COUNT(*) FROM debate_result WHERE user_id = ? GROUP BY side",
            (user_id,),
        )
        counts = {"proposition": 0, "opposition": 0}
        counts.update({side: count for side, count in rows})
        return counts

    # -- timers -----------------------------------------------------------

    async def save_timer(self, timer: StoredTimer) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO debate_timer (id, guild_id, channel_id, message_id, owner_id, state, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "message_id = excluded.message_id, state = excluded.state, "
                "updated_at = excluded.updated_at",
                (
                    timer.id,
                    timer.guild_id,
                    timer.channel_id,
                    timer.message_id,
                    timer.owner_id,
                    json.dumps(timer.state),
                    timer.updated_at.isoformat(),
                ),
            )

    async def load_timer(self, timer_id: str) -> StoredTimer | None:
        found = await self._timers("WHERE id = ?", (timer_id,))
        return found[0] if found else None

    async def delete_timer(self, timer_id: str) -> None:
        async with self._transaction() as db:
            await db.execute("DELETE FROM debate_timer WHERE id = ?", (timer_id,))

    async def timers(self) -> list[StoredTimer]:
        return await self._timers("ORDER BY updated_at", ())

    async def _timers(self, where: str, params: tuple) -> list[StoredTimer]:
        rows = await self._rows(
            "SELECT id, guild_id, channel_id, message_id, owner_id, state, updated_at "
            f"FROM debate_timer {where}",
            params,
        )
        return [StoredTimer(*r[:5], json.loads(r[5]), _time(r[6])) for r in rows]

    # -- quiz answers -----------------------------------------------------

    async def record_answers(self, answers: list[QuizAnswer]) -> set[str]:
        if not answers:
            return set()
        # One statement, so one trip to the database thread, committed on its own
        # (autocommit) under the write lock; the trigger on quiz_answer updates
        # quiz_stats inside it. The database thread needs the GIL after every step, and
        # the event loop holds it while it runs members' code, so each extra trip or
        # row cost a wait: three trips (BEGIN, INSERT, COMMIT), executemany (a step per
        # row) and RETURNING (a fetch per row) each stalled batches behind the loop.
        # The statement binds every row's values (see `sqlite_answers`).
        statement = self.answer_statements.insert(answer_rows(answers))
        async with self._write_lock:
            inserted = await self.db.execute(*statement)
        keys = {a.answer_key for a in answers}
        count, last = inserted.rowcount, inserted.lastrowid
        if count == len(keys):  # the usual batch: no repeats
            return keys
        if count <= 0 or last is None:
            return set()
        # A repeat was skipped. One statement holds the write lock throughout, so the
        # rows it inserted took consecutive ids ending at its last_insert_rowid (which
        # is this connection's own: another process's inserts do not move it).
        stored = await self._rows(
            "SELECT answer_key FROM quiz_answer WHERE id > ? AND id <= ?", (last - count, last)
        )
        return {row[0] for row in stored}

    async def quiz_stats(self, user_id: int, guild_id: int) -> QuizStats | None:
        row = await self._row(
            "SELECT user_id, guild_id, answers, correct, current_correct, best_correct "
            "FROM quiz_stats WHERE user_id = ? AND guild_id = ?",
            (user_id, guild_id),
        )
        return QuizStats(*row) if row else None

    async def quiz_answers(self, user_id: int, guild_id: int) -> list[QuizAnswer]:
        rows = await self._rows(
            "SELECT answer_key, user_id, guild_id, question_id, correct, timed_out, source, at, "
            "local_day FROM quiz_answer WHERE user_id = ? AND guild_id = ? ORDER BY at, id",
            (user_id, guild_id),
        )
        return [
            QuizAnswer(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], _time(r[7]), r[8])
            for r in rows
        ]

    async def leaderboard(
        self, guild_id: int, by: str, offset: int = 0, limit: int = 10
    ) -> tuple[list[QuizStats], int]:
        order = _LEADERBOARD_ORDER[by]
        rows = [
            QuizStats(*row)
            for row in await self._rows(
                "SELECT user_id, guild_id, answers, correct, current_correct, best_correct "
                f"FROM quiz_stats WHERE guild_id = ? ORDER BY {order}, user_id LIMIT ? OFFSET ?",
                (guild_id, limit, offset),
            )
        ]
        (total,) = await self._row(
            "SELECT COUNT(*) FROM quiz_stats WHERE guild_id = ?", (guild_id,)
        )
        return rows, total

    # -- weekly challenge -------------------------------------------------

    async def save_challenge_config(self, config: dict) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO challenge_config (guild_id, channel_id, weekday, at, timezone, "
                "questions, hours_open, enabled) VALUES (:guild_id, :channel_id, :weekday, :at, "
                ":timezone, :questions, :hours_open, 1) ON CONFLICT (guild_id) DO UPDATE SET "
                "channel_id = excluded.channel_id, weekday = excluded.weekday, at = excluded.at, "
                "timezone = excluded.timezone, questions = excluded.questions, "
                "hours_open = excluded.hours_open, enabled = 1",
                config,
            )

    async def _configs(self, where: str, params: tuple) -> list[dict]:
        names = ("guild_id", "channel_id", "weekday", "at", "timezone", "questions")
        names += ("hours_open", "enabled")
        return [
            dict(zip(names, row, strict=True))
            for row in await self._rows(
                f"SELECT {', '.join(names)} FROM challenge_config {where}", params
            )
        ]

    async def challenge_configs(self) -> list[dict]:
        return await self._configs("WHERE enabled = 1 ORDER BY guild_id", ())

    async def challenge_config(self, guild_id: int) -> dict | None:
        found = await self._configs("WHERE guild_id = ?", (guild_id,))
        return found[0] if found else None

    async def disable_challenge(self, guild_id: int) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "UPDATE challenge_config SET enabled = 0 WHERE guild_id = ? AND enabled = 1",
                (guild_id,),
            )
            return cursor.rowcount == 1

    async def claim_challenge_post(self, post: ChallengePost) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "INSERT INTO challenge_post (guild_id, year, week, questions, closes_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (
                    post.guild_id,
                    post.week[0],
                    post.week[1],
                    json.dumps(post.questions),
                    post.closes_at.isoformat(),
                ),
            )
            return cursor.rowcount == 1

    async def _posts(self, where: str, params: tuple) -> list[ChallengePost]:
        rows = await self._rows(
            "SELECT guild_id, year, week, questions, closes_at, message_id, closed "
            f"FROM challenge_post {where}",
            params,
        )
        return [
            ChallengePost(
                r[0], (r[1], r[2]), tuple(json.loads(r[3])), _time(r[4]), r[5], bool(r[6])
            )
            for r in rows
        ]

    async def challenge_post(self, guild_id: int, week: tuple[int, int]) -> ChallengePost | None:
        found = await self._posts("WHERE guild_id = ? AND year = ? AND week = ?", (guild_id, *week))
        return found[0] if found else None

    async def last_challenge_week(self, guild_id: int) -> tuple[int, int] | None:
        found = await self._posts(
            "WHERE guild_id = ? ORDER BY year DESC, week DESC LIMIT 1", (guild_id,)
        )
        return found[0].week if found else None

    async def set_challenge_message(
        self, guild_id: int, week: tuple[int, int], message_id: int
    ) -> None:
        async with self._transaction() as db:
            await db.execute(
                "UPDATE challenge_post SET message_id = ? WHERE guild_id = ? AND year = ? "
                "AND week = ?",
                (message_id, guild_id, *week),
            )

    async def claim_challenge_close(self, guild_id: int, week: tuple[int, int]) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "UPDATE challenge_post SET closed = 1 WHERE guild_id = ? AND year = ? "
                "AND week = ? AND closed = 0",
                (guild_id, *week),
            )
            return cursor.rowcount == 1

    async def open_challenge_posts(self) -> list[ChallengePost]:
        return await self._posts("WHERE closed = 0 ORDER BY closes_at", ())

    async def start_attempt(self, attempt: ChallengeAttempt) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "INSERT INTO challenge_attempt (guild_id, year, week, user_id, started_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (attempt.guild_id, *attempt.week, attempt.user_id, attempt.started_at.isoformat()),
            )
            return cursor.rowcount == 1

    async def _attempts(self, where: str, params: tuple) -> list[ChallengeAttempt]:
        rows = await self._rows(
            "SELECT guild_id, year, week, user_id, started_at, finished_at, score "
            f"FROM challenge_attempt {where}",
            params,
        )
        return [
            ChallengeAttempt(
                r[0], (r[1], r[2]), r[3], _time(r[4]), _time(r[5]) if r[5] else None, r[6]
            )
            for r in rows
        ]

    async def attempt(
        self, guild_id: int, week: tuple[int, int], user_id: int
    ) -> ChallengeAttempt | None:
        found = await self._attempts(
            "WHERE guild_id = ? AND year = ? AND week = ? AND user_id = ?",
            (guild_id, *week, user_id),
        )
        return found[0] if found else None

    async def finish_attempt(
        self, guild_id: int, week: tuple[int, int], user_id: int, score: int, at: datetime
    ) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "UPDATE challenge_attempt SET finished_at = ?, score = ? WHERE guild_id = ? "
                "AND year = ? AND week = ? AND user_id = ? AND finished_at IS NULL",
                (at.isoformat(), score, guild_id, *week, user_id),
            )
            return cursor.rowcount == 1

    async def challenge_results(
        self, guild_id: int, week: tuple[int, int]
    ) -> list[ChallengeAttempt]:
        return await self._attempts(
            "WHERE guild_id = ? AND year = ? AND week = ? AND finished_at IS NOT NULL "
            "ORDER BY score DESC, finished_at ASC",
            (guild_id, *week),
        )

    async def challenge_weeks_done(self, user_id: int, guild_id: int) -> list[tuple[int, int]]:
        return [
            (r[0], r[1])
            for r in await self._rows(
                "SELECT year, week FROM challenge_attempt WHERE user_id = ? AND guild_id = ? "
                "AND finished_at IS NOT NULL ORDER BY year, week",
                (user_id, guild_id),
            )
        ]

    async def quiz_members(self) -> list[tuple[int, int]]:
        return [
            (r[0], r[1])
            for r in await self._rows(
                "SELECT user_id, guild_id FROM quiz_stats ORDER BY guild_id, user_id"
            )
        ]

    async def set_question_seconds(self, guild_id: int, seconds: int) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO guild_settings (guild_id, question_seconds) VALUES (?, ?) "
                "ON CONFLICT (guild_id) DO UPDATE SET question_seconds = excluded.question_seconds",
                (guild_id, seconds),
            )

    async def question_seconds(self, guild_id: int) -> int | None:
        row = await self._row(
            "SELECT question_seconds FROM guild_settings WHERE guild_id = ?", (guild_id,)
        )
        return row[0] if row else None

    async def set_timezone(self, user_id: int, timezone: str) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO member_settings (user_id, timezone) VALUES (?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET timezone = excluded.timezone",
                (user_id, timezone),
            )

    async def timezone(self, user_id: int) -> str | None:
        row = await self._row("SELECT timezone FROM member_settings WHERE user_id = ?", (user_id,))
        return row[0] if row else None

    async def timezones(self, user_ids: Collection[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        ids = list(user_ids)
        # SQLite caps bound parameters per statement; 500 stays far below every build's cap.
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                await self._rows(
                    f"SELECT user_id, timezone FROM member_settings WHERE user_id IN ({marks})",
                    chunk,
                )
            )
        return found

    async def all_timezones(self) -> dict[int, str]:
        return dict(await self._rows("SELECT user_id, timezone FROM member_settings"))

    # -- privacy ----------------------------------------------------------

    async def export_user(self, user_id: int) -> dict[str, list[dict]]:
        # Read under the write lock so the export is one snapshot, not an answer that
        # landed between two of its reads counted in the totals but not the history.
        async with self._transaction() as db:
            async with db.execute(
                "SELECT answer_key, user_id, guild_id, question_id, correct, timed_out, source, "
                "at, local_day FROM quiz_answer WHERE user_id = ? ORDER BY at, id",
                (user_id,),
            ) as cursor:
                answers = [
                    QuizAnswer(
                        r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], _time(r[7]), r[8]
                    )
                    for r in await cursor.fetchall()
                ]
            async with db.execute(
                "SELECT user_id, guild_id, answers, correct, current_correct, best_correct "
                "FROM quiz_stats WHERE user_id = ? ORDER BY guild_id",
                (user_id,),
            ) as cursor:
                totals = [QuizStats(*r) for r in await cursor.fetchall()]
            zone = await self.timezone(user_id)
            attempts = await self._attempts(
                "WHERE user_id = ? ORDER BY started_at, guild_id, year, week", (user_id,)
            )
            rounds = await self._rounds("WHERE user_id = ? ORDER BY updated_at, id", (user_id,))
            async with db.execute(
                "SELECT round_id, user_id, guild_id, motion_id, side, format_key, score, summary, "
                "finished_at FROM debate_result WHERE user_id = ? ORDER BY finished_at, round_id",
                (user_id,),
            ) as cursor:
                results = [DebateResult(*r[:8], _time(r[8])) for r in await cursor.fetchall()]
            timers = await self._timers("WHERE owner_id = ? ORDER BY updated_at, id", (user_id,))
            async with db.execute(
                "SELECT kind, question, entry_id, guild_id, user_id, at FROM faq_miss "
                "WHERE user_id = ? ORDER BY at, id",
                (user_id,),
            ) as cursor:
                misses = [
                    Miss(MissKind(r[0]), r[1], r[2], r[3], r[4], _time(r[5]))
                    for r in await cursor.fetchall()
                ]
        return {
            records.QUIZ_ANSWERS: [records.answer_record(a) for a in answers],
            records.QUIZ_TOTALS: [records.totals_record(s) for s in totals],
            records.TIME_ZONE: [records.time_zone_record(zone)] if zone else [],
            records.CHALLENGE_ATTEMPTS: [records.attempt_record(a) for a in attempts],
            records.DEBATE_ROUNDS: [records.round_record(r) for r in rounds],
            records.DEBATE_RESULTS: [records.result_record(r) for r in results],
            records.TIMERS: [records.timer_record(t) for t in timers],
            records.FAQ_MISSES: [records.miss_record(m) for m in misses],
        }

    async def forget_user(self, user_id: int, guild_id: int | None = None) -> dict[str, int]:
        # Column names come from the fixed strings below, never from input.
        def where(user_column: str = "user_id") -> tuple[str, tuple]:
            if guild_id is None:
                return f"{user_column} = ?", (user_id,)
            return f"{user_column} = ? AND guild_id = ?", (user_id, guild_id)

        counts = dict.fromkeys(records.KINDS, 0)
        async with self._transaction() as db:

            async def run(kind: str, sql: str, params: tuple) -> None:
                cursor = await db.execute(sql, params)
                counts[kind] = cursor.rowcount

            mine, params = where()
            # The counters are kept by a trigger on insert only: deleting the answers leaves
            # them standing, so they go too, and the member's next answer starts from zero.
            await run(records.QUIZ_ANSWERS, f"DELETE FROM quiz_answer WHERE {mine}", params)
            await run(records.QUIZ_TOTALS, f"DELETE FROM quiz_stats WHERE {mine}", params)
            if guild_id is None:
                await run(
                    records.TIME_ZONE, "DELETE FROM member_settings WHERE user_id = ?", (user_id,)
                )
            await run(
                records.CHALLENGE_ATTEMPTS, f"DELETE FROM challenge_attempt WHERE {mine}", params
            )
            # A result references its round, so it goes first, with every round about to go.
            await run(
                records.DEBATE_RESULTS,
                f"DELETE FROM debate_result WHERE {mine} OR round_id IN "
                f"(SELECT id FROM debate_round WHERE {mine})",
                params + params,
            )
            await run(records.DEBATE_ROUNDS, f"DELETE FROM debate_round WHERE {mine}", params)
            owned, params_owned = where("owner_id")
            await run(records.TIMERS, f"DELETE FROM debate_timer WHERE {owned}", params_owned)
            await run(
                records.FAQ_MISSES, f"UPDATE faq_miss SET user_id = NULL WHERE {mine}", params
            )
        return counts


# Fixed strings only: the ORDER BY is chosen from here, never from user input.
_LEADERBOARD_ORDER = {
    "correct": "correct DESC, answers ASC",
    "streak": "best_correct DESC, current_correct DESC",
}


def _round_row(stored: StoredRound) -> tuple:
    return (
        stored.id,
        stored.guild_id,
        stored.channel_id,
        stored.user_id,
        stored.status,
        json.dumps(stored.state),
        stored.updated_at.isoformat(),
    )


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _statements(script: str) -> list[str]:
    """The script's statements; a trigger's BEGIN ... END body stays in one piece."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"unfinished SQL statement in a migration: {current.strip()[:80]}")
    return statements
