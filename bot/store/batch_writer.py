"""One writer task per kind of record: whatever is waiting goes in one transaction.

A transaction per record caps SQLite at about a thousand a second (each
commit waits for the disk). Records arriving together are gathered and
committed together instead; every caller still waits until the commit that
holds its record is durable, so nobody is told something was saved before it
was.

Records wait in a plain list with an event to wake the writer, not an
`asyncio.Queue`: at a thousand members answering at once the queue's own
bookkeeping was a sizeable share of each answer's time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

MAX_BATCH = 5000
# Callers are told in slices of this many, each slice queued behind the work the last
# one woke. Telling a thousand at once woke them all before the writer's own turn, so
# it sat idle until every one had answered again and then wrote them all, while the
# members sat idle waiting for that write. In slices, the writer takes the first
# slice's next answers to the database while the rest are still being told.
RELEASE_CHUNK = 250

Item = TypeVar("Item")
Result = TypeVar("Result")


class BatchWriter(Generic[Item, Result]):
    def __init__(
        self,
        write: Callable[[list[Item]], Awaitable[Sequence[Result]]],
        *,
        name: str,
        max_batch: int = MAX_BATCH,
    ) -> None:
        """`write` stores a batch in one transaction and returns one result per item."""
        self._write_batch = write
        self.name = name
        self.max_batch = max_batch
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._wake = asyncio.Event()
        self._closing = False
        self._task: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        """Durably store one item; returns what `write` said of it."""
        done: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, done))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name=self.name)
        self._wake.set()
        return await done

    async def _run(self) -> None:
        while True:
            if not self._waiting:
                if self._closing:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            batch = self._waiting[: self.max_batch]
            del self._waiting[: self.max_batch]
            await self._write(batch)

    async def _write(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        try:
            results = await self._write_batch([item for item, _ in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"{len(results)} results for {len(batch)} records")
        except Exception as error:  # every waiting caller must hear of it
            log.exception("%s could not store %d record(s)", self.name, len(batch))
            for _, done in batch:
                if not done.done():
                    done.set_exception(error)
            return
        self._release(batch, results, 0)

    def _release(
        self,
        batch: list[tuple[Item, asyncio.Future[Result]]],
        results: Sequence[Result],
        start: int,
    ) -> None:
        end = start + RELEASE_CHUNK
        for (_, done), result in zip(batch[start:end], results[start:end], strict=True):
            if not done.done():
                done.set_result(result)
        if end < len(batch):
            asyncio.get_running_loop().call_soon(self._release, batch, results, end)

    async def close(self) -> None:
        """Commit everything waiting, then stop: a graceful shutdown loses nothing."""
        if self._task is None or self._task.done():
            return
        self._closing = True
        self._wake.set()
        try:
            await self._task
        finally:
            self._task = None
            self._closing = False
