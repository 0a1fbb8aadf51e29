"""Buttons under FAQ messages.

Both are `DynamicItem`s: their state lives in the custom_id, so buttons on old
messages keep working after the bot restarts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord

from bot.knowledge import FaqEntry
from bot.ui.embeds import SAFE_MENTIONS, answer_embed, asked_question

if TYPE_CHECKING:
    from bot.app import App


def _app(interaction: discord.Interaction) -> App:
    return interaction.client.app  # type: ignore[attr-defined]


class ShowAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"faq:show:(?P<asker>\d+):(?P<entry>[a-z0-9-]+)",
):
    """A "did you mean" choice: the asker's click turns the suggestions into the answer."""

    def __init__(self, asker_id: int, entry_id: str, label: str = "Show answer") -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:80],
                style=discord.ButtonStyle.primary,
                custom_id=f"faq:show:{asker_id}:{entry_id}",
            )
        )
        self.asker_id = asker_id
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> ShowAnswerButton:
        return cls(int(match["asker"]), match["entry"], item.label or "Show answer")

    async def callback(self, interaction: discord.Interaction) -> None:
        app = _app(interaction)
        entry = app.faq_entry(self.entry_id)
        if entry is None:
            await interaction.response.send_message(
                "That answer is no longer in the FAQ; please ask again.", ephemeral=True
            )
            return
        embed = answer_embed(entry, app.source_titles(entry), asked=entry.question)
        if interaction.user.id == self.asker_id:
            await interaction.response.edit_message(embed=embed, view=answer_view(entry))
        else:
            await interaction.response.send_message(embed=embed, ephemeral=True)


class NotWhatIAskedButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"faq:miss:(?P<entry>[a-z0-9-]+)",
):
    def __init__(self, entry_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Not what I asked",
                style=discord.ButtonStyle.secondary,
                custom_id=f"faq:miss:{entry_id}",
            )
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> NotWhatIAskedButton:
        return cls(match["entry"])

    async def callback(self, interaction: discord.Interaction) -> None:
        question = asked_question(interaction.message) or "(question not shown)"
        await _app(interaction).not_what_i_asked(
            question, self.entry_id, guild_id=interaction.guild_id, user_id=interaction.user.id
        )
        await interaction.response.send_message(
            "Thanks, noted. The content authors review these to add better answers. "
            "You can also try rewording your question.",
            ephemeral=True,
            allowed_mentions=SAFE_MENTIONS,
        )


def answer_view(entry: FaqEntry) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(NotWhatIAskedButton(entry.id))
    return view


def suggestions_view(entries: Sequence[FaqEntry], asker_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for number, entry in enumerate(entries, start=1):
        view.add_item(ShowAnswerButton(asker_id, entry.id, f"{number}. {entry.question}"))
    return view
