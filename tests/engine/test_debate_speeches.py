"""The bot's speeches: structure, word budgets, pressing, honesty, and never conceding.

`build_motion()` is the small fixture motion the round and feedback tests share.
"""

from __future__ import annotations

import random
import re

import pytest

from bot.config import REPO_ROOT
from bot.engine.debate.clash import Point
from bot.engine.debate.speeches import (
    HeardPoint,
    argument_variants,
    constructive,
    hear,
    rebuttal_speech,
    word_budget,
    word_count,
)
from bot.knowledge import load_knowledge
from bot.knowledge.models import Argument, Motion, Rebuttal, SideCase

SIDES = ("proposition", "opposition")


def _argument(id_: str, side: str, title: str, claim: str, phrasings: tuple[str, ...]) -> Argument:
    return Argument(
        id=id_,
        side=side,
        title=title,
        claim=claim,
        reasoning=f"The reasoning behind {title.lower()} holds in every democracy.",
        example="Australia has made voting compulsory since 1924 and turnout stays above 90%.",
        impact="The outcome decides who governments listen to.",
        phrasings=phrasings,
    )


def build_motion() -> Motion:
    """Compulsory voting, three arguments a side: enough for a matcher and a round."""
    prop = (
        _argument(
            "cv-p1",
            "proposition",
            "Governments represent everyone",
            "Compulsory voting makes governments answer to the whole population, not only "
            "the groups who turn out.",
            (
                "if everyone votes politicians have to care about everyone",
                "low turnout lets governments ignore poor and young people",
                "compulsory voting makes parliament represent the whole country",
                "politicians only serve the groups that actually vote",
            ),
        ),
        _argument(
            "cv-p2",
            "proposition",
            "Voting is a civic duty",
            "Voting is a small civic duty, like jury service or taxes, that a democracy may "
            "ask of every citizen.",
            (
                "voting is a duty just like jury service",
                "we already make people do jury duty and pay taxes",
                "citizens owe their democracy a few minutes every election",
            ),
        ),
        _argument(
            "cv-p3",
            "proposition",
            "Campaigns must persuade the middle",
            "When everyone must vote, campaigns stop spending on turnout drives and must "
            "persuade moderate voters instead.",
            (
                "campaigns waste money dragging their base to the polls",
                "parties would have to persuade moderate voters instead of firing up extremists",
                "get out the vote spending would disappear",
            ),
        ),
    )
    opp = (
        _argument(
            "cv-o1",
            "opposition",
            "Forcing a vote violates freedom",
            "Citizens have a right not to take part, and fining them for abstaining punishes "
            "a legitimate choice.",
            (
                "people have the right not to vote",
                "fining people for not voting is wrong",
                "abstaining is a form of free speech",
                "the state should not force anyone to vote",
            ),
        ),
        _argument(
            "cv-o2",
            "opposition",
            "Uninformed votes lower decision quality",
            "Forcing disengaged people to vote adds random, uninformed ballots that dilute "
            "informed choices.",
            (
                "people who dont care will just vote randomly",
                "uninformed voters make worse decisions",
                "donkey votes dilute the informed vote",
            ),
        ),
        _argument(
            "cv-o3",
            "opposition",
            "Low turnout is a useful signal",
            "Low turnout tells politicians that people feel unrepresented, and compulsion "
            "hides that warning.",
            (
                "not voting sends a message to politicians",
                "low turnout is a warning that the system is failing",
                "compulsion hides how disillusioned people are",
            ),
        ),
    )

    def answers(targets: tuple[Argument, ...], texts: list[str]) -> tuple[Rebuttal, ...]:
        return tuple(
            Rebuttal(f"{a.id}-r{n}", a.id, texts[2 * i + n - 1])
            for i, a in enumerate(targets)
            for n in (1, 2)
        )

    prop_rebuttals = answers(
        opp,
        [
            "They say voting should be free, but you may spoil your ballot: only attendance "
            "is required, so nobody is forced to choose.",
            "They call the fine a punishment, but it is smaller than a parking ticket and "
            "protects everyone's equal voice.",
            "They fear random ballots, but donkey votes are under two percent in Australia.",
            "They say uninformed voters harm decisions, but compulsion makes people follow "
            "politics more, so they become informed.",
            "They call low turnout a signal, but nobody can read it: apathy and protest look "
            "the same.",
            "They want a warning sign, but a spoilt ballot sends that message more clearly.",
        ],
    )
    opp_rebuttals = answers(
        prop,
        [
            "They say governments will represent everyone, but parties still target swing "
            "seats, not the newly forced voters.",
            "They promise representation, but a forced vote from someone who does not care "
            "represents nothing.",
            "They call it a duty like jury service, but juries need every seat filled; an "
            "election does not.",
            "They compare voting to taxes, but a vote is speech, and compelled speech is "
            "different from paying money.",
            "They say campaigns will persuade the middle, but parties still spend on "
            "advertising and negative campaigning.",
            "They expect moderation, but forced voters choose by party loyalty or at random.",
        ],
    )
    return Motion(
        id="compulsory-voting",
        key="cv",
        motion="This House would make voting compulsory",
        info="Some countries fine citizens who do not vote; most leave voting voluntary.",
        sources=(),
        proposition=SideCase(
            prop,
            prop_rebuttals,
            (
                "Equal representation of every citizen matters more than the small cost of "
                "one trip to the polls.",
                "A democracy where half the people vote is run for half the people.",
            ),
            (
                "Compulsory voting makes governments answer to everyone.",
                "It asks a small duty and returns an equal voice.",
            ),
        ),
        opposition=SideCase(
            opp,
            opp_rebuttals,
            (
                "A free choice not to vote is worth more than a turnout figure bought with fines.",
                "Better a smaller informed electorate than a larger random one.",
            ),
            (
                "Forcing people to vote punishes a free choice and adds random ballots.",
                "Low turnout is a warning worth hearing, not hiding.",
            ),
        ),
    )


