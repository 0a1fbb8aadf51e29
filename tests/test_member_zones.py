"""Members' time zones: the stored one is used, and a burst of newcomers costs one query."""

from __future__ import annotations

import asyncio
from collections.abc import Collection

from bot.member_zones import MemberZones
from bot.store import MemoryStore


class CountingStore(MemoryStore):
    """The in-memory store, counting the zone queries the cache makes of it."""

    def __init__(self) -> None:
        super().__init__()
        self.queries = 0

    async def timezones(self, user_ids: Collection[int]) -> dict[int, str]:
        self.queries += 1
        return await super().timezones(user_ids)


async def test_a_member_s_stored_zone_is_used_and_others_get_utc() -> None:
    store = CountingStore()
    await store.set_timezone(7, "Asia/Tokyo")
    zones = MemberZones(store)
    assert (await zones.get(7)).key == "Asia/Tokyo"
    assert (await zones.get(8)).key == "UTC"


async def test_a_thousand_first_answers_at_once_cost_one_query() -> None:
    store = CountingStore()
    for user in range(0, 1000, 10):
        await store.set_timezone(user, "Europe/Berlin")
    zones = MemberZones(store)
    found = await asyncio.gather(*(zones.get(user) for user in range(1000)))
    assert store.queries == 1
    assert sum(z.key == "Europe/Berlin" for z in found) == 100
    await zones.get(5)
    assert store.queries == 1, "a known member is not looked up again"


async def test_a_member_arriving_while_a_lookup_runs_is_still_answered() -> None:
    store = CountingStore()
    await store.set_timezone(2, "Australia/Sydney")
    gate = asyncio.Event()
    asked: list[set[int]] = []

    async def slow(user_ids: Collection[int]) -> dict[int, str]:
        asked.append(set(user_ids))
        await gate.wait()
        return await MemoryStore.timezones(store, user_ids)

    store.timezones = slow  # type: ignore[method-assign]
    zones = MemberZones(store)
    first = asyncio.ensure_future(zones.get(1))
    while not asked:
        await asyncio.sleep(0)
    late = asyncio.ensure_future(zones.get(2))  # the first query is in flight without member 2
    await asyncio.sleep(0)
    gate.set()
    assert (await first).key == "UTC" and (await late).key == "Australia/Sydney"
    assert asked == [{1}, {2}]


async def test_a_cancelled_member_does_not_cancel_the_others() -> None:
    store = CountingStore()
    zones = MemberZones(store)
    waiting = [asyncio.ensure_future(zones.get(user)) for user in range(5)]
    await asyncio.sleep(0)
    waiting[0].cancel()
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert isinstance(results[0], asyncio.CancelledError)
    assert all(z.key == "UTC" for z in results[1:])  # type: ignore[union-attr]


async def test_a_newly_set_zone_replaces_the_remembered_one() -> None:
    from zoneinfo import ZoneInfo

    zones = MemberZones(CountingStore())
    assert (await zones.get(3)).key == "UTC"
    zones.remember(3, ZoneInfo("Europe/Paris"))
    assert (await zones.get(3)).key == "Europe/Paris"


async def test_after_preload_no_answer_waits_for_a_lookup() -> None:
    store = CountingStore()
    await store.set_timezone(4, "America/Chicago")
    zones = MemberZones(store)
    assert zones.known(4) is None  # not read yet: the caller would have to look it up
    await zones.preload()
    assert zones.known(4).key == "America/Chicago"  # type: ignore[union-attr]
    assert zones.known(5).key == "UTC", "a member with no stored zone has the default"
    assert (await zones.get(6)).key == "UTC"
    assert store.queries == 0, "the preload read everything in one go, no per-member query"


async def test_a_zone_set_after_preload_is_used() -> None:
    from zoneinfo import ZoneInfo

    zones = MemberZones(CountingStore())
    await zones.preload()
    zones.remember(9, ZoneInfo("Pacific/Auckland"))
    assert zones.known(9).key == "Pacific/Auckland"  # type: ignore[union-attr]
