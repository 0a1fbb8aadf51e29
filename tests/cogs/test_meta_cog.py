"""/help for everyone, /content-reload for the bot's owner only."""

from __future__ import annotations

import discord.ext.test as dpytest

from . import interaction_harness as ih


async def test_help_answers_privately_with_an_embed(bot, member):
    response = await ih.slash("help", by=member)

    assert response["type"] == 4 and ih.is_ephemeral(response)
    [embed] = response["data"]["embeds"]
    assert embed["title"] == "Debate practice bot"
    assert any("/faq channel" in field["value"] for field in embed["fields"])


async def test_content_reload_is_refused_to_anyone_but_the_owner(make_bot):
    await make_bot(owner_id=1)  # the owner is nobody in the guild, not even the admin
    admin = dpytest.get_config().members[0]

    response = await ih.slash("content-reload", by=admin)

    assert ih.is_ephemeral(response)
    assert response["data"]["content"] == "Only the bot's owner can reload content."


async def test_content_reload_by_the_owner_reloads(bot, member):
    bot.owner_id = member.id  # members exist only once the bot is on the fake Discord
    owner = member

    response = await ih.slash("content-reload", by=owner)

    assert ih.is_ephemeral(response)
    assert response["data"]["content"] == (
        f"Reloaded: {len(bot.app.knowledge.faq)} FAQ entries are live."
    )
