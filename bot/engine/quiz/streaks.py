"""Quiz streaks: what one answer, or one finished weekly challenge, does to a member's numbers.

The rules:

Correct streak
    Consecutive correct answers, across practice and challenge. A wrong answer
    resets the current run to 0, and so does a timeout: a timeout counts as a
    wrong answer even if the event says `correct`. The best run is kept.
    `answers` and `correct` are plain totals under the same rule.

Daily practice streak (in the member's own time zone)
    A practice day is a local calendar date with at least one answer, practice
    or challenge, timeouts included: showing up is what counts. Days are dates,
    never 24-hour spans, so a DST change neither adds nor loses a day, and the
    same instant may be two different days for members in New York and Tokyo.

    - The first practice day starts the streak at 1.
    - Another answer on the last practice day changes nothing.
    - The day after the last practice day extends the streak by 1.
    - After a gap of k missed days: if the member holds k freezes or more, k of
      them are spent and the streak goes on (+1 for today; the missed days add
      nothing). Otherwise the streak restarts at 1 and the freezes are kept.
    - A freeze is earned each time 7 more practice days are completed since the
      last one was earned (`freeze_progress`), and a member never holds more than
      2: a freeze earned with 2 in hand is lost, and the count starts again, so
      days practised while full are not banked for later. On the day a member
      comes back, the freezes for the missed days are spent before that day
      counts towards the next one, so coming back after one missed day with 2
      freezes and 6 days of progress leaves 2 freezes, not 1. Nothing else
      gives a freeze (there is no paid repair).
    - An answer dated before the last practice day (the member moved west across
      midnight, or a clock went back) changes the totals and the correct streak
      but not the daily streak: a day already behind us cannot extend or break it.

    What is stored is the streak as of the last practice day. `current_daily`
    gives the streak as it stands at a given moment: it is 0 once more days have
    been missed than the freezes could cover, without touching what is stored.

Weekly challenge streak (in the guild's challenge time zone)
    Weeks are ISO weeks (Monday to Sunday) as tuples `(iso_year, week)`.
    Completing the challenge in week w extends the streak when the last
    challenge week was w-1 (counted across year boundaries: 2026-W53 is
    followed by 2027-W01), keeps it when it was w, and restarts it at 1 after a
    skipped week. A week earlier than the last one (the guild moved its time
    zone west across Monday midnight) changes nothing, for the same reason as
    a late daily answer.

Everything here is pure: state in, new state out, time passed as aware
datetimes. `replay` folds `apply` over an answer history sorted by time, so a
recompute from the stored history gives exactly the numbers kept live.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

SOURCES = ("practice", "challenge")
FREEZE_EVERY = 7
"""Practice days that earn one streak freeze."""
MAX_FREEZES = 2

Week = tuple[int, int]
"""An ISO week: (ISO year, week number 1..53)."""


@dataclass(frozen=True, slots=True)
class AnswerEvent:
    """One recorded quiz answer, as the streak rules see it."""

    user_id: int
    guild_id: int
    at: datetime
    """When it was answered: an aware datetime (the store keeps UTC)."""
    correct: bool
    timed_out: bool
    """No answer in time; counts as wrong whatever `correct` says."""
    question_id: str
    source: str
    """Either "practice" or "challenge"."""

    def __post_init__(self) -> None:
        _require_aware(self.at)
        if self.source not in SOURCES:
            raise ValueError(f"unknown answer source {self.source!r}; expected one of {SOURCES}")

    @property
    def counts_correct(self) -> bool:
        return self.correct and not self.timed_out


@dataclass(frozen=True, slots=True)
class StreakState:
    """A member's quiz numbers in one guild. `StreakState()` is a member who never answered."""

    current_correct: int = 0
    best_correct: int = 0
    answers: int = 0
    correct: int = 0
    daily_current: int = 0
    """The daily streak as of `last_practice_day`; see `current_daily` for today's view."""
    daily_best: int = 0
    last_practice_day: date | None = None
    """A calendar date in the member's time zone; None before the first answer."""
    freezes: int = 0
    """Freezes in hand, 0..2."""
    freeze_progress: int = 0
    """Practice days since the last freeze was earned, 0..6."""
    weekly_current: int = 0
    weekly_best: int = 0
    last_challenge_week: Week | None = None


