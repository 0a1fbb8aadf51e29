"""The FAQ as members meet it: /ask, answers in FAQ channels and on mention, buttons, admin."""

from __future__ import annotations

import discord
import discord.ext.test as dpytest
import discord.ext.test.backend as back
import discord.ext.test.factories as facts

from bot.engine.faq import Thresholds
from bot.store.base import MissKind
from bot.ui.embeds import NO_ANSWER

from . import dpytest_extras as ex
from . import interaction_harness as ih

GLOBALISM = "What is globalism?"
GLOBALISM_SOURCE = "Source: Globalism vs Internationalism: How They Differ"
MESSAGE = 4  # interaction callback: CHANNEL_MESSAGE_WITH_SOURCE
UPDATE = 7  # interaction callback: UPDATE_MESSAGE
CHOICES = 8  # interaction callback: APPLICATION_COMMAND_AUTOCOMPLETE_RESULT


def button_ids(data: dict) -> list[str]:
    return [c["custom_id"] for row in data.get("components", []) for c in row["components"]]


def no_pings(allowed_mentions: dict) -> bool:
    return (
        allowed_mentions["parse"] == []
        and not allowed_mentions.get("users")
        and not allowed_mentions.get("roles")
        and not allowed_mentions.get("replied_user")
    )


async def nothing_sent() -> bool:
    await dpytest.run_all_events()
    return dpytest.verify().message().nothing()


# -- /ask -----------------------------------------------------------------


async def test_ask_answers_in_public_with_the_canonical_question_source_and_a_miss_button(bot):
    response = await ih.slash("ask", question="what is globalism")

    assert response["type"] == MESSAGE
    assert not ih.is_ephemeral(response)
    [embed] = response["data"]["embeds"]
    assert embed["title"] == GLOBALISM
    assert embed["footer"]["text"] == GLOBALISM_SOURCE
    assert embed["author"]["name"] == "Asked: what is globalism"
    assert button_ids(response["data"]) == ["faq:miss:what-is-globalism"]


async def test_ask_privately_answers_only_the_asker(bot):
    response = await ih.slash("ask", question="what is globalism", private=True)

    assert response["type"] == MESSAGE and ih.is_ephemeral(response)
    assert response["data"]["embeds"][0]["title"] == GLOBALISM


async def test_ask_off_topic_says_so_privately_and_records_the_miss(bot, member):
    response = await ih.slash("ask", by=member, question="what is capitalism")

    assert ih.is_ephemeral(response)
    assert response["data"]["content"] == NO_ANSWER
    [miss] = await bot.app.misses()
    assert (miss.kind, miss.question) == (MissKind.UNANSWERED, "what is capitalism")


async def test_ask_never_pings_what_the_question_mentions(bot, member, guild):
    question = f"@everyone <@&{guild.default_role.id}> what is globalism <@{member.id}>"
    response = await ih.slash("ask", question=question)

    assert response["data"]["embeds"][0]["title"] == GLOBALISM
    assert no_pings(response["data"]["allowed_mentions"])


async def test_ask_autocomplete_offers_canonical_questions_closest_first(bot):
    response = await ih.autocomplete("ask", "question", question="liberal")

    assert response["type"] == CHOICES
    choices = response["data"]["choices"]
    assert 0 < len(choices) <= 25
    assert all(c["name"] == c["value"] for c in choices)
    questions = {entry.question for entry in bot.app.knowledge.faq}
    assert {c["value"] for c in choices} <= questions
    top = [c["value"] for c in choices[:3]]
    assert all("liberal" in q.lower() for q in top), top
    assert "What is liberal internationalism?" in top


async def test_ask_autocomplete_with_nothing_typed_lists_questions_in_content_order(bot):
    response = await ih.autocomplete("ask", "question", question="")

    expected = [entry.question for entry in bot.app.knowledge.faq[:25]]
    assert [c["value"] for c in response["data"]["choices"]] == expected


# -- messages ---------------------------------------------------------------


async def test_a_question_in_an_ordinary_channel_without_a_mention_gets_no_reply(bot, member):
    await dpytest.message("what is globalism?", member=member)

    assert await nothing_sent()


async def test_a_mention_with_a_question_is_answered_in_any_channel(bot, member, general):
    question = await dpytest.message(
        f"<@{bot.user.id}> what is internationalism", channel=general, member=member
    )

    reply = dpytest.get_message()
    assert reply.embeds[0].title == "What is internationalism?"
    # the bot's own mention is not echoed back as part of the question
    assert reply.embeds[0].author.name == "Asked: what is internationalism"
    assert ex.custom_ids(reply) == ["faq:miss:what-is-internationalism"]
    assert reply.reference is not None and reply.reference.message_id == question.id


