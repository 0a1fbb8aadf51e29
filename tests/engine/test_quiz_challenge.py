"""The weekly challenge's calendar: posted once a week in the guild's zone, caught up after
downtime only while still open, and the same questions for everyone."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.engine.quiz.challenge import (
    ChallengeSchedule,
    parse_time,
    parse_weekday,
    questions_for,
)

LONDON = ChallengeSchedule(1, 2, weekday=0, at=time(18, 0), timezone="Europe/London")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_post_is_due_at_the_local_time_and_not_before() -> None:
    # Monday 2025-03-03 18:00 in London is 18:00 UTC (winter time).
    assert LONDON.due(utc(2025, 3, 3, 17, 59), None) is None
    assert LONDON.due(utc(2025, 3, 3, 18, 0), None) == (2025, 10)
    assert LONDON.due(utc(2025, 3, 3, 18, 0), (2025, 10)) is None  # already posted


def test_summer_time_moves_the_post_with_the_local_clock() -> None:
    # Monday 2025-06-02 18:00 in London is 17:00 UTC.
    assert LONDON.due(utc(2025, 6, 2, 17, 0), None) == (2025, 23)
    assert LONDON.opens((2025, 23)) == utc(2025, 6, 2, 17, 0)


def test_catch_up_after_downtime_posts_once_while_open_and_skips_missed_weeks() -> None:
    # Down from Monday 17:00 to Tuesday 09:00: the challenge is still open, post it now.
    assert LONDON.due(utc(2025, 3, 4, 9, 0), (2025, 9)) == (2025, 10)
    # Down until Friday: the 72 h window closed on Thursday 18:00; nothing to post.
    assert LONDON.due(utc(2025, 3, 7, 9, 0), (2025, 9)) is None


def test_a_sunday_evening_challenge_stays_due_into_the_next_iso_week() -> None:
    sunday = ChallengeSchedule(1, 2, weekday=6, at=time(20, 0), timezone="UTC")
    assert sunday.due(utc(2025, 3, 10, 1, 0), None) == (2025, 10)  # Monday 01:00, still open


def test_every_member_and_process_gets_the_same_questions() -> None:
    ids = [f"q{n}" for n in range(40)]
    first = questions_for(7, (2025, 10), ids, 5)
    assert first == questions_for(7, (2025, 10), list(reversed(ids)), 5)
    assert len(set(first)) == 5
    assert first != questions_for(7, (2025, 11), ids, 5)
    assert first != questions_for(8, (2025, 10), ids, 5)


def test_settings_are_parsed_with_clear_errors() -> None:
    assert parse_weekday("Fri") == 4 and parse_weekday("sunday") == 6
    assert parse_time("18:30") == time(18, 30)
    with pytest.raises(ValueError, match="not a weekday"):
        parse_weekday("someday")
    with pytest.raises(ValueError, match="like 18:00"):
        parse_time("6pm")
    with pytest.raises(ValueError, match="1 to 20 questions"):
        ChallengeSchedule(1, 2, weekday=0, at=time(18), timezone="UTC", questions=50)
