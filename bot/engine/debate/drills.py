"""Drills: short exercises between rounds, graded against the motion's argument graph.

- Rebuttal drill: the bot states one argument; the student answers it within a
  time limit; the answer is graded by how much of the linked rebuttals'
  distinctive reasoning it reaches, and the model rebuttals are shown.
- Argument drill: the student lists arguments for a side within N minutes; the
  bot says which known arguments they made and reveals the ones they missed.
- POI drill: the student gives a speech in parts; after each part the bot may
  offer a point of information; the student accepts (and answers) or declines.
  Debaters are expected to take one or two POIs and answer them on point.

Everything is pure: time and randomness come in as arguments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.engine.debate.clash import ClashMatcher, other_side
from bot.engine.text import content_stems, words
from bot.errors import UserError
from bot.knowledge.models import Argument, Motion, Rebuttal

REBUTTAL_SECONDS = 90
ARGUMENT_SECONDS = 180
GRACE = timedelta(seconds=15)


def _stems(text: str) -> set[str]:
    return set(content_stems(words(text)))


def _late(started_at: datetime, seconds: int, now: datetime) -> bool:
    return now - started_at > timedelta(seconds=seconds) + GRACE


# -- rebuttal drill ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RebuttalDrill:
    motion_id: str
    argument: Argument
    """The bot's argument the student must answer (it comes from the bot's side)."""
    started_at: datetime
    seconds: int = REBUTTAL_SECONDS


@dataclass(frozen=True, slots=True)
class RebuttalGrade:
    score: int
    """0-100."""
    late: bool
    words: int
    closest: Rebuttal
    models: tuple[Rebuttal, ...]
    verdict: str


def start_rebuttal_drill(
    motion: Motion, student_side: str, rng: random.Random, now: datetime
) -> RebuttalDrill:
    """An argument from the side the student opposes, chosen by `rng`."""
    argument = rng.choice(motion.case(other_side(student_side)).arguments)
    return RebuttalDrill(motion.id, argument, now)


def grade_rebuttal(
    motion: Motion, drill: RebuttalDrill, answer: str, now: datetime
) -> RebuttalGrade:
    if not answer.strip():
        raise UserError("Your rebuttal is empty: answer the argument in a sentence or two.")
    models = motion.rebuttals_to(drill.argument)
    said = _stems(answer)
    argument_words = _stems(" ".join((drill.argument.claim, drill.argument.title)))

    def reach(rebuttal: Rebuttal) -> float:
        # Words of the model answer that merely repeat the argument don't show a rebuttal.
        target = _stems(rebuttal.text) - argument_words
        return len(said & target) / len(target) if target else 0.0

    closest = max(models, key=reach)
    reached = reach(closest)
    engages = bool(said & argument_words)
    length = len(answer.split())
    score = round(min(1.0, reached * 2.5) * 70 + (15 if engages else 0) + min(length, 60) / 4)
    late = _late(drill.started_at, drill.seconds, now)
    if late:
        score = max(0, score - 15)
    score = min(score, 100)
    if score >= 70:
        verdict = "Strong: you met the argument head-on with real reasoning."
    elif score >= 40:
        verdict = "A fair answer; push further on why their argument fails, not just that it does."
    else:
        verdict = "Too thin: name their claim, then deny it, mitigate it, or outweigh it."
    return RebuttalGrade(score, late, length, closest, models, verdict)


# -- argument drill ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArgumentDrill:
    motion_id: str
    side: str
    started_at: datetime
    seconds: int = ARGUMENT_SECONDS


@dataclass(frozen=True, slots=True)
class ArgumentResult:
    made: tuple[Argument, ...]
    missed: tuple[Argument, ...]
    unplaced: tuple[str, ...]
    late: bool

    @property
    def score(self) -> int:
        total = len(self.made) + len(self.missed)
        return round(100 * len(self.made) / total) if total else 0


def grade_arguments(
    motion: Motion, drill: ArgumentDrill, answer: str, now: datetime
) -> ArgumentResult:
    if not answer.strip():
        raise UserError("List at least one argument, one per line or sentence.")
    clash = ClashMatcher(motion, drill.side)
    made: dict[str, Argument] = {}
    unplaced: list[str] = []
    for point in clash.points(answer):
        if point.argument is None:
            unplaced.append(point.text)
        else:
            made.setdefault(point.argument.id, point.argument)
    missed = tuple(a for a in motion.case(drill.side).arguments if a.id not in made)
    late = _late(drill.started_at, drill.seconds, now)
    return ArgumentResult(tuple(made.values()), missed, tuple(unplaced), late)


# -- POI drill --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Poi:
    text: str
    from_argument: str


@dataclass
class PoiDrill:
    """A speech given in parts, with points of information offered between them."""

    motion_id: str
    student_side: str
    seed: int
    parts: list[str] = field(default_factory=list)
    offered: list[Poi] = field(default_factory=list)
    taken: list[tuple[Poi, str]] = field(default_factory=list)
    declined: int = 0
    pending: Poi | None = None

    def speak(self, motion: Motion, text: str) -> Poi | None:
        """Record a part of the speech; the bot may stand with a POI (the returned value)."""
        if self.pending is not None:
            raise UserError(
                "A point of information is waiting: accept it with an answer, or decline."
            )
        if not text.strip():
            raise UserError("That part of your speech is empty.")
        self.parts.append(text)
        rng = random.Random(self.seed * 1009 + len(self.parts))
        if len(self.parts) == 1 or rng.random() > 0.7 or len(self.offered) >= 3:
            return None
        used = {p.from_argument for p in self.offered}
        options = [
            a for a in motion.case(other_side(self.student_side)).arguments if a.id not in used
        ]
        if not options:
            return None
        argument = rng.choice(options)
        self.pending = Poi(
            f"On that point: isn't it true that {_lower_first(argument.claim)}", argument.id
        )
        self.offered.append(self.pending)
        return self.pending

    def accept(self, motion: Motion, answer: str) -> bool:
        """Take the pending POI and answer it; True when the answer engages it."""
        poi = self._take_pending()
        self.taken.append((poi, answer))
        return _engages(motion, poi, answer)

    def decline(self) -> None:
        self._take_pending()
        self.declined += 1

    def _take_pending(self) -> Poi:
        if self.pending is None:
            raise UserError("No point of information is waiting.")
        poi, self.pending = self.pending, None
        return poi

    def verdict(self, motion: Motion) -> str:
        answered = sum(_engages(motion, poi, answer) for poi, answer in self.taken)
        lines = [
            f"POIs offered: {len(self.offered)}, taken: {len(self.taken)}, "
            f"declined: {self.declined}."
        ]
        if not self.offered:
            lines.append("No POIs came up: speak in a few more parts to practise taking them.")
        elif not self.taken:
            lines.append("Take at least one POI per speech: refusing them all looks evasive.")
        elif len(self.taken) > 2:
            lines.append("You took more than two: one or two is enough, then protect your time.")
        else:
            lines.append("Good: one or two POIs taken is what judges expect.")
        if self.taken:
            lines.append(
                f"You answered {answered} of {len(self.taken)} taken POIs on point."
                + (
                    ""
                    if answered == len(self.taken)
                    else " Answer the question asked, then return to your case."
                )
            )
        return "\n".join(lines)


def _engages(motion: Motion, poi: Poi, answer: str) -> bool:
    """An answer is on point when it takes up the words of the claim the POI put."""
    argument = motion.argument(poi.from_argument)
    if argument is None:
        return False
    claim = _stems(argument.claim)
    shared = _stems(answer) & claim
    return len(shared) >= 2 or (bool(claim) and len(shared) / len(claim) >= 0.25)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text
