"""/privacy as a member and an admin meet it: a private file with everything stored about
you, and deleting it only after a confirmation that only the one who asked can answer."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest

from bot.client import DebateBot
from bot.cogs.privacy import NOTHING_STORED
from bot.ui import privacy_views
from bot.ui.privacy_views import CANCELLED, NOT_YOURS, TIMED_OUT

from . import dpytest_extras as ex
from . import interaction_harness as ih
from .conftest import FakeClock, MakeBot
from .test_debate_cog import post_speech, start_round

MESSAGE, UPDATE, FORM = 4, 7, 9  # interaction callbacks: new message, update, modal


@pytest.fixture
async def bot(make_bot: MakeBot, clock: FakeClock) -> DebateBot:
    return await make_bot(clock=clock)


@pytest.fixture
def bystander(bot: DebateBot) -> discord.Member:
    return dpytest.get_config().members[2]


def buttons(data: dict[str, Any]) -> dict[str, str]:
    """label -> custom_id of a message payload's buttons."""
    rows = data.get("components") or []
    return {c["label"]: c["custom_id"] for row in rows for c in row["components"]}


async def answer_a_question(bot: DebateBot, member: discord.Member) -> str:
    """A one-question practice quiz, answered with its first button: the question's id."""
    shown = await ih.slash("quiz start", by=member, count=1)
    first = next(iter(buttons(shown["data"]).values()))
    message = ex.posted_earlier(dpytest.get_config().channels[0], shown["data"])
    answered = await ih.click(message, first, by=member)
    if answered["type"] == FORM:  # a short-answer question: its button opens a form
        answered = await ih.submit_modal(answered, "no idea", by=member)
    assert answered["type"] == UPDATE, answered
    prompt = shown["data"]["embeds"][0]["description"]
    return next(q.id for q in bot.app.knowledge.quiz if q.prompt == prompt)


async def leaderboard_text(member: discord.Member) -> str:
    shown = await ih.slash("leaderboard", by=member, board="all-time")
    return shown["data"]["embeds"][0].get("description") or ""


async def ask_to_forget(member: discord.Member) -> tuple[dict[str, Any], discord.Message]:
    prompt = await ih.slash("privacy forget", by=member)
    assert prompt is not None and prompt["type"] == MESSAGE and ih.is_ephemeral(prompt)
    return prompt, ih.response_message()


# -- /privacy export -------------------------------------------------------------------


async def test_the_export_is_a_private_json_file_of_the_members_own_answers(bot, member, bystander):
    mine = await answer_a_question(bot, member)
    await answer_a_question(bot, bystander)

    shown = await ih.slash("privacy export", by=member)

    assert shown["type"] == MESSAGE and ih.is_ephemeral(shown)
    assert shown["data"]["allowed_mentions"]["parse"] == []
    assert "1 quiz answer, 1 leaderboard entry" in shown["data"]["content"]
    [(filename, content)] = ih.files
    assert filename == f"debate-bot-data-{member.id}.json"
    document = json.loads(content)
    assert document["user_id"] == member.id and document["bot"] == bot.user.name
    assert "exported_at" in document and "/privacy forget" in document["about"]
    [answer] = document["data"]["quiz_answers"]
    assert answer["question_id"] == mine and answer["server_id"] == member.guild.id
    [totals] = document["data"]["quiz_totals"]
    assert totals["answers"] == 1


async def test_someone_with_nothing_stored_is_told_so_without_a_file(bot, bystander):
    shown = await ih.slash("privacy export", by=bystander)
    assert ih.is_ephemeral(shown) and shown["data"]["content"] == NOTHING_STORED
    assert ih.files == []
    refused = await ih.slash("privacy forget", by=bystander)
    assert ih.is_ephemeral(refused) and refused["data"]["content"] == NOTHING_STORED


# -- /privacy forget -------------------------------------------------------------------


