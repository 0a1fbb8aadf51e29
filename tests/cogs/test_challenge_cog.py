"""/challenge as a server meets it: an admin sets it up, the loop posts it once, members play
privately with one attempt each, and the results come at the deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.client import DebateBot

from . import dpytest_extras as ex
from . import interaction_harness as ih
from .conftest import FakeClock, MakeBot

MONDAY_1800 = datetime(2025, 3, 3, 18, tzinfo=UTC)


@pytest.fixture
async def bot(make_bot: MakeBot, clock: FakeClock) -> DebateBot:
    clock.now = MONDAY_1800 - timedelta(hours=1)
    return await make_bot(clock=clock)


def button_ids(data: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in data.get("components") or [] for c in row["components"]]


async def set_up(admin, general) -> dict[str, Any]:
    return await ih.slash(
        "challenge setup",
        by=admin,
        channel=general,
        weekday="monday",
        time="18:00",
        timezone="UTC",
        questions=2,
    )


def announcements() -> list[dict[str, Any]]:
    return [
        p for p in ex.sent_payloads if any(str(b).startswith("ch:start:") for b in button_ids(p))
    ]


async def test_setup_needs_manage_server(bot, member, general):
    refused = await set_up(member, general)
    assert ih.is_ephemeral(refused) and "Manage Server" in refused["data"]["content"]


async def test_the_loop_posts_the_challenge_once_when_it_is_due(bot, admin, general, clock):
    confirmed = await set_up(admin, general)
    assert "every Monday at 18:00 (UTC), 2 questions" in confirmed["data"]["content"]
    cog = bot.get_cog("Challenge")
    await cog.loop.coro(cog)
    assert announcements() == []  # not yet due
    clock.now = MONDAY_1800
    await cog.loop.coro(cog)
    await cog.loop.coro(cog)
    [posted] = announcements()
    assert posted["embeds"][0]["title"] == "Weekly challenge: week 10, 2025"
    assert posted["allowed_mentions"]["parse"] == []


async def test_members_play_once_privately_and_results_come_at_the_deadline(
    bot, admin, member, general, clock
):
    await set_up(admin, general)
    clock.now = MONDAY_1800
    cog = bot.get_cog("Challenge")
    await cog.loop.coro(cog)
    [posted] = announcements()
    message = ex.posted_earlier(general, posted)
    start_id = button_ids(posted)[0]

    question = await ih.click(message, start_id, by=member)
    assert ih.is_ephemeral(question)
    post = (await bot.app.store.open_challenge_posts())[0]
    quiz = bot.app.knowledge.quiz_by_id
    for index, question_id in enumerate(post.questions):
        q = quiz[question_id]
        shown = ex.posted_earlier(general, question["data"])
        ids = button_ids(question["data"])
        if q.type == "short-answer":
            form = await ih.click(shown, ids[0], by=member)
            question = await ih.submit_modal(form, q.answer, by=member)
        else:
            pick = (
                q.options.index(q.answer)
                if q.type == "multiple-choice"
                else (0 if q.answer == "true" else 1)
            )
            question = await ih.click(shown, ids[pick], by=member)
        assert question["data"]["embeds"][0]["title"] == "Right!", (index, q.id)
    assert question["data"]["embeds"][-1]["title"] == "Challenge done"

    again = await ih.click(message, start_id, by=member)
    assert ih.is_ephemeral(again) and "already" in again["data"]["content"]

    clock.now = post.closes_at
    await cog.loop.coro(cog)
    results = [
        p
        for p in ex.sent_payloads
        if p.get("embeds") and p["embeds"][0]["title"].startswith("Weekly challenge results")
    ]
    assert len(results) == 1
    assert results[0]["embeds"][0]["description"] == f"**1.** <@{member.id}>: 2/2"
    await cog.loop.coro(cog)
    assert (
        len(
            [
                p
                for p in ex.sent_payloads
                if p.get("embeds")
                and p["embeds"][0]["title"].startswith("Weekly challenge results")
            ]
        )
        == 1
    )


async def test_post_now_and_status(bot, admin, general):
    await set_up(admin, general)
    posted = await ih.slash("challenge post-now", by=admin)
    assert ih.is_ephemeral(posted) and posted["data"]["content"].startswith("Posted in")
    again = await ih.slash("challenge post-now", by=admin)
    assert "already been posted" in again["data"]["content"]
    status = await ih.slash("challenge status", by=admin)
    assert "Every Monday at 18:00 (UTC)" in status["data"]["content"]


async def test_the_weekly_leaderboard_shows_this_weeks_scores(bot, admin, member, general, clock):
    from bot.store.base import ChallengeAttempt

    await set_up(admin, general)
    clock.now = MONDAY_1800
    cog = bot.get_cog("Challenge")
    await cog.loop.coro(cog)
    post = (await bot.app.store.open_challenge_posts())[0]
    store = bot.app.store
    for user, score in [(member.id, 1), (admin.id, 2)]:
        await store.start_attempt(
            ChallengeAttempt(post.guild_id, post.week, user, clock.now, None, None)
        )
        await store.finish_attempt(post.guild_id, post.week, user, score, clock.now)
    shown = await ih.slash("leaderboard", by=member, board="weekly")
    embed = shown["data"]["embeds"][0]
    assert embed["title"] == "This week's challenge"
    assert embed["description"].splitlines() == [
        f"**1.** <@{admin.id}>: 2 right",
        f"**2.** <@{member.id}>: 1 right",
    ]
