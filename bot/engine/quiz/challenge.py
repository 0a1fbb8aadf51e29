"""The weekly challenge's calendar and question choice. Pure: time comes in as arguments.

Rules:

- A guild's challenge is posted once per ISO week (Monday to Sunday) at its
  weekday and time in its own time zone, and stays open for `hours_open`.
- After downtime, only the current week's post is made up, and only if it is
  still open: a week that passed while the bot was down is skipped, never
  posted late or twice. (That it is posted once is the database's job: the
  post is claimed by a unique row before it is sent.)
- Every member gets the same questions, chosen by a seed made of the guild and
  the week, so a restart or a second bot process chooses the same ones.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Week = tuple[int, int]
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class ChallengeSchedule:
    guild_id: int
    channel_id: int
    weekday: int
    """0 = Monday … 6 = Sunday."""
    at: time
    timezone: str
    questions: int = 5
    hours_open: int = 72

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
        if not 1 <= self.questions <= 20:
            raise ValueError("a challenge has 1 to 20 questions")
        if not 1 <= self.hours_open <= 7 * 24:
            raise ValueError("a challenge stays open 1 hour to 7 days")

    def week_of(self, moment: datetime) -> Week:
        local = moment.astimezone(ZoneInfo(self.timezone)).date()
        year, week, _ = local.isocalendar()
        return year, week

    def opens(self, week: Week) -> datetime:
        """When the challenge of `week` is posted (an aware datetime)."""
        day = date.fromisocalendar(week[0], week[1], self.weekday + 1)
        return datetime.combine(day, self.at, tzinfo=ZoneInfo(self.timezone))

    def closes(self, week: Week) -> datetime:
        return self.opens(week) + timedelta(hours=self.hours_open)

    def due(self, now: datetime, last_posted: Week | None) -> Week | None:
        """The week whose challenge should be posted now, if any."""
        week = self.week_of(now)
        if week == last_posted:
            return None
        if self.opens(week) <= now < self.closes(week):
            return week
        # A challenge opened late in the previous week may still be open now.
        previous = self.week_of(self.opens(week) - timedelta(days=7))
        if previous != last_posted and self.opens(previous) <= now < self.closes(previous):
            return previous
        return None


def questions_for(guild_id: int, week: Week, question_ids: Sequence[str], count: int) -> list[str]:
    """The same questions for every member and every process: seeded by guild and week."""
    rng = random.Random(f"challenge:{guild_id}:{week[0]}-W{week[1]:02d}")
    pool = sorted(question_ids)
    return rng.sample(pool, min(count, len(pool)))


def parse_weekday(text: str) -> int:
    key = text.strip().lower()
    for index, name in enumerate(WEEKDAYS):
        if name.startswith(key[:3]) and len(key) >= 3:
            return index
    raise ValueError(f"{text!r} is not a weekday (Monday … Sunday)")


def parse_time(text: str) -> time:
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"{text!r} is not a time like 18:00") from None
