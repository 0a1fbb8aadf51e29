"""Sparring rounds as a state machine: scripted students, injected time, no sleeping.

`play`, `strong_speech` and `weak_speech` are shared with the feedback tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import pytest
from test_debate_speeches import build_motion

from bot.config import REPO_ROOT
from bot.engine.debate.formats import FORMATS, Format, Side
from bot.engine.debate.round import (
    BotSpeech,
    Event,
    Round,
    RoundError,
    RoundOver,
    Status,
    YourTurn,
    end_round,
    expire_if_idle,
    start_round,
    submit,
)
from bot.engine.debate.speeches import word_budget, word_count
from bot.knowledge import load_knowledge
from bot.knowledge.models import Motion

T0 = datetime(2025, 3, 1, 18, 0, tzinfo=UTC)
MOTION = build_motion()
SIDES = ("proposition", "opposition")
SPARRING = ("drill", "mini-ld")

Speaker = Callable[[Round, Motion, Format], str]


@lru_cache(maxsize=1)
def shipped_motions() -> tuple[Motion, ...]:
    return load_knowledge(REPO_ROOT / "content").motions


def _flat(text: str) -> str:
    """Several sentences as one clause, so a scripted point stays one point."""
    return text.strip().rstrip(".").replace(". ", ", ").replace("; ", ", ")


def strong_speech(round_: Round, motion: Motion, fmt: Format) -> str:
    """Answers every bot argument not yet answered, then makes the next argument fully."""
    speech = fmt.speeches[round_.index]
    limit = word_budget(speech.seconds)
    made_by_bot = [a for s in round_.speeches if s.speaker == "bot" for a in s.arguments]
    answered = {a for s in round_.speeches if s.speaker == "student" for a in s.answered}
    made = {p for s in round_.speeches if s.speaker == "student" for _, p, _ in s.points if p}
    parts: list[str] = []
    for argument_id in made_by_bot:
        argument = motion.argument(argument_id)
        if argument_id not in answered and argument is not None:
            parts.append(motion.rebuttals_to(argument)[0].text)
    for argument in motion.case(round_.student_side).arguments:
        if argument.id in made:
            continue
        parts.append(
            f"{argument.phrasings[0].capitalize()}. This is because {_flat(argument.reasoning)}. "
            f"For example, {_flat(argument.example)}. "
            f"This matters because {_flat(argument.impact)}."
        )
        break
    text = ""
    for part in parts:
        if word_count(f"{text} {part}") <= limit:
            text = f"{text} {part}".strip()
    return text or parts[-1]


def weak_speech(round_: Round, motion: Motion, fmt: Format) -> str:
    return "I don't really know what to say about this topic honestly."


def play(
    motion: Motion,
    fmt_key: str,
    side: str,
    speaker: Speaker = strong_speech,
    *,
    seed: int = 1,
    gap: timedelta = timedelta(seconds=90),
) -> tuple[Round, list[Event]]:
    """A whole round, each student speech `gap` after its turn began."""
    fmt = FORMATS[fmt_key]
    round_, events = start_round(motion, fmt, side, user_id=42, seed=seed, now=T0, round_id="r-1")
    now = T0
    while round_.status is Status.STUDENT_TURN:
        now += gap
        events += submit(round_, motion, fmt, speaker(round_, motion, fmt), now)
    return round_, events


def kinds(events: list[Event]) -> list[str]:
    out = []
    for event in events:
        if isinstance(event, RoundOver):
            out.append("over")
        else:
            out.append(f"{'bot' if isinstance(event, BotSpeech) else 'you'}:{event.speech.key}")
    return out


# -- whole rounds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt_key", "side", "expected"),
    [
        (
            "drill",
            "proposition",
            ["you:p1", "bot:o1", "you:p2", "bot:o2", "you:p3", "bot:o3", "over"],
        ),
        (
            "drill",
            "opposition",
            ["bot:p1", "you:o1", "bot:p2", "you:o2", "bot:p3", "you:o3", "over"],
        ),
        ("mini-ld", "proposition", ["you:ac", "bot:nc", "you:1ar", "bot:nr", "you:2ar", "over"]),
        ("mini-ld", "opposition", ["bot:ac", "you:nc", "bot:1ar", "you:nr", "bot:2ar", "over"]),
    ],
)
def test_full_rounds_alternate_and_end_with_feedback(
    fmt_key: str, side: str, expected: list[str]
) -> None:
    round_, events = play(MOTION, fmt_key, side)
    assert kinds(events) == expected
    assert round_.status is Status.FINISHED and round_.index == len(FORMATS[fmt_key].speeches)
    assert [s.speech_key for s in round_.speeches] == [k.split(":")[1] for k in expected[:-1]]
    feedback = events[-1].feedback  # type: ignore[union-attr]
    assert feedback.complete and 0 <= feedback.score <= 100


def test_the_turn_carries_its_time_and_deadline() -> None:
    round_, events = start_round(
        MOTION, FORMATS["mini-ld"], Side.OPPOSITION, user_id=1, seed=3, now=T0, round_id="x"
    )
    assert isinstance(events[0], BotSpeech) and events[0].speech.key == "ac"
    turn = events[1]
    assert isinstance(turn, YourTurn)
    assert turn.speech.key == "nc" and turn.seconds == 240
    assert turn.deadline == T0 + timedelta(seconds=240)
    assert round_.turn(FORMATS["mini-ld"]) == turn
    assert round_.student_side == "opposition" and round_.bot_side == "proposition"


@pytest.mark.parametrize("fmt_key", SPARRING)
@pytest.mark.parametrize("side", SIDES)
def test_bot_speeches_fit_their_time(fmt_key: str, side: str) -> None:
    fmt = FORMATS[fmt_key]
    for seed in range(4):
        round_, _ = play(MOTION, fmt_key, side, seed=seed)
        for record in round_.speeches:
            if record.speaker == "bot":
                assert record.words <= word_budget(fmt.speech(record.speech_key).seconds)


def test_same_seed_same_speeches_and_other_seeds_differ() -> None:
    texts = [
        [e.text for e in play(MOTION, "drill", "opposition", seed=s)[1] if isinstance(e, BotSpeech)]
        for s in (7, 7, 8, 9, 10)
    ]
    assert texts[0] == texts[1]
    assert any(t != texts[0] for t in texts[2:])


def test_dropped_arguments_are_pressed_in_the_round() -> None:
    round_, events = play(MOTION, "drill", "opposition", weak_speech)
    bot = [e.text for e in events if isinstance(e, BotSpeech)]
    first_made = MOTION.argument(round_.speeches[0].arguments[0])
    assert first_made is not None
    assert f"{first_made.title}: they still haven't answered our point that" in bot[1]


def test_answered_arguments_are_not_pressed() -> None:
    round_, events = play(MOTION, "drill", "opposition", strong_speech)
    assert round_.speeches[1].answered  # the strong student answered the opening
    bot = [e.text for e in events if isinstance(e, BotSpeech)]
    for argument_id in round_.speeches[1].answered:
        argument = MOTION.argument(argument_id)
        assert argument is not None
        assert f"{argument.title}: they still haven't answered" not in bot[1]


def test_unplaced_points_are_admitted_in_the_round() -> None:
    fmt = FORMATS["drill"]
    round_, _ = start_round(MOTION, fmt, "proposition", user_id=1, seed=1, now=T0, round_id="u")
    events = submit(round_, MOTION, fmt, "Pineapple belongs on pizza without any doubt.", T0)
    assert round_.speeches[0].points == (
        ("Pineapple belongs on pizza without any doubt", None, None),
    )
    assert "I can't place that point" in events[0].text  # type: ignore[union-attr]


# -- errors ----------------------------------------------------------------------


def test_after_the_round_is_over_every_move_is_refused() -> None:
    round_, _ = play(MOTION, "drill", "proposition")
    with pytest.raises(RoundError, match="This round is over") as caught:
        submit(round_, MOTION, FORMATS["drill"], "one more thing", T0 + timedelta(hours=1))
    assert (caught.value.state, caught.value.event) == ("finished", "submit")
    with pytest.raises(RoundError, match="This round is over"):
        end_round(round_, MOTION, FORMATS["drill"], T0 + timedelta(hours=1))


def test_out_of_turn_speech_is_refused() -> None:
    fmt = FORMATS["drill"]
    round_, _ = start_round(MOTION, fmt, "opposition", user_id=1, seed=1, now=T0, round_id="t")
    # A round stored at the bot's speech (never left so by the engine, but data can be).
    state = round_.to_dict() | {"index": 0}
    broken = Round.from_dict(state)
    with pytest.raises(RoundError, match="It's the bot's turn, not yours") as caught:
        submit(broken, MOTION, fmt, "my speech", T0)
    assert caught.value.event == "submit"


def test_stale_turn_and_empty_speech_are_refused_and_change_nothing() -> None:
    fmt = FORMATS["mini-ld"]
    round_, _ = start_round(MOTION, fmt, "proposition", user_id=1, seed=1, now=T0, round_id="s")
    before = round_.to_dict()
    with pytest.raises(RoundError, match="That speech is empty"):
        submit(round_, MOTION, fmt, "   \n ", T0)
    with pytest.raises(RoundError, match="time for your Affirmative Constructive"):
        submit(round_, MOTION, fmt, "words here", T0, speech_key="1ar")
    assert round_.to_dict() == before
    submit(round_, MOTION, fmt, "voting is a duty just like jury service", T0, speech_key="ac")
    assert round_.index == 2


def test_non_sparring_formats_and_bad_inputs_are_refused() -> None:
    with pytest.raises(RoundError, match="can't be played against the bot"):
        start_round(MOTION, FORMATS["bp"], "proposition", user_id=1, seed=1, now=T0, round_id="b")
    with pytest.raises(ValueError, match="aware"):
        start_round(
            MOTION,
            FORMATS["drill"],
            "proposition",
            user_id=1,
            seed=1,
            now=datetime(2025, 1, 1),
            round_id="n",
        )
    round_, _ = start_round(
        MOTION, FORMATS["drill"], "proposition", user_id=1, seed=1, now=T0, round_id="m"
    )
    with pytest.raises(ValueError, match="not"):
        submit(round_, MOTION, FORMATS["mini-ld"], "text", T0)


# -- time ------------------------------------------------------------------------


def test_late_speeches_are_recorded_and_flagged() -> None:
    fmt = FORMATS["drill"]
    round_, _ = start_round(MOTION, fmt, "proposition", user_id=1, seed=1, now=T0, round_id="l")
    on_time = T0 + timedelta(seconds=120 + 15)
    submit(round_, MOTION, fmt, "voting is a duty just like jury service", on_time)
    assert round_.speeches[0].overtime is False
    late = on_time + timedelta(seconds=120 + 16)
    submit(round_, MOTION, fmt, "get out the vote spending would disappear", late)
    assert round_.speeches[2].overtime is True
    feedback = end_round(round_, MOTION, fmt, late)[0].feedback  # type: ignore[union-attr]
    assert [length.overtime for length in feedback.lengths] == [False, True]


def test_idle_rounds_expire_after_two_hours() -> None:
    fmt = FORMATS["drill"]
    round_, _ = start_round(MOTION, fmt, "proposition", user_id=1, seed=1, now=T0, round_id="e")
    assert not expire_if_idle(round_, T0 + timedelta(hours=1, minutes=59))
    assert expire_if_idle(round_, T0 + timedelta(hours=2))
    assert round_.status is Status.EXPIRED
    assert not expire_if_idle(round_, T0 + timedelta(hours=5))
    with pytest.raises(RoundError, match="expired") as caught:
        submit(round_, MOTION, fmt, "sorry I'm late", T0 + timedelta(hours=3))
    assert caught.value.state == "expired"
    finished, _ = play(MOTION, "drill", "proposition")
    assert not expire_if_idle(finished, T0 + timedelta(days=2))


def test_ending_early_gives_feedback_on_what_was_said() -> None:
    fmt = FORMATS["drill"]
    round_, _ = start_round(MOTION, fmt, "proposition", user_id=1, seed=1, now=T0, round_id="x")
    submit(round_, MOTION, fmt, strong_speech(round_, MOTION, fmt), T0 + timedelta(seconds=60))
    events = end_round(round_, MOTION, fmt, T0 + timedelta(seconds=90))
    assert kinds(events) == ["over"] and round_.status is Status.FINISHED
    feedback = events[0].feedback  # type: ignore[union-attr]
    assert not feedback.complete and len(feedback.lengths) == 1


# -- storage -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt_key", SPARRING)
def test_a_stored_round_continues_exactly_as_if_never_stored(fmt_key: str) -> None:
    fmt = FORMATS[fmt_key]
    twin, _ = start_round(MOTION, fmt, "opposition", user_id=9, seed=11, now=T0, round_id="a")
    now = T0 + timedelta(seconds=100)
    submit(twin, MOTION, fmt, strong_speech(twin, MOTION, fmt), now)

    stored = json.loads(json.dumps(twin.to_dict()))
    restored = Round.from_dict(stored)
    assert restored == twin and restored.to_dict() == twin.to_dict()

    while twin.status is Status.STUDENT_TURN:
        now += timedelta(seconds=100)
        text = strong_speech(twin, MOTION, fmt)
        assert submit(restored, MOTION, fmt, text, now) == submit(twin, MOTION, fmt, text, now)
    assert restored == twin
    assert Round.from_dict(json.loads(json.dumps(twin.to_dict()))) == twin


def test_unknown_state_versions_are_refused() -> None:
    round_, _ = start_round(
        MOTION, FORMATS["drill"], "proposition", user_id=1, seed=1, now=T0, round_id="v"
    )
    with pytest.raises(ValueError, match="version"):
        Round.from_dict(round_.to_dict() | {"version": 99})


# -- every shipped motion -----------------------------------------------------------


@pytest.mark.parametrize("fmt_key", SPARRING)
@pytest.mark.parametrize("side", SIDES)
def test_every_shipped_motion_plays_a_full_round(fmt_key: str, side: str) -> None:
    motions = shipped_motions()
    if not motions:
        pytest.skip("no motions shipped yet")
    fmt = FORMATS[fmt_key]
    for motion in motions:
        round_, events = play(motion, fmt_key, side, seed=len(motion.id))
        assert isinstance(events[-1], RoundOver), motion.id
        for record in round_.speeches:
            if record.speaker == "bot":
                assert record.text, motion.id
                assert record.words <= word_budget(fmt.speech(record.speech_key).seconds)
        bot_made = [a for s in round_.speeches if s.speaker == "bot" for a in s.arguments]
        assert bot_made, motion.id
        assert len(set(bot_made)) == len(bot_made), motion.id
        assert Round.from_dict(json.loads(json.dumps(round_.to_dict()))) == round_
