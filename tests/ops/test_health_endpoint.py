"""/healthz and /metrics as a supervisor and Prometheus see them, over loopback HTTP."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.app import App
from bot.config import REPO_ROOT
from bot.errors import ConfigError
from bot.knowledge import Knowledge, load_knowledge
from bot.ops.http import OpsServer
from bot.store import MemoryStore, SqliteStore


class Flag:
    def __init__(self, value: bool) -> None:
        self.value = value

    def __call__(self) -> bool:
        return self.value


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(REPO_ROOT / "content")


@pytest.fixture
async def app(knowledge: Knowledge) -> App:
    store = MemoryStore()
    await store.open()
    return App(knowledge, store)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def started(server: OpsServer) -> str:
    await server.start()
    return f"http://127.0.0.1:{server.bound_port}"


async def test_healthz_is_ok_when_discord_is_ready_and_the_store_answers(app: App, http):
    server = OpsServer(app.metrics, app.store, ready=Flag(True), host="127.0.0.1")
    base = await started(server)
    try:
        async with http.get(f"{base}/healthz") as response:
            body = await response.json()
            status = response.status
    finally:
        await server.stop()

    assert status == 200
    assert body["status"] == "ok"
    assert (body["discord"], body["database"]) == ("ready", "ok")


async def test_healthz_is_503_with_the_reason_while_not_connected(app: App, http):
    ready = Flag(False)
    server = OpsServer(app.metrics, app.store, ready=ready, host="127.0.0.1")
    base = await started(server)
    try:
        async with http.get(f"{base}/healthz") as response:
            starting = (response.status, await response.json())
        ready.value = True
        async with http.get(f"{base}/healthz") as response:
            connected = response.status
    finally:
        await server.stop()

    status, body = starting
    assert status == 503
    assert body["status"] == "unavailable"
    assert "not connected to Discord" in body["reason"]
    assert connected == 200


async def test_healthz_is_503_when_the_database_does_not_answer(
    knowledge: Knowledge, tmp_path: Path, http
):
    store = SqliteStore(tmp_path / "db.sqlite3")
    await store.open()
    app = App(knowledge, store)
    server = OpsServer(app.metrics, store, ready=Flag(True), host="127.0.0.1")
    base = await started(server)
    await store.close()  # the database is gone from under the bot
    try:
        async with http.get(f"{base}/healthz") as response:
            status, body = response.status, await response.json()
    finally:
        await server.stop()

    assert status == 503
    assert body["database"] == "error"
    assert "the database failed" in body["reason"]


async def test_metrics_serves_the_text_format_with_the_apps_counts(app: App, http):
    await app.ask("what is globalism")
    app.metrics.gauge("debatebot_guilds", "Servers the bot is in.", lambda: 4)
    server = OpsServer(app.metrics, app.store, ready=Flag(True), host="127.0.0.1")
    base = await started(server)
    try:
        async with http.get(f"{base}/metrics") as response:
            content_type = response.headers["Content-Type"]
            text = await response.text()
    finally:
        await server.stop()

    assert content_type == "text/plain; version=0.0.4; charset=utf-8"
    lines = text.splitlines()
    assert "# TYPE debatebot_questions_total counter" in lines
    assert 'debatebot_questions_total{outcome="answer"} 1' in lines
    assert "# TYPE debatebot_guilds gauge" in lines
    assert "debatebot_guilds 4" in lines


async def test_the_port_is_released_when_stopped(app: App, http):
    server = OpsServer(app.metrics, app.store, ready=Flag(True), host="127.0.0.1")
    base = await started(server)
    port = server.bound_port
    await server.stop()

    with pytest.raises(aiohttp.ClientConnectionError):
        async with http.get(f"{base}/healthz"):
            pass
    with socket.socket() as probe:  # free again: a restarted bot can take it
        probe.bind(("127.0.0.1", port))


async def test_a_port_already_taken_is_refused_with_the_setting_named(app: App):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = OpsServer(app.metrics, app.store, ready=Flag(True), host="127.0.0.1", port=port)
        with pytest.raises(ConfigError, match="DEBATE_BOT_METRICS_HOST/PORT"):
            await server.start()
