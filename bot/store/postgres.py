"""The PostgreSQL store: an asyncpg pool, versioned migrations, the SQLite store's semantics.

Everything that is atomic on SQLite is atomic here in SQL: the quiz counters are kept
by a trigger in the statement that inserts the answers, and every claim (a week's
post, its close, a member's attempt, a round's result) is a unique row or a
conditional update whose row count says who won. Nothing is read, changed in Python
and written back, so several bot processes can share one database.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection
from datetime import datetime

import asyncpg

from bot.errors import BotError
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
from bot.store.pg_migrations import migrations

log = logging.getLogger(__name__)

# Any fixed number will do, as long as every process uses the same one: it names the
# lock that makes migrations run one process at a time.
_MIGRATION_LOCK = 0x64656261_7465  # "debate"


class DatabaseUnavailable(BotError):
    """The PostgreSQL server could not be reached or refused the connection."""


class PostgresStore:
    def __init__(self, url: str, *, min_connections: int = 1, max_connections: int = 10) -> None:
        self.url = url
        self._min = min_connections
        self._max = max_connections
        self._pool: asyncpg.Pool | None = None

    # -- lifetime ---------------------------------------------------------

    async def open(self) -> None:
        if self._pool is not None:
            return
        try:
            pool = await asyncpg.create_pool(
                self.url,
                min_size=self._min,
                max_size=self._max,
                # Short statements only: compiling one to machine code costs more than it saves.
                server_settings={"application_name": "debate-bot", "jit": "off"},
            )
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            # Refused, unknown database, wrong password: the operator's to fix, so a
            # message rather than a traceback.
            raise DatabaseUnavailable(
                f"cannot connect to {without_password(self.url)}: {error}"
            ) from error
        try:
            await self._migrate(pool)
        except BaseException:
            await pool.close()
            raise
        self._pool = pool

    async def close(self) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        await pool.close()
        log.info("closed database %s", without_password(self.url))

    async def __aenter__(self) -> PostgresStore:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("the store is not open")
        return self._pool

    async def schema_version(self) -> int:
        return int(await self.pool.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version"))

    @staticmethod
    async def _migrate(pool: asyncpg.Pool) -> None:
        async with pool.acquire() as conn, conn.transaction():
            # Two processes starting at once: the second waits here until the first has
            # committed, then finds the migrations applied. DDL is transactional in
            # PostgreSQL, so a failed migration leaves nothing half done.
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            current = await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version")
            for migration in migrations():
                if migration.version <= current:
                    continue
                await conn.execute(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_version (version, name) VALUES ($1, $2)",
                    migration.version,
                    migration.name,
                )
                log.info("applied migration %s", migration.name)

    # -- FAQ channels -----------------------------------------------------

    async def faq_channels(self, guild_id: int) -> set[int]:
        rows = await self.pool.fetch(
            "SELECT channel_id FROM faq_channel WHERE guild_id = $1", guild_id
        )
        return {row[0] for row in rows}

    async def add_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        status = await self.pool.execute(
            "INSERT INTO faq_channel (guild_id, channel_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            guild_id,
            channel_id,
        )
        return _count(status) == 1

    async def remove_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        status = await self.pool.execute(
            "DELETE FROM faq_channel WHERE guild_id = $1 AND channel_id = $2",
            guild_id,
            channel_id,
        )
        return _count(status) == 1

    # -- FAQ misses -------------------------------------------------------

    async def record_misses(self, misses: list[Miss]) -> None:
        async with self.pool.acquire() as connection, connection.transaction():
            await connection.executemany(
                "INSERT INTO faq_miss (kind, question, entry_id, guild_id, user_id, at) "
                "VALUES ($1, $2, $3, $4, $5, $6)",
                [
                    (m.kind.value, m.question, m.entry_id, m.guild_id, m.user_id, m.at)
                    for m in misses
                ],
            )

    async def misses(self, limit: int = 50) -> list[MissSummary]:
        # COLLATE "C": the same tie order as SQLite's byte comparison, whatever the
        # database's locale.
        rows = await self.pool.fetch(
            "SELECT kind, question, entry_id, COUNT(*), MAX(at) FROM faq_miss "
            "GROUP BY kind, question, entry_id "
            'ORDER BY COUNT(*) DESC, MAX(at) DESC, question COLLATE "C" LIMIT $1',
            limit,
        )
        return [
            MissSummary(MissKind(kind), question, entry_id, count, last)
            for kind, question, entry_id, count, last in rows
        ]

    # -- debate rounds ----------------------------------------------------

    async def save_round(self, stored: StoredRound) -> None:
        await self.pool.execute(
            "INSERT INTO debate_round (id, guild_id, channel_id, user_id, status, state, "
            "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET "
            "channel_id = excluded.channel_id, status = excluded.status, "
            "state = excluded.state, updated_at = excluded.updated_at",
            *_round_row(stored),
        )

    async def load_round(self, round_id: str) -> StoredRound | None:
        rows = await self._rounds("WHERE id = $1", (round_id,))
        return rows[0] if rows else None

    async def rounds_with_status(self, status: str) -> list[StoredRound]:
        return await self._rounds("WHERE status = $1 ORDER BY updated_at", (status,))

    async def open_round_of(self, user_id: int) -> StoredRound | None:
        rows = await self._rounds(
            "WHERE user_id = $1 AND NOT (status = ANY($2::text[])) "
            "ORDER BY updated_at DESC LIMIT 1",
            (user_id, list(CLOSED_ROUND_STATUSES)),
        )
        return rows[0] if rows else None

    async def _rounds(
        self, where: str, params: tuple, db: asyncpg.Pool | asyncpg.Connection | None = None
    ) -> list[StoredRound]:
        rows = await (db or self.pool).fetch(
            "SELECT id, guild_id, channel_id, user_id, status, state, updated_at "
            f"FROM debate_round {where}",
            *params,
        )
        return [StoredRound(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6]) for r in rows]

    async def finish_round(self, stored: StoredRound, result: DebateResult) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            # The round must exist before its result can reference it; a second finish
            # (a double click, a retry) then inserts no result and is rolled back whole.
            status = await conn.execute(
                "INSERT INTO debate_result (round_id, user_id, guild_id, motion_id, side, "
                "format_key, score, summary, finished_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
                result.round_id,
                result.user_id,
                result.guild_id,
                result.motion_id,
                result.side,
                result.format_key,
                result.score,
                result.summary,
                result.finished_at,
            )
            if _count(status) != 1:
                return False
            await conn.execute(
                "INSERT INTO debate_round (id, guild_id, channel_id, user_id, status, state, "
                "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET "
                "status = excluded.status, state = excluded.state, "
                "updated_at = excluded.updated_at",
                *_round_row(stored),
            )
            return True

    async def debate_history(self, user_id: int, limit: int = 10) -> list[DebateResult]:
        rows = await self.pool.fetch(
            "SELECT round_id, user_id, guild_id, motion_id, side, format_key, score, summary, "
            "finished_at FROM debate_result WHERE user_id = $1 "
            "ORDER BY finished_at DESC LIMIT $2",
            user_id,
            limit,
        )
        return [DebateResult(*r) for r in rows]

    async def sides_argued(self, user_id: int) -> dict[str, int]:
        rows = await self.pool.fetch(
            "SELECT side, COUNT(*) FROM debate_result WHERE user_id = $1 GROUP BY side", user_id
        )
        counts = {"proposition": 0, "opposition": 0}
        counts.update({side: count for side, count in rows})
        return counts

    # -- timers -----------------------------------------------------------

    async def save_timer(self, timer: StoredTimer) -> None:
        await self.pool.execute(
            "INSERT INTO debate_timer (id, guild_id, channel_id, message_id, owner_id, state, "
            "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET "
            "message_id = excluded.message_id, state = excluded.state, "
            "updated_at = excluded.updated_at",
            timer.id,
            timer.guild_id,
            timer.channel_id,
            timer.message_id,
            timer.owner_id,
            json.dumps(timer.state),
            timer.updated_at,
        )

    async def load_timer(self, timer_id: str) -> StoredTimer | None:
        found = await self._timers("WHERE id = $1", (timer_id,))
        return found[0] if found else None

    async def delete_timer(self, timer_id: str) -> None:
        await self.pool.execute("DELETE FROM debate_timer WHERE id = $1", timer_id)

    async def timers(self) -> list[StoredTimer]:
        return await self._timers("ORDER BY updated_at", ())

    async def _timers(
        self, where: str, params: tuple, db: asyncpg.Pool | asyncpg.Connection | None = None
    ) -> list[StoredTimer]:
        rows = await (db or self.pool).fetch(
            "SELECT id, guild_id, channel_id, message_id, owner_id, state, updated_at "
            f"FROM debate_timer {where}",
            *params,
        )
        return [StoredTimer(*r[:5], json.loads(r[5]), r[6]) for r in rows]

    # -- quiz answers -----------------------------------------------------

    async def record_answers(self, answers: list[QuizAnswer]) -> set[str]:
        if not answers:
            return set()
        columns = (
            [a.answer_key for a in answers],
            [a.user_id for a in answers],
            [a.guild_id for a in answers],
            [a.question_id for a in answers],
            [a.correct for a in answers],
            [a.timed_out for a in answers],
            [a.source for a in answers],
            [a.at for a in answers],
            [a.local_day for a in answers],
        )
        for attempt in range(_DEADLOCK_RETRIES):
            try:
                rows = await self.pool.fetch(_RECORD_ANSWERS, *columns)
            except asyncpg.DeadlockDetectedError:
                # Two processes inserting the same keys in opposite orders: PostgreSQL
                # rolls one statement back whole, so running it again is safe.
                if attempt == _DEADLOCK_RETRIES - 1:
                    raise
                log.warning("answer batch deadlocked with another writer; retrying")
                continue
            return {row[0] for row in rows}
        raise AssertionError("unreachable")

    async def quiz_stats(self, user_id: int, guild_id: int) -> QuizStats | None:
        row = await self.pool.fetchrow(
            "SELECT user_id, guild_id, answers, correct, current_correct, best_correct "
            "FROM quiz_stats WHERE user_id = $1 AND guild_id = $2",
            user_id,
            guild_id,
        )
        return QuizStats(*row) if row else None

    async def quiz_answers(self, user_id: int, guild_id: int) -> list[QuizAnswer]:
        rows = await self.pool.fetch(
            "SELECT answer_key, user_id, guild_id, question_id, correct, timed_out, source, at, "
            "local_day FROM quiz_answer WHERE user_id = $1 AND guild_id = $2 ORDER BY at, id",
            user_id,
            guild_id,
        )
        return [QuizAnswer(*r) for r in rows]

    async def leaderboard(
        self, guild_id: int, by: str, offset: int = 0, limit: int = 10
    ) -> tuple[list[QuizStats], int]:
        order = _LEADERBOARD_ORDER[by]
        rows = await self.pool.fetch(
            "SELECT user_id, guild_id, answers, correct, current_correct, best_correct "
            f"FROM quiz_stats WHERE guild_id = $1 ORDER BY {order}, user_id LIMIT $2 OFFSET $3",
            guild_id,
            limit,
            offset,
        )
        total = await self.pool.fetchval(
            "SELECT COUNT(*) FROM quiz_stats WHERE guild_id = $1", guild_id
        )
        return [QuizStats(*row) for row in rows], total

    async def quiz_members(self) -> list[tuple[int, int]]:
        rows = await self.pool.fetch(
            "SELECT user_id, guild_id FROM quiz_stats ORDER BY guild_id, user_id"
        )
        return [(r[0], r[1]) for r in rows]

    # -- weekly challenge -------------------------------------------------

    async def save_challenge_config(self, config: dict) -> None:
        await self.pool.execute(
            "INSERT INTO challenge_config (guild_id, channel_id, weekday, at, timezone, "
            "questions, hours_open, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7, true) "
            "ON CONFLICT (guild_id) DO UPDATE SET "
            "channel_id = excluded.channel_id, weekday = excluded.weekday, at = excluded.at, "
            "timezone = excluded.timezone, questions = excluded.questions, "
            "hours_open = excluded.hours_open, enabled = true",
            config["guild_id"],
            config["channel_id"],
            config["weekday"],
            config["at"],
            config["timezone"],
            config["questions"],
            config["hours_open"],
        )

    async def _configs(self, where: str, params: tuple) -> list[dict]:
        # enabled as 1 or 0, as SQLite gives it.
        rows = await self.pool.fetch(
            "SELECT guild_id, channel_id, weekday, at, timezone, questions, hours_open, "
            f"enabled::integer AS enabled FROM challenge_config {where}",
            *params,
        )
        return [dict(row) for row in rows]

    async def challenge_configs(self) -> list[dict]:
        return await self._configs("WHERE enabled ORDER BY guild_id", ())

    async def challenge_config(self, guild_id: int) -> dict | None:
        found = await self._configs("WHERE guild_id = $1", (guild_id,))
        return found[0] if found else None

    async def disable_challenge(self, guild_id: int) -> bool:
        status = await self.pool.execute(
            "UPDATE challenge_config SET enabled = false WHERE guild_id = $1 AND enabled",
            guild_id,
        )
        return _count(status) == 1

    async def claim_challenge_post(self, post: ChallengePost) -> bool:
        status = await self.pool.execute(
            "INSERT INTO challenge_post (guild_id, year, week, questions, closes_at) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            post.guild_id,
            post.week[0],
            post.week[1],
            list(post.questions),
            post.closes_at,
        )
        return _count(status) == 1

    async def _posts(self, where: str, params: tuple) -> list[ChallengePost]:
        rows = await self.pool.fetch(
            "SELECT guild_id, year, week, questions, closes_at, message_id, closed "
            f"FROM challenge_post {where}",
            *params,
        )
        return [ChallengePost(r[0], (r[1], r[2]), tuple(r[3]), r[4], r[5], r[6]) for r in rows]

    async def challenge_post(self, guild_id: int, week: tuple[int, int]) -> ChallengePost | None:
        found = await self._posts(
            "WHERE guild_id = $1 AND year = $2 AND week = $3", (guild_id, *week)
        )
        return found[0] if found else None

    async def last_challenge_week(self, guild_id: int) -> tuple[int, int] | None:
        found = await self._posts(
            "WHERE guild_id = $1 ORDER BY year DESC, week DESC LIMIT 1", (guild_id,)
        )
        return found[0].week if found else None

    async def set_challenge_message(
        self, guild_id: int, week: tuple[int, int], message_id: int
    ) -> None:
        await self.pool.execute(
            "UPDATE challenge_post SET message_id = $1 WHERE guild_id = $2 AND year = $3 "
            "AND week = $4",
            message_id,
            guild_id,
            *week,
        )

    async def claim_challenge_close(self, guild_id: int, week: tuple[int, int]) -> bool:
        # Concurrent claimers queue on the row lock; the losers then see closed = true
        # and update nothing.
        status = await self.pool.execute(
            "UPDATE challenge_post SET closed = true WHERE guild_id = $1 AND year = $2 "
            "AND week = $3 AND NOT closed",
            guild_id,
            *week,
        )
        return _count(status) == 1

    async def open_challenge_posts(self) -> list[ChallengePost]:
        return await self._posts("WHERE NOT closed ORDER BY closes_at", ())

    async def start_attempt(self, attempt: ChallengeAttempt) -> bool:
        status = await self.pool.execute(
            "INSERT INTO challenge_attempt (guild_id, year, week, user_id, started_at) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            attempt.guild_id,
            *attempt.week,
            attempt.user_id,
            attempt.started_at,
        )
        return _count(status) == 1

    async def _attempts(
        self, where: str, params: tuple, db: asyncpg.Pool | asyncpg.Connection | None = None
    ) -> list[ChallengeAttempt]:
        rows = await (db or self.pool).fetch(
            "SELECT guild_id, year, week, user_id, started_at, finished_at, score "
            f"FROM challenge_attempt {where}",
            *params,
        )
        return [ChallengeAttempt(r[0], (r[1], r[2]), r[3], r[4], r[5], r[6]) for r in rows]

    async def attempt(
        self, guild_id: int, week: tuple[int, int], user_id: int
    ) -> ChallengeAttempt | None:
        found = await self._attempts(
            "WHERE guild_id = $1 AND year = $2 AND week = $3 AND user_id = $4",
            (guild_id, *week, user_id),
        )
        return found[0] if found else None

    async def finish_attempt(
        self, guild_id: int, week: tuple[int, int], user_id: int, score: int, at: datetime
    ) -> bool:
        status = await self.pool.execute(
            "UPDATE challenge_attempt SET finished_at = $1, score = $2 WHERE guild_id = $3 "
            "AND year = $4 AND week = $5 AND user_id = $6 AND finished_at IS NULL",
            at,
            score,
            guild_id,
            *week,
            user_id,
        )
        return _count(status) == 1

    async def challenge_results(
        self, guild_id: int, week: tuple[int, int]
    ) -> list[ChallengeAttempt]:
        return await self._attempts(
            "WHERE guild_id = $1 AND year = $2 AND week = $3 AND finished_at IS NOT NULL "
            "ORDER BY score DESC, finished_at ASC",
            (guild_id, *week),
        )

    async def challenge_weeks_done(self, user_id: int, guild_id: int) -> list[tuple[int, int]]:
        rows = await self.pool.fetch(
            "SELECT year, week FROM challenge_attempt WHERE user_id = $1 AND guild_id = $2 "
            "AND finished_at IS NOT NULL ORDER BY year, week",
            user_id,
            guild_id,
        )
        return [(r[0], r[1]) for r in rows]

    # -- settings ---------------------------------------------------------

    async def set_question_seconds(self, guild_id: int, seconds: int) -> None:
        await self.pool.execute(
            "INSERT INTO guild_settings (guild_id, question_seconds) VALUES ($1, $2) "
            "ON CONFLICT (guild_id) DO UPDATE SET question_seconds = excluded.question_seconds",
            guild_id,
            seconds,
        )

    async def question_seconds(self, guild_id: int) -> int | None:
        return await self.pool.fetchval(
            "SELECT question_seconds FROM guild_settings WHERE guild_id = $1", guild_id
        )

    async def set_timezone(self, user_id: int, timezone: str) -> None:
        await self.pool.execute(
            "INSERT INTO member_settings (user_id, timezone) VALUES ($1, $2) "
            "ON CONFLICT (user_id) DO UPDATE SET timezone = excluded.timezone",
            user_id,
            timezone,
        )

    async def timezone(self, user_id: int) -> str | None:
        return await self.pool.fetchval(
            "SELECT timezone FROM member_settings WHERE user_id = $1", user_id
        )

    async def timezones(self, user_ids: Collection[int]) -> dict[int, str]:
        rows = await self.pool.fetch(
            "SELECT user_id, timezone FROM member_settings WHERE user_id = ANY($1::bigint[])",
            list(user_ids),
        )
        return {row[0]: row[1] for row in rows}

    async def all_timezones(self) -> dict[int, str]:
        rows = await self.pool.fetch("SELECT user_id, timezone FROM member_settings")
        return {row[0]: row[1] for row in rows}

    # -- privacy ----------------------------------------------------------

    async def export_user(self, user_id: int) -> dict[str, list[dict]]:
        # One snapshot for every read: an answer landing between two of them cannot be
        # counted in the totals but missing from the history.
        async with (
            self.pool.acquire() as conn,
            conn.transaction(isolation="repeatable_read", readonly=True),
        ):
            answers = [
                QuizAnswer(*r)
                for r in await conn.fetch(
                    "SELECT answer_key, user_id, guild_id, question_id, correct, timed_out, "
                    "source, at, local_day FROM quiz_answer WHERE user_id = $1 ORDER BY at, id",
                    user_id,
                )
            ]
            totals = [
                QuizStats(*r)
                for r in await conn.fetch(
                    "SELECT user_id, guild_id, answers, correct, current_correct, best_correct "
                    "FROM quiz_stats WHERE user_id = $1 ORDER BY guild_id",
                    user_id,
                )
            ]
            zone = await conn.fetchval(
                "SELECT timezone FROM member_settings WHERE user_id = $1", user_id
            )
            attempts = await self._attempts(
                "WHERE user_id = $1 ORDER BY started_at, guild_id, year, week", (user_id,), conn
            )
            rounds = await self._rounds(
                'WHERE user_id = $1 ORDER BY updated_at, id COLLATE "C"', (user_id,), conn
            )
            results = [
                DebateResult(*r)
                for r in await conn.fetch(
                    "SELECT round_id, user_id, guild_id, motion_id, side, format_key, score, "
                    "summary, finished_at FROM debate_result WHERE user_id = $1 "
                    'ORDER BY finished_at, round_id COLLATE "C"',
                    user_id,
                )
            ]
            timers = await self._timers(
                'WHERE owner_id = $1 ORDER BY updated_at, id COLLATE "C"', (user_id,), conn
            )
            misses = [
                Miss(MissKind(r[0]), *r[1:])
                for r in await conn.fetch(
                    "SELECT kind, question, entry_id, guild_id, user_id, at FROM faq_miss "
                    "WHERE user_id = $1 ORDER BY at, id",
                    user_id,
                )
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
        def where(user_column: str = "user_id") -> str:
            if guild_id is None:
                return f"{user_column} = $1"
            return f"{user_column} = $1 AND guild_id = $2"

        params = (user_id,) if guild_id is None else (user_id, guild_id)
        mine = where()
        statements = [
            (records.QUIZ_ANSWERS, f"DELETE FROM quiz_answer WHERE {mine}"),
            # The counters are kept by a trigger on insert only: deleting the answers
            # leaves them standing, so they go too, and the next answer starts from zero.
            (records.QUIZ_TOTALS, f"DELETE FROM quiz_stats WHERE {mine}"),
            (records.CHALLENGE_ATTEMPTS, f"DELETE FROM challenge_attempt WHERE {mine}"),
            # A result references its round, so it goes first, with every round about to go.
            (
                records.DEBATE_RESULTS,
                f"DELETE FROM debate_result WHERE {mine} OR round_id IN "
                f"(SELECT id FROM debate_round WHERE {mine})",
            ),
            (records.DEBATE_ROUNDS, f"DELETE FROM debate_round WHERE {mine}"),
            (records.TIMERS, f"DELETE FROM debate_timer WHERE {where('owner_id')}"),
            (records.FAQ_MISSES, f"UPDATE faq_miss SET user_id = NULL WHERE {mine}"),
        ]
        counts = dict.fromkeys(records.KINDS, 0)
        async with self.pool.acquire() as conn, conn.transaction():
            for kind, sql in statements:
                counts[kind] = _count(await conn.execute(sql, *params))
            if guild_id is None:
                counts[records.TIME_ZONE] = _count(
                    await conn.execute("DELETE FROM member_settings WHERE user_id = $1", user_id)
                )
        return counts


# One statement for a whole batch, so one transaction. The rows go in in the batch's
# order (ORDER BY position), which is the order the trigger counts streaks in; a
# repeated answer_key, within the batch or from before, inserts nothing and is not
# returned.
_RECORD_ANSWERS = (
    "INSERT INTO quiz_answer (answer_key, user_id, guild_id, question_id, correct, "
    "timed_out, source, at, local_day) "
    "SELECT answer_key, user_id, guild_id, question_id, correct, timed_out, source, at, "
    "local_day FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], "
    "$5::boolean[], $6::boolean[], $7::text[], $8::timestamptz[], $9::text[]) "
    "WITH ORDINALITY AS batch (answer_key, user_id, guild_id, question_id, correct, "
    "timed_out, source, at, local_day, position) "
    "ORDER BY position "
    "ON CONFLICT (answer_key) DO NOTHING RETURNING answer_key"
)
_DEADLOCK_RETRIES = 3

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
        stored.updated_at,
    )


def _count(status: str) -> int:
    """The row count of a command status such as "INSERT 0 1" or "UPDATE 3"."""
    return int(status.rsplit(" ", 1)[-1])


def without_password(url: str) -> str:
    """The URL with any password masked, for messages and logs."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"
