"""/privacy messages: the confirmation before deleting a member's data, and what it says.

The confirmation is an ordinary (not persistent) view: after a restart, or two
minutes without an answer, nothing is deleted, which is the safe way for a
question like this to lapse.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import discord

from bot.errors import UserError
from bot.privacy import DELETED_KINDS, Forgotten, counted, describe
from bot.store import privacy_records as records
from bot.ui.debate_views import only_for
from bot.ui.embeds import SAFE_MENTIONS

log = logging.getLogger(__name__)

CONFIRM_SECONDS = 120.0
NOT_YOURS = "Only the member who asked can answer this."
TIMED_OUT = "No answer in time: nothing was deleted."
CANCELLED = "Cancelled: nothing was deleted."

Action = Callable[[discord.Interaction], Awaitable[str]]
"""What Confirm does; returns the text the confirmation message then shows."""


class ConfirmView(discord.ui.View):
    """Confirm and Cancel, for one member; whatever the answer, the buttons go away."""

    def __init__(self, owner_id: int, action: Action, *, timeout: float | None = None) -> None:
        super().__init__(timeout=CONFIRM_SECONDS if timeout is None else timeout)
        self.owner_id = owner_id
        self._action = action
        self.origin: discord.Interaction | None = None
        """The command's interaction, to edit the message when the time runs out."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await only_for(interaction, self.owner_id, NOT_YOURS)

    @discord.ui.button(label="Delete", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()  # first: a second click while deleting must not delete again
        try:
            text = await self._action(interaction)
        except UserError as error:
            text = str(error)
        await interaction.response.edit_message(
            content=text, view=None, allowed_mentions=SAFE_MENTIONS
        )

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(
            content=CANCELLED, view=None, allowed_mentions=SAFE_MENTIONS
        )

    async def on_timeout(self) -> None:
        if self.origin is None:
            return
        try:
            await self.origin.edit_original_response(
                content=TIMED_OUT, view=None, allowed_mentions=SAFE_MENTIONS
            )
        except discord.HTTPException:  # the member dismissed it: nothing to tidy
            log.debug("could not close a timed-out privacy confirmation")


def _records(n: int) -> str:
    return f"{n} record" if n == 1 else f"{n} records"


def forget_prompt(counts: dict[str, int], *, member: discord.abc.User | None = None) -> str:
    """The question before deleting: what will go, what stays, that it can't be undone."""
    total = sum(counts[k] for k in DELETED_KINDS)
    what = (
        f"That is {_records(total)}: {describe(counts)}."
        if total
        else "Only FAQ questions are stored, and they are kept without a name (below)."
    )
    if member is None:
        lines = [
            f"**Delete everything I store about you?** {what}",
            "If you have a debate round, practice quiz, drill or timer going, it ends.",
        ]
        kept = "you asked {stay}, without your name,"
        last = "This can't be undone. Want a copy first? Use `/privacy export`."
    else:
        lines = [
            f"**Delete what I store about {member.mention} in this server?** {what}",
            "Their round, practice quiz or timer going in this server ends. Their time zone "
            "and anything from other servers or direct messages stay.",
        ]
        kept = "they asked {stay}, without their name,"
        last = "This can't be undone."
    if n := counts.get(records.FAQ_MISSES):
        lines.append(
            f"{counted(records.FAQ_MISSES, n)} {kept.format(stay=_stay(n))} so the FAQ's "
            "answers can be improved."
        )
    lines.append(last)
    return "\n".join(lines)


def forgotten_message(done: Forgotten, *, member: discord.abc.User | None = None) -> str:
    """What the confirmation says once the data is gone."""
    if done.deleted == 0 and done.unlinked == 0:
        return "There was nothing left to delete."
    parts = []
    if done.deleted:
        about = "" if member is None else f" about {member.mention} in this server"
        parts.append(f"Deleted {_records(done.deleted)}{about}: {describe(done.counts)}.")
    if done.unlinked:
        who, them = ("you", "you") if member is None else ("they", "them")
        parts.append(
            f"{counted(records.FAQ_MISSES, done.unlinked)} {who} asked "
            f"{_stay(done.unlinked)} for the FAQ's authors, no longer linked to {them}."
        )
    return " ".join(parts)


def _stay(n: int) -> str:
    return "stays" if n == 1 else "stay"
