"""The bot's side of a sparring round: hearing the student, and its own speeches.

Hearing: the student's speech is cut into points (`clash.split_points`), each
placed among the student's side's arguments and checked against the bot's own
arguments, to know which of them the student answered.

Speaking: the bot's speeches are composed from its side's content alone.

Every sentence the bot says comes from its own side of the motion (arguments,
rebuttals, weighing, summary) or from a fixed template about the round itself
("They still haven't answered ..."). Nothing is taken from the student's side or
from the student's words, which is what keeps the bot from ever conceding.

Length is measured in words at a speaking pace of 150 words a minute. A speech
is assembled from blocks in order of importance and a block that would push it
past the budget is left out whole, so no speech ever runs over and none is cut
mid-sentence. The same `random.Random` gives the same speech, so a round that is
restored from storage replays word for word.
"""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.engine.debate.clash import ClashMatcher, Point, argument_matcher, other_side
from bot.engine.faq import Answer, FaqMatcher, Thresholds
from bot.knowledge.models import Argument, FaqEntry, Motion

WORDS_PER_MINUTE = 150
ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")
_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight")
_WORD = re.compile(r"[A-Za-z][a-z']*")


def word_count(text: str) -> int:
    return len(text.split())


def word_budget(seconds: int) -> int:
    """How many words fit in a speech of `seconds` at a speaking pace."""
    return seconds * WORDS_PER_MINUTE // 60


@lru_cache(maxsize=64)
def clash_matcher(motion: Motion, student_side: str) -> ClashMatcher:
    """One matcher per motion and side: building it indexes every phrasing."""
    return ClashMatcher(motion, student_side)


@dataclass(frozen=True, slots=True)
class HeardPoint:
    """A point of the student's speech as the bot understood it."""

    point: Point
    """Placed among the student's side's arguments (`point.argument`), or not."""
    answers: Argument | None = None
    """The bot argument this point pushes back on, if any."""


@dataclass(frozen=True, slots=True)
class BotText:
    text: str
    arguments: tuple[str, ...] = ()
    """Ids of the bot's arguments newly made in this speech."""
    rebuttals: tuple[str, ...] = ()
    """Ids of the rebuttals used in this speech."""


# -- hearing the student -----------------------------------------------------

# Stricter than placing a point: a false "answered" both flatters the student's score and
# stops the bot pressing an argument that still stands. A one-word overlap with a short
# phrasing scores about 40.
ENGAGEMENT_THRESHOLDS = Thresholds(
    answer=45.0,
    channel_answer=45.0,
    suggest=35.0,
    margin=0.0,
    long_answer=45.0,
    remark_words=None,
)
# A sentence opening like this explains or qualifies the one before it, not a new point.
_ELABORATION = re.compile(
    r"^(?:and|but|because|since|so|therefore|thus|hence|as a result|for (?:example|instance)|"
    r"such as|e\.?g\.?|(?:this|that) is because|(?:this|that|which) (?:means|matters|leads to|"
    r"results in))\b",
    re.IGNORECASE,
)
# "They say ..." opens most rebuttals: words about the debate, not about the motion, which
# would let any student sentence with "say" in it look like an answer.
_REPORTING = re.compile(r"(?:^|(?<=[.!?;:]\s))(?:they|opponents|the other side)\s+\w+", re.I)


@lru_cache(maxsize=64)
def _engagement(motion: Motion, student_side: str) -> tuple[FaqMatcher, dict[str, Argument]]:
    """A matcher over the bot's arguments, phrased as a student answering them would be.

    Each bot argument is known by its own claim, title and phrasings and by the
    student side's rebuttals to it: a point that lands on any of these engages it.
    """
    arguments = motion.case(other_side(student_side)).arguments
    entries = [
        FaqEntry(
            id=a.id,
            question=a.claim,
            alternates=(
                a.title,
                *a.phrasings,
                *(_REPORTING.sub("", r.text) for r in motion.rebuttals_to(a)),
            ),
            answer=" ".join((a.reasoning, a.example, a.impact)),
            tags=(),
            sources=(),
        )
        for a in arguments
    ]
    return argument_matcher(entries, ENGAGEMENT_THRESHOLDS), {a.id: a for a in arguments}


