"""How the questions in content/asked/ carry over to questions the content has not seen.

    python -m benchmarks.faq_crossval [--levels 52/64 60/66 ...]

Each tuning-side set's questions are also phrasings of the shipped content
(`benchmarks.faq_asked`), so scoring that set on the shipped content would score
questions against themselves. Here each set is scored on the content without
its own questions (leave one set out): what a member writing like that set's
writer, but not in it, would get. The off-topic set is in no asked file and is
scored on the whole content. `--levels answer/channel_answer` pairs try other
answer levels on the same readings.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from pathlib import Path

from benchmarks.faq_accuracy import DEFAULT_SETS, load_set
from benchmarks.faq_asked import training_sets
from bot.config import REPO_ROOT
from bot.engine.faq import Answer, FaqMatcher, Reading, Thresholds, Weights
from bot.knowledge import load_knowledge
from bot.knowledge.models import FaqEntry

Labelled = list[tuple[Reading, str | None]]


def without(entries: Sequence[FaqEntry], questions: set[str]) -> list[FaqEntry]:
    return [
        dataclasses.replace(e, asked=tuple(q for q in e.asked if q not in questions))
        for e in entries
    ]


def readings(entries: Sequence[FaqEntry], weights: Weights | None = None) -> dict[str, Labelled]:
    """Every tuning-side set read by a matcher that has not seen it, and the off-topic set."""
    out: dict[str, Labelled] = {}
    for path in training_sets():
        rows = load_set(path)
        matcher = FaqMatcher(without(entries, {q for q, _ in rows}), weights=weights)
        out[path.name] = [(matcher.read(q), expected) for q, expected in rows]
    offtopic = next(p for p in DEFAULT_SETS if p.name == "faq_offtopic.jsonl")
    whole = FaqMatcher(entries, weights=weights)
    out[offtopic.name] = [(whole.read(q), expected) for q, expected in load_set(offtopic)]
    return out


@dataclasses.dataclass
class Tally:
    right: int = 0
    asked: int = 0
    wrong: int = 0
    off_answered: int = 0
    off: int = 0

    def add(self, got: str | None, expected: str | None) -> None:
        if expected is None:
            self.off += 1
            self.off_answered += got is not None
        else:
            self.asked += 1
            self.right += got == expected
            self.wrong += got is not None and got != expected

    def line(self) -> str:
        top1 = ""
        if self.asked:
            top1 = f"top-1 {self.right / self.asked:.1%} ({self.right}/{self.asked}) "
        abstention = 1 - self.off_answered / self.off if self.off else 1.0
        return f"{top1}wrong {self.wrong} off-topic abstention {abstention:.1%} ({self.off})"


def tally(rows: Labelled, thresholds: Thresholds, addressed: bool) -> Tally:
    t = Tally()
    for reading, expected in rows:
        result = thresholds.decide(reading, addressed=addressed)
        t.add(result.entry.id if isinstance(result, Answer) else None, expected)
    return t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", nargs="*", default=[], metavar="ANSWER/CHANNEL")
    args = parser.parse_args(argv)
    knowledge = load_knowledge(REPO_ROOT / "content")
    sets = readings(knowledge.faq)
    shipped = Thresholds()
    for name, rows in sets.items():
        for addressed in (True, False):
            mode = "asked" if addressed else "overheard"
            print(f"{Path(name).stem} ({mode}): {tally(rows, shipped, addressed).line()}")
    levels = [(shipped.answer, shipped.channel_answer)] + [
        tuple(float(x) for x in level.split("/")) for level in args.levels
    ]
    for answer, channel in levels:
        t = dataclasses.replace(shipped, answer=answer, channel_answer=channel)
        for addressed in (True, False):
            pooled = Tally()
            for rows in sets.values():
                part = tally(rows, t, addressed)
                for f in dataclasses.fields(Tally):
                    setattr(pooled, f.name, getattr(pooled, f.name) + getattr(part, f.name))
            mode = "asked" if addressed else "overheard"
            print(f"all sets, answer {answer:g} / channel {channel:g} ({mode}): {pooled.line()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