MOTION = build_motion()


@pytest.fixture(scope="module")
def shipped() -> tuple[Motion, ...]:
    motions = load_knowledge(REPO_ROOT / "content").motions
    if not motions:
        pytest.skip("no motions shipped yet")
    return motions


# -- constructive ------------------------------------------------------------


def test_budget_is_150_words_a_minute() -> None:
    assert word_budget(120) == 300
    assert word_budget(180) == 450


def test_constructive_signposts_each_argument_from_claim_to_impact() -> None:
    text, made = constructive(MOTION, "proposition", 240, random.Random(1))
    assert text.startswith("We bring ")
    ordinals = ["First, ", "Second, ", "Third, "][: len(made)]
    paragraphs = text.split("\n\n")[1:]
    assert [p[: len(o)] for p, o in zip(paragraphs, ordinals, strict=True)] == ordinals
    for paragraph, argument_id in zip(paragraphs, made, strict=True):
        argument = MOTION.argument(argument_id)
        assert argument is not None and argument.claim in paragraph
        claim_at = paragraph.index(argument.claim)
        assert claim_at < paragraph.index(argument.reasoning)
        assert paragraph.index(argument.reasoning) < paragraph.index("For example, ")
        assert paragraph.index("For example, ") < paragraph.index("This matters because ")


def test_constructive_is_seeded() -> None:
    first = constructive(MOTION, "opposition", 120, random.Random(5))
    assert constructive(MOTION, "opposition", 120, random.Random(5)) == first
    orders = {
        tuple(constructive(MOTION, "opposition", 600, random.Random(s))[1]) for s in range(20)
    }
    assert len(orders) > 1


@pytest.mark.parametrize("seconds", [10, 30, 60, 120, 180, 240])
def test_constructive_drops_whole_arguments_to_fit_but_makes_one(seconds: int) -> None:
    for seed in range(5):
        text, made = constructive(MOTION, "proposition", seconds, random.Random(seed))
        assert word_count(text) <= word_budget(seconds)
        assert len(made) >= 1
        if seconds >= 120:
            # whole arguments: every one made has its example and impact
            assert text.count("For example, ") == len(made)


