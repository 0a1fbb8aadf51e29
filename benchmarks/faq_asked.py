"""Write the labelled sets' questions into content/asked/, for the matcher to learn from.

    python -m benchmarks.faq_asked

Every on-topic question of the tuning-side sets (tuning, development, fresh to
fresh7) becomes a phrasing of the entry it is labelled with, one file per set.
Left out: the held-out sets (they only measure), off-topic lines, questions
with a misspelt word (one the matcher would correct: as a phrasing it would
become a word of its own and pull other misspellings its way), and questions
that repeat a phrasing already in the content. `benchmarks.faq_crossval` says
what this is worth on questions the content has not seen.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import yaml

from benchmarks.faq_accuracy import DEFAULT_SETS, load_set
from bot.config import REPO_ROOT
from bot.engine.faq import FaqMatcher
from bot.engine.text import phrasing_key, topic_stems
from bot.knowledge import load_knowledge
from bot.knowledge.asked_schema import ASKED_MAX
from bot.knowledge.loader import ASKED_DIR

HEADER = """\
# Questions members asked, in their own words, and the FAQ entry that answers each:
# the on-topic lines of {source}
# (README, "Accuracy", says who wrote it and how). The matcher reads them as more
# phrasings of their entry; members never see them. Regenerate with
# `python -m benchmarks.faq_asked`; edit the set, not this file.
"""


def asked_name(path: Path) -> str:
    """The content file a set's questions go to: faq_fresh3.jsonl -> fresh3."""
    name = path.stem.removeprefix("faq_")
    return "tuning" if name == "queries" else name


def training_sets() -> list[Path]:
    return [
        path
        for path in DEFAULT_SETS
        if "holdout" not in path.name and path.name != "faq_offtopic.jsonl"
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=None, help="where to write (default: content/asked)"
    )
    args = parser.parse_args(argv)
    content = REPO_ROOT / "content"
    knowledge = load_knowledge(content)
    own = [dataclasses.replace(entry, asked=()) for entry in knowledge.faq]
    matcher = FaqMatcher(own)
    seen = {phrasing_key(p) for entry in own for p in entry.phrasings}
    out_dir = args.out or content / ASKED_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    order = [entry.id for entry in own]
    for path in training_sets():
        groups: dict[str, list[str]] = {}
        skipped = {"misspelt": 0, "repeat": 0, "too long": 0}
        for question, expected in load_set(path):
            if expected is None:
                continue
            if any(matcher.correction(s) is not None for s in topic_stems(question)):
                skipped["misspelt"] += 1
                continue
            key = phrasing_key(question)
            if key in seen:
                skipped["repeat"] += 1
                continue
            if len(question) > ASKED_MAX:
                skipped["too long"] += 1
                continue
            seen.add(key)
            groups.setdefault(expected, []).append(question)
        data = {
            "asked": [
                {"entry": entry_id, "questions": groups[entry_id]}
                for entry_id in order
                if entry_id in groups
            ]
        }
        target = out_dir / f"{asked_name(path)}.yaml"
        relative = path.relative_to(REPO_ROOT)
        text = HEADER.format(source=relative) + yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, width=100
        )
        target.write_text(text, encoding="utf-8")
        kept = sum(len(q) for q in groups.values())
        print(f"{target}: {kept} questions; skipped {skipped}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
