"""An in-memory store with the same behaviour as SQLite, for the console's dry runs and tests."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.store import privacy_records as records
from bot.store.base import (
    CLOSED_ROUND_STATUSES,
    ChallengeAttempt,
    ChallengePost,
    DebateResult,
    Miss,
    MissSummary,
    QuizAnswer,
    QuizStats,
    StoredRound,
    StoredTimer,
)


class MemoryStore:
    def __init__(self) -> None:
        self._channels: dict[int, set[int]] = defaultdict(set)
        self._misses: list[Miss] = []
        self._rounds: dict[str, StoredRound] = {}
        self._results: dict[str, DebateResult] = {}
        self._timers: dict[str, StoredTimer] = {}
        self._answers: dict[str, QuizAnswer] = {}
        self._stats: dict[tuple[int, int], QuizStats] = {}
        self._timezones: dict[int, str] = {}
        self._question_seconds: dict[int, int] = {}
        self._configs: dict[int, dict] = {}
        self._posts: dict[tuple[int, tuple[int, int]], ChallengePost] = {}
        self._attempts: dict[tuple[int, tuple[int, int], int], ChallengeAttempt] = {}

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def faq_channels(self, guild_id: int) -> set[int]:
        return set(self._channels.get(guild_id, ()))

    async def add_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        channels = self._channels[guild_id]
        if channel_id in channels:
            return False
        channels.add(channel_id)
        return True

    async def remove_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        channels = self._channels.get(guild_id, set())
        if channel_id not in channels:
            return False
        channels.discard(channel_id)
        return True

    async def record_misses(self, misses: list[Miss]) -> None:
        self._misses.extend(misses)

    async def misses(self, limit: int = 50) -> list[MissSummary]:
        groups: dict[tuple, list[Miss]] = defaultdict(list)
        for miss in self._misses:
            groups[(miss.kind, miss.question, miss.entry_id)].append(miss)
        summaries = [
            MissSummary(kind, question, entry_id, len(items), max(m.at for m in items))
            for (kind, question, entry_id), items in groups.items()
        ]
        summaries.sort(key=lambda s: (-s.count, -s.last_at.timestamp(), s.question))
        return summaries[:limit]

    async def save_round(self, stored: StoredRound) -> None:
        self._rounds[stored.id] = stored

    async def load_round(self, round_id: str) -> StoredRound | None:
        return self._rounds.get(round_id)

    async def rounds_with_status(self, status: str) -> list[StoredRound]:
        found = [r for r in self._rounds.values() if r.status == status]
        return sorted(found, key=lambda r: r.updated_at)

    async def open_round_of(self, user_id: int) -> StoredRound | None:
        found = [
            r
            for r in self._rounds.values()
            if r.user_id == user_id and r.status not in CLOSED_ROUND_STATUSES
        ]
        return max(found, key=lambda r: r.updated_at) if found else None

    async def finish_round(self, stored: StoredRound, result: DebateResult) -> bool:
        if result.round_id in self._results:
            return False
        self._results[result.round_id] = result
        self._rounds[stored.id] = stored
        return True

    async def debate_history(self, user_id: int, limit: int = 10) -> list[DebateResult]:
        mine = [r for r in self._results.values() if r.user_id == user_id]
        return sorted(mine, key=lambda r: r.finished_at, reverse=True)[:limit]

    async def sides_argued(self, user_id: int) -> dict[str, int]:
        counts = {"proposition": 0, "opposition": 0}
        for result in self._results.values():
            if result.user_id == user_id:
                counts[result.side] += 1
        return counts

    async def save_timer(self, timer: StoredTimer) -> None:
        self._timers[timer.id] = timer

    async def load_timer(self, timer_id: str) -> StoredTimer | None:
        return self._timers.get(timer_id)

    async def delete_timer(self, timer_id: str) -> None:
        self._timers.pop(timer_id, None)

    async def timers(self) -> list[StoredTimer]:
        return sorted(self._timers.values(), key=lambda t: t.updated_at)

    async def record_answers(self, answers: list[QuizAnswer]) -> set[str]:
        new: set[str] = set()
        for answer in answers:
            if answer.answer_key in self._answers:
                continue
            self._answers[answer.answer_key] = answer
            new.add(answer.answer_key)
            key = (answer.user_id, answer.guild_id)
            old = self._stats.get(key) or QuizStats(answer.user_id, answer.guild_id, 0, 0, 0, 0)
            current = old.current_correct + 1 if answer.correct else 0
            self._stats[key] = QuizStats(
                answer.user_id,
                answer.guild_id,
                old.answers + 1,
                old.correct + int(answer.correct),
                current,
                max(old.best_correct, current),
            )
        return new

    async def quiz_stats(self, user_id: int, guild_id: int) -> QuizStats | None:
        return self._stats.get((user_id, guild_id))

    async def quiz_answers(self, user_id: int, guild_id: int) -> list[QuizAnswer]:
        mine = [
            a for a in self._answers.values() if a.user_id == user_id and a.guild_id == guild_id
        ]
        return sorted(mine, key=lambda a: a.at)

    async def leaderboard(
        self, guild_id: int, by: str, offset: int = 0, limit: int = 10
    ) -> tuple[list[QuizStats], int]:
        rows = [s for s in self._stats.values() if s.guild_id == guild_id]
        if by == "correct":
            rows.sort(key=lambda s: (-s.correct, s.answers, s.user_id))
        else:
            rows.sort(key=lambda s: (-s.best_correct, -s.current_correct, s.user_id))
        return rows[offset : offset + limit], len(rows)

    async def challenge_weeks_done(self, user_id: int, guild_id: int) -> list[tuple[int, int]]:
        return sorted(
            w
            for (g, w, u), a in self._attempts.items()
            if g == guild_id and u == user_id and a.finished_at is not None
        )

    async def quiz_members(self) -> list[tuple[int, int]]:
        return sorted(self._stats, key=lambda key: (key[1], key[0]))

    async def set_question_seconds(self, guild_id: int, seconds: int) -> None:
        self._question_seconds[guild_id] = seconds

    async def question_seconds(self, guild_id: int) -> int | None:
        return self._question_seconds.get(guild_id)

    async def set_timezone(self, user_id: int, timezone: str) -> None:
        self._timezones[user_id] = timezone

    async def timezone(self, user_id: int) -> str | None:
        return self._timezones.get(user_id)

    async def timezones(self, user_ids: Collection[int]) -> dict[int, str]:
        return {u: self._timezones[u] for u in user_ids if u in self._timezones}

    async def all_timezones(self) -> dict[int, str]:
        return dict(self._timezones)

    async def save_challenge_config(self, config: dict) -> None:
        self._configs[config["guild_id"]] = {**config, "enabled": 1}

    async def challenge_configs(self) -> list[dict]:
        return [c for _, c in sorted(self._configs.items()) if c["enabled"]]

    async def challenge_config(self, guild_id: int) -> dict | None:
        return self._configs.get(guild_id)

    async def disable_challenge(self, guild_id: int) -> bool:
        config = self._configs.get(guild_id)
        if not config or not config["enabled"]:
            return False
        config["enabled"] = 0
        return True

    async def claim_challenge_post(self, post: ChallengePost) -> bool:
        key = (post.guild_id, post.week)
        if key in self._posts:
            return False
        self._posts[key] = post
        return True

    async def challenge_post(self, guild_id: int, week: tuple[int, int]) -> ChallengePost | None:
        return self._posts.get((guild_id, week))

    async def last_challenge_week(self, guild_id: int) -> tuple[int, int] | None:
        weeks = [week for (guild, week) in self._posts if guild == guild_id]
        return max(weeks) if weeks else None

    async def set_challenge_message(
        self, guild_id: int, week: tuple[int, int], message_id: int
    ) -> None:
        post = self._posts[(guild_id, week)]
        self._posts[(guild_id, week)] = replace(post, message_id=message_id)

    async def claim_challenge_close(self, guild_id: int, week: tuple[int, int]) -> bool:
        post = self._posts.get((guild_id, week))
        if post is None or post.closed:
            return False
        self._posts[(guild_id, week)] = replace(post, closed=True)
        return True

    async def open_challenge_posts(self) -> list[ChallengePost]:
        return sorted((p for p in self._posts.values() if not p.closed), key=lambda p: p.closes_at)

    async def start_attempt(self, attempt: ChallengeAttempt) -> bool:
        key = (attempt.guild_id, attempt.week, attempt.user_id)
        if key in self._attempts:
            return False
        self._attempts[key] = attempt
        return True

    async def attempt(
        self, guild_id: int, week: tuple[int, int], user_id: int
    ) -> ChallengeAttempt | None:
        return self._attempts.get((guild_id, week, user_id))

    async def finish_attempt(
        self, guild_id: int, week: tuple[int, int], user_id: int, score: int, at: datetime
    ) -> bool:
        key = (guild_id, week, user_id)
        found = self._attempts.get(key)
        if found is None or found.finished_at is not None:
            return False
        self._attempts[key] = replace(found, finished_at=at, score=score)
        return True

    async def challenge_results(
        self, guild_id: int, week: tuple[int, int]
    ) -> list[ChallengeAttempt]:
        done = [
            a
            for (g, w, _), a in self._attempts.items()
            if g == guild_id and w == week and a.finished_at is not None
        ]
        return sorted(done, key=lambda a: (-(a.score or 0), a.finished_at))

    # -- privacy ----------------------------------------------------------

    async def export_user(self, user_id: int) -> dict[str, list[dict]]:
        zone = self._timezones.get(user_id)
        return {
            records.QUIZ_ANSWERS: [
                records.answer_record(a)
                for a in sorted(
                    (a for a in self._answers.values() if a.user_id == user_id),
                    key=lambda a: a.at,
                )
            ],
            records.QUIZ_TOTALS: [
                records.totals_record(s)
                for (u, _), s in sorted(self._stats.items(), key=lambda kv: kv[0][1])
                if u == user_id
            ],
            records.TIME_ZONE: [records.time_zone_record(zone)] if zone else [],
            records.CHALLENGE_ATTEMPTS: [
                records.attempt_record(a)
                for a in sorted(
                    (a for a in self._attempts.values() if a.user_id == user_id),
                    key=lambda a: (a.started_at, a.guild_id, a.week),
                )
            ],
            records.DEBATE_ROUNDS: [
                records.round_record(r)
                for r in sorted(
                    (r for r in self._rounds.values() if r.user_id == user_id),
                    key=lambda r: (r.updated_at, r.id),
                )
            ],
            records.DEBATE_RESULTS: [
                records.result_record(r)
                for r in sorted(
                    (r for r in self._results.values() if r.user_id == user_id),
                    key=lambda r: (r.finished_at, r.round_id),
                )
            ],
            records.TIMERS: [
                records.timer_record(t)
                for t in sorted(
                    (t for t in self._timers.values() if t.owner_id == user_id),
                    key=lambda t: (t.updated_at, t.id),
                )
            ],
            records.FAQ_MISSES: [
                records.miss_record(m)
                for m in sorted(
                    (m for m in self._misses if m.user_id == user_id), key=lambda m: m.at
                )
            ],
        }

    async def forget_user(self, user_id: int, guild_id: int | None = None) -> dict[str, int]:
        def mine(owner: int | None, guild: int | None) -> bool:
            return owner == user_id and (guild_id is None or guild == guild_id)

        def drop(rows: dict, going: Callable[[Any], bool]) -> int:
            keys = [key for key, row in rows.items() if going(row)]
            for key in keys:
                del rows[key]
            return len(keys)

        counts = dict.fromkeys(records.KINDS, 0)
        counts[records.QUIZ_ANSWERS] = drop(self._answers, lambda a: mine(a.user_id, a.guild_id))
        counts[records.QUIZ_TOTALS] = drop(self._stats, lambda s: mine(s.user_id, s.guild_id))
        if guild_id is None and self._timezones.pop(user_id, None) is not None:
            counts[records.TIME_ZONE] = 1
        counts[records.CHALLENGE_ATTEMPTS] = drop(
            self._attempts, lambda a: mine(a.user_id, a.guild_id)
        )
        rounds = {r.id for r in self._rounds.values() if mine(r.user_id, r.guild_id)}
        counts[records.DEBATE_RESULTS] = drop(
            self._results, lambda r: mine(r.user_id, r.guild_id) or r.round_id in rounds
        )
        counts[records.DEBATE_ROUNDS] = drop(self._rounds, lambda r: r.id in rounds)
        counts[records.TIMERS] = drop(self._timers, lambda t: mine(t.owner_id, t.guild_id))
        for n, m in enumerate(self._misses):
            if mine(m.user_id, m.guild_id):
                self._misses[n] = replace(m, user_id=None)
                counts[records.FAQ_MISSES] += 1
        return counts
