"""Members' time zones, as the quiz needs one for every answer it records.

Each answer's calendar day is taken in the member's own zone, so the zone is
looked up once per member and kept. When many members answer for the first
time at once (a weekly challenge opening, a restart under load), their
lookups are gathered into one query rather than a query each: a thousand
separate reads queued behind the answer writer once made every first answer
of a burst wait over 100 ms.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import UserError

DEFAULT_TIMEZONE = "UTC"


def zone(name: str) -> ZoneInfo:
    """The IANA zone by name; a clear message for the member when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            f"{name!r} is not a time zone I know. Use a name like Europe/London, "
            "America/New_York or Asia/Tokyo."
        ) from None


class ZoneSource(Protocol):
    async def timezones(self, user_ids: Collection[int]) -> dict[int, str]: ...


class MemberZones:
    def __init__(self, store: ZoneSource) -> None:
        self._store = store
        self._known: dict[int, ZoneInfo] = {}
        self._wanted: set[int] = set()
        self._fetching: asyncio.Future[None] | None = None

    async def get(self, user_id: int) -> ZoneInfo:
        while (found := self._known.get(user_id)) is None:
            self._wanted.add(user_id)
            if self._fetching is None or self._fetching.done():
                self._fetching = asyncio.ensure_future(self._fetch())
            # Shielded: one member's cancelled interaction must not cancel everyone's lookup.
            await asyncio.shield(self._fetching)
        return found

    def known(self, user_id: int) -> ZoneInfo | None:
        """The member's zone if already looked up: no await on the answer's hot path."""
        return self._known.get(user_id)

    def remember(self, user_id: int, found: ZoneInfo) -> None:
        self._known[user_id] = found

    async def _fetch(self) -> None:
        await asyncio.sleep(0)  # let the rest of this burst add its members first
        wanted, self._wanted = self._wanted, set()
        names = await self._store.timezones(wanted)
        for user_id in wanted:
            try:
                self._known[user_id] = zone(names.get(user_id, DEFAULT_TIMEZONE))
            except UserError:  # a zone this machine's tz database no longer has
                self._known[user_id] = zone(DEFAULT_TIMEZONE)
