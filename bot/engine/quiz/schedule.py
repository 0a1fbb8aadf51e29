"""When a member should see a question again: SM-2 spaced repetition, and picking a set.

Reviewing a card (SM-2, as published by Wozniak, 1987):

- Each answer gets a quality from 0 to 5: by default 5 when correct, 2 when wrong.
  3 and up is a pass. A caller that knows more (a slow right answer is a 3 or a 4)
  may pass its own, as long as it agrees with `correct`.
- A pass grows the interval: 1 day after the first, 6 after the second, then
  the previous interval times the ease, rounded to whole days.
- A miss starts the card over: repetitions back to 0, interval 1 day. So a
  missed question comes back tomorrow, a known one days or weeks later.
- The ease changes by 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02) after every answer,
  after the interval is computed: +0.1 for a 5, -0.32 for a 2. It never goes
  below 1.3, so a hard card's interval still grows once it is learnt.
- The card falls due `interval_days` after the review. Reviewing early is allowed
  and counts like any other review.

Picking questions for a session (`pick`):

1. Due cards and questions never seen come first; cards not yet due fill the set
   only when there are too few of those.
2. Within each group, weaker questions first: lower ease (missed more often)
   before higher, then the more overdue before the less (for cards not yet
   due: the sooner due). A never-seen question counts as ease 2.5 and just
   due, which puts it after the missed cards and before the known ones.
3. Exact ties (such as several never-seen questions) are broken by `rng`, so a
   seeded `random.Random` gives the same set every time.
4. No question appears twice in one pick, even if listed twice.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

DEFAULT_EASE = 2.5
MIN_EASE = 1.3
PASS = 3
"""Lowest quality that counts as a correct answer."""
QUALITY_CORRECT = 5
QUALITY_WRONG = 2


@dataclass(frozen=True, slots=True)
class Card:
    """One member's schedule for one question."""

    question_id: str
    repetitions: int = 0
    """Correct answers in a row since the last miss."""
    interval_days: int = 0
    """Days from the last review to `due`; 0 before the first review."""
    ease: float = DEFAULT_EASE
    due: datetime = field(kw_only=True)
    """When the question should be asked again: an aware datetime."""

    def __post_init__(self) -> None:
        _require_aware(self.due)

    @classmethod
    def new(cls, question_id: str, now: datetime) -> Card:
        """A card for a question never reviewed: due at once."""
        return cls(question_id, due=now)


def review(card: Card, correct: bool, now: datetime, quality: int | None = None) -> Card:
    """The card after answering its question at `now` (the SM-2 rules above)."""
    _require_aware(now)
    if quality is None:
        quality = QUALITY_CORRECT if correct else QUALITY_WRONG
    if not 0 <= quality <= 5:
        raise ValueError(f"SM-2 quality must be 0..5, not {quality}")
    if (quality >= PASS) != correct:
        raise ValueError(f"quality {quality} contradicts correct={correct}")
    if correct:
        if card.repetitions == 0:
            interval = 1
        elif card.repetitions == 1:
            interval = 6
        else:
            interval = max(1, round(card.interval_days * card.ease))
        repetitions = card.repetitions + 1
    else:
        interval = 1
        repetitions = 0
    lost = 5 - quality
    ease = max(MIN_EASE, card.ease + 0.1 - lost * (0.08 + lost * 0.02))
    return replace(
        card,
        repetitions=repetitions,
        interval_days=interval,
        ease=ease,
        due=now + timedelta(days=interval),
    )


def pick(
    questions: Sequence[str],
    cards: Mapping[str, Card],
    now: datetime,
    count: int,
    rng: random.Random,
) -> list[str]:
    """Up to `count` distinct question ids from `questions`, most needed first.

    `cards` maps a question id to the member's card for it; a question without
    one has never been seen. Cards for questions not in `questions` (retired
    from the content) are ignored.
    """
    _require_aware(now)
    if count <= 0:
        return []
    distinct = list(dict.fromkeys(questions))
    # One draw per question in the given order, so a seed always breaks ties alike.
    ties = {question: rng.random() for question in distinct}

    def need(question: str) -> tuple[bool, float, float, float]:
        card = cards.get(question)
        if card is None:
            return (False, DEFAULT_EASE, 0.0, ties[question])
        overdue = (now - card.due).total_seconds()
        # Ease rounded so that float noise from the ease arithmetic is not a ranking.
        return (overdue < 0, round(card.ease, 6), -overdue, ties[question])

    return sorted(distinct, key=need)[:count]


def _require_aware(moment: datetime) -> None:
    # A naive datetime is a bug in the caller: "due" would be a guess.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the quiz schedule needs timezone-aware datetimes")
