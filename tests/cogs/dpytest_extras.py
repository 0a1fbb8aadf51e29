"""What dpytest drops from the bot's messages, kept so tests can assert on it.

dpytest's `FakeHttp.send_message` turns the outgoing payload into a message but
drops `allowed_mentions`, `components` and `message_reference`. `install` wraps
it: every payload is kept in `sent_payloads`, and the components and reply
reference are put back on the message dpytest queues, so a test can read the
buttons and click them.
"""

from __future__ import annotations

from typing import Any

import discord
import discord.ext.test.backend as back

sent_payloads: list[dict[str, Any]] = []
"""Payloads of `POST /channels/{id}/messages`, oldest first."""
_by_message_id: dict[int, dict[str, Any]] = {}


def install(monkeypatch: Any) -> None:
    sent_payloads.clear()
    _by_message_id.clear()
    original = back.FakeHttp.send_message

    async def send_message(self, channel_id, *, params):
        # dpytest reads `channel` from its caller's frame: keep a local of that name here.
        channel = back._get_higher_locs(1).get("channel")  # noqa: F841
        payload = dict(params.payload or {})
        sent_payloads.append(payload)
        data = await original(self, channel_id, params=params)
        _by_message_id[int(data["id"])] = payload
        message = self.state._get_message(int(data["id"]))
        if message is not None:
            restore(message, payload)
        return data

    monkeypatch.setattr(back.FakeHttp, "send_message", send_message)


def restore(message: discord.Message, payload: dict[str, Any]) -> discord.Message:
    """Put a payload's components and reply reference back on a dpytest message."""
    message._handle_components(payload.get("components") or [])
    reference = payload.get("message_reference")
    if reference:
        message.reference = discord.MessageReference.with_state(back.get_state(), reference)
    return message


def payload_of(message: discord.Message) -> dict[str, Any]:
    """The payload the bot sent to create `message`."""
    return _by_message_id[message.id]


def custom_ids(message: discord.Message) -> list[str]:
    """custom_ids of the buttons on a message, top row first."""
    return [
        child.custom_id
        for row in message.components
        for child in getattr(row, "children", [row])
        if getattr(child, "custom_id", None)
    ]


def posted_earlier(channel: discord.abc.Messageable, payload: dict[str, Any]) -> discord.Message:
    """A message the bot sent in an earlier life (before a restart), rebuilt from its payload."""
    state = back.get_state()
    embeds = [discord.Embed.from_dict(e) for e in payload.get("embeds") or []]
    message = back.make_message(payload.get("content") or "", state.user, channel, embeds=embeds)
    return restore(message, payload)
