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

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (self.question, *self.alternates)


@dataclass(frozen=True, slots=True)
class Knowledge:
    faq: tuple[FaqEntry, ...]
    sources: dict[str, Source]
    faq_by_id: dict[str, FaqEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "faq_by_id", {entry.id: entry for entry in self.faq})

    def source_title(self, source_id: str) -> str:
        source = self.sources.get(source_id)
        return source.title if source else source_id
