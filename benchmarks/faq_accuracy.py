"""FAQ matcher accuracy on a labelled query set.

    python -m benchmarks.faq_accuracy [tests/data/faq_queries.jsonl ...] [--errors]

Each line of a set is {"query": str, "expected": entry-id | null}. Reported:
- top-1 accuracy: on-topic queries answered outright with the expected entry;
- reachable: answered correctly, or the expected entry among the suggestions;
- wrong answers: on-topic queries answered with another entry;
- off-topic abstention: off-topic queries that got no answer; "silent" means no
  suggestions either.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import REPO_ROOT
from bot.engine.faq import Answer, FaqMatcher, Suggestions
from bot.knowledge import load_knowledge

DEFAULT_SETS = (
    REPO_ROOT / "tests" / "data" / "faq_queries.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_dev.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_fresh.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_fresh2.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_fresh3.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_fresh4.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_fresh5.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_fresh6.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_fresh7.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_offtopic.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_holdout.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_holdout2.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_holdout3.jsonl",
    REPO_ROOT / "benchmarks" / "data" / "faq_holdout4.jsonl",
)


@dataclass
class Accuracy:
    name: str
    on_topic: int = 0
    correct: int = 0
    reachable: int = 0
    wrong: int = 0
    off_topic: int = 0
    abstained: int = 0
    silent: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def top1(self) -> float:
        return self.correct / self.on_topic if self.on_topic else 0.0

    @property
    def abstention(self) -> float:
        return self.abstained / self.off_topic if self.off_topic else 0.0

    def line(self) -> str:
        return (
            f"{self.name}: top-1 {self.top1:.1%} ({self.correct}/{self.on_topic}), "
            f"reachable {self.reachable / max(self.on_topic, 1):.1%}, "
            f"wrong answers {self.wrong}, "
            f"off-topic abstention {self.abstention:.1%} ({self.abstained}/{self.off_topic}), "
            f"silent {self.silent / max(self.off_topic, 1):.1%}"
        )


def load_set(path: Path) -> list[tuple[str, str | None]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            rows.append((item["query"], item["expected"]))
    return rows


def evaluate(
    matcher: FaqMatcher, rows: list[tuple[str, str | None]], name: str, *, addressed: bool = True
) -> Accuracy:
    acc = Accuracy(name)
    for query, expected in rows:
        result = matcher.match(query, addressed=addressed)
        got = result.entry.id if isinstance(result, Answer) else None
        offered = [e.id for e in result.entries] if isinstance(result, Suggestions) else []
        if expected is None:
            acc.off_topic += 1
            acc.abstained += got is None
            acc.silent += got is None and not offered
            if got is not None or offered:
                acc.errors.append(f"OFF  {query!r} -> {got or offered}")
            continue
        acc.on_topic += 1
        acc.correct += got == expected
        acc.reachable += got == expected or expected in offered
        if got is not None and got != expected:
            acc.wrong += 1
        if got != expected:
            acc.errors.append(
                f"MISS {query!r}: want {expected}, got {got or offered} ({result.score})"
            )
    return acc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=list(DEFAULT_SETS))
    parser.add_argument("--errors", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    knowledge = load_knowledge(REPO_ROOT / "content")
    matcher = FaqMatcher(knowledge.faq)
    for path in args.sets:
        for addressed, how in ((True, "asked"), (False, "overheard in an FAQ channel")):
            acc = evaluate(matcher, load_set(path), f"{path.name} ({how})", addressed=addressed)
            print(acc.line())
            if args.errors and addressed:
                print("\n".join("  " + e for e in acc.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
