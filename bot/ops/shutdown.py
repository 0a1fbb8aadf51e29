"""SIGTERM and SIGINT become one orderly stop instead of a traceback.

Both doors install `SignalShutdown` on their event loop and wait on
`requested` beside their own work. When it is set they stop taking new work,
let work already started finish (a quiz answer is told it counted only after
its commit, so that commit must happen), close the quiz answer writer (which
commits whatever is still queued) and only then the store, and exit 0: a
supervisor (systemd, Docker) stopping the bot is not a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from types import TracebackType

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

HANDLER_GRACE_SECONDS = 10.0
"""How long the Discord door waits for commands and buttons already running.

Docker's default stop timeout is 10 s and systemd's 90 s; deploy/ gives both
30 s, which leaves this grace plus the final commit and the store's close.
"""

# Tasks discord.py starts per event: slash commands and autocomplete, buttons and
# forms (views, dynamic items, modals), and event listeners such as on_message.
_HANDLER_TASK_PREFIXES = ("CommandTree-invoker", "discord-ui-", "discord.py: ")


class SignalShutdown:
    """Install with `with SignalShutdown() as shutdown:`; await `shutdown.requested.wait()`."""

    def __init__(self, signals: tuple[signal.Signals, ...] = STOP_SIGNALS) -> None:
        self.signals = signals
        self.requested = asyncio.Event()
        self.received: signal.Signals | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def install(self) -> None:
        self._loop = asyncio.get_running_loop()
        for sig in self.signals:
            try:
                self._loop.add_signal_handler(sig, self.request, sig)
            except (NotImplementedError, RuntimeError):  # not Unix, or not the main thread
                log.debug("cannot handle %s here; the default action stays", sig.name)

    def remove(self) -> None:
        if self._loop is None or self._loop.is_closed():
            return
        for sig in self.signals:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                self._loop.remove_signal_handler(sig)
        self._loop = None

    def request(self, sig: signal.Signals) -> None:
        if self.received is not None:
            log.info("%s received; already shutting down", sig.name)
            return
        self.received = sig
        log.info("shutting down on %s", sig.name)
        self.requested.set()

    def __enter__(self) -> SignalShutdown:
        self.install()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.remove()


def running_handlers() -> list[asyncio.Task[object]]:
    """discord.py's tasks for events already being handled (commands, buttons, listeners)."""
    current = asyncio.current_task()
    return [
        task
        for task in asyncio.all_tasks()
        if task is not current
        and not task.done()
        and task.get_name().startswith(_HANDLER_TASK_PREFIXES)
    ]


async def wait_for_handlers(timeout: float = HANDLER_GRACE_SECONDS) -> int:
    """Let handlers already running finish, for at most `timeout` s; how many still run."""
    pending = running_handlers()
    if pending:
        log.info("waiting for %d command(s) and event(s) in progress", len(pending))
        _, still = await asyncio.wait(pending, timeout=timeout)
        if still:
            log.warning(
                "%d handler(s) still running after %.0f s; stopping anyway", len(still), timeout
            )
        return len(still)
    return 0
