"""/quiz and /streak as a member meets them: questions with buttons only they can press,
a verdict with the explanation after each, streaks and per-topic stats from what was stored."""

from __future__ import annotations

from typing import Any

import discord.ext.test as dpytest
import pytest

from bot.client import DebateBot
from bot.ui.quiz_views import LETTERS, question_embed, question_view

from . import dpytest_extras as ex
from . import interaction_harness as ih
from .conftest import FakeClock, MakeBot

UPDATE = 7  # interaction callback: UPDATE_MESSAGE
NOT_YOURS = "This is someone else's quiz: start your own with /quiz start."


@pytest.fixture
async def bot(make_bot: MakeBot, clock: FakeClock) -> DebateBot:
    return await make_bot(clock=clock)


@pytest.fixture
def bystander(bot: DebateBot):
    return dpytest.get_config().members[2]


def button_ids(data: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in data.get("components") or [] for c in row["components"]]


async def start(bot: DebateBot, member, **options: Any):
    shown = await ih.slash("quiz start", by=member, **options)
    assert shown is not None and ih.is_ephemeral(shown)
    message = ex.posted_earlier(dpytest.get_config().channels[0], shown["data"])
    return shown, message, bot.app.quiz._sessions[member.id]


def message_for(session):
    """The question message as the member sees it, for questions set by the test."""
    payload = {
        "embeds": [question_embed(session).to_dict()],
        "components": question_view(session).to_components(),
    }
    return ex.posted_earlier(dpytest.get_config().channels[0], payload)


async def start_with(bot: DebateBot, member, questions):
    _, _, session = await start(bot, member, count=len(questions))
    session.questions[:] = questions
    return message_for(session), session


def right_button(session) -> str:
    q = session.current
    base = f"quiz:{session.user_id}:{session.id}:{session.index}"
    if q.type == "multiple-choice":
        return f"{base}:{q.options.index(q.answer)}"
    if q.type == "true-false":
        return f"{base}:{'t' if q.answer == 'true' else 'f'}"
    return f"{base}:w"


async def test_a_quiz_question_comes_privately_with_one_button_per_option(bot, member):
    shown, _, session = await start(bot, member, count=3, difficulty="easy")
    embed = shown["data"]["embeds"][0]
    assert embed["title"] == "Question 1/3" and embed["description"] == session.current.prompt
    ids = button_ids(shown["data"])
    q = session.current
    expected = {"multiple-choice": len(q.options), "true-false": 2, "short-answer": 1}[q.type]
    assert len(ids) == expected
    assert all(i.startswith(f"quiz:{member.id}:{session.id}:0:") for i in ids)
    assert all(q.difficulty == "easy" for q in session.questions)


async def test_the_right_answer_is_recorded_once_and_the_next_question_follows(bot, member):
    mc = [q for q in bot.app.knowledge.quiz if q.type != "short-answer"]
    message, session = await start_with(bot, member, mc[:2])  # buttons only: no form
    reply = await ih.click(message, right_button(session), by=member)
    assert reply["type"] == UPDATE
    verdict, following = reply["data"]["embeds"]
    assert verdict["title"] == "Right!"
    assert verdict["description"] == mc[0].explanation
    assert verdict["footer"]["text"].startswith("Source: ")
    assert following["title"] == "Question 2/2"
    stats = await bot.app.quiz.stats(member.id, dpytest.get_config().guilds[0].id)
    assert stats is not None and (stats.answers, stats.correct) == (1, 1)


async def test_someone_else_cannot_answer(bot, member, bystander):
    _, message, session = await start(bot, member, count=1)
    refused = await ih.click(message, right_button(session), by=bystander)
    assert ih.is_ephemeral(refused) and refused["data"]["content"] == NOT_YOURS
    assert await bot.app.quiz.stats(bystander.id, dpytest.get_config().guilds[0].id) is None


async def test_an_old_button_pressed_again_is_refused_not_counted_twice(bot, member):
    mc = [q for q in bot.app.knowledge.quiz if q.type == "multiple-choice"]
    message, session = await start_with(bot, member, mc[:2])
    first = right_button(session)
    stale = message_for(session)
    await ih.click(message, first, by=member)
    # The same button pressed again from a copy of the old message (a double click).
    again = await ih.click(stale, first, by=member)
    assert ih.is_ephemeral(again) and "already answered" in again["data"]["content"]
    stats = await bot.app.quiz.stats(member.id, dpytest.get_config().guilds[0].id)
    assert stats is not None and stats.answers == 1


