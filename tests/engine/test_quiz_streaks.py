"""Quiz streak rules, driven by injected datetimes: correct, daily (with freezes) and weekly."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.engine.quiz.streaks import (
    MAX_FREEZES,
    AnswerEvent,
    StreakState,
    apply,
    challenge_week,
    complete_challenge,
    current_daily,
    current_weekly,
    local_day,
    next_week,
    replay,
)

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
NY = "America/New_York"
TOKYO = "Asia/Tokyo"
LONDON = "Europe/London"


def answer(
    at: datetime,
    correct: bool = True,
    *,
    timed_out: bool = False,
    source: str = "practice",
    question: str = "q1",
) -> AnswerEvent:
    return AnswerEvent(1, 10, at, correct, timed_out, question, source)


def run(events: list[AnswerEvent], tz: str = "UTC", state: StreakState | None = None):
    state = state or StreakState()
    for event in events:
        state = apply(state, event, tz=tz)
    return state


def local(day: date, tz: str, hour: int = 12, minute: int = 0) -> datetime:
    """An aware datetime at a wall-clock time on `day` in `tz`."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(tz))


def practice_days(days: list[date], tz: str = "UTC", state: StreakState | None = None):
    return run([answer(local(d, tz)) for d in days], tz, state)


def consecutive(start: date, count: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(count)]


D0 = date(2026, 1, 5)


# -- correct streak ----------------------------------------------------------


def test_correct_streak_counts_runs_and_keeps_the_best() -> None:
    pattern = [True, True, True, False, True, True]
    state = run([answer(T0 + timedelta(minutes=i), ok) for i, ok in enumerate(pattern)])
    assert state.current_correct == 2
    assert state.best_correct == 3
    assert state.answers == 6
    assert state.correct == 5


def test_a_timeout_resets_the_correct_streak_and_counts_as_wrong() -> None:
    events = [answer(T0 + timedelta(minutes=i)) for i in range(4)]
    events.append(answer(T0 + timedelta(minutes=5), correct=False, timed_out=True))
    state = run(events)
    assert (state.current_correct, state.best_correct) == (0, 4)
    # Even if the event claims correct, a timeout is wrong.
    state = apply(state, answer(T0 + timedelta(minutes=6), timed_out=True), tz="UTC")
    assert (state.current_correct, state.correct, state.answers) == (0, 4, 6)


def test_apply_returns_a_new_state_and_leaves_the_old_one() -> None:
    before = StreakState()
    after = apply(before, answer(T0), tz="UTC")
    assert before == StreakState()
    assert after.answers == 1
    assert after.last_practice_day == D0


def test_events_need_aware_datetimes_and_a_known_source() -> None:
    with pytest.raises(ValueError, match="aware"):
        answer(datetime(2026, 1, 5, 12, 0))
    with pytest.raises(ValueError, match="source"):
        answer(T0, source="homework")


# -- daily streak ------------------------------------------------------------


def test_daily_streak_extends_on_the_next_day_and_not_twice_on_one_day() -> None:
    state = run([answer(local(D0, "UTC", h)) for h in (8, 12, 23)])
    assert (state.daily_current, state.last_practice_day) == (1, D0)
    state = practice_days([D0 + timedelta(days=1)], state=state)
    assert (state.daily_current, state.daily_best) == (2, 2)
    assert state.freeze_progress == 2


def test_wrong_answers_and_timeouts_still_count_as_showing_up() -> None:
    events = [
        answer(local(D0, "UTC"), correct=False),
        answer(local(D0 + timedelta(days=1), "UTC"), correct=False, timed_out=True),
        answer(local(D0 + timedelta(days=2), "UTC"), source="challenge"),
    ]
    assert run(events).daily_current == 3


def test_a_gap_without_freezes_restarts_at_one_and_keeps_the_best() -> None:
    state = practice_days([*consecutive(D0, 3), D0 + timedelta(days=5)])
    assert (state.daily_current, state.daily_best) == (1, 3)


def test_local_days_are_calendar_dates_not_24_hour_spans() -> None:
    # 00:10 one day and 23:50 the next are 47h40 apart, yet consecutive days.
    state = run(
        [answer(local(D0, NY, 0, 10)), answer(local(D0 + timedelta(days=1), NY, 23, 50))], NY
    )
    assert state.daily_current == 2
    # 23:50 and 00:10 the next day are 20 minutes apart, and also two days.
    state = run(
        [answer(local(D0, NY, 23, 50)), answer(local(D0 + timedelta(days=1), NY, 0, 10))], NY
    )
    assert state.daily_current == 2


