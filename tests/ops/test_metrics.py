"""What Prometheus reads from /metrics: the text format, and the counts the App keeps."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from bot.app import App, AskedVia
from bot.config import REPO_ROOT
from bot.engine.faq import Thresholds
from bot.knowledge import Knowledge, load_knowledge
from bot.ops.metrics import BotMetrics, Registry
from bot.store import MemoryStore

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(REPO_ROOT / "content")


def samples(text: str) -> dict[str, float]:
    """`name{labels}` -> value, for every sample line of an exposition."""
    found: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            found[key] = float(value)
    return found


def test_the_exposition_has_help_and_type_before_each_metric_and_ends_with_a_newline():
    registry = Registry()
    registry.counter("jobs_total", "Jobs run.", ("kind",)).inc(kind="nightly")
    registry.gauge("queue_depth", "Items waiting.", lambda: 3)

    assert registry.render() == (
        "# HELP jobs_total Jobs run.\n"
        "# TYPE jobs_total counter\n"
        'jobs_total{kind="nightly"} 1\n'
        "# HELP queue_depth Items waiting.\n"
        "# TYPE queue_depth gauge\n"
        "queue_depth 3\n"
    )


def test_label_values_and_help_text_are_escaped():
    registry = Registry()
    counter = registry.counter("odd_total", 'Help with a \\ and\na newline "kept".', ("where",))
    counter.inc(where='say "hi"\\now\nthen')

    text = registry.render()

    assert '# HELP odd_total Help with a \\\\ and\\na newline "kept".' in text
    assert 'odd_total{where="say \\"hi\\"\\\\now\\nthen"} 1' in text
    assert len(text.splitlines()) == 3  # the newlines inside stayed escaped


def test_special_values_are_written_as_prometheus_spells_them():
    registry = Registry()
    registry.gauge("not_yet", "Unknown so far.", lambda: math.nan)
    registry.gauge("forever", "Never acknowledged.", lambda: math.inf)
    registry.gauge("fraction", "A fraction.", lambda: 0.125)

    lines = registry.render().splitlines()

    assert {"not_yet NaN", "forever +Inf", "fraction 0.125"} <= set(lines)


def test_a_gauge_that_fails_to_read_leaves_the_rest_of_the_scrape_intact(caplog):
    registry = Registry()
    registry.gauge("broken", "Raises.", lambda: 1 / 0)
    registry.counter("fine_total", "Still here.").inc()

    text = registry.render()

    assert "fine_total 1" in text
    assert "# TYPE broken gauge" in text and "\nbroken " not in text
    assert "could not read gauge broken" in caplog.text


def test_counters_refuse_to_go_down_or_take_the_wrong_labels():
    counter = Registry().counter("x_total", "X.", ("outcome",))
    with pytest.raises(ValueError):
        counter.inc(-1, outcome="answer")
    with pytest.raises(ValueError):
        counter.inc(kind="answer")


def test_the_bots_counters_are_listed_at_zero_before_anything_happens():
    found = samples(BotMetrics().render())

    assert found == {
        'debatebot_questions_total{outcome="answer"}': 0,
        'debatebot_questions_total{outcome="none"}': 0,
        'debatebot_questions_total{outcome="suggest"}': 0,
        "debatebot_quiz_answers_recorded_total": 0,
        'debatebot_rounds_total{status="finished"}': 0,
        'debatebot_errors_total{where="command"}': 0,
        'debatebot_errors_total{where="listener"}': 0,
    }


async def test_questions_are_counted_by_outcome_and_overheard_chatter_is_not(
    knowledge: Knowledge,
):
    app = App(knowledge, MemoryStore(), clock=lambda: NOW)

    await app.ask("what is globalism")
    await app.ask("what is the capital of france")
    await app.ask("lol same", via=AskedVia.CHANNEL)  # chatter in an FAQ channel
    await app.ask("what is globalism?", via=AskedVia.CHANNEL)  # overheard, and answered

    questions = app.metrics.questions
    assert questions.value(outcome="answer") == 2
    assert questions.value(outcome="none") == 1
    assert questions.value(outcome="suggest") == 0


async def test_suggestions_are_counted_as_such(knowledge: Knowledge):
    app = App(
        knowledge, MemoryStore(), thresholds=Thresholds(answer=101, suggest=1, definitions=False)
    )

    await app.ask("what is globalism")

    assert app.metrics.questions.value(outcome="suggest") == 1


async def test_a_quiz_answer_counts_once_when_recorded_and_a_repeat_does_not(
    knowledge: Knowledge,
):
    app = App(knowledge, MemoryStore(), clock=lambda: NOW)
    question = knowledge.quiz[0]

    first = await app.quiz.answer(question, "x", user_id=1, guild_id=2, answer_key="k1")
    again = await app.quiz.answer(question, "x", user_id=1, guild_id=2, answer_key="k1")
    await app.quiz.close()

    assert first.counted and not again.counted
    assert app.metrics.quiz_answers_recorded.value() == 1


async def test_a_debate_round_run_to_its_end_is_counted(knowledge: Knowledge):
    app = App(knowledge, MemoryStore(), clock=lambda: NOW)
    motion = knowledge.motions[0]

    await app.debate.start(7, motion.id, "proposition")
    assert app.metrics.rounds.value(status="finished") == 0
    await app.debate.end(7)

    assert app.metrics.rounds.value(status="finished") == 1


async def test_each_app_counts_on_its_own(knowledge: Knowledge):
    one, other = App(knowledge, MemoryStore()), App(knowledge, MemoryStore())

    await one.ask("what is globalism")

    assert one.metrics.questions.value(outcome="answer") == 1
    assert other.metrics.questions.value(outcome="answer") == 0
