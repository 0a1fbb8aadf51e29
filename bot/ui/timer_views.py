"""The timekeeper's message: an embed per speech and its buttons.

Buttons are `DynamicItem`s whose custom_id carries the action and the timer id,
so a timer keeps working across a restart of the bot.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord

from bot.engine.debate.formats import Format, Side, TimeSignal, clock
from bot.engine.debate.timer import FINISHED, PAUSED, PREP, READY, RUNNING, TimerView
from bot.errors import UserError
from bot.ui.embeds import SAFE_MENTIONS

if TYPE_CHECKING:
    from bot.app import App

_COLOURS = {
    READY: discord.Colour.light_grey(),
    RUNNING: discord.Colour.green(),
    PAUSED: discord.Colour.orange(),
    PREP: discord.Colour.blue(),
    FINISHED: discord.Colour.dark_grey(),
}


def order_embed(fmt: Format) -> discord.Embed:
    embed = discord.Embed(
        title=f"{fmt.name}: speech order",
        description="\n".join(fmt.render_order()),
        colour=discord.Colour.blurple(),
    )
    if fmt.has_prep:
        pools = "per side, usable in pieces" if fmt.prep_per_side else "before the first speech"
        embed.add_field(name="Prep", value=f"{clock(fmt.prep_seconds)} {pools}", inline=False)
    embed.set_footer(text=fmt.description[:2048])
    return embed


def _bar(elapsed: int, total: int, width: int = 20) -> str:
    filled = min(width, round(width * elapsed / total)) if total else 0
    return "▰" * filled + "▱" * (width - filled)


def timer_embed(
    fmt: Format, view: TimerView, signals: list[TimeSignal] | None = None
) -> discord.Embed:
    if view.speech is None:
        return discord.Embed(title=f"{fmt.name}: round over", colour=_COLOURS[FINISHED])
    speech = view.speech
    title = f"{view.number}/{view.total} · {speech.name} ({fmt.label(speech.side)})"
    lines = [
        f"**{clock(view.elapsed)}** of {clock(speech.seconds)} · "
        + (
            f"{clock(view.remaining)} left"
            if view.remaining >= 0
            else f"over by {clock(-view.remaining)}"
        ),
        _bar(view.elapsed, speech.seconds),
        f"Status: **{view.status}** · {view.phase}",
    ]
    if signals:
        lines.append("🔔 " + " · ".join(s.label for s in signals))
    embed = discord.Embed(title=title, description="\n".join(lines), colour=_COLOURS[view.status])
    if view.prep:
        embed.add_field(
            name="Prep left",
            value=" · ".join(f"{pool.label}: {clock(pool.remaining)}" for pool in view.prep),
            inline=False,
        )
    return embed


class TimerButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"timer:(?P<action>[a-z-]+):(?P<id>[0-9a-f]+)",
):
    def __init__(self, action: str, timer_id: str, label: str, style: discord.ButtonStyle) -> None:
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"timer:{action}:{timer_id}")
        )
        self.action = action
        self.timer_id = timer_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> TimerButton:
        return cls(match["action"], match["id"], item.label or "", item.style)

    async def callback(self, interaction: discord.Interaction) -> None:
        from bot.client import send_ephemeral  # bot.client imports this module

        cog = interaction.client.get_cog("Timekeeper")  # type: ignore[attr-defined]
        try:
            await cog.on_button(interaction, self.timer_id, self.action)
        except UserError as error:
            # Button errors skip the command tree's error handler: refuse here, to the presser.
            await send_ephemeral(interaction, str(error))


def timer_buttons(timer_id: str, fmt: Format, timer: TimerView) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    primary = discord.ButtonStyle.primary
    status = timer.status
    # Prep buttons only where prep can start: a pool with time left, and before the first
    # speech unless the format takes prep in pieces.
    prep_left = {pool.side for pool in timer.prep if pool.remaining > 0}
    prep_now = fmt.has_prep and (fmt.prep_in_pieces or timer.number == 1)
    if status == READY:
        view.add_item(TimerButton("start", timer_id, "Start speech", discord.ButtonStyle.success))
        if prep_now and fmt.prep_per_side:
            for action, side, label in (
                ("prep-prop", Side.PROPOSITION, fmt.side_labels[0]),
                ("prep-opp", Side.OPPOSITION, fmt.side_labels[1]),
            ):
                if side in prep_left:
                    view.add_item(TimerButton(action, timer_id, f"Prep: {label}", primary))
        elif prep_now and None in prep_left:
            view.add_item(TimerButton("prep", timer_id, "Start prep", primary))
    elif status == RUNNING:
        view.add_item(TimerButton("pause", timer_id, "Pause", primary))
    elif status == PAUSED:
        view.add_item(TimerButton("resume", timer_id, "Resume", discord.ButtonStyle.success))
    elif status == PREP:
        view.add_item(TimerButton("end-prep", timer_id, "End prep", primary))
    if status in {RUNNING, PAUSED, READY}:
        view.add_item(TimerButton("next", timer_id, "Next speech", discord.ButtonStyle.secondary))
    if status != FINISHED:
        view.add_item(TimerButton("stop", timer_id, "Stop", discord.ButtonStyle.danger))
    return view


def timer_message(app: App, timer_id: str, signals: list[TimeSignal] | None = None) -> dict:
    """Keyword arguments to send or edit a timer's message."""
    live = app.timers.get(timer_id)
    fmt = live.timer.format
    view = live.timer.view(app.clock())
    return {
        "embed": timer_embed(fmt, view, signals),
        "view": timer_buttons(timer_id, fmt, view),
        "allowed_mentions": SAFE_MENTIONS,
    }