def hear(motion: Motion, student_side: str, text: str) -> tuple[HeardPoint, ...]:
    """The speech's points: placed among the student's arguments, and the bot arguments
    each one answers. A sentence that only explains the one before ("This is because
    ...", "For example ...") stays with it, so a point keeps its reasoning and example."""
    points: list[Point] = []
    for point in clash_matcher(motion, student_side).points(text):
        if points and _ELABORATION.match(point.text):
            # Even when the explanation alone resembles another argument, it explains
            # the point before it; it only names the argument if that point had none.
            last = points[-1]
            argument = last.argument or point.argument
            score = last.score if last.argument else point.score
            points[-1] = Point(f"{last.text}. {point.text}", argument, score)
        else:
            points.append(point)
    matcher, by_id = _engagement(motion, student_side)
    heard: list[HeardPoint] = []
    for point in points:
        result = matcher.match(point.text)
        heard.append(
            HeardPoint(point, by_id[result.entry.id] if isinstance(result, Answer) else None)
        )
    return tuple(heard)


# -- sentences ---------------------------------------------------------------


@lru_cache(maxsize=64)
def _common_words(motion: Motion) -> frozenset[str]:
    """Words the motion's prose writes in lower case somewhere.

    A capitalised first word found here is an ordinary word ("The", "Under") and
    may be lowered after "For example, "; one never written lower case is a name
    ("America", "Brexit") and keeps its capital.
    """
    texts = [motion.motion, motion.info]
    for case in (motion.proposition, motion.opposition):
        texts.extend(case.weighing)
        texts.extend(case.summary)
        texts.extend(r.text for r in case.rebuttals)
        for a in case.arguments:
            texts.extend((a.title, a.claim, a.reasoning, a.example, a.impact))
    return frozenset(w for text in texts for w in _WORD.findall(text) if w.islower())


def _lower_first(text: str, motion: Motion) -> str:
    text = text.strip()
    match = _WORD.match(text)
    if match and match.group().lower() in _common_words(motion) and match.group() != "I":
        return text[0].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _clause(text: str, motion: Motion) -> str:
    """A sentence to go inside another one: lower first word, no final stop."""
    return _lower_first(" ".join(text.split()), motion).rstrip(" .!?")


def argument_variants(motion: Motion, argument: Argument, ordinal: str) -> tuple[str, ...]:
    """The argument signposted as claim, reasoning, example and impact, then shorter cuts.

    The cuts drop the example, then the impact, for a speech too short for the whole.
    """
    head = f"{ordinal}, {_clause(argument.title, motion)}. {_sentence(argument.claim)}"
    reasoning = _sentence(argument.reasoning)
    example = f"For example, {_sentence(_lower_first(argument.example, motion))}"
    impact = f"This matters because {_sentence(_lower_first(argument.impact, motion))}"
    return (
        f"{head} {reasoning} {example} {impact}",
        f"{head} {reasoning} {impact}",
        f"{head} {reasoning}",
        head,
    )


def _roadmap(motion: Motion, chosen: Sequence[Argument]) -> str:
    titles = [_clause(a.title, motion) for a in chosen]
    if len(titles) == 1:
        return f"Our case rests on one point: {titles[0]}."
    listed = [f"{ORDINALS[i].lower()}, {t}" for i, t in enumerate(titles)]
    joined = "; ".join(listed[:-1]) + f"; and {listed[-1]}"
    return f"We bring {_count(len(titles))} points today: {joined}."


def _count(n: int) -> str:
    return _COUNTS[n] if n < len(_COUNTS) else str(n)


def _name(argument: Argument) -> str:
    """The argument's title as a name inside a sentence."""
    return " ".join(argument.title.split()).rstrip(".")