def test_the_same_instants_are_different_days_in_new_york_and_tokyo() -> None:
    # 03:00 UTC = 22:00 Jan 14 in New York, 12:00 Jan 15 in Tokyo;
    # 14:00 UTC = 09:00 Jan 15 in New York, 23:00 Jan 15 in Tokyo.
    morning = datetime(2026, 1, 15, 3, 0, tzinfo=UTC)
    afternoon = datetime(2026, 1, 15, 14, 0, tzinfo=UTC)
    events = [answer(morning), answer(afternoon)]
    ny, tokyo = run(events, NY), run(events, TOKYO)
    assert (ny.daily_current, ny.last_practice_day) == (2, date(2026, 1, 15))
    assert (tokyo.daily_current, tokyo.last_practice_day) == (1, date(2026, 1, 15))

    # 13:00 UTC = 08:00 Jan 15 in New York, 22:00 Jan 15 in Tokyo;
    # 16:00 UTC = 11:00 Jan 15 in New York, 01:00 Jan 16 in Tokyo.
    events = [
        answer(datetime(2026, 1, 15, 13, tzinfo=UTC)),
        answer(datetime(2026, 1, 15, 16, tzinfo=UTC)),
    ]
    ny, tokyo = run(events, NY), run(events, TOKYO)
    assert (ny.daily_current, ny.last_practice_day) == (1, date(2026, 1, 15))
    assert (tokyo.daily_current, tokyo.last_practice_day) == (2, date(2026, 1, 16))


def test_current_daily_depends_on_the_members_midnight() -> None:
    state = run([answer(datetime(2026, 1, 15, 14, 0, tzinfo=UTC))], NY)  # Jan 15 in NY
    # 04:30 UTC on Jan 17 is still Jan 16 in New York: yesterday was practised.
    assert current_daily(state, datetime(2026, 1, 17, 4, 30, tzinfo=UTC), NY) == 1
    # 05:30 UTC is Jan 17 in New York: Jan 16 was missed and there is no freeze.
    assert current_daily(state, datetime(2026, 1, 17, 5, 30, tzinfo=UTC), NY) == 0


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (date(2026, 3, 28), date(2026, 3, 29)),  # clocks go forward: a 23-hour day
        (date(2026, 10, 24), date(2026, 10, 25)),  # clocks go back: a 25-hour day
    ],
)
def test_dst_changes_in_london_neither_add_nor_lose_a_day(before: date, after: date) -> None:
    days = [before, after, after + timedelta(days=1)]
    # Just after midnight and just before it on each day: with one hour more or less
    # in the changeover day, a 24-hour count would merge or split days here.
    events = [answer(local(d, LONDON, h, m)) for d in days for h, m in ((0, 10), (23, 50))]
    state = run(events, LONDON)
    assert (state.daily_current, state.last_practice_day) == (3, days[-1])
    assert state.freeze_progress == 3
    # The day after the changeover shows the streak standing, the next one broken.
    later = days[-1] + timedelta(days=1)
    assert current_daily(state, local(later, LONDON, 23, 59), LONDON) == 3
    assert current_daily(state, local(later + timedelta(days=1), LONDON, 0, 1), LONDON) == 0


def test_local_day_across_london_dst_in_utc_terms() -> None:
    # 23:30 UTC on Mar 29 2026 is already Mar 30 in London (BST); in January it is not.
    assert local_day(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), LONDON) == date(2026, 3, 30)
    assert local_day(datetime(2026, 1, 29, 23, 30, tzinfo=UTC), LONDON) == date(2026, 1, 29)


# -- freezes -----------------------------------------------------------------


def test_freezes_are_earned_at_7_and_14_practice_days_and_capped_at_2() -> None:
    state = practice_days(consecutive(D0, 6))
    assert (state.freezes, state.freeze_progress) == (0, 6)
    state = practice_days([D0 + timedelta(days=6)], state=state)
    assert (state.freezes, state.freeze_progress) == (1, 0)
    state = practice_days(consecutive(D0 + timedelta(days=7), 7), state=state)
    assert (state.freezes, state.freeze_progress, state.daily_current) == (2, 0, 14)
    state = practice_days(consecutive(D0 + timedelta(days=14), 7), state=state)
    assert (state.freezes, state.freeze_progress, state.daily_current) == (MAX_FREEZES, 0, 21)