async def test_a_mention_with_an_off_topic_question_says_there_is_no_answer(bot, member):
    await dpytest.message(f"<@{bot.user.id}> what is capitalism", member=member)

    assert dpytest.verify().message().content(NO_ANSWER)


async def test_a_direct_message_is_answered(bot, member):
    dm = await member.create_dm()
    await dpytest.message("what is globalism", channel=dm, member=member)

    assert dpytest.get_message().embeds[0].title == GLOBALISM


async def test_an_answer_never_pings_anyone_the_question_mentions(bot, member, guild):
    role = back.make_role("Debaters", guild, mentionable=True)
    await dpytest.message(
        f"<@{bot.user.id}> @everyone <@&{role.id}> what is globalism <@{member.id}>",
        member=member,
    )

    assert dpytest.get_message().embeds[0].title == GLOBALISM
    payload = ex.sent_payloads[-1]
    assert no_pings(payload["allowed_mentions"])
    assert payload["allowed_mentions"]["replied_user"] is False
    assert "message_reference" in payload


async def test_messages_from_bots_and_from_itself_are_ignored(bot, guild, general):
    user = back.get_state().store_user(facts.make_user_dict("OtherBot", "0042", None, bot=True))
    other_bot = back.make_member(user, guild)
    assert other_bot.bot

    await dpytest.message(f"<@{bot.user.id}> what is globalism", member=other_bot)
    back.make_message(f"<@{bot.user.id}> what is globalism", bot.user, general)

    assert await nothing_sent()


async def test_second_mention_within_the_cooldown_is_asked_to_wait(make_bot):
    bot = await make_bot(env={"DEBATE_BOT_COOLDOWN_SECONDS": "30"})
    asker = dpytest.get_config().members[1]

    await dpytest.message(f"<@{bot.user.id}> what is globalism", member=asker)
    assert dpytest.get_message().embeds[0].title == GLOBALISM

    await dpytest.message(f"<@{bot.user.id}> what is internationalism", member=asker)
    wait = dpytest.get_message()
    assert not wait.embeds
    assert wait.content.startswith("One question at a time, please: ask again in ")
    assert no_pings(ex.sent_payloads[-1]["allowed_mentions"])

    # another member is not held up by the first one's cooldown
    await dpytest.message(
        f"<@{bot.user.id}> what is internationalism", member=dpytest.get_config().members[2]
    )
    assert dpytest.get_message().embeds[0].title == "What is internationalism?"


# -- FAQ channels -------------------------------------------------------------


async def test_faq_channel_lifecycle(bot, admin, member, general, faq_corner):
    assert (await ih.slash("faq channel list", by=admin))["data"]["content"].startswith(
        "No FAQ channels yet"
    )

    added = await ih.slash("faq channel add", at=general, by=admin, channel=faq_corner)
    assert ih.is_ephemeral(added)
    assert added["data"]["content"] == (
        f"I'll answer questions in {faq_corner.mention} without being mentioned."
    )

    await dpytest.message("what is globalism?", channel=faq_corner, member=member)
    reply = dpytest.get_message()
    assert reply.channel == faq_corner
    assert reply.embeds[0].title == GLOBALISM
    assert ex.custom_ids(reply) == ["faq:miss:what-is-globalism"]

    # chatter gets no reply at all, not even "no answer"
    await dpytest.message("lol nice weather today", channel=faq_corner, member=member)
    await dpytest.message("what is capitalism?", channel=faq_corner, member=member)
    assert await nothing_sent()

    # other channels are unaffected
    await dpytest.message("what is globalism?", channel=general, member=member)
    assert await nothing_sent()

    listed = await ih.slash("faq channel list", by=admin)
    assert listed["data"]["content"] == f"FAQ channels: {faq_corner.mention}"

    again = await ih.slash("faq channel add", at=general, by=admin, channel=faq_corner)
    assert again["data"]["content"] == f"{faq_corner.mention} is already an FAQ channel."

    removed = await ih.slash("faq channel remove", at=faq_corner, by=admin)
    assert ih.is_ephemeral(removed)
    assert removed["data"]["content"] == (
        f"I'll no longer answer in {faq_corner.mention} unless mentioned."
    )
    await dpytest.message("what is globalism?", channel=faq_corner, member=member)
    assert await nothing_sent()


async def test_faq_channel_add_defaults_to_the_current_channel(bot, admin, member, faq_corner):
    await ih.slash("faq channel add", at=faq_corner, by=admin)

    assert await bot.app.faq_channels(faq_corner.guild.id) == {faq_corner.id}
    await dpytest.message("what is internationalism?", channel=faq_corner, member=member)
    assert dpytest.get_message().embeds[0].title == "What is internationalism?"


