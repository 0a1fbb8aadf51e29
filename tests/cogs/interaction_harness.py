"""Slash commands, autocomplete and button clicks through discord.py's real dispatch, offline.

dpytest has no interactions. Here a fake INTERACTION_CREATE payload goes through
`state.parse_interaction_create`, so the real `CommandTree` (option parsing,
transformers, checks, `on_error`) and the real view store (DynamicItem templates)
run. What discord.py would POST back to Discord is captured instead of sent:

- `responses`: interaction callbacks (`type` 4 message, 5 defer, 7 update, 8 choices,
  9 modal),
- `webhook_calls`: followups and edits, as `(adapter method, payload)`, and
  `webhook_messages`: the message each of them made, so a test can click its buttons.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

import discord
import discord.ext.test as dpytest
import discord.ext.test.backend as back
import discord.ext.test.factories as facts
from discord.webhook.async_ import AsyncWebhookAdapter

from .dpytest_extras import message_data

EPHEMERAL = 64
UPDATE_MESSAGE = 7
_ids = itertools.count(1_300_000_000_000_000_000)
_OPTION_TYPES = {str: 3, int: 4, bool: 5, float: 10}
_last_channel_id = [0]  # where the latest interaction happened: followups are posted there

responses: list[dict[str, Any]] = []
"""Interaction callback payloads, oldest first: `{"type": 4, "data": {...}}`."""
webhook_calls: list[tuple[str, dict[str, Any]]] = []
"""Followups (`execute_webhook`) and edits (`edit_webhook_message`, `edit_original_...`)."""
webhook_messages: list[dict[str, Any]] = []
"""The message payload answered to each of `webhook_calls`, in the same order."""
files: list[tuple[str, bytes]] = []
"""Files attached to interaction responses, oldest first: (filename, content)."""
_response_messages: list[tuple[int, int]] = []  # (channel id, message id) per response


def install(bot: discord.Client, monkeypatch: Any) -> None:
    """Capture what interactions send; call after `dpytest.configure(bot)`."""
    responses.clear()
    webhook_calls.clear()
    webhook_messages.clear()
    files.clear()
    _response_messages.clear()
    monkeypatch.setattr(AsyncWebhookAdapter, "create_interaction_response", _callback)
    for name in ("execute_webhook", "edit_webhook_message", "edit_original_interaction_response"):
        monkeypatch.setattr(AsyncWebhookAdapter, name, _webhook(name))
    state = back.get_state()
    state._command_tree = bot.tree  # the fake state was created after the tree
    state.application_id = state.application_id or state.user.id
    if getattr(state.http, "_HTTPClient__session", None) is None:
        state.http._HTTPClient__session = None  # Interaction.__init__ reads it


def is_ephemeral(response: dict[str, Any]) -> bool:
    return bool((response.get("data") or {}).get("flags", 0) & EPHEMERAL)


# -- what discord.py would have sent ------------------------------------------


async def _callback(self, interaction_id, token, *, session, proxy=None, proxy_auth=None, params):
    payload = dict(params.payload or {})
    if params.multipart:  # with files, the JSON travels as one part of a form
        for part in params.multipart:
            if part["name"] == "payload_json":
                payload = json.loads(part["value"])
            else:
                files.append((part["filename"], part["value"].read()))
    responses.append(payload)
    message_id = next(_ids)
    _response_messages.append((_last_channel_id[0], message_id))
    data = payload.get("data") or {}
    return {
        "interaction": {
            "id": str(interaction_id),
            "type": 2,
            "response_message_id": str(message_id),
            "response_message_loading": payload.get("type") == 5,
            "response_message_ephemeral": bool(data.get("flags", 0) & EPHEMERAL),
        }
    }


def _webhook(name: str):
    async def fake(self, webhook_id, token, *args, payload=None, **kwargs):
        payload = dict(payload or {})
        webhook_calls.append((name, payload))
        message = _message_payload(payload, _last_channel_id[0], author_id=webhook_id)
        webhook_messages.append(message)
        return message

    return fake


def followups() -> list[dict[str, Any]]:
    """Payloads of the messages sent with `interaction.followup.send`, oldest first."""
    return [payload for name, payload in webhook_calls if name == "execute_webhook"]


def followup_message(index: int = -1) -> discord.Message:
    """The message a followup made (by default the latest), with its buttons, to click."""
    sent = [
        message
        for (name, _), message in zip(webhook_calls, webhook_messages, strict=True)
        if name == "execute_webhook"
    ]
    data = sent[index]
    client = dpytest.get_config().client
    channel = client.get_channel(int(data["channel_id"]))
    return discord.Message(state=back.get_state(), channel=channel, data=data)  # type: ignore[arg-type]


def response_message(index: int = -1) -> discord.Message:
    """The message an interaction response made (by default the latest), to click.

    Its id is the one discord.py was told, so the buttons of a non-persistent view,
    which answer on that message only, can be pressed.
    """
    channel_id, message_id = _response_messages[index]
    client = dpytest.get_config().client
    data = _message_payload(responses[index].get("data") or {}, channel_id, client.user.id)
    data["id"] = str(message_id)
    channel = client.get_channel(channel_id)
    return discord.Message(state=back.get_state(), channel=channel, data=data)  # type: ignore[arg-type]


def _message_payload(payload: dict[str, Any], channel_id: int, author_id: int) -> dict[str, Any]:
    return message_data(payload, channel_id, next(_ids), author_id)


# -- what Discord would have delivered ----------------------------------------


def _member_payload(member: discord.Member) -> dict[str, Any]:
    return {
        "user": facts.dict_from_user(member._user),
        "roles": [str(r.id) for r in member.roles[1:]],
        "joined_at": "2024-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(member.guild_permissions.value),
        "nick": member.nick,
    }


def _channel_payload(channel: discord.abc.GuildChannel, member: discord.Member) -> dict[str, Any]:
    if isinstance(channel, discord.Thread):
        return {
            "id": str(channel.id),
            "type": channel.type.value,
            "guild_id": str(channel.guild.id),
            "name": channel.name,
            "parent_id": str(channel.parent_id),
            "owner_id": str(channel.owner_id),
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": channel.auto_archive_duration,
                "archive_timestamp": "2024-01-01T00:00:00+00:00",
                "locked": False,
            },
            "permissions": str(channel.permissions_for(member).value),
        }
    return {
        "id": str(channel.id),
        "type": channel.type.value,
        "guild_id": str(channel.guild.id),
        "name": channel.name,
        "position": channel.position,
        "parent_id": str(channel.category_id) if channel.category_id else None,
        "permissions": str(channel.permissions_for(member).value),
    }


def _interaction(itype: int, channel, member, data: dict[str, Any], message=None) -> dict:
    _last_channel_id[0] = channel.id
    payload = {
        "id": str(next(_ids)),
        "application_id": str(dpytest.get_config().client.user.id),
        "type": itype,
        "token": "token",
        "version": 1,
        "attachment_size_limit": 8 << 20,
        "guild_id": str(channel.guild.id),
        "channel_id": str(channel.id),
        "channel": _channel_payload(channel, member),
        "member": _member_payload(member),
        "app_permissions": str(discord.Permissions.all().value),
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "data": data,
    }
    if message is not None:
        payload["message"] = _message_dict(message)
    return payload


def _message_dict(message: discord.Message) -> dict[str, Any]:
    data = facts.dict_from_message(message)
    data.setdefault("channel_id", message.channel.id)
    data.setdefault("timestamp", message.created_at.isoformat())
    data["components"] = [c.to_dict() for c in message.components]
    return data


def _options(options: dict[str, Any], member: discord.Member, focused: str | None = None):
    """Option payloads and their `resolved` data, typed from the Python values.

    str, int, bool, float, guild channels and members; add roles (type 8) when needed.
    """
    out: list[dict[str, Any]] = []
    resolved: dict[str, dict[str, Any]] = {}
    for name, value in options.items():
        if isinstance(value, discord.abc.GuildChannel):
            option = {"type": 7, "value": str(value.id)}
            resolved.setdefault("channels", {})[str(value.id)] = _channel_payload(value, member)
        elif isinstance(value, discord.Member):
            option = {"type": 6, "value": str(value.id)}
            resolved.setdefault("users", {})[str(value.id)] = facts.dict_from_user(value._user)
            as_member = _member_payload(value)
            del as_member["user"]
            resolved.setdefault("members", {})[str(value.id)] = as_member
        elif type(value) in _OPTION_TYPES:
            option = {"type": _OPTION_TYPES[type(value)], "value": value}
        else:
            raise TypeError(f"no option type for {name}={value!r}")
        option["name"] = name
        if name == focused:
            option["focused"] = True
        out.append(option)
    return out, resolved


def _command_data(name: str, options: dict[str, Any], member, focused=None) -> dict[str, Any]:
    """`"faq channel add"` becomes group (type 2) → subcommand (type 1) → options."""
    root, *path = name.split()
    leaf, resolved = _options(options, member, focused)
    for depth, part in reversed(list(enumerate(path))):
        kind = 1 if depth == len(path) - 1 else 2
        leaf = [{"name": part, "type": kind, "options": leaf}]
    data = {"id": str(next(_ids)), "name": root, "type": 1, "options": leaf}
    if resolved:
        data["resolved"] = resolved
    return data


def _pick(channel, member):
    cfg = dpytest.get_config()
    channel = cfg.channels[channel] if isinstance(channel, int) else channel
    member = cfg.members[member] if isinstance(member, int) else member
    return channel, member


async def _drain() -> None:
    """Wait for the command-tree and view tasks that the payload started."""
    for _ in range(50):
        pending = [
            t
            for t in asyncio.all_tasks()
            if t is not asyncio.current_task()
            and not t.done()
            and t.get_name().startswith(("CommandTree-invoker", "discord-ui-"))
        ]
        if not pending:
            await dpytest.run_all_events()
            return
        await asyncio.wait(pending, timeout=1)


async def _deliver(payload: dict[str, Any]) -> dict[str, Any] | None:
    before = len(responses)
    back.get_state().parse_interaction_create(payload)
    await _drain()
    return responses[-1] if len(responses) > before else None


async def slash(name: str, /, *, at=0, by=0, **options: Any) -> dict[str, Any] | None:
    """Invoke `/name` (`"faq channel add"` for subcommands) in channel `at` as member `by`.

    Returns the interaction callback payload, or None when nothing answered.
    """
    channel, member = _pick(at, by)
    data = _command_data(name, options, member)
    return await _deliver(_interaction(2, channel, member, data))


async def autocomplete(name: str, /, focused: str, *, at=0, by=0, **options: Any):
    """Type into option `focused` of `/name`; returns the choices callback (type 8)."""
    channel, member = _pick(at, by)
    data = _command_data(name, options, member, focused)
    return await _deliver(_interaction(4, channel, member, data))


async def click(message: discord.Message, custom_id: str, *, by=0) -> dict[str, Any] | None:
    """Press the button `custom_id` on `message` as member `by`.

    When the answer updates the message (type 7), `message` is updated to match, as it
    would be on Discord, so its new buttons can be pressed next.
    """
    channel, member = _pick(message.channel, by)
    data = {"custom_id": custom_id, "component_type": 2}
    response = await _deliver(_interaction(3, channel, member, data, message))
    if response is not None and response["type"] == UPDATE_MESSAGE:
        update(message, response["data"])
    return response


def update(message: discord.Message, payload: dict[str, Any]) -> discord.Message:
    """Apply an edit's payload (content, embeds, components) to a message object."""
    if "content" in payload:
        message.content = payload["content"] or ""
    if "embeds" in payload:
        message.embeds = [discord.Embed.from_dict(e) for e in payload["embeds"] or []]
    if "components" in payload:
        message._handle_components(payload["components"] or [])
    return message


