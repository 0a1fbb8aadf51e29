"""/timer as a chair meets it: the speech order, one message per speech edited in place,
buttons for whoever started it (or a chair), signals on the tick, /timer stop."""

from __future__ import annotations

from typing import Any

import discord
import discord.ext.test as dpytest
import discord.ext.test.backend as back
import pytest

from bot.client import DebateBot

from . import dpytest_extras as ex
from . import interaction_harness as ih
from .conftest import FakeClock, MakeBot

MESSAGE = 4  # interaction callback: CHANNEL_MESSAGE_WITH_SOURCE
UPDATE = 7  # interaction callback: UPDATE_MESSAGE
NOT_YOURS = "Only the member who started this timer, or someone with Manage Messages, can run it."
ALREADY = "This channel already has a timer: stop it first (its Stop button or `/timer stop`)."


@pytest.fixture
async def bot(make_bot: MakeBot, clock: FakeClock) -> DebateBot:
    return await make_bot(clock=clock)


@pytest.fixture
def bystander(bot: DebateBot) -> discord.Member:
    return dpytest.get_config().members[2]


def embed_of(data: dict[str, Any]) -> dict[str, Any]:
    [embed] = data["embeds"]
    return embed


def actions(data: dict[str, Any]) -> list[str]:
    """The timer actions of a payload's buttons: `timer:<action>:<id>` → action."""
    return [
        c["custom_id"].split(":")[1]
        for row in data.get("components") or []
        for c in row["components"]
    ]


def labels(data: dict[str, Any]) -> list[str]:
    return [c["label"] for row in data.get("components") or [] for c in row["components"]]


def pings_nobody(payload: dict[str, Any]) -> bool:
    mentions = payload.get("allowed_mentions")
    return (
        mentions is not None
        and mentions["parse"] == []
        and not mentions.get("users")
        and not mentions.get("roles")
        and not mentions.get("replied_user")
    )


class Round:
    """A timer started by `/timer start`: its id and its current speech's message."""

    def __init__(self, order: dict[str, Any]) -> None:
        self.order = order
        self.message = ih.followup_message()
        self.id = ex.custom_ids(self.message)[0].split(":")[2]

    async def press(self, action: str, *, by) -> dict[str, Any] | None:
        return await ih.click(self.message, f"timer:{action}:{self.id}", by=by)


async def start_timer(format: str, *, by, at=0) -> Round:
    order = await ih.slash("timer start", at=at, by=by, format=format)
    assert order is not None and order["type"] == MESSAGE, order
    return Round(order)


async def tick(bot: DebateBot) -> None:
    await bot.get_cog("Timekeeper").tick()


def followup_count() -> int:
    return len(ih.followups())


# -- /timer start ---------------------------------------------------------------


async def test_start_posts_the_speech_order_then_a_ready_timer(bot, member, general):
    timer = await start_timer("bp", by=member, at=general)

    assert not ih.is_ephemeral(timer.order)
    order = embed_of(timer.order["data"])
    assert order["title"] == "British Parliamentary: speech order"
    speeches = order["description"].splitlines()
    assert len(speeches) == 8
    assert speeches[0] == "1. Prime Minister (Government) 7:00, POIs 1:00-6:00"
    assert all(" 7:00" in line for line in speeches)
    assert speeches[-1].startswith("8. Opposition Whip")

    [followup] = ih.followups()  # the timer is one message of its own, in the same channel
    assert timer.message.channel == general
    shown = embed_of(followup)
    assert shown["title"] == "1/8 · Prime Minister (Government)"
    assert shown["description"].startswith("**0:00** of 7:00 · 7:00 left")
    assert "Status: **ready**" in shown["description"]
    assert actions(followup) == ["start", "prep", "next", "stop"]
    assert labels(followup)[0] == "Start speech"
    assert pings_nobody(timer.order["data"]) and pings_nobody(followup)
    assert ex.sent_payloads == []  # nothing else was posted