def _join(paragraphs: Sequence[str]) -> str:
    return "\n\n".join(p for p in paragraphs if p)


# -- constructive ------------------------------------------------------------


def constructive(
    motion: Motion, bot_side: str, seconds: int, rng: random.Random
) -> tuple[str, list[str]]:
    """An opening speech: a roadmap and as many whole arguments as the time allows.

    Returns the text and the ids of the arguments made, in the order made. The
    choice and order of arguments are the `rng`'s, so two rounds on one motion
    differ while a replayed round does not.
    """
    budget = word_budget(seconds)
    arguments = motion.case(bot_side).arguments
    order = rng.sample(arguments, len(arguments))
    for count in range(len(order), 0, -1):
        chosen = order[:count]
        blocks = [argument_variants(motion, a, ORDINALS[i])[0] for i, a in enumerate(chosen)]
        text = _join([_roadmap(motion, chosen), *blocks])
        if word_count(text) <= budget:
            return text, [a.id for a in chosen]
    # Not even one whole argument fits: make the first one as fully as the time allows.
    first = order[0]
    for variant in argument_variants(motion, first, ORDINALS[0]):
        if word_count(variant) <= budget:
            return variant, [first.id]
    return " ".join(variant.split()[:budget]), [first.id]


# -- rebuttal ----------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    place: tuple[int, int]
    """Where the block is said: (section, position); sections run replies, pressing,
    new arguments, weighing, summary."""
    text: str
    arguments: tuple[str, ...] = ()
    rebuttals: tuple[str, ...] = ()


_REPLIES, _PRESS, _EXTEND, _WEIGH, _SUM = range(5)


