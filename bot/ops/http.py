"""`GET /healthz` and `GET /metrics` on a local port, for a supervisor and for Prometheus.

Off unless DEBATE_BOT_METRICS_PORT is set. The Discord door starts it in
`setup_hook` and stops it when it closes; it binds to DEBATE_BOT_METRICS_HOST
(loopback by default: the endpoint has no authentication, so it is exposed on
purpose or not at all).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from aiohttp import web

from bot.errors import ConfigError
from bot.ops.metrics import Registry
from bot.store.base import Store

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
STORE_TIMEOUT_SECONDS = 2.0
"""A database slower than this to answer a trivial read is reported unhealthy, not waited on."""


class OpsServer:
    def __init__(
        self,
        metrics: Registry,
        store: Store,
        *,
        ready: Callable[[], bool],
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.metrics = metrics
        self.store = store
        self.ready = ready
        self.host = host
        self.port = port
        self._started = time.monotonic()
        self._runner: web.AppRunner | None = None

    def application(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        return app

    async def start(self) -> None:
        # access_log=None: a scrape every 15 s would otherwise be most of the log.
        runner = web.AppRunner(self.application(), access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as error:
            await runner.cleanup()
            raise ConfigError(
                f"cannot serve /healthz and /metrics on {self.host}:{self.port} "
                f"(DEBATE_BOT_METRICS_HOST/PORT): {error.strerror or error}"
            ) from error
        self._runner = runner
        log.info("serving /healthz and /metrics on http://%s:%d", self.host, self.bound_port)

    @property
    def bound_port(self) -> int:
        """The port listened on (the one the system chose when started with port 0)."""
        if self._runner is None or not self._runner.addresses:
            raise RuntimeError("the ops server is not running")
        return int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is None:
            return
        runner, self._runner = self._runner, None
        await runner.cleanup()
        log.info("stopped the /healthz and /metrics endpoint")

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self.metrics.render().encode("utf-8"), headers={"Content-Type": CONTENT_TYPE}
        )

    async def _healthz(self, request: web.Request) -> web.Response:
        problems: list[str] = []
        discord_state = "ready" if self.ready() else "not ready"
        if discord_state != "ready":
            problems.append("not connected to Discord (still starting, or shutting down)")
        database = "ok"
        try:
            # The cheapest read every store implements: it needs a live connection.
            await asyncio.wait_for(self.store.faq_channels(0), STORE_TIMEOUT_SECONDS)
        except TimeoutError:
            database = "timeout"
            problems.append(f"the database did not answer within {STORE_TIMEOUT_SECONDS:.0f} s")
        except Exception as error:
            database = "error"
            problems.append(f"the database failed: {type(error).__name__}: {error}"[:300])
        body: dict[str, object] = {
            "status": "unavailable" if problems else "ok",
            "discord": discord_state,
            "database": database,
            "uptime_seconds": round(time.monotonic() - self._started, 1),
        }
        if problems:
            body["reason"] = "; ".join(problems)
        return web.json_response(body, status=503 if problems else 200)
