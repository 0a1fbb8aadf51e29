"""Numbered SQL migrations (`NNN_name.sql`), applied in order, each once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """SQLite's series."""
    return migrations_in(__package__)


def migrations_in(package: str) -> list[Migration]:
    """The `NNN_name.sql` files of a package, in order; each series is numbered on its own."""
    found: list[Migration] = []
    for item in resources.files(package).iterdir():
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