class _Speech:
    """Blocks chosen under a word budget, said in their places' order."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.chosen: list[_Block] = []
        self.words = 0

    def add(self, block: _Block | None, *, reserve: int = 0) -> bool:
        if block is None:
            return False
        size = word_count(block.text)
        if self.words + size > self.budget - reserve:
            return False
        self.chosen.append(block)
        self.words += size
        return True

    def result(self) -> BotText:
        ordered = sorted(self.chosen, key=lambda b: b.place)
        paragraphs: list[str] = []
        for index, block in enumerate(ordered):
            # The summary's lines read as one closing paragraph.
            if index and block.place[0] == _SUM and ordered[index - 1].place[0] == _SUM:
                paragraphs[-1] += f" {block.text}"
            else:
                paragraphs.append(block.text)
        return BotText(
            _join(paragraphs),
            tuple(i for b in ordered for i in b.arguments),
            tuple(i for b in ordered for i in b.rebuttals),
        )


def rebuttal_speech(
    motion: Motion,
    bot_side: str,
    seconds: int,
    rng: random.Random,
    *,
    heard: Sequence[HeardPoint],
    made: Sequence[str],
    answered: Collection[str],
    used: Collection[str],
    extend: bool,
    last: bool,
) -> BotText:
    """The bot's reply to the student's last speech.

    `heard`: that speech's points; `made`: the bot's arguments made so far;
    `answered`: bot arguments the student has engaged in any speech; `used`:
    rebuttal ids already spent; `extend`: new arguments may be made (not in a
    rebuttal or final speech); `last`: the bot's final speech, which summarises.

    In order of importance: make the bot's first argument if it has none yet,
    weigh and summarise in a final speech, press dropped arguments, answer each
    point, and only then add further arguments with the words left.
    """
    case = motion.case(bot_side)
    speech = _Speech(word_budget(seconds))
    matcher = clash_matcher(motion, other_side(bot_side))
    by_id = {a.id: a for a in case.arguments}
    made_arguments = [by_id[i] for i in made if i in by_id]

    replies = _replies(motion, matcher, rng, heard, made_arguments, set(used))
    spoken = " ".join(b.text for b in replies)
    weighing = [w for w in case.weighing if w not in spoken] or list(case.weighing)
    weigh = _Block((_WEIGH, 0), f"Weighing it up: {_sentence(rng.choice(weighing))}")
    summary = [
        _Block((_SUM, i), ("To sum up: " if i == 0 else "") + _sentence(line))
        for i, line in enumerate(case.summary if last else ())
    ]
    press = [
        _Block(
            (_PRESS, i),
            f"{_name(a)}: they still haven't answered our point that "
            f"{_clause(a.claim, motion)}; that stands.",
        )
        for i, a in enumerate(a for a in made_arguments if a.id not in answered)
    ]
    unmade = [a for a in case.arguments if a.id not in made]
    fresh = rng.sample(unmade, len(unmade)) if extend else []
    first_case = fresh[0] if fresh and not made_arguments else None

    if not heard:
        speech.add(
            _Block(
                (_REPLIES, 0),
                "They gave us no argument to answer in that speech, so everything we have "
                "said stands.",
            )
        )
    # A closing speech weighs before anything else; an opening one builds its case first.
    weigh_first = last or not extend
    if weigh_first:
        speech.add(weigh)
    speech.add(summary[0] if summary else None)
    # Keep room for at least the claim and reasoning of the bot's first argument.
    reserve = 0
    if first_case is not None:
        reserve = word_count(argument_variants(motion, first_case, ORDINALS[0])[2])
    for block in (*press, *replies):
        speech.add(block, reserve=reserve)
    ordinal = len(made_arguments)
    if first_case is not None:
        for variant in argument_variants(motion, first_case, ORDINALS[ordinal]):
            if speech.add(_Block((_EXTEND, 0), variant, (first_case.id,))):
                break
        fresh = fresh[1:]
        ordinal += 1
    if not weigh_first:
        speech.add(weigh)
    for block in summary[1:]:
        speech.add(block)
    for position, argument in enumerate(fresh, start=1):
        if ordinal >= len(ORDINALS):
            break
        text = argument_variants(motion, argument, ORDINALS[ordinal])[0]
        if not speech.add(_Block((_EXTEND, position), text, (argument.id,))):
            break
        ordinal += 1
    return speech.result()


def _replies(
    motion: Motion,
    matcher: ClashMatcher,
    rng: random.Random,
    heard: Sequence[HeardPoint],
    made: Sequence[Argument],
    used: set[str],
) -> list[_Block]:
    """One answer per point, in the order the student made them.

    A point placed among the student's arguments gets a rebuttal; a point that
    pushes back on an argument the bot made is met with that argument's
    reasoning; the first point that is neither gets the bot's honest "I can't
    place that" with its general clash, and any others are counted, not guessed at.
    """
    blocks: list[_Block] = []
    defended: set[str] = set()
    made_ids = {a.id for a in made}
    unplaced: list[int] = []
    for position, heard_point in enumerate(heard):
        point, target = heard_point.point, heard_point.answers
        if point.argument is not None:
            reply = matcher.reply(point, rng, used)
            ids = (reply.rebuttal.id,) if reply.rebuttal else ()
            blocks.append(_Block((_REPLIES, position), _sentence(reply.text), rebuttals=ids))
        elif target is not None and target.id in made_ids:
            if target.id in defended:
                continue
            defended.add(target.id)
            blocks.append(
                _Block(
                    (_REPLIES, position),
                    f'They push back on our point "{_name(target)}", but the '
                    f"reasoning stands: {_sentence(target.reasoning)}",
                )
            )
        else:
            unplaced.append(position)
    if unplaced:
        first = heard[unplaced[0]].point
        text = _sentence(matcher.reply(first, rng, used).text)
        others = len(unplaced) - 1
        if others:
            more = "point" if others == 1 else "points"
            text += (
                f" The same answer goes for their {_count(others)} other {more} I couldn't place."
            )
        blocks.append(_Block((_REPLIES, unplaced[0]), text))
    blocks.sort(key=lambda b: b.place)
    return blocks
