"""Regression guard on the labelled member answers: telling a member a wrong answer is
right is the worst error, so none is allowed. Figures come from
`python -m benchmarks.quiz_check_accuracy`."""

from __future__ import annotations

from benchmarks.quiz_check_accuracy import DEFAULT_SETS, evaluate, load_set
from bot.config import REPO_ROOT
from bot.knowledge import load_knowledge


def test_member_answers_never_pass_when_wrong_and_rarely_fail_when_right() -> None:
    rows = load_set(DEFAULT_SETS[0])
    assert len(rows) >= 250
    results = evaluate(load_knowledge(REPO_ROOT / "content").quiz_by_id, rows)
    overall = results["all"]
    assert overall.false_accepts == 0, "\n".join(overall.errors)
    assert overall.false_rejects <= 5, "\n".join(overall.errors)