def test_names_keep_their_capital_and_ordinary_words_lose_it() -> None:
    full = argument_variants(MOTION, MOTION.proposition.arguments[0], "First")[0]
    assert "For example, Australia has made voting" in full
    assert "This matters because the outcome decides" in full


# -- rebuttal speeches -------------------------------------------------------


def _heard(text: str, argument_id: str | None = None, answers: str | None = None) -> HeardPoint:
    argument = MOTION.argument(argument_id) if argument_id else None
    target = MOTION.argument(answers) if answers else None
    return HeardPoint(Point(text, argument, 50.0), target)


def _rebut(heard: list[HeardPoint], **kwargs: object) -> tuple[str, tuple, tuple]:
    options: dict = {
        "made": ["cv-o1"],
        "answered": set(),
        "used": set(),
        "extend": True,
        "last": False,
    }
    options.update(kwargs)
    seconds = int(options.pop("seconds", 240))  # type: ignore[call-overload]
    result = rebuttal_speech(
        MOTION, "opposition", seconds, random.Random(3), heard=heard, **options
    )
    assert word_count(result.text) <= word_budget(seconds)
    return result.text, result.arguments, result.rebuttals


def test_each_placed_point_gets_one_of_the_bot_sides_rebuttals() -> None:
    text, _, rebuttals = _rebut([_heard("low turnout ignores the poor", "cv-p1")])
    assert len(rebuttals) == 1 and rebuttals[0].startswith("cv-p1-r")
    chosen = next(r for r in MOTION.opposition.rebuttals if r.id == rebuttals[0])
    assert chosen.text in text


def test_used_rebuttals_are_avoided_while_others_remain() -> None:
    _, _, rebuttals = _rebut([_heard("x y z", "cv-p1")], used={"cv-p1-r1"})
    assert rebuttals == ("cv-p1-r2",)


def test_unplaced_points_are_admitted_not_guessed_at() -> None:
    heard = [_heard("pizza is tasty"), _heard("cats are great"), _heard("rain is wet")]
    text, _, rebuttals = _rebut(heard)
    assert "I can't place that point" in text
    assert text.count("I can't place") == 1
    assert "The same answer goes for their two other points I couldn't place." in text
    assert rebuttals == ()


def test_dropped_arguments_are_pressed_by_name_and_answered_ones_are_not() -> None:
    text, _, _ = _rebut([], made=["cv-o1", "cv-o2"], answered={"cv-o2"})
    assert (
        "Forcing a vote violates freedom: they still haven't answered our point that "
        "citizens have a right not to take part" in text
    )
    assert "Uninformed votes lower decision quality: they still" not in text
    assert "no argument to answer" in text


def test_pushback_on_a_made_argument_is_met_with_its_reasoning() -> None:
    text, _, _ = _rebut([_heard("the fine is tiny", None, "cv-o1")], answered={"cv-o1"})
    assert 'They push back on our point "Forcing a vote violates freedom"' in text
    assert "I can't place" not in text


def test_new_arguments_continue_the_numbering_only_when_extending() -> None:
    text, made, _ = _rebut([], made=["cv-o1"], answered={"cv-o1"}, seconds=600)
    assert made and "cv-o1" not in made
    assert "\n\nSecond, " in text
    text, made, _ = _rebut([], made=["cv-o1"], extend=False, seconds=600)
    assert made == () and "Second, " not in text


def test_first_bot_speech_after_the_student_still_makes_an_argument() -> None:
    heard = [_heard(f"point {i}", "cv-p1") for i in range(6)]
    text, made, rebuttals = _rebut(heard, made=[], seconds=120)
    assert made and rebuttals
    assert text.index('On "Governments represent everyone": ') < text.index("\n\nFirst, ")


def test_last_speech_weighs_and_summarises_without_new_arguments() -> None:
    text, made, _ = _rebut([_heard("x", "cv-p2")], last=True, extend=False)
    assert "Weighing it up: " in text and "To sum up: " in text
    assert made == ()
    for line in MOTION.opposition.summary:
        assert line in text


def test_seeded_rebuttals_replay() -> None:
    heard = [_heard("a", "cv-p1"), _heard("b"), _heard("c", "cv-p3")]
    assert _rebut(heard) == _rebut(heard)


