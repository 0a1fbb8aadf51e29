"""Clash matching accuracy on labelled student arguments.

    python -m benchmarks.clash_accuracy [SET ...] [--errors] [--tune]

Each line of a set is {"motion", "side" (the student's), "argument", "expected"
(an argument id of that side, or null)}. Accuracy counts a line as right when
the placed argument equals the expected one, null included: placing a point
that is not one of the known arguments is as wrong as misplacing one.
`--tune` grid-searches the placing thresholds on the FIRST set only.
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import REPO_ROOT
from bot.engine.debate.clash import CLASH_THRESHOLDS, ClashMatcher
from bot.engine.faq import Thresholds
from bot.knowledge import Knowledge, load_knowledge

DEFAULT_SETS = (
    REPO_ROOT / "tests" / "data" / "rebuttal_set.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "rebuttal_dev.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "rebuttal_holdout.jsonl",
)

Row = tuple[str, str, str, str | None]


@dataclass
class ClashAccuracy:
    name: str
    total: int = 0
    right: int = 0
    placed_right: int = 0
    placed_total: int = 0
    null_right: int = 0
    null_total: int = 0
    misplaced: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def line(self) -> str:
        return (
            f"{self.name}: accuracy {self.accuracy:.1%} ({self.right}/{self.total}); "
            f"known arguments placed {self.placed_right}/{self.placed_total}, "
            f"misplaced {self.misplaced}; non-arguments left unplaced "
            f"{self.null_right}/{self.null_total}"
        )


def load_set(path: Path) -> list[Row]:
    rows: list[Row] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            rows.append((item["motion"], item["side"], item["argument"], item["expected"]))
    return rows


def evaluate(
    knowledge: Knowledge, rows: list[Row], name: str, thresholds: Thresholds | None = None
) -> ClashAccuracy:
    acc = ClashAccuracy(name)
    matchers: dict[tuple[str, str], ClashMatcher] = {}
    for motion_id, side, text, expected in rows:
        key = (motion_id, side)
        if key not in matchers:
            motion = knowledge.motions_by_id[motion_id]
            matchers[key] = ClashMatcher(motion, side, thresholds=thresholds)
        point = matchers[key].place(text)
        got = point.argument.id if point.argument else None
        acc.total += 1
        acc.right += got == expected
        if expected is None:
            acc.null_total += 1
            acc.null_right += got is None
        else:
            acc.placed_total += 1
            acc.placed_right += got == expected
            acc.misplaced += got is not None and got != expected
        if got != expected:
            acc.errors.append(f"{motion_id}/{side}: {text!r} want {expected} got {got}")
    return acc


def tune(knowledge: Knowledge, rows: list[Row]) -> None:
    results = []
    for answer, margin in itertools.product(range(20, 72, 2), (0, 2, 4, 6, 8)):
        t = Thresholds(answer=answer, channel_answer=answer, suggest=answer, margin=margin)
        acc = evaluate(knowledge, rows, "tune", t)
        results.append((acc.right, -acc.misplaced, answer, margin, acc))
    results.sort(key=lambda r: r[:2], reverse=True)
    for *_, answer, margin, acc in results[:8]:
        print(f"answer={answer} margin={margin}: {acc.line()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=list(DEFAULT_SETS))
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--tune", action="store_true")
    args = parser.parse_args(argv)
    knowledge = load_knowledge(REPO_ROOT / "content")
    if args.tune:
        tune(knowledge, load_set(args.sets[0]))
        return 0
    print(f"thresholds: answer={CLASH_THRESHOLDS.answer} margin={CLASH_THRESHOLDS.margin}")
    for path in args.sets:
        if not path.exists():
            print(f"{path.name}: missing")
            continue
        acc = evaluate(knowledge, load_set(path), path.name)
        print(acc.line())
        if args.errors:
            print("\n".join("  " + e for e in acc.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
