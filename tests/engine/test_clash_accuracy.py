"""Regression guard on the labelled student arguments: points placed as the argument they
make, and non-arguments left unplaced. README figures come from benchmarks.clash_accuracy."""

from __future__ import annotations

from benchmarks.clash_accuracy import DEFAULT_SETS, evaluate, load_set
from bot.config import REPO_ROOT
from bot.knowledge import load_knowledge


def test_clash_placing_on_the_labelled_set_does_not_regress() -> None:
    knowledge = load_knowledge(REPO_ROOT / "content")
    rows = load_set(DEFAULT_SETS[0])
    assert len(rows) >= 100
    acc = evaluate(knowledge, rows, "rebuttal set")
    assert acc.accuracy >= 0.88, acc.line()
    assert acc.misplaced <= 3, acc.line()
