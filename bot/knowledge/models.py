"""Validated content as plain, immutable values handed to the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class FaqEntry:
    id: str
    question: str
    alternates: tuple[str, ...]
    answer: str
    tags: tuple[str, ...]
    sources: tuple[str, ...]
    path: Path = field(default=Path("<memory>"), compare=False)
    line: int = field(default=0, compare=False)
    phrasing_lines: tuple[int, ...] = field(default=(), compare=False)
    """Line of the question, then of each alternate (for problems about one phrasing)."""
    asked: tuple[str, ...] = ()
    """Questions members asked in their own words that this entry answers (content/asked):
    matched like the alternates, never shown."""

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (self.question, *self.alternates, *self.asked)


SIDES = ("proposition", "opposition")


@dataclass(frozen=True, slots=True)
class Argument:
    id: str
    side: str
    title: str
    claim: str
    reasoning: str
    example: str
    impact: str
    phrasings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rebuttal:
    id: str
    answers: str
    """The id of the other side's argument this rebuttal answers."""
    text: str


@dataclass(frozen=True, slots=True)
class SideCase:
    arguments: tuple[Argument, ...]
    rebuttals: tuple[Rebuttal, ...]
    """Answers this side gives to the other side's arguments."""
    weighing: tuple[str, ...]
    summary: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Motion:
    id: str
    key: str
    motion: str
    info: str
    sources: tuple[str, ...]
    proposition: SideCase
    opposition: SideCase
    path: Path = field(default=Path("<memory>"), compare=False)
    line: int = field(default=0, compare=False)

    def case(self, side: str) -> SideCase:
        if side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}, not {side!r}")
        return self.proposition if side == "proposition" else self.opposition

    def argument(self, argument_id: str) -> Argument | None:
        for argument in (*self.proposition.arguments, *self.opposition.arguments):
            if argument.id == argument_id:
                return argument
        return None

    def rebuttals_to(self, argument: Argument) -> tuple[Rebuttal, ...]:
        """The other side's answers to an argument."""
        other = self.case("opposition" if argument.side == "proposition" else "proposition")
        return tuple(r for r in other.rebuttals if r.answers == argument.id)


QUESTION_TYPES = ("multiple-choice", "true-false", "short-answer")
DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    id: str
    type: str
    prompt: str
    options: tuple[str, ...]
    """Multiple choice: the choices. True/false: ("true", "false"). Short answer: empty."""
    answer: str
    """The option, "true"/"false", or the canonical short answer."""
    accept: tuple[str, ...]
    """Other right forms of a short answer."""
    reject: tuple[str, ...]
    """Near misses that are wrong, so typo tolerance never makes them right."""
    explanation: str
    topics: tuple[str, ...]
    difficulty: str
    source: str
    path: Path = field(default=Path("<memory>"), compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Knowledge:
    faq: tuple[FaqEntry, ...]
    sources: dict[str, Source]
    motions: tuple[Motion, ...] = ()
    quiz: tuple[QuizQuestion, ...] = ()
    faq_by_id: dict[str, FaqEntry] = field(init=False, repr=False, compare=False)
    motions_by_id: dict[str, Motion] = field(init=False, repr=False, compare=False)
    quiz_by_id: dict[str, QuizQuestion] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "faq_by_id", {entry.id: entry for entry in self.faq})
        object.__setattr__(self, "motions_by_id", {m.id: m for m in self.motions})
        object.__setattr__(self, "quiz_by_id", {q.id: q for q in self.quiz})

    def source_title(self, source_id: str) -> str:
        source = self.sources.get(source_id)
        return source.title if source else source_id