async def test_forget_asks_first_and_nobody_else_can_answer(bot, member, bystander):
    await answer_a_question(bot, member)

    prompt, message = await ask_to_forget(member)

    text = prompt["data"]["content"]
    assert text.startswith("**Delete everything I store about you?** That is 2 records")
    assert "1 quiz answer, 1 leaderboard entry" in text and "can't be undone" in text
    assert set(buttons(prompt["data"])) == {"Delete", "Cancel"}
    for label in ("Delete", "Cancel"):
        refused = await ih.click(message, buttons(prompt["data"])[label], by=bystander)
        assert ih.is_ephemeral(refused) and refused["data"]["content"] == NOT_YOURS
    assert f"<@{member.id}>" in await leaderboard_text(member)


async def test_cancel_deletes_nothing(bot, member):
    await answer_a_question(bot, member)
    prompt, message = await ask_to_forget(member)

    cancelled = await ih.click(message, buttons(prompt["data"])["Cancel"], by=member)

    assert cancelled["type"] == UPDATE and cancelled["data"]["content"] == CANCELLED
    assert cancelled["data"]["components"] == []
    assert f"<@{member.id}>" in await leaderboard_text(member)


async def test_confirm_deletes_and_the_member_leaves_the_leaderboard(bot, member, bystander):
    await answer_a_question(bot, member)
    await answer_a_question(bot, bystander)
    prompt, message = await ask_to_forget(member)

    done = await ih.click(message, buttons(prompt["data"])["Delete"], by=member)

    assert done["type"] == UPDATE and done["data"]["components"] == []
    assert done["data"]["content"] == "Deleted 2 records: 1 quiz answer, 1 leaderboard entry."
    board = await leaderboard_text(member)
    assert f"<@{member.id}>" not in board and f"<@{bystander.id}>" in board
    streaks = await ih.slash("streak show", by=member)
    footer = streaks["data"]["embeds"][0]["footer"]["text"]
    assert footer.endswith("0 answers, 0 right")
    again = await ih.slash("privacy export", by=member)
    assert again["data"]["content"] == NOTHING_STORED


async def test_a_question_they_asked_stays_for_authors_but_not_linked_to_them(bot, member):
    await ih.slash("ask", by=member, question="who won the 1998 world cup final")
    prompt, message = await ask_to_forget(member)
    assert prompt["data"]["content"].splitlines()[0] == (
        "**Delete everything I store about you?** Only FAQ questions are stored, and they "
        "are kept without a name (below)."
    )
    assert "1 FAQ question you asked stays, without your name" in prompt["data"]["content"]

    done = await ih.click(message, buttons(prompt["data"])["Delete"], by=member)

    assert done["data"]["content"] == (
        "1 FAQ question you asked stays for the FAQ's authors, no longer linked to you."
    )
    [miss] = await bot.app.misses()
    assert miss.question == "who won the 1998 world cup final"
    again = await ih.slash("privacy export", by=member)
    assert again["data"]["content"] == NOTHING_STORED


async def test_after_forgetting_days_count_in_utc_again(bot, member):
    await ih.slash("streak timezone", by=member, name="Asia/Tokyo")
    prompt, message = await ask_to_forget(member)
    assert "1 time zone" in prompt["data"]["content"]

    await ih.click(message, buttons(prompt["data"])["Delete"], by=member)

    streaks = await ih.slash("streak show", by=member)
    assert streaks["data"]["embeds"][0]["footer"]["text"].startswith("Days counted in UTC")


async def test_a_practice_quiz_in_progress_ends(bot, member):
    await answer_a_question(bot, member)
    shown = await ih.slash("quiz start", by=member, count=2)
    question = ex.posted_earlier(dpytest.get_config().channels[0], shown["data"])
    prompt, message = await ask_to_forget(member)
    await ih.click(message, buttons(prompt["data"])["Delete"], by=member)

    late = await ih.click(question, next(iter(buttons(shown["data"]).values())), by=member)
    if late["type"] == FORM:  # a short-answer question: the answer is typed, then refused
        late = await ih.submit_modal(late, "no idea", by=member)

    assert ih.is_ephemeral(late) and "That quiz has ended" in late["data"]["content"]
    after = await ih.slash("privacy export", by=member)
    assert after["data"]["content"] == NOTHING_STORED  # the late press recorded nothing


