"""Speed must not cost answers: on a large FAQ, the pruned search ranks like a full scan."""

from __future__ import annotations

import pytest

import bot.engine.faq as faq
from benchmarks.faq_accuracy import DEFAULT_SETS, load_set
from benchmarks.faq_latency import synthetic_corpus
from bot.config import REPO_ROOT
from bot.knowledge import load_knowledge


def test_pruned_search_ranks_like_a_full_scan_on_a_large_faq(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shipped = load_knowledge(REPO_ROOT / "content").faq
    corpus = synthetic_corpus(shipped, 3000, seed=7)
    queries = [q for q, _ in load_set(DEFAULT_SETS[0])]

    pruned = faq.FaqMatcher(corpus)
    pruned_top = [tuple(e.id for e, _ in pruned.rank(q, 1)) for q in queries]
    for name in ("_WALK_LIMIT", "_POOL", "_CANDIDATES"):
        monkeypatch.setattr(faq, name, 10**9)
    full = faq.FaqMatcher(corpus)
    full_top = [tuple(e.id for e, _ in full.rank(q, 1)) for q in queries]

    same = sum(a == b for a, b in zip(pruned_top, full_top, strict=True))
    assert same / len(queries) >= 0.95, f"{same}/{len(queries)} agree"