async def test_the_starter_starts_the_speech_in_the_same_message(bot, member):
    timer = await start_timer("bp", by=member)

    response = await timer.press("start", by=member)

    assert response["type"] == UPDATE
    shown = embed_of(response["data"])
    assert shown["title"] == "1/8 · Prime Minister (Government)"
    assert "Status: **running**" in shown["description"]
    assert actions(response["data"]) == ["pause", "next", "stop"]
    assert labels(response["data"]) == ["Pause", "Next speech", "Stop"]
    assert pings_nobody(response["data"])
    assert followup_count() == 1 and ex.sent_payloads == []  # edited, nothing new posted


async def test_a_bystander_is_refused_privately_and_the_timer_is_untouched(bot, member, bystander):
    timer = await start_timer("bp", by=member)

    refused = await timer.press("start", by=bystander)

    assert refused["type"] == MESSAGE and ih.is_ephemeral(refused)
    assert refused["data"]["content"] == NOT_YOURS
    assert pings_nobody(refused["data"])
    assert actions(ih.followups()[0]) == ["start", "prep", "next", "stop"]
    # the starter still finds it ready to start
    started = await timer.press("start", by=member)
    assert "Status: **running**" in embed_of(started["data"])["description"]


async def test_a_chair_with_manage_messages_may_run_anyones_timer(bot, member, bystander, guild):
    chairs = back.make_role(
        "Chairs", guild, permissions=discord.Permissions(manage_messages=True).value
    )
    await dpytest.add_role(bystander, chairs)
    timer = await start_timer("bp", by=member)

    response = await timer.press("start", by=bystander)

    assert response["type"] == UPDATE
    assert actions(response["data"]) == ["pause", "next", "stop"]


async def test_pause_and_resume_edit_the_message(bot, member, clock):
    timer = await start_timer("bp", by=member)
    await timer.press("start", by=member)
    clock.advance(30)

    paused = await timer.press("pause", by=member)
    assert paused["type"] == UPDATE
    assert embed_of(paused["data"])["description"].startswith("**0:30** of 7:00")
    assert "Status: **paused**" in embed_of(paused["data"])["description"]
    assert actions(paused["data"]) == ["resume", "next", "stop"]

    clock.advance(600)  # paused time does not count
    resumed = await timer.press("resume", by=member)
    assert embed_of(resumed["data"])["description"].startswith("**0:30** of 7:00")
    assert actions(resumed["data"]) == ["pause", "next", "stop"]
    assert followup_count() == 1 and ex.sent_payloads == []


async def test_next_closes_the_speech_and_posts_one_message_for_the_next(bot, member, clock):
    timer = await start_timer("bp", by=member)
    first = timer.message
    await timer.press("start", by=member)
    clock.advance(90)

    closed = await timer.press("next", by=member)

    assert closed["type"] == UPDATE
    final = embed_of(closed["data"])
    assert final["title"] == "1/8 · Prime Minister (Government) · done"
    assert final["description"].startswith("**1:30** of 7:00")
    assert closed["data"]["components"] == []
    assert not first.components  # the closed message has no buttons left

    # exactly one new message, for the next speech: no flood
    assert followup_count() == 2 and ex.sent_payloads == []
    following = ih.followups()[-1]
    assert embed_of(following)["title"] == "2/8 · Leader of the Opposition (Opposition)"
    assert "Status: **ready**" in embed_of(following)["description"]
    assert pings_nobody(following)

    # the new message is the one that now runs: its clock starts from zero
    second = ih.followup_message()
    assert second.id != first.id
    started = await ih.click(second, f"timer:start:{timer.id}", by=member)
    assert embed_of(started["data"])["description"].startswith("**0:00** of 7:00")
    clock.advance(60)
    await tick(bot)
    [(_, edited_id, _)] = ex.edits
    assert edited_id == second.id