def text_inputs(modal: dict[str, Any]) -> list[dict[str, Any]]:
    """The text inputs of a modal callback (type 9), top first."""
    found: list[dict[str, Any]] = []
    for component in modal["data"]["components"]:
        if component["type"] == 1:  # an action row
            found += [c for c in component["components"] if c["type"] == 4]
        elif component["type"] == 18:  # a label around one component
            found += [component["component"]] if component["component"]["type"] == 4 else []
        elif component["type"] == 4:
            found.append(component)
    return found


async def submit_modal(modal: dict[str, Any], *answers: str, at=0, by=0) -> dict[str, Any] | None:
    """Fill the text inputs of the modal callback `modal` in order and submit it.

    Sent as Discord does, as an interaction of type 5 (MODAL_SUBMIT) whose components
    are action rows of `{type: 4, custom_id, value}`.
    """
    assert modal["type"] == 9, modal
    inputs = text_inputs(modal)
    assert len(answers) == len(inputs), f"{len(inputs)} text input(s), {len(answers)} answer(s)"
    channel, member = _pick(at, by)
    data = {
        "custom_id": modal["data"]["custom_id"],
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": i["custom_id"], "value": a}]}
            for i, a in zip(inputs, answers, strict=True)
        ],
    }
    return await _deliver(_interaction(5, channel, member, data))