async def test_an_answer_after_the_time_limit_is_a_timeout(bot, member, clock):
    mc = [q for q in bot.app.knowledge.quiz if q.type == "multiple-choice"]
    message, session = await start_with(bot, member, mc[:1])
    clock.advance(45)
    reply = await ih.click(message, right_button(session), by=member)
    verdict, done = reply["data"]["embeds"]
    assert verdict["title"].startswith("Time's up")
    assert done["title"] == "Done: 0/1 right"
    assert button_ids(reply["data"]) == []


async def test_a_short_answer_is_typed_in_a_form(bot, member):
    short = next(q for q in bot.app.knowledge.quiz if q.type == "short-answer")
    message, session = await start_with(bot, member, [short])
    form = await ih.click(message, right_button(session), by=member)
    assert form["type"] == 9  # MODAL
    reply = await ih.submit_modal(form, short.answer.upper() + "!", by=member)
    verdict, _ = reply["data"]["embeds"]
    assert verdict["title"] == "Right!"


async def test_streak_and_stats_show_what_was_stored(bot, member):
    mc = [q for q in bot.app.knowledge.quiz if q.type == "multiple-choice"]
    message, session = await start_with(bot, member, mc[:2])
    await ih.click(message, right_button(session), by=member)
    wrong = f"quiz:{member.id}:{session.id}:1:" + str(
        next(i for i, o in enumerate(mc[1].options) if o != mc[1].answer)
    )
    await ih.click(message, wrong, by=member)
    shown = await ih.slash("streak show", by=member)
    fields = {f["name"]: f["value"] for f in shown["data"]["embeds"][0]["fields"]}
    assert fields["Correct in a row"] == "0 (best 1)"
    assert fields["Daily practice"] == "1 day(s) (best 1)"
    stats = await ih.slash("quiz stats", by=member)
    assert ih.is_ephemeral(stats) and "Weakest:" in stats["data"]["embeds"][0]["description"]


async def test_a_bad_time_zone_is_refused_with_examples(bot, member):
    refused = await ih.slash("streak timezone", by=member, name="Mars/Olympus")
    assert ih.is_ephemeral(refused) and "Europe/London" in refused["data"]["content"]
    ok = await ih.slash("streak timezone", by=member, name="Asia/Tokyo")
    assert ok["data"]["content"] == "Your days now count in Asia/Tokyo."


def test_letters_cover_every_option_count() -> None:
    assert len(LETTERS) >= 5


async def test_the_leaderboard_pages_through_stored_data_without_pinging(bot, member):
    from bot.store import QuizAnswer

    guild_id = dpytest.get_config().guilds[0].id
    at = bot.app.clock()
    answers = [
        QuizAnswer(
            f"{user}:{n}", user, guild_id, "q", n < user, False, "practice", at, "2025-01-01"
        )
        for user in range(1, 13)
        for n in range(3)
    ]
    await bot.app.store.record_answers(answers)

    shown = await ih.slash("leaderboard", by=member, board="all-time")
    embed = shown["data"]["embeds"][0]
    lines = embed["description"].splitlines()
    assert len(lines) == 10 and lines[0].startswith("**1.** <@")
    assert embed["footer"]["text"] == "Page 1/2 · 12 member(s)"
    assert button_ids(shown["data"]) == ["lb:all-time:1"]
    assert shown["data"]["allowed_mentions"]["parse"] == []

    message = ex.posted_earlier(dpytest.get_config().channels[0], shown["data"])
    second = await ih.click(message, "lb:all-time:1", by=member)
    page2 = second["data"]["embeds"][0]
    assert page2["description"].startswith("**11.** ")
    assert page2["footer"]["text"] == "Page 2/2 · 12 member(s)"
    assert button_ids(second["data"]) == ["lb:all-time:0"]


async def test_an_admin_sets_the_time_per_question(bot, admin, member, clock):
    refused = await ih.slash("quiz time-limit", by=member, seconds=60)
    assert ih.is_ephemeral(refused) and "Manage Server" in refused["data"]["content"]
    done = await ih.slash("quiz time-limit", by=admin, seconds=60)
    assert done["data"]["content"] == "Quiz questions on this server now allow 60 s."
    shown, _, session = await start(bot, member, count=1)
    assert session.seconds == 60
    assert shown["data"]["embeds"][0]["footer"]["text"].startswith("60 s to answer")
