"""Numbered PostgreSQL migrations (`NNN_name.sql`), applied in order, each once.

They build the SQLite migrations' schema in PostgreSQL's own types; the two series
are numbered independently, so one can gain a step the other does not need.
"""

from __future__ import annotations

from bot.store.migrations import Migration, migrations_in


def migrations() -> list[Migration]:
    return migrations_in(__package__)
