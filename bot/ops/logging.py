"""Log lines for people (discord.py's format) or for machines (one JSON object per line).

Who a line is about (guild, user, command) comes from a context variable set
once per interaction or message before discord.py starts the tasks that handle
it: asyncio copies context variables into a task when the task is created, so
every line logged while handling that event carries them, however deep in the
service layer it is written, with no argument passed down.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import discord


@dataclass(frozen=True, slots=True)
class LogContext:
    guild: int | None = None
    user: int | None = None
    command: str | None = None

    def fields(self) -> dict[str, int | str]:
        found = {"guild": self.guild, "user": self.user, "command": self.command}
        return {key: value for key, value in found.items() if value is not None}


_context: ContextVar[LogContext | None] = ContextVar("debate_bot_log_context", default=None)


def current_context() -> LogContext | None:
    return _context.get()


@contextlib.contextmanager
def use_context(context: LogContext) -> Iterator[LogContext]:
    """Lines logged inside (and in tasks created inside) carry the context's fields."""
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


def log_context(
    *, guild: int | None = None, user: int | None = None, command: str | None = None
) -> contextlib.AbstractContextManager[LogContext]:
    return use_context(LogContext(guild, user, command))


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """guild/user/command of a record: `extra=` given at the call wins over the context."""
    context = _context.get()
    found: dict[str, Any] = context.fields() if context else {}
    for key in ("guild", "user", "command"):
        value = getattr(record, key, None)
        if value is not None:
            found[key] = value
    return found


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, context, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: a stray object in extra= must not cost the line.
        return json.dumps(entry, ensure_ascii=False, default=str)


class ContextTextFormatter(logging.Formatter):
    """discord.py's own format, with `[guild=… user=… command=…]` after the message when known."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        if not fields:
            return self.inner.format(record)
        # A copy: other handlers of the same record must see the message as it was logged.
        shown = copy.copy(record)
        context = " ".join(f"{key}={value}" for key, value in fields.items())
        shown.msg = f"{record.getMessage()} [{context}]"
        shown.args = None
        return self.inner.format(shown)


_installed: list[logging.Handler] = []


def setup_logging(log_format: str, level: int) -> logging.Handler:
    """Install the root handler through discord.py's set-up, in `text` or `json`."""
    root = logging.getLogger()
    # Set up once per process; calling again (a test, a restart in-process) replaces ours.
    while _installed:
        root.removeHandler(_installed.pop())
    handler = logging.StreamHandler()
    if log_format == "json":
        discord.utils.setup_logging(handler=handler, formatter=JsonFormatter(), level=level)
    else:
        # Let discord.py pick its default (colour on a terminal, plain otherwise), then wrap it.
        discord.utils.setup_logging(handler=handler, level=level)
        handler.setFormatter(ContextTextFormatter(handler.formatter or logging.Formatter()))
    _installed.append(handler)
    return handler


def interaction_context(data: Mapping[str, Any]) -> LogContext:
    """Guild, user and command of a raw INTERACTION_CREATE payload."""
    user = (data.get("member") or {}).get("user") or data.get("user") or {}
    inner = data.get("data") or {}
    kind = data.get("type")
    if kind in (2, 4):  # a slash command, or autocomplete while one is typed
        command = "/" + " ".join([str(inner.get("name", "?")), *_subcommands(inner)])
        if kind == 4:
            command = f"autocomplete {command}"
    elif kind == 3:
        command = f"component {inner.get('custom_id', '?')}"
    elif kind == 5:
        command = f"modal {inner.get('custom_id', '?')}"
    else:
        command = None
    return LogContext(_snowflake(data.get("guild_id")), _snowflake(user.get("id")), command)


def message_context(data: Mapping[str, Any]) -> LogContext:
    """Guild and author of a raw MESSAGE_CREATE payload."""
    author = data.get("author") or {}
    return LogContext(_snowflake(data.get("guild_id")), _snowflake(author.get("id")), "message")


def _subcommands(inner: Mapping[str, Any]) -> list[str]:
    path: list[str] = []
    options = inner.get("options") or []
    while options and options[0].get("type") in (1, 2):  # subcommand, subcommand group
        path.append(str(options[0].get("name", "?")))
        options = options[0].get("options") or []
    return path


def _snowflake(raw: object) -> int | None:
    try:
        return int(raw)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