@pytest.mark.parametrize("seconds", [60, 120, 180, 240])
def test_rebuttal_speeches_never_exceed_the_budget(seconds: int) -> None:
    rng = random.Random(seconds)
    arguments = [a.id for a in MOTION.proposition.arguments] + [None, None]
    for _ in range(40):
        heard = [_heard("p", rng.choice(arguments)) for _ in range(rng.randint(0, 8))]
        made = rng.sample([a.id for a in MOTION.opposition.arguments], rng.randint(0, 3))
        _rebut(
            heard, made=made, seconds=seconds, last=rng.random() < 0.5, extend=rng.random() < 0.5
        )


# -- hearing -----------------------------------------------------------------


def test_hearing_places_points_and_keeps_explanations_with_them() -> None:
    heard = hear(
        MOTION,
        "proposition",
        "Firstly, politicians only serve the groups that actually vote. This is because "
        "parties chase reliable voters. Secondly, voting is a duty just like jury service.",
    )
    assert [h.point.argument.id if h.point.argument else None for h in heard] == [
        "cv-p1",
        "cv-p2",
    ]
    assert "This is because parties chase reliable voters" in heard[0].point.text


def test_hearing_notices_which_bot_argument_a_point_answers() -> None:
    heard = hear(MOTION, "proposition", "Nobody is forced to choose, you may spoil your ballot.")
    assert [h.answers.id if h.answers else None for h in heard] == ["cv-o1"]


# -- the bot never concedes ---------------------------------------------------

_CONCESSIONS = re.compile(
    r"\b(?:i agree|we agree with (?:them|you)|you'?re right|you are right|i concede|"
    r"we concede|good point)\b",
    re.IGNORECASE,
)


def _bot_texts(motion: Motion, bot_side: str) -> list[str]:
    student_side = "opposition" if bot_side == "proposition" else "proposition"
    texts = [constructive(motion, bot_side, 240, random.Random(s))[0] for s in range(3)]
    student = motion.case(student_side).arguments
    # Every student argument, a pushback on every bot argument and unplaceable chatter.
    heard = [HeardPoint(Point(a.phrasings[0], a, 60.0)) for a in student]
    heard += [HeardPoint(Point("x", None, 0.0), a) for a in motion.case(bot_side).arguments]
    heard += [HeardPoint(Point("I agree, you're right, good point", None, 0.0))]
    made = [a.id for a in motion.case(bot_side).arguments[:2]]
    for seed in range(3):
        for last in (False, True):
            result = rebuttal_speech(
                motion,
                bot_side,
                600,
                random.Random(seed),
                heard=heard,
                made=made,
                answered=set(),
                used=set(),
                extend=not last,
                last=last,
            )
            texts.append(result.text)
    return texts


def _assert_on_side(motion: Motion, bot_side: str) -> None:
    student_side = "opposition" if bot_side == "proposition" else "proposition"
    theirs = motion.case(student_side)
    for text in _bot_texts(motion, bot_side):
        assert not _CONCESSIONS.search(text), text
        for line in (*theirs.summary, *theirs.weighing):
            assert line not in text
        for argument in theirs.arguments:
            assert argument.claim not in text and argument.reasoning not in text


@pytest.mark.parametrize("bot_side", SIDES)
def test_the_bot_never_concedes_on_the_fixture(bot_side: str) -> None:
    _assert_on_side(MOTION, bot_side)


@pytest.mark.parametrize("bot_side", SIDES)
def test_the_bot_never_concedes_on_any_shipped_motion(
    shipped: tuple[Motion, ...], bot_side: str
) -> None:
    for motion in shipped:
        _assert_on_side(motion, bot_side)


def test_shipped_constructives_fit_every_sparring_speech(shipped: tuple[Motion, ...]) -> None:
    for motion in shipped:
        for side in SIDES:
            for seconds in (120, 180, 240):
                text, made = constructive(motion, side, seconds, random.Random(seconds))
                assert word_count(text) <= word_budget(seconds), motion.id
                assert made, motion.id
