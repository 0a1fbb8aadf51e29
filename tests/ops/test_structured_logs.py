"""Log lines as an operator's log pipeline reads them: JSON objects, or text with context."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import sys
from collections.abc import Iterator

import pytest

from bot.ops.logging import (
    ContextTextFormatter,
    JsonFormatter,
    interaction_context,
    log_context,
    message_context,
    setup_logging,
)

log = logging.getLogger("bot.example")


@pytest.fixture
def lines() -> Iterator[tuple[io.StringIO, logging.Handler]]:
    """A JSON handler on the example logger, writing to a buffer."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    try:
        yield out, handler
    finally:
        log.removeHandler(handler)
        log.setLevel(logging.NOTSET)


def parsed(out: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_json_line_has_time_level_logger_and_message(lines):
    out, _ = lines
    log.info("answered %s in %d ms", "what is globalism", 3)

    [entry] = parsed(out)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "bot.example"
    assert entry["message"] == "answered what is globalism in 3 ms"
    assert entry["time"].endswith("+00:00") and "T" in entry["time"]
    assert not {"guild", "user", "command", "exception"} & set(entry)


def test_guild_user_and_command_come_from_the_context(lines):
    out, _ = lines
    with log_context(guild=10, user=20, command="/ask"):
        log.warning("slow answer")
    log.warning("outside")

    inside, outside = parsed(out)
    assert (inside["guild"], inside["user"], inside["command"]) == (10, 20, "/ask")
    assert "guild" not in outside


def test_an_exception_is_one_field_and_the_line_stays_one_line(lines):
    out, _ = lines
    try:
        raise RuntimeError("matcher exploded\nacross lines")
    except RuntimeError:
        log.exception("error in /ask")

    [entry] = parsed(out)  # parsed() would fail on a second physical line
    assert entry["message"] == "error in /ask"
    assert "RuntimeError: matcher exploded" in entry["exception"]
    assert "Traceback" in entry["exception"]


def test_text_shows_the_context_after_the_message_and_before_the_traceback():
    record = logging.LogRecord("bot.x", logging.ERROR, __file__, 1, "failed %s", ("here",), None)
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    formatter = ContextTextFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    plain = formatter.format(record)
    with log_context(guild=1, user=2, command="component quiz:2:ab:0:1"):
        tagged = formatter.format(record)

    assert plain.splitlines()[0] == "ERROR bot.x: failed here"
    assert tagged.splitlines()[0] == (
        "ERROR bot.x: failed here [guild=1 user=2 command=component quiz:2:ab:0:1]"
    )
    assert tagged.rstrip().endswith("ValueError: boom")
    assert record.getMessage() == "failed here"  # other handlers see the record unchanged


async def test_the_context_reaches_tasks_started_inside_it_and_no_others(lines):
    out, _ = lines

    async def handler() -> None:
        await asyncio.sleep(0)
        log.info("in the handler")

    with log_context(guild=5, user=6, command="/quiz start"):
        started_inside = asyncio.create_task(handler())
    started_after = asyncio.create_task(handler())
    await asyncio.gather(started_inside, started_after)

    inside, after = parsed(out)
    assert inside["command"] == "/quiz start"
    assert "command" not in after


def test_setup_logging_installs_one_root_handler_in_the_chosen_format(capsys):
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        setup_logging("text", logging.INFO)
        handler = setup_logging("json", logging.INFO)  # again: replaces, never duplicates
        ours = [h for h in root.handlers if h not in before]
        assert ours == [handler]
        assert isinstance(handler.formatter, JsonFormatter)
        with log_context(guild=3):
            logging.getLogger("bot.client").info("logged in")
        entry = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
        assert (entry["logger"], entry["message"], entry["guild"]) == ("bot.client", "logged in", 3)
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
        root.setLevel(level)


def test_text_logging_keeps_discords_format():
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        handler = setup_logging("text", logging.INFO)
        assert isinstance(handler.formatter, ContextTextFormatter)
        record = logging.LogRecord("discord.gateway", logging.INFO, __file__, 1, "hello", (), None)
        # discord.py colours it on a terminal; the words are the same either way.
        shown = re.sub(r"\x1b\[[0-9;]*m", "", handler.format(record))
        assert re.fullmatch(
            r"\[?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]? \[?INFO\s*\]? discord\.gateway:? hello", shown
        )
        with log_context(guild=1, user=2):
            tagged = re.sub(r"\x1b\[[0-9;]*m", "", handler.format(record))
        assert tagged == f"{shown} [guild=1 user=2]"
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
        root.setLevel(level)


def test_the_context_of_each_kind_of_interaction():
    member = {"user": {"id": "20"}}
    slash = {
        "type": 2,
        "guild_id": "10",
        "member": member,
        "data": {
            "name": "faq",
            "options": [{"name": "channel", "type": 2, "options": [{"name": "add", "type": 1}]}],
        },
    }
    typed = {**slash, "type": 4, "data": {"name": "ask", "options": [{"name": "question"}]}}
    button = {"type": 3, "guild_id": "10", "member": member, "data": {"custom_id": "faq:miss:x"}}
    form = {"type": 5, "user": {"id": "21"}, "data": {"custom_id": "quiz-answer:1"}}

    assert interaction_context(slash).fields() == {
        "guild": 10,
        "user": 20,
        "command": "/faq channel add",
    }
    assert interaction_context(typed).command == "autocomplete /ask"
    assert interaction_context(button).command == "component faq:miss:x"
    in_dm = interaction_context(form)  # a DM: no guild, the user at the top level
    assert (in_dm.guild, in_dm.user, in_dm.command) == (None, 21, "modal quiz-answer:1")


def test_the_context_of_a_message():
    context = message_context({"guild_id": "10", "author": {"id": "30"}, "content": "hi"})
    assert context.fields() == {"guild": 10, "user": 30, "command": "message"}
