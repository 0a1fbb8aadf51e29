"""Regression guards on the labelled sets: a change that makes members' questions land
worse fails here. Figures for the README come from `python -m benchmarks`."""

from __future__ import annotations

from pathlib import Path

from benchmarks import faq_asked
from benchmarks.faq_accuracy import DEFAULT_SETS, evaluate, load_set
from benchmarks.faq_crossval import readings, tally
from bot.config import REPO_ROOT
from bot.engine.faq import FaqMatcher, Thresholds
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


def test_the_labelled_sets_do_not_regress_on_content_that_has_not_seen_them() -> None:
    """Each set scored on the content without its own questions (content/asked), as
    `benchmarks.faq_crossval` does: (top-1 floor, abstention floor), asked of the bot."""
    floors = {
        "faq_queries.jsonl": (0.96, 0.97),
        "faq_dev.jsonl": (0.94, 0.96),
        "faq_fresh.jsonl": (0.96, 0.96),
        "faq_fresh2.jsonl": (0.94, 0.98),
        "faq_fresh3.jsonl": (0.95, 0.98),
        "faq_fresh4.jsonl": (0.95, 0.98),
        "faq_fresh5.jsonl": (0.97, 0.93),
        "faq_fresh6.jsonl": (0.95, 0.93),
        # Adult learners, wordy: the hardest writer so far.
        "faq_fresh7.jsonl": (0.91, 0.93),
        "faq_offtopic.jsonl": (None, 0.97),
    }
    knowledge = load_knowledge(REPO_ROOT / "content")
    sets = readings(knowledge.faq)
    assert sets.keys() == floors.keys()
    thresholds = Thresholds()
    for name, rows in sets.items():
        got = tally(rows, thresholds, addressed=True)
        top1, abstention = floors[name]
        if top1 is not None:
            assert got.right / got.asked >= top1, f"{name}: {got.line()}"
        assert 1 - got.off_answered / got.off >= abstention, f"{name}: {got.line()}"


def test_the_asked_questions_come_from_the_tuning_side_sets_alone() -> None:
    """The held-out sets measure wording the content was not written from. (Short
    questions written independently can still coincide: "supranational meaning".)"""
    sources = {faq_asked.asked_name(path) for path in faq_asked.training_sets()}
    assert sources == {"tuning", "dev", *(f"fresh{n}" for n in ("", 2, 3, 4, 5, 6, 7))}
    shipped = {p.stem for p in (REPO_ROOT / "content" / "asked").glob("*.yaml")}
    assert shipped == sources


def test_the_asked_questions_are_what_faq_asked_writes(tmp_path: Path) -> None:
    """content/asked follows the labelled sets: edit a set, then regenerate."""
    assert faq_asked.main(["--out", str(tmp_path)]) == 0
    shipped = REPO_ROOT / "content" / "asked"
    written = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert written == sorted(p.name for p in shipped.glob("*.yaml"))
    for name in written:
        assert (tmp_path / name).read_text() == (shipped / name).read_text(), name