def test_practice_days_earn_freezes_even_across_a_broken_streak() -> None:
    days = [*consecutive(D0, 3), *consecutive(D0 + timedelta(days=10), 4)]
    state = practice_days(days)
    assert (state.daily_current, state.freezes, state.freeze_progress) == (4, 1, 0)


def test_one_freeze_covers_one_missed_day() -> None:
    state = practice_days(consecutive(D0, 14))
    assert state.freezes == 2
    state = practice_days([D0 + timedelta(days=15)], state=state)  # day 14 missed
    assert (state.daily_current, state.freezes, state.freeze_progress) == (15, 1, 1)


def test_two_freezes_cover_two_missed_days() -> None:
    state = practice_days(consecutive(D0, 14))
    state = practice_days([D0 + timedelta(days=16)], state=state)  # days 14 and 15 missed
    assert (state.daily_current, state.daily_best, state.freezes) == (15, 15, 0)


def test_too_few_freezes_restart_the_streak_and_are_kept() -> None:
    state = practice_days(consecutive(D0, 7))
    assert state.freezes == 1
    state = practice_days([D0 + timedelta(days=9)], state=state)  # two days missed
    assert (state.daily_current, state.daily_best, state.freezes) == (1, 7, 1)


def test_freezes_for_missed_days_are_spent_before_today_earns_one() -> None:
    # Full up, one day short of the next freeze: earning first would lose that freeze
    # to the cap and then spend one, leaving 1.
    state = practice_days(consecutive(D0, 20))
    assert (state.freezes, state.freeze_progress) == (2, 6)
    state = practice_days([D0 + timedelta(days=21)], state=state)  # day 20 missed
    assert (state.daily_current, state.freezes, state.freeze_progress) == (21, 2, 0)


def test_current_daily_counts_freezes_without_spending_them() -> None:
    state = practice_days(consecutive(D0, 7))  # one freeze, last day D0+6
    last = D0 + timedelta(days=6)
    assert current_daily(state, local(last, "UTC", 23, 59), "UTC") == 7
    assert current_daily(state, local(last + timedelta(days=1), "UTC"), "UTC") == 7
    assert current_daily(state, local(last + timedelta(days=2), "UTC"), "UTC") == 7  # 1 freeze
    assert current_daily(state, local(last + timedelta(days=3), "UTC"), "UTC") == 0
    assert state.freezes == 1
    assert current_daily(StreakState(), T0, "UTC") == 0


def test_an_answer_dated_before_the_last_practice_day_leaves_the_daily_streak() -> None:
    state = practice_days(consecutive(D0, 3))
    late = apply(state, answer(local(D0, "UTC"), correct=False), tz="UTC")
    assert late.daily_current == 3
    assert late.last_practice_day == state.last_practice_day
    assert (late.answers, late.current_correct) == (4, 0)


# -- weekly streak -----------------------------------------------------------


def test_weekly_streak_across_a_year_with_53_weeks() -> None:
    assert next_week((2026, 52)) == (2026, 53)
    assert next_week((2026, 53)) == (2027, 1)
    assert next_week((2025, 52)) == (2026, 1)  # 2025 has no week 53
    state = StreakState()
    for week in [(2026, 52), (2026, 53), (2027, 1), (2027, 2)]:
        state = complete_challenge(state, week)
    assert (state.weekly_current, state.weekly_best, state.last_challenge_week) == (4, 4, (2027, 2))


def test_weekly_streak_restarts_after_a_skipped_week_and_keeps_the_same_week() -> None:
    state = complete_challenge(StreakState(), (2025, 51))
    state = complete_challenge(state, (2025, 52))
    state = complete_challenge(state, (2025, 52))
    assert state.weekly_current == 2
    state = complete_challenge(state, (2026, 2))  # 2026-W01 skipped
    assert (state.weekly_current, state.weekly_best) == (1, 2)


def test_an_earlier_week_changes_nothing() -> None:
    state = complete_challenge(complete_challenge(StreakState(), (2026, 9)), (2026, 10))
    assert complete_challenge(state, (2026, 8)) == state


