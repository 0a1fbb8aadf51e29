"""The terminal door: typed lines in, the text a user reads out, over the shipped content."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import Answer, App
from bot.config import REPO_ROOT
from bot.console import HELP, Console
from bot.engine.faq import Thresholds
from bot.errors import UserError
from bot.knowledge import Knowledge, load_knowledge
from bot.store import MemoryStore, MissKind

SHIPPED = REPO_ROOT / "content"
DATA = Path(__file__).resolve().parent / "data"
NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(SHIPPED)


@pytest.fixture
def app(knowledge: Knowledge) -> App:
    return App(knowledge, MemoryStore(), clock=lambda: NOW)


@pytest.fixture
def console(app: App) -> Console:
    return Console(app, content_dir=SHIPPED)


def flat(text: str) -> str:
    """Text with line wrapping undone, so an answer can be found in the wrapped reply."""
    return " ".join(text.split())


def shows_entry(reply: str, app: App, entry_id: str) -> bool:
    entry = app.knowledge.faq_by_id[entry_id]
    sources = "; ".join(app.source_titles(entry))
    return (
        reply.startswith(entry.question)
        and flat(entry.answer.replace("**", "")) in flat(reply)
        and f"(Source: {sources})" in reply
    )


async def test_typed_question_gets_the_answer_with_its_source(console: Console, app: App):
    reply = await console.handle("what is globalism")
    assert shows_entry(reply, app, "what-is-globalism")
    assert "**" not in reply  # markdown bold is for Discord, not the terminal


async def test_ask_command_answers_like_a_typed_question(console: Console, app: App):
    reply = await console.handle("ask what is internationalism")
    assert shows_entry(reply, app, "what-is-internationalism")


async def test_ask_without_a_question_shows_usage(console: Console):
    with pytest.raises(UserError, match="Usage: ask QUESTION"):
        await console.handle("ask   ")


async def test_suggestions_then_a_number_shows_the_picked_answer(knowledge: Knowledge):
    # With an answer threshold no score reaches (and no definition answered whatever its
    # score), every known question becomes a suggestion.
    app = App(
        knowledge, MemoryStore(), thresholds=Thresholds(answer=101, suggest=1, definitions=False)
    )
    console = Console(app)

    reply = await console.handle("what is globalism")
    assert "Did you mean" in reply
    assert "  1. What is globalism?" in reply.splitlines()
    assert shows_entry(await console.handle("1"), app, "what-is-globalism")

    # the suggestions are used up once one is picked
    with pytest.raises(UserError, match="no suggestions"):
        await console.handle("1")


async def test_picking_a_number_that_was_not_offered(knowledge: Knowledge):
    app = App(
        knowledge, MemoryStore(), thresholds=Thresholds(answer=101, suggest=1, definitions=False)
    )
    console = Console(app)
    reply = await console.handle("what is globalism")
    offered = len(re.findall(r"^  \d+\. ", reply, re.MULTILINE))
    assert offered >= 1
    with pytest.raises(UserError, match=f"Pick a number from 1 to {offered}"):
        await console.handle(str(offered + 1))


async def test_a_number_before_any_suggestion_is_refused(console: Console):
    with pytest.raises(UserError, match="no suggestions to pick from"):
        await console.handle("2")


async def test_wrong_records_that_the_answer_was_not_helpful(console: Console, app: App):
    await console.handle("what is globalism")
    reply = await console.handle("wrong")
    assert "noted" in reply

    misses = await app.misses()
    assert [(m.kind, m.question, m.entry_id, m.count) for m in misses] == [
        (MissKind.NOT_HELPFUL, "what is globalism", "what-is-globalism", 1)
    ]
    assert misses[0].last_at == NOW
    assert "1x" in await console.handle("misses")


async def test_wrong_before_any_answer_is_refused(console: Console):
    with pytest.raises(UserError, match="no answer to mark"):
        await console.handle("wrong")


async def test_off_topic_question_gets_no_answer_and_is_recorded(console: Console, app: App):
    reply = await console.handle("what is the capital of france")
    assert reply.startswith("I don't have an answer to that")
    assert '"topics"' in reply

    misses = await app.misses()
    assert [(m.kind, m.question, m.entry_id) for m in misses] == [
        (MissKind.UNANSWERED, "what is the capital of france", None)
    ]


@pytest.mark.parametrize("line", ["quit", "exit", "q", "  QUIT  "])
async def test_quit_ends_the_session(console: Console, line: str):
    assert await console.handle(line) is None


async def test_blank_line_prints_nothing(console: Console, app: App):
    assert await console.handle("   ") == ""
    assert await app.misses() == []


async def test_reload_with_invalid_content_keeps_the_old_and_names_the_problem(app: App):
    broken = DATA / "broken_content" / "missing_field"
    console = Console(app, content_dir=broken)
    before = len(app.knowledge.faq)

    reply = await console.handle("reload")
    assert "Reload refused" in reply
    assert f"{broken / 'faq' / 'globalism.yaml'}:2:" in reply
    assert "missing field 'answer'" in reply

    assert len(app.knowledge.faq) == before
    assert shows_entry(
        await console.handle("what is internationalism"), app, "what-is-internationalism"
    )


async def test_reload_with_valid_content_swaps_it_in(app: App):
    console = Console(app, content_dir=DATA / "valid_content")
    assert await console.handle("reload") == "Reloaded: 2 FAQ entries."
    assert (await console.handle("topics")).splitlines() == [
        "- What is globalism?",
        "- What is internationalism?",
    ]


async def test_topics_lists_every_canonical_question(console: Console, knowledge: Knowledge):
    lines = (await console.handle("topics")).splitlines()
    assert lines == [f"- {entry.question}" for entry in knowledge.faq]
    assert "- What is globalism?" in lines


async def test_help_lists_the_commands(console: Console):
    assert await console.handle("help") == HELP


async def test_a_question_that_starts_with_a_command_word_is_answered(console: Console, app: App):
    matched = app.answer("help me understand globalism")
    assert isinstance(matched, Answer) and matched.entry.id == "what-is-globalism"
    reply = await console.handle("help me understand globalism")
    assert shows_entry(reply, app, "what-is-globalism")


async def test_a_debate_round_can_be_played_in_the_console(console: Console) -> None:
    listing = await console.handle("motions")
    assert "supranational-authority" in listing
    opening = await console.handle("debate start supranational-authority opposition drill")
    assert "You argue the opposition" in opening and "== Bot: Exchange 1 ==" in opening
    assert await console.handle("Only voters should have the final say over our laws.") == ""
    assert await console.handle("The EU overruling parliaments fuels the backlash.") == ""
    reply = await console.handle("done")
    assert "== Bot: Exchange 2 ==" in reply and "== Your turn" in reply
    ended = await console.handle("debate end")
    assert "== Round over ==" in ended and "Score:" in ended
    assert "supranational-authority" in await console.handle("debate history")
    # With the round over, a typed question is a question again.
    assert "Source:" in await console.handle("what is globalism")


async def test_a_rebuttal_drill_in_the_console_shows_the_model_answers(console: Console) -> None:
    prompt = await console.handle("drill rebuttal 1 proposition")
    assert prompt.startswith("Rebuttal drill") and "done" in prompt
    await console.handle("That is wrong because institutions are already accountable.")
    graded = await console.handle("done")
    assert "Score:" in graded and "Model rebuttals:" in graded


async def test_starting_a_round_on_an_unknown_motion_lists_the_motions(console: Console) -> None:
    with pytest.raises(UserError, match="Motions: "):
        await console.handle("debate start no-such-motion")


async def test_an_argument_drill_in_the_console_reveals_what_was_missed(console: Console) -> None:
    prompt = await console.handle("drill arguments supranational-authority opposition")
    assert prompt.startswith("Argument drill")
    await console.handle("only voters should have the final say over the laws they live under")
    graded = await console.handle("done")
    assert "You made" in graded and "You missed" in graded and "Score:" in graded


async def test_a_poi_drill_in_the_console_offers_points_and_gives_a_verdict(
    console: Console,
) -> None:
    await console.handle("drill poi supranational-authority proposition")
    offered = ""
    for n in range(1, 15):
        offered = await console.handle(f"Part {n}: shared problems need binding rules for all.")
        if offered.startswith("POI!"):
            break
    assert offered.startswith("POI!"), "no POI was offered in 14 parts"
    assert (await console.handle("decline")).startswith("Declined")
    verdict = await console.handle("done")
    assert "declined: 1" in verdict and "evasive" in verdict


async def test_a_practice_quiz_in_the_console_records_answers_and_streaks(
    console: Console, app: App
) -> None:
    first = await console.handle("quiz 2")
    assert first.startswith("Question 1:")
    question = console.quiz.queue[0]
    reply = await console.handle(question.answer)
    assert reply.startswith("Right!") and "(Source:" in reply and "Question 2:" in reply
    done = await console.handle("skip")
    assert "Done: 1/2 right." in done
    streak = await console.handle("streak")
    assert "Correct answers in a row: 0 (best 1)" in streak
    assert "Daily practice streak: 1 day(s)" in streak
    stats = await app.quiz.stats(0, 0)
    assert stats is not None and stats.answers == 2
    with pytest.raises(UserError, match="No questions match"):
        await console.handle("quiz 3 astrology")


async def test_quiz_start_works_in_the_console_as_it_does_on_discord(console: Console) -> None:
    first = await console.handle("quiz start 3")
    assert first.startswith("Question 1:") and len(console.quiz.queue) == 3
