"""Drills graded against the argument graph, with time passed in."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import REPO_ROOT
from bot.engine.debate.drills import (
    ArgumentDrill,
    PoiDrill,
    grade_arguments,
    grade_rebuttal,
    start_rebuttal_drill,
)
from bot.errors import UserError
from bot.knowledge import load_knowledge
from bot.knowledge.models import Motion

T0 = datetime(2025, 5, 1, 20, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def motion() -> Motion:
    (fixture,) = load_knowledge(REPO_ROOT / "tests" / "data" / "motion_content").motions
    return fixture


def test_the_rebuttal_drill_states_an_argument_of_the_other_side(motion: Motion) -> None:
    drill = start_rebuttal_drill(motion, "proposition", random.Random(3), T0)
    assert drill.argument.side == "opposition"
    again = start_rebuttal_drill(motion, "proposition", random.Random(3), T0)
    assert again.argument == drill.argument


def test_a_rebuttal_using_the_model_answers_reasoning_beats_a_vague_one(motion: Motion) -> None:
    drill = start_rebuttal_drill(motion, "proposition", random.Random(1), T0)
    model = motion.rebuttals_to(drill.argument)[0].text
    good = grade_rebuttal(motion, drill, f"{drill.argument.claim} is wrong. {model}", T0)
    vague = grade_rebuttal(motion, drill, "no that is not right at all", T0)
    assert good.score > vague.score + 30
    assert good.closest.answers == drill.argument.id
    assert len(good.models) >= 2


def test_a_late_rebuttal_loses_points_and_says_so(motion: Motion) -> None:
    drill = start_rebuttal_drill(motion, "proposition", random.Random(1), T0)
    text = motion.rebuttals_to(drill.argument)[0].text
    on_time = grade_rebuttal(motion, drill, text, T0 + timedelta(seconds=60))
    late = grade_rebuttal(motion, drill, text, T0 + timedelta(seconds=drill.seconds + 16))
    assert late.late and not on_time.late and late.score < on_time.score


def test_an_empty_rebuttal_is_refused(motion: Motion) -> None:
    drill = start_rebuttal_drill(motion, "proposition", random.Random(1), T0)
    with pytest.raises(UserError, match="empty"):
        grade_rebuttal(motion, drill, "   ", T0)


def test_the_argument_drill_reveals_the_arguments_missed(motion: Motion) -> None:
    drill = ArgumentDrill(motion.id, "proposition", T0)
    answer = (
        "proposition thing alpha is true.\nthing charlie matters for the proposition.\n"
        "my cat is cute"
    )
    result = grade_arguments(motion, drill, answer, T0 + timedelta(minutes=2))
    assert [a.id for a in result.made] == ["tm-p1", "tm-p3"]
    assert [a.id for a in result.missed] == ["tm-p2", "tm-p4", "tm-p5"]
    assert result.score == 40 and not result.late


def _speak_until_poi(drill: PoiDrill, motion: Motion) -> None:
    for n in range(1, 12):
        if drill.speak(motion, f"part {n} of my speech about thing {n}") is not None:
            return
    raise AssertionError("no POI offered in 11 parts")


def test_the_poi_drill_offers_points_and_judges_how_they_were_handled(motion: Motion) -> None:
    drill = PoiDrill(motion.id, "proposition", seed=5)
    _speak_until_poi(drill, motion)
    poi = drill.pending
    assert poi is not None and poi.text.startswith("On that point")
    assert motion.argument(poi.from_argument).side == "opposition"  # type: ignore[union-attr]
    with pytest.raises(UserError, match="waiting"):
        drill.speak(motion, "carrying on regardless of the question")
    claim = motion.argument(poi.from_argument).claim  # type: ignore[union-attr]
    assert drill.accept(motion, f"No: {claim.lower()} is false for our reasons") is True
    assert "taken: 1" in drill.verdict(motion)
    assert "one or two POIs taken" in drill.verdict(motion)
    with pytest.raises(UserError, match="No point of information"):
        drill.decline()


def test_an_answer_that_ignores_the_poi_is_not_on_point(motion: Motion) -> None:
    drill = PoiDrill(motion.id, "proposition", seed=5)
    _speak_until_poi(drill, motion)
    assert drill.accept(motion, "whatever, moving on") is False
    assert "answered 0 of 1" in drill.verdict(motion)


def test_declining_every_poi_is_called_evasive(motion: Motion) -> None:
    drill = PoiDrill(motion.id, "opposition", seed=11)
    _speak_until_poi(drill, motion)
    drill.decline()
    assert "evasive" in drill.verdict(motion)
