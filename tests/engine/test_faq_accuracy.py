"""Regression guard on the labelled tuning set: a change that makes members' questions
land worse fails here. Figures for the README come from `python -m benchmarks`."""

from __future__ import annotations

from benchmarks.faq_accuracy import DEFAULT_SETS, evaluate, load_set
from bot.config import REPO_ROOT
from bot.engine.faq import FaqMatcher
from bot.knowledge import load_knowledge


def test_tuning_set_accuracy_and_abstention_do_not_regress() -> None:
    matcher = FaqMatcher(load_knowledge(REPO_ROOT / "content").faq)
    rows = load_set(DEFAULT_SETS[0])
    assert sum(expected is not None for _, expected in rows) >= 200
    assert sum(expected is None for _, expected in rows) >= 60
    acc = evaluate(matcher, rows, "tuning")
    assert acc.top1 >= 0.88, acc.line()
    assert acc.abstention >= 0.97, acc.line()
    assert acc.wrong <= 10, acc.line()
