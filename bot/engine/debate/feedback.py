"""Feedback on a sparring round: what the student argued, what they left standing, a score.

Everything here is read off the round's records (the points placed when each
speech was heard, the bot's arguments and rebuttals), never re-matched, so the
feedback on a stored round is the feedback the student would have had live.
Structure is judged by the words debaters are taught to use for reasoning,
examples and impacts: a crude measure, but one a student can act on next speech.

The score (out of 100) is four parts, each with the reason it was given:
30 for making the motion's arguments, 30 for answering the bot's, 25 for
structure and 15 for using the time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.debate.speeches import word_budget
from bot.knowledge.models import Argument, Motion

if TYPE_CHECKING:
    from bot.engine.debate.formats import Format
    from bot.engine.debate.round import Round

ARGUMENTS_MAX, ANSWERS_MAX, STRUCTURE_MAX, TIME_MAX = 30, 30, 25, 15
TARGET_ARGUMENTS = 3
"""Arguments of the motion that earn full marks for argument-making."""
UNDER_SHARE = 0.5
"""A speech shorter than this share of its word limit is "under"."""
MISSED_SHOWN = 3

_REASONING = re.compile(r"\b(?:because|since|this means|therefore|so)\b", re.IGNORECASE)
_IMPACT = re.compile(
    r"\b(?:which means|this matters|leads? to|led to|results? in|so that|harm\w*|benefit\w*)\b",
    re.IGNORECASE,
)
# "like" as in "countries like France", not "I would like to".
_EXAMPLE = re.compile(
    r"\b(?:for example|for instance|such as|e\.g\.|\d+)\b"
    r"|(?<!\bwould )(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bthey )\blike\b(?! to\b)",
    re.IGNORECASE,
)
# Institutions and events students cite, however they capitalise them.
_NAMED = re.compile(
    r"\b(?:united nations|un|eu|european union|wto|nato|imf|world bank|nafta|usmca|"
    r"paris agreement|kyoto|covid|brexit|america first|world war|g7|g20|icc|ecthr)\b",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"(?<=[a-z,;] )(?!I\b|I')[A-Z][A-Za-z]+")


@dataclass(frozen=True, slots=True)
class Recognised:
    point: str
    argument: str
    """The title of the argument the point was placed on."""
    answer: str
    """The bot's rebuttal to it."""
    replied: bool
    """False when the bot never got to reply: `answer` is what it would have said."""


@dataclass(frozen=True, slots=True)
class Rebutted:
    point: str
    argument: str
    """The title of the bot's argument the point answers."""


@dataclass(frozen=True, slots=True)
class Dropped:
    title: str
    claim: str


@dataclass(frozen=True, slots=True)
class Structure:
    point: str
    reasoning: bool
    example: bool
    impact: bool

    @property
    def parts(self) -> int:
        return self.reasoning + self.example + self.impact


@dataclass(frozen=True, slots=True)
class Length:
    speech: str
    words: int
    limit: int
    verdict: str
    """"over", "under" or "ok"."""
    overtime: bool
    """Sent after the speech's time and grace."""


@dataclass(frozen=True, slots=True)
class ScoreLine:
    points: int
    out_of: int
    reason: str


@dataclass(frozen=True, slots=True)
class Feedback:
    motion: str
    side: str
    """The student's side as the format calls it ("Affirmative")."""
    format_name: str
    complete: bool
    """Every speech of the format was given (False when the round was stopped early)."""
    recognised: tuple[Recognised, ...]
    rebutted: tuple[Rebutted, ...]
    unplaced: tuple[str, ...]
    """Points neither placed among the side's arguments nor answering the bot."""
    dropped: tuple[Dropped, ...]
    structure: tuple[Structure, ...]
    lengths: tuple[Length, ...]
    missed: tuple[str, ...]
    """Titles of strong arguments of the student's side they never made."""
    reasons: tuple[ScoreLine, ...]

    @property
    def score(self) -> int:
        return sum(line.points for line in self.reasons)


def structure_of(point: str) -> Structure:
    example = bool(_EXAMPLE.search(point) or _NAMED.search(point) or _CAPITALISED.search(point))
    return Structure(point, bool(_REASONING.search(point)), example, bool(_IMPACT.search(point)))


