"""What a member's data export holds: the kinds of record, and each row as plain JSON.

Every backend builds its export from these functions, so a member gets the same
document whichever database the bot runs on, and the contract tests can compare
backends row for row. Field names are for the member reading the file, not the
column names.
"""

from __future__ import annotations

from bot.store.base import (
    ChallengeAttempt,
    DebateResult,
    Miss,
    QuizAnswer,
    QuizStats,
    StoredRound,
    StoredTimer,
)

QUIZ_ANSWERS = "quiz_answers"
QUIZ_TOTALS = "quiz_totals"
TIME_ZONE = "time_zone"
CHALLENGE_ATTEMPTS = "challenge_attempts"
DEBATE_ROUNDS = "debate_rounds"
DEBATE_RESULTS = "debate_results"
TIMERS = "timers"
FAQ_MISSES = "faq_misses"

KINDS = (
    QUIZ_ANSWERS,
    QUIZ_TOTALS,
    TIME_ZONE,
    CHALLENGE_ATTEMPTS,
    DEBATE_ROUNDS,
    DEBATE_RESULTS,
    TIMERS,
    FAQ_MISSES,
)
"""Every kind, in the order an export lists them. `forget_user` counts each of them;
for FAQ_MISSES the count is of questions unlinked from the member, not deleted."""

GLOBAL_KINDS = frozenset({TIME_ZONE})
"""Kinds that belong to no server: forgetting a member in one server leaves them."""


def answer_record(a: QuizAnswer) -> dict:
    return {
        "server_id": a.guild_id,
        "question_id": a.question_id,
        "correct": a.correct,
        "timed_out": a.timed_out,
        "source": a.source,
        "answered_at": a.at.isoformat(),
        "local_day": a.local_day,
        "answer_key": a.answer_key,
    }


def totals_record(s: QuizStats) -> dict:
    return {
        "server_id": s.guild_id,
        "answers": s.answers,
        "correct_answers": s.correct,
        "current_correct_streak": s.current_correct,
        "best_correct_streak": s.best_correct,
    }


def time_zone_record(name: str) -> dict:
    return {"time_zone": name}


def attempt_record(a: ChallengeAttempt) -> dict:
    return {
        "server_id": a.guild_id,
        "year": a.week[0],
        "week": a.week[1],
        "started_at": a.started_at.isoformat(),
        "finished_at": a.finished_at.isoformat() if a.finished_at else None,
        "score": a.score,
    }


def round_record(r: StoredRound) -> dict:
    return {
        "round_id": r.id,
        "server_id": r.guild_id,
        "channel_id": r.channel_id,
        "status": r.status,
        "updated_at": r.updated_at.isoformat(),
        "round": r.state,
    }


def result_record(r: DebateResult) -> dict:
    return {
        "round_id": r.round_id,
        "server_id": r.guild_id,
        "motion_id": r.motion_id,
        "side": r.side,
        "format": r.format_key,
        "score": r.score,
        "feedback": r.summary,
        "finished_at": r.finished_at.isoformat(),
    }


def timer_record(t: StoredTimer) -> dict:
    return {
        "timer_id": t.id,
        "server_id": t.guild_id,
        "channel_id": t.channel_id,
        "message_id": t.message_id,
        "updated_at": t.updated_at.isoformat(),
        "timer": t.state,
    }


def miss_record(m: Miss) -> dict:
    return {
        "kind": str(m.kind),
        "question": m.question,
        "answer_shown": m.entry_id,
        "server_id": m.guild_id,
        "at": m.at.isoformat(),
    }
