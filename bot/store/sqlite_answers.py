"""How a batch of quiz answers reaches SQLite: one statement, its rows bound as values.

Binding every value (`INSERT ... VALUES (?, ...), (?, ...)`) costs SQLite far less
than unpacking the rows from one JSON text (`json_each` + `json_extract`), which
re-parsed each row's array once per column: over a 500-answer batch the insert's
step went from about 5 ms to under 4 (interleaved `bench streaks` pairs: median
53k -> 59k answers/s, p99 24.7 -> 21.5 ms). A statement is compiled once per row
count, so batches are padded with rows of NULLs, which the statement skips, up to
the next power of two: a handful of statements serve every batch size.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from itertools import chain

from bot.store.base import QuizAnswer

_COLUMNS = "answer_key, user_id, guild_id, question_id, correct, timed_out, source, at, local_day"
COLUMN_COUNT = _COLUMNS.count(",") + 1

# SQLite's compiled-in cap on bound values per statement: 999 before 3.32, 32,766 since.
DEFAULT_MAX_VARIABLES = 32766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999
# The writer's batches stay below this; larger ones would only grow the compiled statement.
MAX_ROWS = 512

# The fallback for a batch too big for one statement's values. JSON true/false come
# out of json_extract as 1/0, as the columns want.
_INSERT_JSON = (
    f"INSERT INTO quiz_answer ({_COLUMNS}) SELECT "
    + ", ".join(f"json_extract(value, '$[{i}]')" for i in range(COLUMN_COUNT))
    + " FROM json_each(?) WHERE true ON CONFLICT (answer_key) DO NOTHING"
)

# Compact, and without the circular-reference check a list of flat tuples never needs.
_BATCH_JSON = json.JSONEncoder(separators=(",", ":"), check_circular=False, ensure_ascii=False)


def answer_rows(answers: Sequence[QuizAnswer]) -> list[tuple]:
    """Each answer as its row of column values, in the statement's column order."""
    return [
        (
            a.answer_key,
            a.user_id,
            a.guild_id,
            a.question_id,
            a.correct,
            a.timed_out,
            a.source,
            a.at.isoformat(),
            a.local_day,
        )
        for a in answers
    ]


class AnswerStatements:
    """The padded `INSERT ... VALUES` statements, one per power-of-two row count."""

    def __init__(self, max_variables: int = DEFAULT_MAX_VARIABLES) -> None:
        self.max_rows = min(MAX_ROWS, max_variables // COLUMN_COUNT)
        self._sql: dict[int, str] = {}

    def insert(self, rows: list[tuple]) -> tuple[str, list]:
        """The statement and its parameters for `rows` (at least one); more rows than
        one statement may bind values for go in as one JSON text instead."""
        if len(rows) > self.max_rows:
            return _INSERT_JSON, [_BATCH_JSON.encode(rows)]
        size = min(1 << (len(rows) - 1).bit_length(), self.max_rows)
        parameters = list(chain.from_iterable(rows))
        parameters.extend([None] * ((size - len(rows)) * COLUMN_COUNT))
        return self._statement(size), parameters

    def warm_ups(self) -> list[tuple[str, list]]:
        """Every statement with padding alone: run once at start-up, they insert nothing
        but are compiled (and cached by the connection) before the first burst of
        answers, which would otherwise wait about 2 ms for the biggest one."""
        sizes = {min(1 << n, self.max_rows) for n in range(self.max_rows.bit_length() + 1)}
        return [(self._statement(size), [None] * (size * COLUMN_COUNT)) for size in sorted(sizes)]

    def _statement(self, size: int) -> str:
        sql = self._sql.get(size)
        if sql is None:
            values = ", ".join(["(" + ", ".join("?" * COLUMN_COUNT) + ")"] * size)
            # The first column (answer_key) is NOT NULL in every real row: only padding
            # rows are skipped. Rows go in in the batch's order, which the streak
            # trigger relies on for a member with two answers in one batch.
            sql = self._sql[size] = (
                f"INSERT INTO quiz_answer ({_COLUMNS}) SELECT * FROM (VALUES {values}) "
                "WHERE column1 IS NOT NULL ON CONFLICT (answer_key) DO NOTHING"
            )
        return sql
