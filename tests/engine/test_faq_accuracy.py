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
    assert acc.top1 >= 0.95, acc.line()
    assert acc.abstention >= 0.98, acc.line()
    assert acc.wrong <= 10, acc.line()


def test_the_blind_sets_do_not_regress() -> None:
    """The development, fresh, fresh2, fresh3 and off-topic sets, which the tuning set alone
    missed."""
    matcher = FaqMatcher(load_knowledge(REPO_ROOT / "content").faq)
    floors = {
        "faq_dev.jsonl": 0.94,
        "faq_fresh.jsonl": 0.95,
        "faq_fresh2.jsonl": 0.87,
        "faq_fresh3.jsonl": 0.93,
        "faq_offtopic.jsonl": None,
    }
    for path in DEFAULT_SETS:
        if path.name not in floors:
            continue
        acc = evaluate(matcher, load_set(path), path.name)
        floor = floors[path.name]
        if floor is not None:
            assert acc.top1 >= floor, acc.line()
        assert acc.abstention >= 0.95, acc.line()
