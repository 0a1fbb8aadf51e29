"""Clash: place a student's points among the known arguments of their side, and answer them.

A student's speech is split into points; each point is matched to an argument
of the side the student argues with the same matcher as the FAQ (IDF-weighted
distinctive words, typo correction, a rapidfuzz re-rank): each argument is an
index entry whose phrasings are its claim, title and the student wordings
authors wrote for it. A matched point is answered with one of the rebuttals
the other side has for that argument. A point that cannot be placed is said to
be so, and answered with the bot's strongest general clash, never with a
guess dressed up as a rebuttal.

Two kinds of point match an argument's words without making it, and are left
unplaced: a verdict that only restates the motion ("free trade is bad"), which
has no words of its own to give a reason with, and the other side's argument
repeated (often to answer it), which matches the other side's case far better
than the student's own.

The replies only ever draw on the bot's own side's material, which is what
keeps the bot on its side: it has no sentence with which to agree.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from bot.engine.faq import Answer, FaqMatcher, Thresholds, Weights
from bot.engine.text import ASPECTS, content_stems, topic_stems, words
from bot.knowledge.models import Argument, FaqEntry, Motion, Rebuttal

# Thresholds for placing a point; tuned on tests/data/rebuttal_set.jsonl.
CLASH_THRESHOLDS = Thresholds(
    answer=36.0, channel_answer=36.0, suggest=30.0, margin=6.0, remark_words=None
)
# The weights the placing thresholds were tuned with; the FAQ's own moved since.
ARGUMENT_WEIGHTS = Weights(unknown=0.4, vote=0.0)
# Fewer content words than this is a connective ("thank you", "so yeah"), not a point.
MIN_POINT_WORDS = 3

# Words that pass a verdict rather than give a reason: "X is bad", "Y is obviously right".
_VERDICTS = frozenset(
    content_stems(
        words(
            "good bad better worse best worst right wrong correct obvious obviously clearly "
            "fact true false important great terrible awful harmful beneficial helpful "
            "positive negative"
        )
    )
)
# A point needs this many words of its own beyond the motion's and a verdict's to say
# why; "free trade is bad for the economy" restates a side, it makes no argument.
MIN_REASON_WORDS = 2
# How far a point must match the other side's case better than its own to be taken for
# the other side's argument: a student restating what they answer is not making it.
# No known argument in the tuning or dev set comes within 12 points of it.
OTHER_SIDE_MARGIN = 20.0

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+|(?:^|\s)(?:\d+[.)]|[-*•])\s+")
_SIGNPOSTS = re.compile(
    r"\b(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|another (?:point|reason|argument)|"
    r"my (?:first|second|third|next|last) (?:point|argument)|moreover|furthermore|"
    r"in addition|additionally)\b",
    re.IGNORECASE,
)


def other_side(side: str) -> str:
    return "opposition" if side == "proposition" else "proposition"


@dataclass(frozen=True, slots=True)
class Point:
    text: str
    argument: Argument | None
    score: float


@dataclass(frozen=True, slots=True)
class Reply:
    point: Point
    rebuttal: Rebuttal | None
    text: str


def split_points(speech: str) -> list[str]:
    """The speech cut at sentence ends, list markers and signposts; connectives dropped."""
    pieces: list[str] = []
    for sentence in _SENTENCE.split(speech):
        if not sentence:
            continue
        for piece in _SIGNPOSTS.split(sentence):
            piece = piece.strip(" ,.;:-")
            if len(content_stems(words(piece))) >= MIN_POINT_WORDS:
                pieces.append(piece)
    return pieces


def _entry(argument: Argument) -> FaqEntry:
    return FaqEntry(
        id=argument.id,
        question=argument.claim,
        alternates=(argument.title, *argument.phrasings),
        answer=" ".join((argument.reasoning, argument.example, argument.impact)),
        tags=(),
        sources=(),
    )


def argument_matcher(entries: list[FaqEntry], thresholds: Thresholds) -> FaqMatcher:
    """The FAQ matcher set up for debate arguments rather than FAQ entries."""
    return FaqMatcher(entries, thresholds=thresholds, weights=ARGUMENT_WEIGHTS, topic_gate=False)


class ClashMatcher:
    """Places the points of a student arguing `student_side` of a motion."""

    def __init__(
        self, motion: Motion, student_side: str, *, thresholds: Thresholds | None = None
    ) -> None:
        self.motion = motion
        self.student_side = student_side
        self.bot_side = other_side(student_side)
        arguments = motion.case(student_side).arguments
        self._by_id = {a.id: a for a in arguments}
        self._matcher = argument_matcher(
            [_entry(a) for a in arguments], thresholds or CLASH_THRESHOLDS
        )
        self._theirs = argument_matcher(
            [_entry(a) for a in motion.case(self.bot_side).arguments], Thresholds()
        )
        self._motion_stems = frozenset(content_stems(words(motion.motion)))

    def place(self, text: str) -> Point:
        result = self._matcher.match(text)
        if not isinstance(result, Answer):
            return Point(text, None, result.score)
        if not self._gives_reason(text):
            return Point(text, None, result.score)
        theirs = self._theirs.rank(text, limit=1)
        if theirs and theirs[0][1] >= result.score + OTHER_SIDE_MARGIN:
            return Point(text, None, result.score)
        return Point(text, self._by_id[result.entry.id], result.score)

    def _gives_reason(self, text: str) -> bool:
        own = [
            s
            for s in topic_stems(text)
            if s not in self._motion_stems and s not in _VERDICTS and s not in ASPECTS
        ]
        return len(own) >= MIN_REASON_WORDS

    def points(self, speech: str) -> list[Point]:
        """The speech's points, consecutive pieces making the same argument merged."""
        merged: list[Point] = []
        for piece in split_points(speech):
            point = self.place(piece)
            last = merged[-1] if merged else None
            if last and point.argument and last.argument == point.argument:
                text = f"{last.text}. {piece}"
                merged[-1] = Point(text, last.argument, max(last.score, point.score))
            else:
                merged.append(point)
        return merged

    def reply(self, point: Point, rng: random.Random, used: set[str] | None = None) -> Reply:
        """The bot's answer to one point; `used` rebuttal ids are avoided while others remain."""
        if point.argument is None:
            text = (
                "I can't place that point among the usual arguments on this motion, so I'll "
                f"answer it head-on. {general_clash(self.motion, self.bot_side, rng)}"
            )
            return Reply(point, None, text)
        options = self.motion.rebuttals_to(point.argument)
        fresh = [r for r in options if not used or r.id not in used] or list(options)
        rebuttal = rng.choice(fresh)
        if used is not None:
            used.add(rebuttal.id)
        return Reply(point, rebuttal, f'On "{point.argument.title}": {rebuttal.text}')


def general_clash(motion: Motion, bot_side: str, rng: random.Random) -> str:
    """The bot's strongest answer to a point it could not place: its own weighing."""
    case = motion.case(bot_side)
    return f"{rng.choice(case.weighing)} And our case stands: {case.arguments[0].claim}"
