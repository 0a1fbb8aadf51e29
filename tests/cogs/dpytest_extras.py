"""What dpytest drops from the bot's messages, kept so tests can assert on it.

dpytest's `FakeHttp.send_message` turns the outgoing payload into a message but
drops `allowed_mentions`, `components` and `message_reference`. `install` wraps
it: every payload is kept in `sent_payloads`, and the components and reply
reference are put back on the message dpytest queues, so a test can read the
buttons and click them.

It also fills two more gaps: edits of messages dpytest never saw (a bot's
followup, a `PartialMessage`) are kept in `edits` instead of crashing, and
threads can be created (`TextChannel.create_thread`, `Message.create_thread`).
"""

from __future__ import annotations

import itertools
from typing import Any

import discord
import discord.ext.test.backend as back

sent_payloads: list[dict[str, Any]] = []
"""Payloads of `POST /channels/{id}/messages`, oldest first."""
edits: list[tuple[int, int, dict[str, Any]]] = []
"""`PATCH /channels/{id}/messages/{id}`, oldest first: (channel id, message id, payload)."""
_by_message_id: dict[int, dict[str, Any]] = {}
_ids = itertools.count(1_400_000_000_000_000_000)


def install(monkeypatch: Any) -> None:
    sent_payloads.clear()
    edits.clear()
    _by_message_id.clear()
    original = back.FakeHttp.send_message
    original_edit = back.FakeHttp.edit_message

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

    async def edit_message(http, channel_id, message_id, **fields):
        # dpytest reads the edited message as `self` in its caller's frame: keep that name here.
        self = back._get_higher_locs(1).get("self")
        payload = dict(fields["params"].payload or {})
        edits.append((int(channel_id), int(message_id), payload))
        if not isinstance(self, discord.Message) or self.id not in _known(self.channel.id):
            return _edited(channel_id, message_id, payload)  # a message dpytest never saw
        data = await original_edit(http, channel_id, message_id, **fields)
        data["components"] = payload.get("components", data.get("components", []))
        return data

    async def start_thread_without_message(
        http, channel_id, *, name, auto_archive_duration, type, **kwargs
    ):
        return _store_thread(http, channel_id, name, auto_archive_duration, type)

    async def start_thread_with_message(
        http, channel_id, message_id, *, name, auto_archive_duration, **kwargs
    ):
        return _store_thread(http, channel_id, name, auto_archive_duration, 11)

    monkeypatch.setattr(back.FakeHttp, "send_message", send_message)
    monkeypatch.setattr(back.FakeHttp, "edit_message", edit_message)
    monkeypatch.setattr(back.FakeHttp, "start_thread_without_message", start_thread_without_message)
    monkeypatch.setattr(back.FakeHttp, "start_thread_with_message", start_thread_with_message)


def _known(channel_id: int) -> set[int]:
    return {int(m["id"]) for m in back._cur_config.messages.get(channel_id, [])}


def _edited(channel_id: int, message_id: int, payload: dict[str, Any]) -> dict[str, Any]:
    user = back.get_state().user
    return message_data(payload, channel_id, message_id, user.id, user.name, edited=True)


def message_data(
    payload: dict[str, Any],
    channel_id: int,
    message_id: int,
    author_id: int,
    author_name: str = "app",
    *,
    edited: bool = False,
) -> dict[str, Any]:
    """A bot's message as the gateway would send it, built from an outgoing payload."""
    return {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": 0,
        "content": payload.get("content") or "",
        "embeds": payload.get("embeds") or [],
        "components": payload.get("components") or [],
        "attachments": [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "flags": payload.get("flags", 0),
        "timestamp": "2024-01-01T00:00:00+00:00",
        "edited_timestamp": "2024-01-01T00:00:00+00:00" if edited else None,
        "author": {
            "id": str(author_id),
            "username": author_name,
            "discriminator": "0000",
            "avatar": None,
            "bot": True,
        },
    }


def _store_thread(http, channel_id, name, auto_archive_duration, kind) -> dict[str, Any]:
    parent = http.state.get_channel(int(channel_id))
    data = {
        "id": str(next(_ids)),
        "guild_id": str(parent.guild.id),
        "parent_id": str(parent.id),
        "owner_id": str(http.state.user.id),
        "name": name,
        "type": int(kind),
        "message_count": 0,
        "member_count": 1,
        "rate_limit_per_user": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": auto_archive_duration,
            "archive_timestamp": "2024-01-01T00:00:00+00:00",
            "locked": False,
        },
    }
    parent.guild._store_thread(data)
    return data


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