async def test_bp_offers_prep_only_before_the_first_speech(bot, member):
    timer = await start_timer("bp", by=member)
    assert "prep" in actions(ih.followups()[-1])

    await timer.press("next", by=member)  # the first speech is skipped

    assert actions(ih.followups()[-1]) == ["start", "next", "stop"]


async def test_stop_button_ends_the_round(bot, member, clock):
    timer = await start_timer("bp", by=member)
    await timer.press("start", by=member)
    older_copy = ex.posted_earlier(timer.message.channel, ih.followups()[-1])
    clock.advance(20)

    stopped = await timer.press("stop", by=member)

    assert stopped["type"] == UPDATE and stopped["data"]["components"] == []
    assert embed_of(stopped["data"])["title"].endswith(" · done")
    over = ih.followups()[-1]
    assert over["content"] == "British Parliamentary round over: thanks, everyone."
    assert pings_nobody(over)
    late = await ih.click(older_copy, f"timer:stop:{timer.id}", by=member)
    assert ih.is_ephemeral(late)
    assert late["data"]["content"] == ("That timer has ended. Start a new one with `/timer start`.")


async def test_an_illegal_move_is_explained_privately(bot, member):
    timer = await start_timer("bp", by=member)
    stale = ex.posted_earlier(timer.message.channel, ih.followups()[-1])
    await timer.press("start", by=member)

    refused = await ih.click(stale, f"timer:start:{timer.id}", by=member)  # started already

    assert ih.is_ephemeral(refused)
    assert refused["data"]["content"].startswith("A speech is already running")


# -- the tick ---------------------------------------------------------------------


async def test_the_tick_edits_the_speech_message_when_a_signal_is_crossed(
    bot, member, clock, general
):
    timer = await start_timer("bp", by=member, at=general)
    await timer.press("start", by=member)

    clock.advance(60)
    await tick(bot)

    [(channel_id, message_id, payload)] = ex.edits
    assert (channel_id, message_id) == (general.id, timer.message.id)
    shown = embed_of(payload)
    assert shown["title"] == "1/8 · Prime Minister (Government)"
    assert shown["description"].startswith("**1:00** of 7:00 · 6:00 left")
    assert shown["description"].endswith("🔔 POI window open")
    assert actions(payload) == ["pause", "next", "stop"]
    assert pings_nobody(payload)
    # edited in place: no new message
    assert followup_count() == 1 and ex.sent_payloads == []

    clock.advance(5)  # no signal and the message is fresh: left alone
    await tick(bot)
    assert len(ex.edits) == 1

    clock.advance(10)  # 15 s on: the clock is refreshed, without a bell
    await tick(bot)
    assert len(ex.edits) == 2
    assert embed_of(ex.edits[-1][2])["description"].startswith("**1:15** of 7:00")
    assert "🔔" not in embed_of(ex.edits[-1][2])["description"]

    clock.advance(285)  # 6:00: the window closes with a minute left, both in one edit
    await tick(bot)
    assert embed_of(ex.edits[-1][2])["description"].endswith(
        "🔔 POI window closed · one minute left"
    )
    assert {message_id for _, message_id, _ in ex.edits} == {timer.message.id}
    assert followup_count() == 1 and ex.sent_payloads == []


async def test_a_ready_or_paused_timer_is_not_edited_by_the_tick(bot, member, clock):
    timer = await start_timer("bp", by=member)
    clock.advance(120)
    await tick(bot)
    assert ex.edits == []

    await timer.press("start", by=member)
    await timer.press("pause", by=member)
    clock.advance(120)
    await tick(bot)
    assert ex.edits == []


# -- /timer stop and one timer per channel -------------------------------------------


