"""Numbered PostgreSQL migrations (`NNN_name.sql`), applied in order, each once.

They build the SQLite migrations' schema in PostgreSQL's own types; the two series
are numbered independently, so one can gain a step the other does not need.
"""

from __future__ import annotations

import re
from importlib import resources

from bot.store.migrations import Migration

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def migrations() -> list[Migration]:
    found: list[Migration] = []
    for item in resources.files(__package__).iterdir():
        match = _NAME.match(item.name)
        if match:
            found.append(
                Migration(int(match.group(1)), item.name, item.read_text(encoding="utf-8"))
            )
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 001, 002, … without gaps: {versions}")
    return found
