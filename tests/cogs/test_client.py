"""The Discord door itself: intents and the one error funnel for slash commands."""

from __future__ import annotations

import logging

import discord
import discord.ext.test as dpytest

from bot import client as client_module
from bot.app import App
from bot.errors import UserError

from . import interaction_harness as ih

APOLOGY = "Sorry, something went wrong on my side. It has been logged."


def test_the_bot_asks_only_for_the_intents_it_needs():
    wanted = client_module.intents()

    assert wanted.message_content and wanted.guild_messages and wanted.dm_messages
    assert not wanted.members and not wanted.presences


async def test_a_bug_in_a_command_is_logged_and_answered_with_an_apology(
    bot, member, monkeypatch, caplog
):
    async def broken_ask(self, question, **kwargs):
        raise RuntimeError("matcher exploded")

    monkeypatch.setattr(App, "ask", broken_ask)

    with caplog.at_level(logging.ERROR, logger="bot.client"):
        response = await ih.slash("ask", by=member, question="what is globalism")

    assert ih.is_ephemeral(response)
    assert response["data"]["content"] == APOLOGY
    [record] = [r for r in caplog.records if r.name == "bot.client"]
    assert record.getMessage().startswith("error in /ask")
    assert str(member.id) in record.getMessage()
    assert record.exc_info[0] is RuntimeError
    assert "matcher exploded" in caplog.text


async def test_a_user_error_is_shown_as_its_message_without_a_traceback(bot, member, caplog):
    @bot.tree.command(name="pick-motion", description="test command")
    async def pick_motion(interaction: discord.Interaction) -> None:
        raise UserError("There is no motion with that number.")

    response = await ih.slash("pick-motion", by=member)

    assert ih.is_ephemeral(response)
    assert response["data"]["content"] == "There is no motion with that number."
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_an_error_after_the_command_answered_arrives_as_a_private_followup(bot, member):
    @bot.tree.command(name="slow-motion", description="test command")
    async def slow_motion(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        raise RuntimeError("failed after deferring")

    deferred = await ih.slash("slow-motion", by=member)

    assert deferred["type"] == 5
    [(method, followup)] = ih.webhook_calls
    assert method == "execute_webhook"
    assert followup["content"] == APOLOGY
    assert followup["flags"] & ih.EPHEMERAL
    assert followup["allowed_mentions"]["parse"] == []
    assert dpytest.verify().message().nothing()
