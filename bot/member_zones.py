"""Members' time zones, as the quiz needs one for every answer it records.

Each answer's calendar day is taken in the member's own zone, so the zone is
looked up once per member and kept. When many members answer for the first
time at once (a weekly challenge opening, a restart under load), their
lookups are gathered into one query rather than a query each: a thousand
separate reads queued behind the answer writer once made every first answer
of a burst wait over 100 ms.

Better still, the bot reads every stored zone once when it starts
(`preload`): from then on a member with no stored zone is known to have the
default, so no answer waits for a lookup at all. A zone set later through
this process is remembered as it is set.
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

    async def all_timezones(self) -> dict[int, str]: ...


class MemberZones:
    def __init__(self, store: ZoneSource) -> None:
        self._store = store
        self._known: dict[int, ZoneInfo] = {}
        self._wanted: set[int] = set()
        self._fetching: asyncio.Future[None] | None = None
        self._default: ZoneInfo | None = None
        """Set once every stored zone is known: the zone of everyone else."""

    async def preload(self) -> None:
        """Know every stored zone, so that nobody's answer waits for a lookup."""
        for user_id, name in (await self._store.all_timezones()).items():
            self._known[user_id] = _zone_or_default(name)
        self._default = zone(DEFAULT_TIMEZONE)

    async def get(self, user_id: int) -> ZoneInfo:
        while (found := self.known(user_id)) is None:
            self._wanted.add(user_id)
            if self._fetching is None or self._fetching.done():
                self._fetching = asyncio.ensure_future(self._fetch())
            # Shielded: one member's cancelled interaction must not cancel everyone's lookup.
            await asyncio.shield(self._fetching)
        return found

    def known(self, user_id: int) -> ZoneInfo | None:
        """The member's zone if already known: no await on the answer's hot path."""
        return self._known.get(user_id, self._default)

    def remember(self, user_id: int, found: ZoneInfo) -> None:
        self._known[user_id] = found

    async def _fetch(self) -> None:
        await asyncio.sleep(0)  # let the rest of this burst add its members first
        wanted, self._wanted = self._wanted, set()
        names = await self._store.timezones(wanted)
        for user_id in wanted:
            self._known[user_id] = _zone_or_default(names.get(user_id, DEFAULT_TIMEZONE))


def _zone_or_default(name: str) -> ZoneInfo:
    try:
        return zone(name)
    except UserError:  # a zone this machine's tz database no longer has
        return zone(DEFAULT_TIMEZONE)