async def test_timer_stop_ends_the_timer_and_closes_its_message(bot, member, clock, general):
    timer = await start_timer("bp", by=member, at=general)
    await timer.press("start", by=member)
    clock.advance(45)

    stopped = await ih.slash("timer stop", at=general, by=member)

    assert stopped["type"] == MESSAGE and not ih.is_ephemeral(stopped)
    assert stopped["data"]["content"] == "Timer stopped."
    assert pings_nobody(stopped["data"])
    [(channel_id, message_id, payload)] = ex.edits
    assert (channel_id, message_id) == (general.id, timer.message.id)
    assert embed_of(payload)["title"] == "1/8 · Prime Minister (Government) · done"
    assert embed_of(payload)["description"].startswith("**0:45** of 7:00")
    assert payload["components"] == []
    # it no longer ticks, its buttons say so, and the channel is free for a new timer
    clock.advance(60)
    await tick(bot)
    assert len(ex.edits) == 1
    late = await timer.press("pause", by=member)
    assert ih.is_ephemeral(late) and late["data"]["content"].startswith("That timer has ended.")
    again = await ih.slash("timer start", at=general, by=member, format="bp")
    assert again["type"] == MESSAGE and not ih.is_ephemeral(again)


async def test_timer_stop_without_a_timer_says_so_privately(bot, member, faq_corner):
    response = await ih.slash("timer stop", at=faq_corner, by=member)

    assert ih.is_ephemeral(response)
    assert response["data"]["content"] == "No timer runs in this channel."


async def test_timer_stop_by_a_bystander_is_refused(bot, member, bystander, general):
    await start_timer("bp", by=member, at=general)

    response = await ih.slash("timer stop", at=general, by=bystander)

    assert ih.is_ephemeral(response) and response["data"]["content"] == NOT_YOURS
    assert ex.edits == []


async def test_a_second_timer_in_the_same_channel_is_refused(
    bot, member, bystander, general, faq_corner
):
    await start_timer("bp", by=member, at=general)

    refused = await ih.slash("timer start", at=general, by=bystander, format="ld")

    assert refused["type"] == MESSAGE and ih.is_ephemeral(refused)
    assert refused["data"]["content"] == ALREADY
    assert followup_count() == 1  # no second timer message
    # another channel may have its own
    elsewhere = await ih.slash("timer start", at=faq_corner, by=bystander, format="ld")
    assert not ih.is_ephemeral(elsewhere)
    assert followup_count() == 2


# -- prep -------------------------------------------------------------------------------


async def test_lincoln_douglas_has_a_prep_button_per_side(bot, member, clock):
    timer = await start_timer("ld", by=member)

    ready = ih.followups()[-1]
    assert embed_of(timer.order["data"])["title"] == "Lincoln-Douglas: speech order"
    assert {"name": "Prep", "value": "4:00 per side, usable in pieces", "inline": False} in (
        embed_of(timer.order["data"])["fields"]
    )
    assert actions(ready) == ["start", "prep-prop", "prep-opp", "next", "stop"]
    assert labels(ready)[1:3] == ["Prep: Affirmative", "Prep: Negative"]

    prep = await timer.press("prep-opp", by=member)
    assert prep["type"] == UPDATE
    assert "Status: **prep**" in embed_of(prep["data"])["description"]
    assert actions(prep["data"]) == ["end-prep", "stop"]

    clock.advance(60)
    await tick(bot)  # prep runs on the tick too
    [(_, _, payload)] = ex.edits
    assert {
        "name": "Prep left",
        "value": "Affirmative: 4:00 · Negative: 3:00",
        "inline": False,
    } in (embed_of(payload)["fields"])

    ended = await timer.press("end-prep", by=member)  # taken in pieces: the rest is kept
    assert actions(ended["data"]) == ["start", "prep-prop", "prep-opp", "next", "stop"]
    assert "Negative: 3:00" in embed_of(ended["data"])["fields"][0]["value"]


async def test_a_side_without_prep_left_loses_its_prep_button(bot, member, clock):
    timer = await start_timer("ld", by=member)
    await timer.press("prep-prop", by=member)
    clock.advance(300)  # more than the 4 minutes

    ended = await timer.press("end-prep", by=member)

    assert actions(ended["data"]) == ["start", "prep-opp", "next", "stop"]
