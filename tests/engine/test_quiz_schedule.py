"""Spaced repetition: SM-2 reviews and picking a session's questions, with injected time."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.engine.quiz.schedule import MIN_EASE, Card, pick, review

NOW = datetime(2026, 2, 2, 18, 0, tzinfo=UTC)


def days(n: float) -> timedelta:
    return timedelta(days=n)


def card(question: str, *, due: datetime = NOW, ease: float = 2.5, reps: int = 0) -> Card:
    return Card(question, reps, 1 if reps else 0, ease, due=due)


# -- review ------------------------------------------------------------------


def test_intervals_grow_1_then_6_then_about_15() -> None:
    c = Card.new("q", NOW)
    seen = []
    moment = NOW
    for _ in range(4):
        c = review(c, True, moment)
        seen.append(c.interval_days)
        assert c.due == moment + days(c.interval_days)
        moment = c.due
    assert seen[:2] == [1, 6]
    assert 15 <= seen[2] <= 17  # 6 x 2.7 (ease after two perfect answers), rounded
    assert seen[3] > seen[2] * 2.5
    assert c.repetitions == 4


def test_a_missed_question_comes_back_sooner_than_a_known_one() -> None:
    known = missed = review(review(Card.new("q", NOW), True, NOW), True, NOW + days(1))
    known = review(known, True, NOW + days(7))
    missed = review(missed, False, NOW + days(7))
    assert (missed.repetitions, missed.interval_days) == (0, 1)
    assert missed.due == NOW + days(8)
    assert missed.due < known.due
    assert missed.ease < known.ease
    # After the miss it climbs again from 1, 6.
    again = review(missed, True, missed.due)
    assert again.interval_days == 1
    assert review(again, True, again.due).interval_days == 6


def test_ease_changes_by_the_sm2_formula() -> None:
    c = Card.new("q", NOW)
    assert review(c, True, NOW).ease == pytest.approx(2.6)
    assert review(c, False, NOW).ease == pytest.approx(2.18)
    assert review(c, True, NOW, quality=4).ease == pytest.approx(2.5)
    assert review(c, True, NOW, quality=3).ease == pytest.approx(2.36)
    assert review(c, False, NOW, quality=0).ease == pytest.approx(1.7)


def test_ease_never_falls_below_1_3() -> None:
    c = Card.new("q", NOW)
    for i in range(10):
        c = review(c, False, NOW + days(i), quality=0)
    assert c.ease == MIN_EASE
    # A learnt hard card still grows, by the floor ease.
    for _ in range(3):
        c = review(c, True, c.due, quality=3)
    assert c.interval_days == round(6 * MIN_EASE)


def test_quality_must_fit_the_answer() -> None:
    c = Card.new("q", NOW)
    for correct, quality in [(True, 2), (False, 3), (True, 6), (False, -1)]:
        with pytest.raises(ValueError):
            review(c, correct, NOW, quality=quality)


def test_times_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        Card("q", due=datetime(2026, 2, 2))
    with pytest.raises(ValueError, match="aware"):
        review(Card.new("q", NOW), True, datetime(2026, 2, 2))


# -- pick --------------------------------------------------------------------


def test_due_and_new_questions_come_before_ones_not_yet_due() -> None:
    cards = {
        "later": card("later", due=NOW + days(3), ease=1.3),  # weak, but not due
        "due": card("due", due=NOW - days(1), ease=2.8, reps=3),
    }
    order = pick(["later", "due", "new"], cards, NOW, 3, random.Random(1))
    assert order[2] == "later"
    assert set(order[:2]) == {"due", "new"}


def test_missed_questions_come_before_new_and_known_ones() -> None:
    cards = {
        "known": card("known", due=NOW - days(1), ease=2.9, reps=4),
        "missed": card("missed", due=NOW - days(1), ease=1.86),
        "shaky": card("shaky", due=NOW, ease=2.18),
    }
    order = pick(["known", "new", "missed", "shaky"], cards, NOW, 4, random.Random(0))
    assert order == ["missed", "shaky", "new", "known"]


def test_of_equal_ease_the_more_overdue_comes_first() -> None:
    cards = {
        "a": card("a", due=NOW - days(1)),
        "b": card("b", due=NOW - days(9)),
        "c": card("c", due=NOW + days(5)),
        "d": card("d", due=NOW + days(2)),
    }
    assert pick(["a", "b", "c", "d"], cards, NOW, 4, random.Random(0)) == ["b", "a", "d", "c"]


def test_a_pick_lists_each_question_once_and_at_most_count() -> None:
    questions = ["a", "b", "a", "c", "b", "d"]
    for count in range(8):
        got = pick(questions, {}, NOW, count, random.Random(count))
        assert len(got) == len(set(got)) == min(count, 4)
        assert set(got) <= set(questions)
    assert pick(questions, {}, NOW, -1, random.Random(0)) == []


def test_cards_of_retired_questions_are_ignored() -> None:
    cards = {"gone": card("gone", due=NOW - days(30), ease=1.3)}
    assert pick(["a"], cards, NOW, 5, random.Random(0)) == ["a"]


def test_ties_are_broken_by_the_rng_and_a_seed_replays_them() -> None:
    questions = [f"q{i}" for i in range(30)]
    first = pick(questions, {}, NOW, 10, random.Random(42))
    assert first == pick(questions, {}, NOW, 10, random.Random(42))
    orders = {tuple(pick(questions, {}, NOW, 10, random.Random(seed))) for seed in range(20)}
    assert len(orders) > 1
    assert first != questions[:10]


def test_a_session_driven_by_reviews_brings_missed_questions_back_first() -> None:
    rng = random.Random(7)
    questions = [f"q{i}" for i in range(6)]
    cards: dict[str, Card] = {}
    moment = NOW
    for question in pick(questions, cards, moment, 6, rng):
        cards[question] = review(Card.new(question, moment), question != "q3", moment)
    # The next day everything is due again; q3, the only miss, leads.
    moment += days(1)
    assert pick(questions, cards, moment, 6, rng)[0] == "q3"
