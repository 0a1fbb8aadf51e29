"""Quiz answers through the service both doors use: checked, recorded once, streaks kept."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import REPO_ROOT
from bot.errors import UserError
from bot.knowledge import load_knowledge
from bot.quizzing import QuizService
from bot.store import MemoryStore, SqliteStore

QUIZ = load_knowledge(REPO_ROOT / "content").quiz
MC = next(q for q in QUIZ if q.type == "multiple-choice")
GUILD = 3


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def test_a_double_click_counts_once_and_a_timeout_counts_as_wrong() -> None:
    quiz = QuizService(MemoryStore(), Clock(datetime(2025, 3, 1, 12, tzinfo=UTC)))
    first = await quiz.answer(MC, MC.answer, user_id=1, guild_id=GUILD, answer_key="s1:0")
    again = await quiz.answer(MC, MC.answer, user_id=1, guild_id=GUILD, answer_key="s1:0")
    timeout = await quiz.answer(MC, None, user_id=1, guild_id=GUILD, answer_key="s1:1")
    assert first.verdict.correct and first.counted
    assert again.verdict.correct and not again.counted
    assert not timeout.verdict.correct and timeout.counted
    stats = await quiz.stats(1, GUILD)
    assert stats is not None and (stats.answers, stats.correct, stats.current_correct) == (2, 1, 0)
    await quiz.close()


async def test_the_daily_streak_follows_the_members_own_calendar() -> None:
    # 23:30 in New York is already the next day in UTC: the member's zone decides.
    clock = Clock(datetime(2025, 3, 3, 4, 30, tzinfo=UTC))  # 2 March, 23:30 in New York
    quiz = QuizService(MemoryStore(), clock)
    assert await quiz.set_timezone(1, "America/New_York") == "America/New_York"
    for n in range(3):
        await quiz.answer(MC, MC.answer, user_id=1, guild_id=GUILD, answer_key=f"d{n}")
        clock.now += timedelta(days=1)
    view = await quiz.streak(1, GUILD)
    assert view.state.daily_current == 3 and view.daily_now == 3
    clock.now += timedelta(days=3)
    assert (await quiz.streak(1, GUILD)).daily_now == 0  # missed days, no freezes yet
    await quiz.close()


async def test_an_unknown_time_zone_is_refused_with_examples() -> None:
    quiz = QuizService(MemoryStore(), Clock(datetime(2025, 3, 1, tzinfo=UTC)))
    with pytest.raises(UserError, match="Europe/London"):
        await quiz.set_timezone(1, "Mars/Olympus")


async def _record_some(path: Path) -> None:
    clock = Clock(datetime(2025, 3, 1, 9, tzinfo=UTC))
    async with SqliteStore(path) as store:
        quiz = QuizService(store, clock)
        for user in range(5):
            for n in range(6):
                given = MC.answer if (user + n) % 3 else "nonsense"
                clock.now += timedelta(minutes=1)
                await quiz.answer(MC, given, user_id=user, guild_id=GUILD, answer_key=f"{user}:{n}")
        await quiz.close()


def test_streaks_recompute_agrees_with_the_live_counters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEBATE_BOT_DATA_DIR", str(tmp_path))
    asyncio.run(_record_some(tmp_path / "debate-bot.sqlite3"))
    assert main(["streaks", "recompute"]) == 0
    assert capsys.readouterr().out.strip().endswith("5 member(s) checked, 0 mismatch(es)")


async def test_missed_questions_come_back_before_known_ones() -> None:
    clock = Clock(datetime(2025, 3, 1, 9, tzinfo=UTC))
    quiz = QuizService(MemoryStore(), clock)
    pool = tuple(q for q in QUIZ if q.type == "multiple-choice")[:6]
    known, missed = pool[0], pool[1]
    await quiz.answer(known, known.answer, user_id=1, guild_id=GUILD, answer_key="a")
    wrong = next(o for o in missed.options if o != missed.answer)
    await quiz.answer(missed, wrong, user_id=1, guild_id=GUILD, answer_key="b")
    clock.now += timedelta(days=1)
    session = await quiz.start_practice(pool, user_id=1, guild_id=GUILD, count=6)
    order = [q.id for q in session.questions]
    assert order[0] == missed.id  # due again, and its ease dropped
    assert order.index(known.id) > order.index(missed.id)
    await quiz.close()


async def test_practice_sessions_started_later_have_later_ids() -> None:
    # Their answers' keys then sit together at the end of the database's unique index
    # instead of anywhere in it (see `new_session_id`).
    clock = Clock(datetime(2025, 3, 1, 12, tzinfo=UTC))
    quiz = QuizService(MemoryStore(), clock)
    ids = []
    for user in range(3):
        for _ in range(2):  # two in the same millisecond still differ
            session = await quiz.start_practice(QUIZ, user_id=user, guild_id=GUILD, count=1)
            ids.append(session.id)
        clock.now += timedelta(milliseconds=1)
    assert len(set(ids)) == len(ids)
    assert [ids[i] < ids[j] for i, j in ((0, 2), (1, 3), (2, 4), (3, 5))] == [True] * 4
    await quiz.close()


async def test_two_members_whose_sessions_share_an_id_both_have_their_answers_counted() -> None:
    # Session ids are random only past their millisecond, so two can meet.
    quiz = QuizService(MemoryStore(), Clock(datetime(2025, 3, 1, 12, tzinfo=UTC)))
    first = await quiz.start_practice(QUIZ, user_id=1, guild_id=GUILD, count=1)
    second = await quiz.start_practice(QUIZ, user_id=2, guild_id=GUILD, count=1)
    second.id = first.id
    for session in (first, second):
        question = session.questions[0]
        recorded, _, _ = await quiz.answer_current(session.user_id, session.id, 0, question.answer)
        assert recorded.counted
    for user in (1, 2):
        stats = await quiz.stats(user, GUILD)
        assert stats is not None and stats.answers == 1
    await quiz.close()
