"""One writer task for quiz answers: whatever is waiting goes in one transaction.

A transaction per answer caps SQLite at about a thousand answers a second
(each commit waits for the disk). Answers arriving together are instead
gathered and committed together; every caller still waits until the commit
that holds its answer is durable, so nobody is told an answer counted
before it has. Duplicates (the same answer_key) are counted once, by the
database's unique constraint, whichever batch they land in.

Answers wait in a plain list with an event to wake the writer, not an
`asyncio.Queue`: at a thousand members answering at once the queue's own
bookkeeping was a sizeable share of each answer's time.
"""

from __future__ import annotations

import asyncio
import logging

from bot.store.base import QuizAnswer, Store

log = logging.getLogger(__name__)

MAX_BATCH = 5000


class AnswerWriter:
    def __init__(self, store: Store, max_batch: int = MAX_BATCH) -> None:
        self.store = store
        self.max_batch = max_batch
        self._waiting: list[tuple[QuizAnswer, asyncio.Future[bool]]] = []
        self._wake = asyncio.Event()
        self._closing = False
        self._task: asyncio.Task[None] | None = None

    async def record(self, answer: QuizAnswer) -> bool:
        """Durably record an answer; True when it counted, False for a repeat."""
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((answer, done))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="answer-writer")
        self._wake.set()
        return await done

    @property
    def backlog(self) -> int:
        """Answers waiting for their commit."""
        return len(self._waiting)

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

    async def _write(self, batch: list[tuple[QuizAnswer, asyncio.Future[bool]]]) -> None:
        try:
            counted = set(await self.store.record_answers([answer for answer, _ in batch]))
        except Exception as error:  # every waiting caller must hear of it
            log.exception("could not record %d answer(s)", len(batch))
            for _, done in batch:
                if not done.done():
                    done.set_exception(error)
            return
        # A key can appear twice in one batch; only its first caller is told it counted.
        for answer, done in batch:
            first = answer.answer_key in counted
            if first:
                counted.discard(answer.answer_key)
            if not done.done():
                done.set_result(first)

    async def close(self) -> None:
        """Commit everything waiting, then stop: a graceful shutdown loses no answer."""
        if self._task is None or self._task.done():
            return
        self._closing = True
        self._wake.set()
        try:
            await self._task
        finally:
            self._task = None
            self._closing = False