def apply(state: StreakState, event: AnswerEvent, *, tz: str) -> StreakState:
    """The state after one more answer; `tz` is the member's IANA time zone name."""
    counts = event.counts_correct
    current_correct = state.current_correct + 1 if counts else 0
    state = replace(
        state,
        current_correct=current_correct,
        best_correct=max(state.best_correct, current_correct),
        answers=state.answers + 1,
        correct=state.correct + int(counts),
    )
    return _practise(state, local_day(event.at, tz))


def complete_challenge(state: StreakState, week: Week) -> StreakState:
    """The state after finishing the weekly challenge in ISO `week` (the guild's time zone)."""
    week = _check_week(week)
    last = state.last_challenge_week
    if last is not None and week <= last:
        return state  # the same week again, or a week already behind us
    current = state.weekly_current + 1 if last is not None and week == next_week(last) else 1
    return replace(
        state,
        weekly_current=current,
        weekly_best=max(state.weekly_best, current),
        last_challenge_week=week,
    )


def replay(
    events: Iterable[AnswerEvent],
    *,
    tz: str,
    challenge_weeks: Iterable[Week] = (),
) -> StreakState:
    """Recompute a member's state from their whole history.

    Answers are applied in order of time (answers at the same instant keep their
    given order, as the store returns them), then completed challenges in week
    order; the two parts touch different fields, so their interleaving does not
    matter.
    """
    state = StreakState()
    for event in sorted(events, key=lambda e: e.at):
        state = apply(state, event, tz=tz)
    for week in sorted(_check_week(w) for w in challenge_weeks):
        state = complete_challenge(state, week)
    return state


def current_daily(state: StreakState, now: datetime, tz: str) -> int:
    """The daily streak as shown at `now`: 0 once the missed days outnumber the freezes.

    Today is not missed until it is over, so a streak whose last practice day was
    yesterday still stands. Stored state is not changed: the freezes are spent
    when the member next answers.
    """
    last = state.last_practice_day
    if last is None:
        return 0
    missed = (local_day(now, tz) - last).days - 1
    return state.daily_current if missed <= state.freezes else 0


def current_weekly(state: StreakState, now: datetime, tz: str) -> int:
    """The weekly streak as shown at `now`: it stands through the week after the last one."""
    last = state.last_challenge_week
    if last is None:
        return 0
    this_week = challenge_week(now, tz)
    return state.weekly_current if this_week in (last, next_week(last)) else 0


def local_day(moment: datetime, tz: str) -> date:
    """The calendar date `moment` falls on in time zone `tz`."""
    _require_aware(moment)
    return moment.astimezone(ZoneInfo(tz)).date()


def challenge_week(moment: datetime, tz: str) -> Week:
    """The ISO week `moment` falls in, in the guild's challenge time zone `tz`."""
    iso = local_day(moment, tz).isocalendar()
    return (iso.year, iso.week)


def next_week(week: Week) -> Week:
    """The ISO week after `week`, across year boundaries (2026-W53 -> 2027-W01)."""
    iso = (date.fromisocalendar(week[0], week[1], 1) + timedelta(days=7)).isocalendar()
    return (iso.year, iso.week)


def _practise(state: StreakState, day: date) -> StreakState:
    """Count `day` as a practice day (the daily streak rules above)."""
    last = state.last_practice_day
    if last is not None and day <= last:
        return state
    freezes = state.freezes
    if last is None:
        current = 1
    else:
        missed = (day - last).days - 1
        if missed <= freezes:
            freezes -= missed  # 0 when the member came back the next day
            current = state.daily_current + 1
        else:
            current = 1
    progress = state.freeze_progress + 1
    if progress >= FREEZE_EVERY:
        progress = 0
        freezes = min(MAX_FREEZES, freezes + 1)
    return replace(
        state,
        daily_current=current,
        daily_best=max(state.daily_best, current),
        last_practice_day=day,
        freezes=freezes,
        freeze_progress=progress,
    )


def _check_week(week: Week) -> Week:
    """`week` as a plain tuple; ValueError when no such ISO week exists (e.g. 2025-W53)."""
    year, number = week
    date.fromisocalendar(year, number, 1)
    return (year, number)


def _require_aware(moment: datetime) -> None:
    # A naive datetime is a bug in the caller: its local day would be a guess.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("streak rules need timezone-aware datetimes")