async def test_faq_channels_survive_a_restart(make_bot):
    await make_bot()
    cfg = dpytest.get_config()
    await ih.slash("faq channel add", at=cfg.channels[1], by=cfg.members[0])
    old_guild_id = cfg.guilds[0].id

    restarted = await make_bot()

    assert await restarted.app.faq_channels(old_guild_id) == {cfg.channels[1].id}


async def test_a_plain_member_cannot_add_an_faq_channel(bot, member, faq_corner):
    assert not member.guild_permissions.manage_guild

    response = await ih.slash("faq channel add", at=faq_corner, by=member)

    assert ih.is_ephemeral(response)
    assert response["data"]["content"] == (
        "You need the Manage Server permission to use this command."
    )
    assert await bot.app.faq_channels(faq_corner.guild.id) == set()
    await dpytest.message("what is globalism?", channel=faq_corner, member=member)
    assert await nothing_sent()


# -- buttons --------------------------------------------------------------------


async def test_did_you_mean_buttons_show_the_answer(make_bot):
    bot = await make_bot(thresholds=Thresholds(answer=101, suggest=1, definitions=False))
    cfg = dpytest.get_config()
    asker, other = cfg.members[1], cfg.members[2]

    await dpytest.message(f"<@{bot.user.id}> what is globalism", member=asker)
    suggestions = dpytest.get_message()
    assert suggestions.embeds[0].title == "Did you mean…"
    ids = ex.custom_ids(suggestions)
    assert 1 <= len(ids) <= 3
    assert all(i.startswith(f"faq:show:{asker.id}:") for i in ids)
    assert f"faq:show:{asker.id}:what-is-globalism" in ids
    chosen = f"faq:show:{asker.id}:what-is-globalism"

    # someone else's click shows the answer to them alone
    seen = await ih.click(suggestions, chosen, by=other)
    assert seen["type"] == MESSAGE and ih.is_ephemeral(seen)
    assert seen["data"]["embeds"][0]["title"] == GLOBALISM

    # the asker's click turns the suggestions into the answer, with its miss button
    shown = await ih.click(suggestions, chosen, by=asker)
    assert shown["type"] == UPDATE
    [embed] = shown["data"]["embeds"]
    assert (embed["title"], embed["footer"]["text"]) == (GLOBALISM, GLOBALISM_SOURCE)
    assert button_ids(shown["data"]) == ["faq:miss:what-is-globalism"]


async def test_not_what_i_asked_records_the_miss_and_thanks_privately(bot, member):
    await dpytest.message(f"<@{bot.user.id}> what is globalism", member=member)
    answer = dpytest.get_message()

    response = await ih.click(answer, "faq:miss:what-is-globalism", by=member)

    assert response["type"] == MESSAGE and ih.is_ephemeral(response)
    assert response["data"]["content"].startswith("Thanks, noted.")
    [miss] = await bot.app.misses()
    assert (miss.kind, miss.question, miss.entry_id, miss.count) == (
        MissKind.NOT_HELPFUL,
        "what is globalism",
        "what-is-globalism",
        1,
    )


async def test_not_what_i_asked_works_on_an_answer_from_before_a_restart(make_bot):
    await make_bot()
    await ih.slash("ask", question="what is globalism")
    answer_payload = ih.responses[-1]["data"]

    bot = await make_bot()  # a new process: no views in memory, only the message on Discord
    cfg = dpytest.get_config()
    answer = ex.posted_earlier(cfg.channels[0], answer_payload)
    response = await ih.click(answer, "faq:miss:what-is-globalism", by=cfg.members[2])

    assert ih.is_ephemeral(response)
    [miss] = await bot.app.misses()
    assert (miss.kind, miss.question, miss.entry_id) == (
        MissKind.NOT_HELPFUL,
        "what is globalism",
        "what-is-globalism",
    )


async def test_a_button_for_an_entry_removed_from_the_content_says_so(bot, member, general):
    custom_id = f"faq:show:{member.id}:gone"
    stale = ex.posted_earlier(
        general,
        {
            "embeds": [discord.Embed(title="Did you mean…").to_dict()],
            "components": [
                {
                    "type": 1,
                    "components": [
                        {"type": 2, "style": 1, "label": "1. Gone", "custom_id": custom_id}
                    ],
                }
            ],
        },
    )

    response = await ih.click(stale, custom_id, by=member)

    assert ih.is_ephemeral(response)
    assert response["data"]["content"] == "That answer is no longer in the FAQ; please ask again."