def feedback_for(round_: Round, motion: Motion, fmt: Format) -> Feedback:
    records = round_.speeches
    student = [r for r in records if r.speaker == "student"]
    bot_arguments = {a.id: a for a in motion.case(round_.bot_side).arguments}
    recognised, rebutted, unplaced = _sort_points(round_, motion)

    # A bot argument counts against the student only once they had a speech to answer it in.
    chances: list[str] = []
    for index, record in enumerate(records):
        if record.speaker == "bot" and any(r.speaker == "student" for r in records[index:]):
            chances.extend(a for a in record.arguments if a not in chances)
    answered = {a for r in student for a in r.answered}
    dropped = [bot_arguments[a] for a in chances if a not in answered and a in bot_arguments]

    made = {argument_id for r in student for _, argument_id, _ in r.points if argument_id}
    structure = [structure_of(text) for r in student for text, _, _ in r.points]
    lengths = [_length(fmt, r.speech_key, r.words, r.overtime) for r in student]
    own = sum(1 for text in unplaced if structure_of(text).reasoning)
    reasons = (
        _argument_score(len(made), own, len(motion.case(round_.student_side).arguments)),
        _answer_score(len(chances), len(chances) - len(dropped)),
        _structure_score(structure),
        _time_score(lengths),
    )
    side = next(s.side for s in fmt.speeches if s.side == round_.student_side)
    return Feedback(
        motion=motion.motion,
        side=fmt.label(side),
        format_name=fmt.name,
        complete=round_.index >= len(fmt.speeches),
        recognised=tuple(recognised),
        rebutted=tuple(rebutted),
        unplaced=tuple(unplaced),
        dropped=tuple(Dropped(a.title, a.claim) for a in dropped),
        structure=tuple(structure),
        lengths=tuple(lengths),
        missed=tuple(a.title for a in _missed(motion, round_.student_side, made)),
        reasons=reasons,
    )


def _sort_points(
    round_: Round, motion: Motion
) -> tuple[list[Recognised], list[Rebutted], list[str]]:
    """The student's points as arguments made (with the bot's answer), answers to the
    bot, and the rest."""
    rebuttals = {r.id: r for r in motion.case(round_.bot_side).rebuttals}
    recognised: list[Recognised] = []
    rebutted: list[Rebutted] = []
    unplaced: list[str] = []
    records = round_.speeches
    for index, record in enumerate(records):
        if record.speaker != "student":
            continue
        reply = records[index + 1] if index + 1 < len(records) else None
        pool = list(reply.rebuttals) if reply is not None else []
        for text, argument_id, answers_id in record.points:
            argument = motion.argument(argument_id) if argument_id else None
            target = motion.argument(answers_id) if answers_id else None
            if target is not None:
                rebutted.append(Rebutted(text, target.title))
            if argument is None:
                if target is None:
                    unplaced.append(text)
                continue
            used = next((r for r in pool if rebuttals[r].answers == argument.id), None)
            if used is not None:
                pool.remove(used)
                recognised.append(Recognised(text, argument.title, rebuttals[used].text, True))
            else:
                answer = motion.rebuttals_to(argument)[0].text
                recognised.append(Recognised(text, argument.title, answer, False))
    return recognised, rebutted, unplaced


def _length(fmt: Format, key: str, words: int, overtime: bool) -> Length:
    speech = fmt.speech(key)
    limit = word_budget(speech.seconds)
    verdict = "over" if words > limit else "under" if words < limit * UNDER_SHARE else "ok"
    return Length(speech.name, words, limit, verdict, overtime)


def _missed(motion: Motion, side: str, made: set[str]) -> list[Argument]:
    """The side's arguments not made, the ones the other side has fewest answers to first.

    Fewer prepared answers is the nearest this content has to "harder to beat".
    """
    unmade = [a for a in motion.case(side).arguments if a.id not in made]
    unmade.sort(key=lambda a: len(motion.rebuttals_to(a)))
    return unmade[:MISSED_SHOWN]


def _argument_score(made: int, own: int, available: int) -> ScoreLine:
    # A point of the student's own with reasoning behind it is worth half a known argument:
    # the bot can't place it, but it may well be a real argument.
    target = min(TARGET_ARGUMENTS, available)
    credit = min(made + 0.5 * own, target)
    points = round(ARGUMENTS_MAX * credit / target)
    reason = f"you made {made} of the motion's arguments for your side ({target} earns full marks)"
    if own:
        reason += f", plus {own} reasoned point(s) of your own at half credit"
    return ScoreLine(points, ARGUMENTS_MAX, reason)


