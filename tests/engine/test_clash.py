"""Placing single points: verdicts without a reason and the other side's points stay unplaced."""

from __future__ import annotations

from test_debate_speeches import build_motion

from bot.engine.debate.clash import ClashMatcher
from bot.engine.faq import Answer

MOTION = build_motion()


def _placed(side: str, text: str) -> str | None:
    point = ClashMatcher(MOTION, side).place(text)
    return point.argument.id if point.argument else None


def test_a_verdict_on_the_motion_is_not_placed_though_it_shares_its_words() -> None:
    clash = ClashMatcher(MOTION, "proposition")
    verdict = "compulsory voting is good for parliament, obviously"
    # The matcher alone would take it for an argument: the rule is what keeps it out.
    assert isinstance(clash._matcher.match(verdict), Answer)
    assert clash.place(verdict).argument is None


def test_a_point_with_reasons_of_its_own_is_still_placed() -> None:
    text = "make voting compulsory so parliament has to represent poor and young people too"
    assert _placed("proposition", text) == "cv-p1"


def test_the_other_sides_argument_is_not_placed_as_ones_own() -> None:
    text = "people have the right not to vote, so the state should not force anyone to vote"
    assert _placed("opposition", text) == "cv-o1"
    assert _placed("proposition", text) is None
