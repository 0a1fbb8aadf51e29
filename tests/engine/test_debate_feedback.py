"""Feedback after a round: what was recognised, what was left standing, and the score's reasons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_debate_round import (
    SIDES,
    SPARRING,
    T0,
    play,
    shipped_motions,
    strong_speech,
    weak_speech,
)
from test_debate_speeches import build_motion

from bot.engine.debate.feedback import Feedback, render_feedback, structure_of
from bot.engine.debate.formats import FORMATS
from bot.engine.debate.round import RoundOver, end_round, start_round, submit

MOTION = build_motion()


def _feedback(events: list) -> Feedback:
    over = events[-1]
    assert isinstance(over, RoundOver)
    return over.feedback


# -- strong and weak students --------------------------------------------------


def test_a_strong_student_is_recognised_and_scores_high() -> None:
    round_, events = play(MOTION, "drill", "proposition", strong_speech)
    feedback = _feedback(events)
    assert [r.argument for r in feedback.recognised] == [
        "Governments represent everyone",
        "Voting is a civic duty",
        "Campaigns must persuade the middle",
    ]
    assert all(r.replied for r in feedback.recognised)
    # what the bot said is what the feedback quotes
    bot_text = " ".join(s.text for s in round_.speeches if s.speaker == "bot")
    assert all(r.answer in bot_text for r in feedback.recognised)
    made_by_bot = {a for s in round_.speeches for a in s.arguments}
    titles = {MOTION.argument(a).title for a in made_by_bot}  # type: ignore[union-attr]
    assert {r.argument for r in feedback.rebutted} == titles
    assert feedback.dropped == () and feedback.unplaced == () and feedback.missed == ()

    points = [line.points for line in feedback.reasons]
    assert [line.out_of for line in feedback.reasons] == [30, 30, 25, 15]
    assert points[:2] == [30, 30]
    assert feedback.score == sum(points) >= 75
    assert feedback.reasons[0].reason.startswith("you made 3 of the motion's arguments")
    assert feedback.reasons[1].reason == "you answered 3 of the 3 arguments the bot made"


def test_a_weak_student_hears_what_they_left_standing_and_could_have_said() -> None:
    round_, events = play(MOTION, "drill", "opposition", weak_speech)
    feedback = _feedback(events)
    made_by_bot = [a for s in round_.speeches if s.speaker == "bot" for a in s.arguments]
    assert [d.title for d in feedback.dropped] == [
        MOTION.argument(a).title  # type: ignore[union-attr]
        for a in made_by_bot
    ]
    assert all(d.claim for d in feedback.dropped)
    assert feedback.recognised == () and feedback.rebutted == ()
    assert len(feedback.unplaced) == 3
    assert set(feedback.missed) == {a.title for a in MOTION.opposition.arguments}
    assert [s.verdict for s in feedback.lengths] == ["under"] * 3
    assert [line.points for line in feedback.reasons][:3] == [0, 0, 0]
    assert feedback.score <= 5
    assert feedback.reasons[1].reason == (
        f"you answered 0 of the {len(made_by_bot)} arguments the bot made"
    )
    assert "0 had reasoning, 0 an example, 0 an impact" in feedback.reasons[2].reason


def test_missed_arguments_are_at_most_three_and_exclude_those_made() -> None:
    fmt = FORMATS["mini-ld"]
    round_, _ = start_round(MOTION, fmt, "proposition", user_id=1, seed=1, now=T0, round_id="m")
    submit(round_, MOTION, fmt, "voting is a duty just like jury service", T0)
    feedback = _feedback(end_round(round_, MOTION, fmt, T0))
    assert "Voting is a civic duty" not in feedback.missed
    assert set(feedback.missed) == {
        "Governments represent everyone",
        "Campaigns must persuade the middle",
    }


def test_the_last_point_shows_what_the_bot_would_have_answered() -> None:
    fmt = FORMATS["mini-ld"]
    round_, _ = start_round(MOTION, fmt, "proposition", user_id=1, seed=1, now=T0, round_id="o")
    submit(round_, MOTION, fmt, "voting is a duty just like jury service", T0)
    submit(round_, MOTION, fmt, "politicians only serve the groups that actually vote", T0)
    events = submit(round_, MOTION, fmt, "get out the vote spending would disappear", T0)
    recognised = _feedback(events).recognised
    assert [r.replied for r in recognised] == [True, True, False]
    last_argument = MOTION.argument("cv-p3")
    assert last_argument is not None
    assert recognised[-1].answer == MOTION.rebuttals_to(last_argument)[0].text


# -- structure, length, time ------------------------------------------------------


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ("Voting is a duty", (False, False, False)),
        ("Voting is a duty because democracy needs everyone", (True, False, False)),
        ("Voting is a duty, for example in Australia", (False, True, False)),
        ("Turnout is above 90 percent", (False, True, False)),
        ("the un shows cooperation works", (False, True, False)),
        ("countries like Australia fine non-voters", (False, True, False)),
        ("I would like to say voting matters", (False, False, False)),
        ("Low turnout leads to unequal policy", (False, False, True)),
        ("Fines harm the poor most, which means voting stays unequal", (False, False, True)),
        (
            "Voting is a duty since we all benefit, such as from fair policy, so that no one "
            "is ignored",
            (True, True, True),
        ),
    ],
)
def test_structure_markers(point: str, expected: tuple[bool, bool, bool]) -> None:
    found = structure_of(point)
    assert (found.reasoning, found.example, found.impact) == expected


def test_lengths_are_judged_against_the_word_limit_and_clock() -> None:
    fmt = FORMATS["drill"]
    round_, _ = start_round(MOTION, fmt, "proposition", user_id=1, seed=1, now=T0, round_id="w")
    long = " ".join(["voting is a duty just like jury service."] * 50)  # 400 words
    fitting = " ".join(["politicians only serve the groups that actually vote."] * 20)  # 160
    submit(round_, MOTION, fmt, long, T0 + timedelta(seconds=100))
    submit(round_, MOTION, fmt, fitting, T0 + timedelta(seconds=200))
    late = submit(round_, MOTION, fmt, fitting, T0 + timedelta(seconds=500))  # past 2:15
    feedback = _feedback(late)
    assert [(s.words, s.limit, s.verdict, s.overtime) for s in feedback.lengths] == [
        (400, 300, "over", False),
        (160, 300, "ok", False),
        (160, 300, "ok", True),
    ]
    time_line = feedback.reasons[3]
    assert time_line.reason.startswith("1 of your 3 speech(es) used the time well")
    # over by a third: 1/6 credit; on time and fitting: full; late: half
    assert time_line.points == round(15 * (1 / 6 + 1 + 0.5) / 3)
    text = render_feedback(feedback)
    assert "Exchange 1: 400 of 300 words, over the limit" in text
    assert "Exchange 3: 160 of 300 words, a good length; sent after time ran out" in text


# -- rendering --------------------------------------------------------------------


def test_render_has_short_headed_sections() -> None:
    _, events = play(MOTION, "drill", "opposition", weak_speech)
    text = render_feedback(_feedback(events))
    assert text.startswith("Motion: This House would make voting compulsory\n")
    assert "You argued Opposition (Quick drill)." in text
    assert "\nScore: " in text and "/100\n- 0/30: you made 0" in text
    for heading in (
        "Points the bot couldn't place",
        "Bot arguments you left standing",
        "Structure of your points",
        "Length",
        "Arguments you could have made",
    ):
        assert f"\n\n{heading}" in text
    assert "Arguments you made" not in text  # empty sections are left out
    assert "stopped early" not in text


def test_render_says_when_a_round_was_stopped_early() -> None:
    fmt = FORMATS["drill"]
    round_, _ = start_round(MOTION, fmt, "proposition", user_id=1, seed=1, now=T0, round_id="q")
    submit(round_, MOTION, fmt, strong_speech(round_, MOTION, fmt), T0)
    feedback = _feedback(end_round(round_, MOTION, fmt, T0))
    assert not feedback.complete
    text = render_feedback(feedback)
    assert "stopped early" in text and "Arguments you made" in text


def test_no_speeches_scores_zero() -> None:
    fmt = FORMATS["drill"]
    round_, _ = start_round(MOTION, fmt, "proposition", user_id=1, seed=1, now=T0, round_id="z")
    feedback = _feedback(end_round(round_, MOTION, fmt, T0))
    assert feedback.score == 0 and len(feedback.reasons) == 4
    assert render_feedback(feedback)


# -- every shipped motion -----------------------------------------------------------


@pytest.mark.parametrize("fmt_key", SPARRING)
@pytest.mark.parametrize("side", SIDES)
def test_strong_students_outscore_weak_ones_on_every_shipped_motion(
    fmt_key: str, side: str
) -> None:
    motions = shipped_motions()
    if not motions:
        pytest.skip("no motions shipped yet")
    for motion in motions:
        strong = _feedback(play(motion, fmt_key, side, strong_speech)[1])
        weak = _feedback(play(motion, fmt_key, side, weak_speech)[1])
        assert strong.score >= 60, (motion.id, strong.reasons)
        assert weak.score <= 15, (motion.id, weak.reasons)
        assert strong.dropped == () and len(weak.dropped) >= 1, motion.id
        assert strong.recognised and all(r.answer for r in strong.recognised), motion.id
        assert len(weak.missed) == 3, motion.id
        assert render_feedback(strong) and render_feedback(weak)
