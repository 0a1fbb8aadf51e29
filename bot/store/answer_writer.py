"""One writer task for quiz answers: whatever is queued goes in one transaction.

A transaction per answer caps SQLite at about a thousand answers a second
(each commit waits for the disk). Answers arriving together are instead
queued and committed together; every caller still waits until the commit
that holds its answer is durable, so nobody is told an answer counted
before it has. Duplicates (the same answer_key) are counted once, by the
database's unique constraint, whichever batch they land in.
"""

from __future__ import annotations

import asyncio
import logging

from bot.store.base import QuizAnswer, Store

log = logging.getLogger(__name__)

MAX_BATCH = 5000


class AnswerWriter:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._queue: asyncio.Queue[tuple[QuizAnswer, asyncio.Future[bool]] | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def record(self, answer: QuizAnswer) -> bool:
        """Durably record an answer; True when it counted, False for a repeat."""
        self._ensure_running()
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        await self._queue.put((answer, done))
        return await done

    def _ensure_running(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="answer-writer")

    async def _run(self) -> None:
        stopping = False
        while not stopping:
            first = await self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except asyncio.QueueEmpty:
                    break
                if item is None:  # close(): finish this batch, then stop
                    stopping = True
                    break
                batch.append(item)
            try:
                counted = await self.store.record_answers([answer for answer, _ in batch])
            except Exception as error:  # every waiting caller must hear of it
                log.exception("could not record %d answer(s)", len(batch))
                for _, done in batch:
                    if not done.done():
                        done.set_exception(error)
                continue
            # A key can appear twice in one batch; only the first caller is told it counted.
            told: set[str] = set()
            for answer, done in batch:
                first_of_key = answer.answer_key in counted and answer.answer_key not in told
                told.add(answer.answer_key)
                if not done.done():
                    done.set_result(first_of_key)

    async def close(self) -> None:
        """Commit everything queued, then stop: a graceful shutdown loses no answer."""
        if self._task is None or self._task.done():
            return
        await self._queue.put(None)
        await self._task
        self._task = None