def _answer_score(chances: int, answered: int) -> ScoreLine:
    if not chances:
        reason = "the round ended before you had one of the bot's arguments to answer"
        return ScoreLine(0, ANSWERS_MAX, reason)
    points = round(ANSWERS_MAX * answered / chances)
    reason = f"you answered {answered} of the {chances} arguments the bot made"
    return ScoreLine(points, ANSWERS_MAX, reason)


def _structure_score(structure: list[Structure]) -> ScoreLine:
    if not structure:
        return ScoreLine(0, STRUCTURE_MAX, "no points to judge the structure of")
    share = sum(s.parts for s in structure) / (3 * len(structure))
    count = len(structure)
    reason = (
        f"of your {count} point(s), {sum(s.reasoning for s in structure)} had reasoning, "
        f"{sum(s.example for s in structure)} an example, "
        f"{sum(s.impact for s in structure)} an impact"
    )
    return ScoreLine(round(STRUCTURE_MAX * share), STRUCTURE_MAX, reason)


def _time_share(length: Length) -> float:
    ratio = length.words / length.limit
    # Full credit from half the limit to the limit; 40% over the limit earns nothing.
    share = max(0.0, 1 - (ratio - 1) * 2.5) if ratio > 1 else min(1.0, ratio / UNDER_SHARE)
    return share / 2 if length.overtime else share


def _time_score(lengths: list[Length]) -> ScoreLine:
    if not lengths:
        return ScoreLine(0, TIME_MAX, "no speeches given")
    good = sum(1 for s in lengths if s.verdict == "ok" and not s.overtime)
    share = sum(_time_share(s) for s in lengths) / len(lengths)
    reason = (
        f"{good} of your {len(lengths)} speech(es) used the time well "
        "(at least half the word limit, within it, and on time)"
    )
    return ScoreLine(round(TIME_MAX * share), TIME_MAX, reason)


# -- rendering ---------------------------------------------------------------


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1].rstrip()}…"'


def render_feedback(feedback: Feedback) -> str:
    """Plain text in short headed sections; adapters make an embed or console text of it."""
    lines = [
        f"Motion: {feedback.motion}",
        f"You argued {feedback.side} ({feedback.format_name}).",
    ]
    if not feedback.complete:
        lines.append("The round was stopped early: this covers the speeches you gave.")
    lines += ["", f"Score: {feedback.score}/100"]
    lines += [f"- {r.points}/{r.out_of}: {r.reason}" for r in feedback.reasons]

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.extend(("", title, *(f"- {item}" for item in items)))

    section(
        "Arguments you made",
        [
            f"{_quote(r.point)} → {r.argument}. "
            + ("The bot answered: " if r.replied else "The bot would answer: ")
            + r.answer
            for r in feedback.recognised
        ],
    )
    section(
        "Your answers to the bot",
        [f"{_quote(r.point)} → answers {r.argument}" for r in feedback.rebutted],
    )
    section(
        "Points the bot couldn't place (it answered them with its own case)",
        [_quote(p) for p in feedback.unplaced],
    )
    section("Bot arguments you left standing", [f"{d.title}: {d.claim}" for d in feedback.dropped])
    section("Structure of your points", [_structure_line(s) for s in feedback.structure])
    section("Length", [_length_line(s) for s in feedback.lengths])
    section("Arguments you could have made", list(feedback.missed))
    return "\n".join(lines)


def _structure_line(s: Structure) -> str:
    parts = {"reasoning": s.reasoning, "an example": s.example, "an impact": s.impact}
    has = [name for name, present in parts.items() if present]
    lacks = [name for name, present in parts.items() if not present]
    said = ("has " + ", ".join(has)) if has else "a bare claim"
    return f"{_quote(s.point, 60)}: {said}" + (f"; add {', '.join(lacks)}" if lacks else "")


def _length_line(s: Length) -> str:
    verdict = {
        "over": "over the limit: cut to your strongest points",
        "under": "under half the time: develop your points further",
        "ok": "a good length",
    }[s.verdict]
    late = "; sent after time ran out" if s.overtime else ""
    return f"{s.speech}: {s.words} of {s.limit} words, {verdict}{late}"
