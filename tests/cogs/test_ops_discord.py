"""Operations through the Discord door: the endpoint's life, error counts, log context, stop."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import socket
from collections.abc import Iterator

import aiohttp
import discord
import discord.ext.test as dpytest
import discord.ext.test.backend as back
import pytest

from bot.app import App
from bot.errors import UserError
from bot.ops.logging import JsonFormatter

from . import interaction_harness as ih


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Every log line of the process, as the JSON formatter writes it at that moment."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield out
    finally:
        root.removeHandler(handler)


def entries(out: io.StringIO, logger: str) -> list[dict]:
    parsed = [json.loads(line) for line in out.getvalue().splitlines()]
    return [entry for entry in parsed if entry["logger"] == logger]


@pytest.fixture
def closable(monkeypatch: pytest.MonkeyPatch, bot) -> None:
    # dpytest's fake gateway has no socket to close; Discord's real one does.
    monkeypatch.setattr(type(bot.ws), "open", property(lambda ws: False))


async def test_the_endpoint_starts_with_the_bot_and_stops_when_it_closes(make_bot, monkeypatch):
    port = free_port()
    bot = await make_bot(env={"DEBATE_BOT_METRICS_PORT": str(port)})
    monkeypatch.setattr(type(bot.ws), "open", property(lambda ws: False))
    base = f"http://127.0.0.1:{port}"

    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/healthz") as response:
            connecting = response.status, await response.json()
        bot._ready.set()  # Discord's READY arrived
        async with http.get(f"{base}/healthz") as response:
            ready = response.status, await response.json()
        async with http.get(f"{base}/metrics") as response:
            metrics = (await response.text()).splitlines()

        await bot.close()

        with pytest.raises(aiohttp.ClientConnectionError):
            async with http.get(f"{base}/healthz"):
                pass

    assert connecting[0] == 503 and "not connected to Discord" in connecting[1]["reason"]
    assert ready[0] == 200 and ready[1]["status"] == "ok"
    assert "debatebot_guilds 1" in metrics
    assert "debatebot_up 1" in metrics
    assert "# TYPE debatebot_gateway_latency_seconds gauge" in metrics


async def test_no_port_setting_no_endpoint(bot):
    assert bot.config.metrics_port is None
    assert bot.ops is None


async def test_a_bug_in_a_command_is_counted_and_a_users_mistake_is_not(bot, member, monkeypatch):
    async def broken_ask(self, question, **kwargs):
        raise RuntimeError("matcher exploded")

    @bot.tree.command(name="pick-motion", description="test command")
    async def pick_motion(interaction: discord.Interaction) -> None:
        raise UserError("There is no motion with that number.")

    await ih.slash("pick-motion", by=member)
    monkeypatch.setattr(App, "ask", broken_ask)
    await ih.slash("ask", by=member, question="what is globalism")

    assert bot.app.metrics.errors.value(where="command") == 1
    assert bot.app.metrics.errors.value(where="listener") == 0


async def test_a_command_error_is_logged_with_guild_user_and_command(
    bot, guild, member, monkeypatch, json_lines
):
    async def broken_ask(self, question, **kwargs):
        raise RuntimeError("matcher exploded")

    monkeypatch.setattr(App, "ask", broken_ask)
    await ih.slash("ask", by=member, question="what is globalism")

    [entry] = entries(json_lines, "bot.client")
    assert entry["level"] == "ERROR"
    assert (entry["guild"], entry["user"], entry["command"]) == (guild.id, member.id, "/ask")
    assert "RuntimeError: matcher exploded" in entry["exception"]


async def test_a_failing_message_listener_is_counted_and_logged_with_its_author(
    bot, guild, member, monkeypatch, json_lines
):
    async def broken_ask(self, question, **kwargs):
        raise RuntimeError("matcher exploded")

    monkeypatch.setattr(App, "ask", broken_ask)
    await dpytest.message(f"<@{bot.user.id}> what is globalism", member=member)
    await dpytest.run_all_events()

    assert bot.app.metrics.errors.value(where="listener") == 1
    [entry] = entries(json_lines, "bot.client")
    assert entry["message"] == "error in on_message"
    assert (entry["guild"], entry["user"], entry["command"]) == (guild.id, member.id, "message")


async def test_a_button_carries_its_custom_id_into_the_log(
    bot, guild, member, monkeypatch, json_lines
):
    await dpytest.message(f"<@{bot.user.id}> what is globalism", member=member)
    answer = dpytest.get_message()

    async def broken(self, *args, **kwargs):
        raise RuntimeError("store unplugged")

    monkeypatch.setattr(App, "not_what_i_asked", broken)
    await ih.click(answer, "faq:miss:what-is-globalism", by=member)

    failures = [e for e in entries(json_lines, "discord.ui.view") if e["level"] == "ERROR"]
    assert failures, json_lines.getvalue()
    entry = failures[0]
    assert (entry["guild"], entry["user"]) == (guild.id, member.id)
    assert entry["command"] == "component faq:miss:what-is-globalism"


async def test_once_shutting_down_new_commands_and_messages_are_left_alone(bot, member):
    bot.stopping = True

    response = await ih.slash("ask", by=member, question="what is globalism")
    await dpytest.message(f"<@{bot.user.id}> what is globalism", member=member)

    assert response is None
    assert dpytest.verify().message().nothing()
    assert await bot.app.misses() == []


async def test_shutdown_lets_a_command_in_progress_answer_before_closing(
    bot, member, general, closable
):
    release = asyncio.Event()

    @bot.tree.command(name="slow", description="test command")
    async def slow(interaction: discord.Interaction) -> None:
        await release.wait()
        await interaction.response.send_message("done in time")

    data = ih._command_data("slow", {}, member)
    back.get_state().parse_interaction_create(ih._interaction(2, general, member, data))
    await asyncio.sleep(0)
    asyncio.get_running_loop().call_later(0.2, release.set)

    await bot.shut_down(grace=5)

    assert [r["data"]["content"] for r in ih.responses] == ["done in time"]
    assert bot.is_closed()