async def test_a_timer_they_started_stops_and_its_message_says_so(bot, member, general):
    await ih.slash("timer start", at=general, by=member, format="bp")
    timer_message = ih.followup_message()
    prompt, message = await ask_to_forget(member)
    assert "1 timer" in prompt["data"]["content"]

    done = await ih.click(message, buttons(prompt["data"])["Delete"], by=member)

    assert done["data"]["content"] == "Deleted 1 record: 1 timer."
    [(_, edited_id, edit)] = ex.edits
    assert edited_id == timer_message.id and edit["components"] == []
    assert edit["embeds"][0]["title"].endswith("· stopped")
    pressed = await ih.click(timer_message, ex.custom_ids(timer_message)[0], by=member)
    assert ih.is_ephemeral(pressed) and "That timer has ended" in pressed["data"]["content"]


async def test_a_round_in_progress_ends_when_its_student_is_forgotten(bot, member, general):
    round_ = await start_round(member, general)
    await post_speech(round_, member)
    prompt, message = await ask_to_forget(member)
    assert "1 debate round" in prompt["data"]["content"]

    done = await ih.click(message, buttons(prompt["data"])["Delete"], by=member)
    assert done["data"]["content"] == "Deleted 1 record: 1 debate round."

    late = await ih.click(round_.turn, round_.done_id, by=member)
    assert late["data"]["content"] == "You have no round going. Start one with `/debate start`."


async def test_an_unanswered_confirmation_lapses_and_deletes_nothing(bot, member, monkeypatch):
    monkeypatch.setattr(privacy_views, "CONFIRM_SECONDS", 0.05)
    await answer_a_question(bot, member)
    await ask_to_forget(member)

    await asyncio.sleep(0.3)

    name, edit = ih.webhook_calls[-1]
    assert name == "edit_original_interaction_response"
    assert edit["content"] == TIMED_OUT and edit["components"] == []
    assert f"<@{member.id}>" in await leaderboard_text(member)


# -- /privacy forget-member -----------------------------------------------------------


async def test_forget_member_is_refused_without_manage_server(bot, admin, member):
    await answer_a_question(bot, admin)

    refused = await ih.slash("privacy forget-member", by=member, member=admin)

    assert ih.is_ephemeral(refused) and "Manage Server" in refused["data"]["content"]
    assert f"<@{admin.id}>" in await leaderboard_text(member)


async def test_an_admin_forgets_a_member_in_this_server_only(bot, admin, member, caplog):
    await answer_a_question(bot, member)
    await ih.slash("streak timezone", by=member, name="Asia/Tokyo")

    prompt = await ih.slash("privacy forget-member", by=admin, member=member)

    assert ih.is_ephemeral(prompt) and prompt["data"]["allowed_mentions"]["parse"] == []
    assert (
        f"about <@{member.id}> in this server?** That is 2 records" in (prompt["data"]["content"])
    )
    message = ih.response_message()
    refused = await ih.click(message, buttons(prompt["data"])["Delete"], by=member)
    assert refused["data"]["content"] == NOT_YOURS

    with caplog.at_level(logging.INFO, logger="bot.cogs.privacy"):
        done = await ih.click(message, buttons(prompt["data"])["Delete"], by=admin)

    assert done["data"]["content"] == (
        f"Deleted 2 records about <@{member.id}> in this server: 1 quiz answer, "
        "1 leaderboard entry."
    )
    assert f"<@{member.id}>" not in await leaderboard_text(member)
    assert await bot.app.store.timezone(member.id) == "Asia/Tokyo"  # other servers use it
    [logged] = [r for r in caplog.records if r.name == "bot.cogs.privacy"]
    assert logged.levelno == logging.INFO
    assert str(member.id) in logged.getMessage() and str(admin.id) in logged.getMessage()
