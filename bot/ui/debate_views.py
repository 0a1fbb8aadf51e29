"""Debate and drill messages: embeds for speeches, turns and feedback; their buttons.

Buttons are `DynamicItem`s carrying the member's id (and the round's), so they
work after a restart and only their owner can press them.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, ClassVar

import discord

from bot.engine.debate.feedback import Feedback, render_feedback
from bot.engine.debate.formats import clock
from bot.engine.debate.round import BotSpeech, Event, RoundOver, YourTurn
from bot.errors import UserError
from bot.knowledge.models import Motion
from bot.ui.embeds import SAFE_MENTIONS

if TYPE_CHECKING:
    from bot.cogs.debate import Debate

BOT_COLOUR = discord.Colour.dark_red()
TURN_COLOUR = discord.Colour.green()
FEEDBACK_COLOUR = discord.Colour.gold()
EMBED_LIMIT = 4000

SubmitText = Callable[[discord.Interaction, str], Awaitable[None]]


def chunks(text: str, limit: int = EMBED_LIMIT) -> Iterator[str]:
    """Split at paragraph breaks so a long speech reads as consecutive embeds."""
    current = ""
    for paragraph in text.split("\n\n"):
        while len(paragraph) > limit:
            yield paragraph[:limit]
            paragraph = paragraph[limit:]
        if current and len(current) + len(paragraph) + 2 > limit:
            yield current
            current = ""
        current = f"{current}\n\n{paragraph}" if current else paragraph
    if current:
        yield current


def motion_embed(motion: Motion, student_side: str, format_name: str) -> discord.Embed:
    embed = discord.Embed(title=motion.motion, description=motion.info, colour=BOT_COLOUR)
    bot_side = "opposition" if student_side == "proposition" else "proposition"
    embed.add_field(name="You", value=student_side.title())
    embed.add_field(name="The bot", value=bot_side.title())
    embed.add_field(name="Format", value=format_name)
    embed.set_footer(
        text="Post your speech as one or more messages in this thread, then press Done "
        "(or /debate done). /debate end stops the round with feedback."
    )
    return embed


def feedback_embed(feedback: Feedback) -> discord.Embed:
    text = render_feedback(feedback)
    embed = discord.Embed(
        title=f"Round over: {feedback.score}/100",
        description=text[:EMBED_LIMIT],
        colour=FEEDBACK_COLOUR,
    )
    return embed


def event_messages(events: list[Event], round_id: str, user_id: int) -> list[dict]:
    """Message keyword arguments for each thing the round says, in order."""
    out: list[dict] = []
    for event in events:
        if isinstance(event, BotSpeech):
            parts = list(chunks(event.text))
            for n, part in enumerate(parts, start=1):
                title = f"The bot: {event.speech.name}"
                if len(parts) > 1:
                    title += f" ({n}/{len(parts)})"
                out.append(
                    {"embed": discord.Embed(title=title, description=part, colour=BOT_COLOUR)}
                )
        elif isinstance(event, YourTurn):
            words = event.seconds * 150 // 60
            embed = discord.Embed(
                title=f"Your turn: {event.speech.name}",
                description=(
                    f"{clock(event.seconds)} to speak (about {words} words). Post your speech, "
                    f"then press **Done**. Time is up <t:{int(event.deadline.timestamp())}:R>."
                ),
                colour=TURN_COLOUR,
            )
            view = discord.ui.View(timeout=None)
            view.add_item(DoneButton(user_id, round_id))
            out.append({"embed": embed, "view": view})
        elif isinstance(event, RoundOver):
            out.append({"embed": feedback_embed(event.feedback)})
    return out


def _cog(interaction: discord.Interaction) -> Debate:
    return interaction.client.get_cog("Debate")  # type: ignore[attr-defined,return-value]


async def report_user_errors(interaction: discord.Interaction, action: Awaitable[None]) -> None:
    """Run a button's or form's action; a `UserError` is shown to the member who used it.

    Errors in buttons and forms never reach the command tree's error handler.
    """
    from bot.client import send_ephemeral  # bot.client imports this module

    try:
        await action
    except UserError as error:
        await send_ephemeral(interaction, str(error))


async def only_for(interaction: discord.Interaction, owner_id: int, refusal: str) -> bool:
    """Whether the member pressing owns the item; anyone else is told so, privately."""
    if interaction.user.id == owner_id:
        return True
    await interaction.response.send_message(refusal, ephemeral=True, allowed_mentions=SAFE_MENTIONS)
    return False


class DoneButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"debate:done:(?P<user>\d+):(?P<round>[0-9a-f]+)",
):
    def __init__(self, user_id: int, round_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Done",
                style=discord.ButtonStyle.success,
                custom_id=f"debate:done:{user_id}:{round_id}",
            )
        )
        self.user_id = user_id
        self.round_id = round_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> DoneButton:
        return cls(int(match["user"]), match["round"])

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await only_for(
            interaction, self.user_id, "Only the student in this round can hand in its speeches."
        )

    async def callback(self, interaction: discord.Interaction) -> None:
        await report_user_errors(interaction, _cog(interaction).hand_in(interaction))


class DrillButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"drill:(?P<action>[a-z]+):(?P<user>\d+)",
):
    """answer (opens the answer form), part (next part of a POI speech), accept, decline, finish."""

    LABELS: ClassVar[dict[str, tuple[str, discord.ButtonStyle]]] = {
        "answer": ("Answer", discord.ButtonStyle.primary),
        "part": ("Speak the next part", discord.ButtonStyle.primary),
        "accept": ("Accept the POI", discord.ButtonStyle.success),
        "decline": ("Decline", discord.ButtonStyle.secondary),
        "finish": ("Finish", discord.ButtonStyle.danger),
    }

    def __init__(self, action: str, user_id: int) -> None:
        label, style = self.LABELS[action]
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"drill:{action}:{user_id}")
        )
        self.action = action
        self.user_id = user_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> DrillButton:
        return cls(match["action"], int(match["user"]))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await only_for(
            interaction, self.user_id, "This is someone else's drill: start your own with /drill."
        )

    async def callback(self, interaction: discord.Interaction) -> None:
        await report_user_errors(
            interaction, _cog(interaction).drill_button(interaction, self.action)
        )


def drill_view(user_id: int, *actions: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in actions:
        view.add_item(DrillButton(action, user_id))
    return view


class AnswerModal(discord.ui.Modal):
    """A typed answer: a rebuttal, a list of arguments, a part of a speech, a POI reply."""

    def __init__(self, title: str, label: str, on_submit_text: SubmitText) -> None:
        super().__init__(title=title[:45], timeout=900)
        self.answer = discord.ui.TextInput(
            label=label[:45], style=discord.TextStyle.paragraph, max_length=4000
        )
        self.add_item(self.answer)
        self._on_submit_text = on_submit_text

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await report_user_errors(interaction, self._on_submit_text(interaction, self.answer.value))
