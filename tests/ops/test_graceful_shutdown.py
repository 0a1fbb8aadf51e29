"""SIGTERM and SIGINT stop the bot cleanly: exit 0, and no quiz answer in flight is lost."""

from __future__ import annotations

import asyncio
import os
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import App
from bot.config import REPO_ROOT
from bot.console import PROMPT, serve
from bot.knowledge import load_knowledge
from bot.store import QuizAnswer, SqliteStore

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def start_console(data_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DEBATE_BOT_DATA_DIR": str(data_dir)}
    for name in ("DISCORD_TOKEN", "DATABASE_URL", "DEBATE_BOT_CONTENT_DIR"):
        env.pop(name, None)
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.PIPE,  # kept open: the console waits for a line that never comes
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def read_until(process: subprocess.Popen[bytes], wanted: bytes, timeout: float = 30) -> bytes:
    """Read the process's stdout until `wanted` has appeared (a prompt has no newline)."""
    assert process.stdout is not None
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([process.stdout], [], [], max(left, 0))
        if not ready:
            process.kill()
            pytest.fail(f"no {wanted!r} within {timeout} s; got {seen[-500:]!r}")
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            pytest.fail(f"stdout closed before {wanted!r}; got {seen[-500:]!r}")
        seen += chunk
    return seen


def stop(process: subprocess.Popen[bytes], sig: signal.Signals) -> tuple[int, float, str]:
    sent = time.monotonic()
    process.send_signal(sig)
    try:
        code = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"still running 10 s after {sig.name}")
    assert process.stderr is not None
    took = time.monotonic() - sent
    stderr = process.stderr.read().decode()
    process.stdin.close()  # type: ignore[union-attr]
    process.stdout.close()  # type: ignore[union-attr]
    process.stderr.close()
    return code, took, stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_the_console_exits_0_on_a_stop_signal_while_waiting_for_input(
    tmp_path: Path, sig: signal.Signals
):
    process = start_console(tmp_path)
    read_until(process, PROMPT.encode())

    code, took, stderr = stop(process, sig)

    assert code == 0, stderr
    assert took < 5
    assert f"shutting down on {sig.name}" in stderr
    assert "Traceback" not in stderr and "Fatal Python error" not in stderr


def test_an_answer_given_before_sigterm_is_in_the_database_after(tmp_path: Path):
    process = start_console(tmp_path)
    read_until(process, PROMPT.encode())
    assert process.stdin is not None
    process.stdin.write(b"quiz 2\n")
    process.stdin.flush()
    read_until(process, b"Question 1")
    process.stdin.write(b"skip\n")  # a timeout is an answer too: recorded as wrong
    process.stdin.flush()
    read_until(process, b"Question 2")

    code, _, stderr = stop(process, signal.SIGTERM)

    assert code == 0, stderr
    with sqlite3.connect(tmp_path / "debate-bot.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM quiz_answer").fetchone() == (1,)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_answers_queued_in_the_writer_are_all_stored_when_sigterm_arrives(tmp_path: Path):
    path = tmp_path / "debate-bot.sqlite3"
    store = SqliteStore(path)
    await store.open()
    app = App(load_knowledge(REPO_ROOT / "content"), store, clock=lambda: NOW)
    idle = threading.Event()  # the console's reader: a terminal nobody types into

    def read(prompt: str) -> str:
        idle.wait(30)
        raise EOFError

    console = asyncio.create_task(serve(app, read=read))
    await asyncio.sleep(0.05)  # the console is up and waiting for a line
    members = 2000
    answers = [
        asyncio.create_task(
            app.quiz.writer.record(
                QuizAnswer(f"k{n}", n, 1, "q", n % 2 == 0, False, "practice", NOW, "2025-05-01")
            )
        )
        for n in range(members)
    ]
    await asyncio.sleep(0)  # every answer is in the writer's queue, the first batch committing
    in_flight = sum(not a.done() for a in answers)

    # Without the console's handler the signal would end the test run itself.
    assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN, None)
    os.kill(os.getpid(), signal.SIGTERM)
    exit_code = await asyncio.wait_for(console, 10)
    told = await asyncio.gather(*answers)
    await store.close()
    idle.set()

    assert in_flight == members  # the signal came before any of them was acknowledged
    assert exit_code == 0
    assert all(told)  # each member was told the answer counted...
    with sqlite3.connect(path) as db:  # ...and it had: every one is on disk
        assert db.execute("SELECT COUNT(*) FROM quiz_answer").fetchone() == (members,)
        assert db.execute("SELECT SUM(answers) FROM quiz_stats").fetchone() == (members,)