def test_a_week_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError):
        complete_challenge(StreakState(), (2025, 53))


def test_challenge_week_is_taken_in_the_guilds_time_zone() -> None:
    # Monday Jan 4 2027 03:00 UTC is still Sunday Jan 3 in Los Angeles: 2026-W53.
    moment = datetime(2027, 1, 4, 3, 0, tzinfo=UTC)
    assert challenge_week(moment, "UTC") == (2027, 1)
    assert challenge_week(moment, "America/Los_Angeles") == (2026, 53)


def test_current_weekly_stands_through_the_following_week() -> None:
    state = complete_challenge(complete_challenge(StreakState(), (2026, 52)), (2026, 53))
    assert current_weekly(state, datetime(2027, 1, 1, tzinfo=UTC), "UTC") == 2  # W53
    assert current_weekly(state, datetime(2027, 1, 10, 23, tzinfo=UTC), "UTC") == 2  # W01
    assert current_weekly(state, datetime(2027, 1, 11, 1, tzinfo=UTC), "UTC") == 0  # W02
    assert current_weekly(StreakState(), T0, "UTC") == 0


# -- replay ------------------------------------------------------------------


def random_history(rng: random.Random) -> tuple[list[AnswerEvent], list[tuple[int, int]]]:
    """Answers at distinct instants over a few months, with bursts, gaps and timeouts."""
    events = []
    moment = datetime(2025, 11, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(86_400))
    for _ in range(rng.randrange(1, 300)):
        moment += rng.choice(
            [
                timedelta(seconds=rng.randrange(1, 600)),  # same session
                timedelta(hours=rng.uniform(1, 30)),  # the next day or so
                timedelta(days=rng.uniform(1, 4)),  # a gap freezes may cover
                timedelta(days=rng.uniform(3, 12)),  # a broken streak
            ]
        )
        timed_out = rng.random() < 0.1
        events.append(
            AnswerEvent(
                7,
                9,
                moment,
                rng.random() < 0.7,
                timed_out,
                f"q{rng.randrange(40)}",
                rng.choice(("practice", "challenge")),
            )
        )
    weeks = sorted({challenge_week(e.at, "UTC") for e in events if rng.random() < 0.05})
    return events, weeks


@pytest.mark.parametrize("seed", range(40))
def test_replay_equals_the_live_numbers(seed: int) -> None:
    rng = random.Random(seed)
    tz = rng.choice(["UTC", NY, TOKYO, LONDON, "Australia/Lord_Howe", "Asia/Kolkata"])
    events, weeks = random_history(rng)

    live = StreakState()
    for event in events:
        live = apply(live, event, tz=tz)
    for week in weeks:
        live = complete_challenge(live, week)

    shuffled_events, shuffled_weeks = events[:], weeks[:]
    rng.shuffle(shuffled_events)
    rng.shuffle(shuffled_weeks)
    assert replay(shuffled_events, tz=tz, challenge_weeks=shuffled_weeks) == live

    # And the live numbers agree with counting from scratch.
    outcomes = [e.correct and not e.timed_out for e in events]
    runs = "".join("1" if ok else "0" for ok in outcomes).split("0")
    assert live.current_correct == len(runs[-1])
    assert live.best_correct == max(len(r) for r in runs)
    assert (live.answers, live.correct) == (len(events), sum(outcomes))
    days = {local_day(e.at, tz) for e in events}
    assert live.last_practice_day == max(days)
    assert 1 <= live.daily_current <= live.daily_best <= len(days)
    assert 0 <= live.freezes <= MAX_FREEZES
    assert live.freeze_progress == len(days) % 7


def test_replay_of_nothing_is_the_empty_state() -> None:
    assert replay([], tz="UTC") == StreakState()


def test_replay_keeps_the_given_order_of_simultaneous_answers() -> None:
    events = [answer(T0, correct=False), answer(T0)]
    assert replay(events, tz="UTC").current_correct == 1
    assert replay(list(reversed(events)), tz="UTC").current_correct == 0


def test_state_is_a_frozen_value() -> None:
    state = StreakState()
    with pytest.raises(AttributeError):
        state.freezes = 2  # type: ignore[misc]
    assert replace(state, freezes=2).freezes == 2
