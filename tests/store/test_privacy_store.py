"""A member's data export and erasure, on every backend: the export holds exactly their
rows, forgetting removes exactly those (in one server, or everywhere), the counters left
agree with a recompute, and a question they asked stays only without their name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.quizzing import QuizService
from bot.store import Miss, MissKind, QuizAnswer, Store, StoredRound, StoredTimer
from bot.store import privacy_records as records
from bot.store.base import ChallengeAttempt, ChallengePost, DebateResult

T0 = datetime(2025, 3, 3, 18, tzinfo=UTC)
WEEK = (2025, 10)
GUILD, OTHER_GUILD = 111, 222
ME, SOMEONE = 42, 43


def answers_of(user: int, guild: int, pattern: list[bool], start: int = 0) -> list[QuizAnswer]:
    out = []
    for n, correct in enumerate(pattern, start=start):
        at = T0 + timedelta(minutes=n)
        key = f"practice:{user}:{guild}:{n}"
        out.append(
            QuizAnswer(key, user, guild, f"q{n}", correct, False, "practice", at, "2025-03-03")
        )
    return out


async def fill(store: Store, user: int) -> None:
    """One of everything the bot keeps about a member, in two servers and in DMs."""
    await store.record_answers(
        answers_of(user, GUILD, [True, True, False, True])
        + answers_of(user, OTHER_GUILD, [True, False], start=10)
    )
    await store.set_timezone(user, "Europe/London")
    for guild in (GUILD, OTHER_GUILD):
        await store.claim_challenge_post(
            ChallengePost(guild, WEEK, ("q1",), T0 + timedelta(days=3), None, False)
        )
        await store.start_attempt(ChallengeAttempt(guild, WEEK, user, T0, None, None))
    await store.finish_attempt(GUILD, WEEK, user, 1, T0 + timedelta(minutes=5))
    finished = StoredRound(f"r{user}a", GUILD, 7, user, "finished", {"speech": "mine"}, T0)
    # As the debate service does: a round is saved when it starts, then finished.
    await store.save_round(StoredRound(f"r{user}a", GUILD, 7, user, "student-turn", {}, T0))
    await store.finish_round(
        finished,
        DebateResult(f"r{user}a", user, GUILD, "m1", "proposition", "drill", 61, "Good.", T0),
    )
    dm_round = StoredRound(f"r{user}b", None, None, user, "finished", {}, T0 + timedelta(hours=1))
    await store.save_round(dm_round)
    await store.finish_round(
        dm_round,
        DebateResult(
            f"r{user}b", user, None, "m2", "opposition", "drill", 40, "Ok.", dm_round.updated_at
        ),
    )
    await store.save_round(
        StoredRound(f"r{user}c", OTHER_GUILD, 8, user, "student-turn", {}, T0 + timedelta(hours=2))
    )
    await store.save_timer(StoredTimer(f"t{user}", GUILD, 9, 10, user, {"speech": 1}, T0))
    await store.record_misses(
        [Miss(MissKind.UNANSWERED, f"who is {user}?", None, GUILD, user, T0 + timedelta(hours=3))]
    )
    await store.record_misses(
        [Miss(MissKind.NOT_HELPFUL, "what is aid", "aid", None, user, T0 + timedelta(hours=4))]
    )


async def test_the_export_holds_exactly_the_members_rows(store: Store) -> None:
    await fill(store, ME)
    await fill(store, SOMEONE)
    await store.record_misses([Miss(MissKind.UNANSWERED, "anon", None, GUILD, None, T0)])

    exported = await store.export_user(ME)

    assert list(exported) == list(records.KINDS)
    assert exported[records.QUIZ_ANSWERS] == [
        records.answer_record(a)
        for a in answers_of(ME, GUILD, [True, True, False, True])
        + answers_of(ME, OTHER_GUILD, [True, False], start=10)
    ]
    assert exported[records.QUIZ_TOTALS] == [
        {
            "server_id": GUILD,
            "answers": 4,
            "correct_answers": 3,
            "current_correct_streak": 1,
            "best_correct_streak": 2,
        },
        {
            "server_id": OTHER_GUILD,
            "answers": 2,
            "correct_answers": 1,
            "current_correct_streak": 0,
            "best_correct_streak": 1,
        },
    ]
    assert exported[records.TIME_ZONE] == [{"time_zone": "Europe/London"}]
    assert [(a["server_id"], a["score"]) for a in exported[records.CHALLENGE_ATTEMPTS]] == [
        (GUILD, 1),
        (OTHER_GUILD, None),
    ]
    assert exported[records.CHALLENGE_ATTEMPTS][0]["started_at"] == T0.isoformat()
    assert [r["round_id"] for r in exported[records.DEBATE_ROUNDS]] == ["r42a", "r42b", "r42c"]
    assert exported[records.DEBATE_ROUNDS][0]["round"] == {"speech": "mine"}
    assert [r["feedback"] for r in exported[records.DEBATE_RESULTS]] == ["Good.", "Ok."]
    assert [t["timer_id"] for t in exported[records.TIMERS]] == ["t42"]
    assert [m["question"] for m in exported[records.FAQ_MISSES]] == ["who is 42?", "what is aid"]
    assert exported[records.FAQ_MISSES][1] == {
        "kind": "not-helpful",
        "question": "what is aid",
        "answer_shown": "aid",
        "server_id": None,
        "at": (T0 + timedelta(hours=4)).isoformat(),
    }


async def test_someone_who_never_used_the_bot_exports_nothing(store: Store) -> None:
    await fill(store, SOMEONE)
    assert await store.export_user(ME) == {kind: [] for kind in records.KINDS}


async def test_forgetting_removes_the_member_everywhere_and_leaves_everyone_else(
    store: Store,
) -> None:
    await fill(store, ME)
    await fill(store, SOMEONE)
    theirs = await store.export_user(SOMEONE)

    counts = await store.forget_user(ME)

    assert counts == {
        records.QUIZ_ANSWERS: 6,
        records.QUIZ_TOTALS: 2,
        records.TIME_ZONE: 1,
        records.CHALLENGE_ATTEMPTS: 2,
        records.DEBATE_ROUNDS: 3,
        records.DEBATE_RESULTS: 2,
        records.TIMERS: 1,
        records.FAQ_MISSES: 2,
    }
    assert await store.export_user(ME) == {kind: [] for kind in records.KINDS}
    assert await store.export_user(SOMEONE) == theirs
    board, total = await store.leaderboard(GUILD, "correct")
    assert [s.user_id for s in board] == [SOMEONE] and total == 1
    board, _ = await store.leaderboard(OTHER_GUILD, "streak")
    assert [s.user_id for s in board] == [SOMEONE]
    assert [a.user_id for a in await store.challenge_results(GUILD, WEEK)] == [SOMEONE]
    assert await store.quiz_stats(ME, GUILD) is None
    assert await store.debate_history(ME) == []
    assert await store.open_round_of(ME) is None
    assert await store.timezone(ME) is None
    assert [t.owner_id for t in await store.timers()] == [SOMEONE]
    assert await store.quiz_members() == [(SOMEONE, GUILD), (SOMEONE, OTHER_GUILD)]
    assert await QuizService(store, lambda: T0).recompute() == []


async def test_the_questions_they_asked_stay_for_authors_without_their_name(store: Store) -> None:
    await fill(store, ME)
    await store.forget_user(ME)
    left = {m.question: m.count for m in await store.misses()}
    assert left == {"who is 42?": 1, "what is aid": 1}


async def test_a_new_answer_after_forgetting_starts_from_zero(store: Store) -> None:
    await fill(store, ME)
    await store.forget_user(ME)
    await store.record_answers(answers_of(ME, GUILD, [True], start=50))
    stats = await store.quiz_stats(ME, GUILD)
    assert stats is not None
    assert (stats.answers, stats.correct, stats.current_correct, stats.best_correct) == (1, 1, 1, 1)
    assert await QuizService(store, lambda: T0).recompute() == []


async def test_forgetting_in_one_server_leaves_the_others_and_the_time_zone(
    store: Store,
) -> None:
    await fill(store, ME)
    await fill(store, SOMEONE)

    counts = await store.forget_user(ME, GUILD)

    assert counts == {
        records.QUIZ_ANSWERS: 4,
        records.QUIZ_TOTALS: 1,
        records.TIME_ZONE: 0,
        records.CHALLENGE_ATTEMPTS: 1,
        records.DEBATE_ROUNDS: 1,
        records.DEBATE_RESULTS: 1,
        records.TIMERS: 1,
        records.FAQ_MISSES: 1,
    }
    left = await store.export_user(ME)
    assert {a["server_id"] for a in left[records.QUIZ_ANSWERS]} == {OTHER_GUILD}
    assert [t["server_id"] for t in left[records.QUIZ_TOTALS]] == [OTHER_GUILD]
    assert left[records.TIME_ZONE] == [{"time_zone": "Europe/London"}]
    assert [a["server_id"] for a in left[records.CHALLENGE_ATTEMPTS]] == [OTHER_GUILD]
    assert [r["round_id"] for r in left[records.DEBATE_ROUNDS]] == ["r42b", "r42c"]
    assert [r["round_id"] for r in left[records.DEBATE_RESULTS]] == ["r42b"]
    assert left[records.TIMERS] == []
    assert [m["question"] for m in left[records.FAQ_MISSES]] == ["what is aid"]
    assert await store.quiz_stats(ME, OTHER_GUILD) is not None
    assert (await store.leaderboard(GUILD, "correct"))[1] == 1
    assert await QuizService(store, lambda: T0).recompute() == []


async def test_forgetting_twice_deletes_nothing_the_second_time(store: Store) -> None:
    await fill(store, ME)
    await store.forget_user(ME, GUILD)
    assert sum((await store.forget_user(ME, GUILD)).values()) == 0
    assert sum((await store.forget_user(ME)).values()) > 0
    assert await store.forget_user(ME) == dict.fromkeys(records.KINDS, 0)
