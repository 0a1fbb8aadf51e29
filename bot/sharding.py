"""Which guilds this process looks after when the bot runs as several processes.

Discord puts every guild on one shard: `(guild_id >> 22) % shard_count`, and
direct messages on shard 0. A process runs some shard ids; scheduled work (the
weekly challenge, round expiry, restored timers) is done only for guilds on
those shards, so each guild's schedule has one owner. The database claims
each weekly post and close as well, so even two processes that both think
they own a guild (a misconfigured shard list, a rolling restart) post it once.
"""

from __future__ import annotations

from dataclasses import dataclass


def shard_of(guild_id: int | None, shard_count: int) -> int:
    """The shard Discord delivers a guild's events on (DMs arrive on shard 0)."""
    if guild_id is None:
        return 0
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True, slots=True)
class ShardPlan:
    shard_count: int | None = None
    """None: one process, Discord chooses the count, and this process owns everything."""
    shard_ids: tuple[int, ...] | None = None
    """None: every shard of `shard_count`."""

    def owns(self, guild_id: int | None) -> bool:
        if self.shard_count is None or self.shard_ids is None:
            return True
        return shard_of(guild_id, self.shard_count) in self.shard_ids

    def client_options(self) -> dict[str, object]:
        """What discord.py's AutoShardedBot takes to run these shards (nothing unsharded)."""
        if self.shard_count is None:
            return {}
        options: dict[str, object] = {"shard_count": self.shard_count}
        if self.shard_ids is not None:
            options["shard_ids"] = list(self.shard_ids)
        return options

    def describe(self) -> str:
        if self.shard_count is None:
            return "one process, all guilds"
        ids = self.shard_ids if self.shard_ids is not None else tuple(range(self.shard_count))
        return f"shards {', '.join(map(str, ids))} of {self.shard_count}"


EVERYTHING = ShardPlan()
