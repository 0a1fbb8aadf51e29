"""Embeds for FAQ answers, suggestions and help."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.knowledge import FaqEntry

ANSWER_COLOUR = discord.Colour.blurple()
SUGGEST_COLOUR = discord.Colour.gold()
ASKED_PREFIX = "Asked: "

SAFE_MENTIONS = discord.AllowedMentions(
    everyone=False, users=False, roles=False, replied_user=False
)
"""Nothing the bot sends pings anyone: it echoes questions and names that members typed."""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def answer_embed(
    entry: FaqEntry, source_titles: Sequence[str], asked: str | None = None
) -> discord.Embed:
    embed = discord.Embed(
        title=_clip(entry.question, 256), description=entry.answer, colour=ANSWER_COLOUR
    )
    if asked:
        # The "not what I asked" button reads the question back from here after a restart.
        embed.set_author(name=_clip(ASKED_PREFIX + " ".join(asked.split()), 256))
    embed.set_footer(text=_clip("Source: " + "; ".join(source_titles), 2048))
    return embed


def asked_question(message: discord.Message | None) -> str:
    """The question an answer embed was given for, or '' if the message has none."""
    if message is None or not message.embeds:
        return ""
    name = message.embeds[0].author.name or ""
    return name.removeprefix(ASKED_PREFIX)


def suggestions_embed(entries: Sequence[FaqEntry]) -> discord.Embed:
    lines = "\n".join(f"**{i}.** {entry.question}" for i, entry in enumerate(entries, start=1))
    return discord.Embed(
        title="Did you mean…",
        description=f"{lines}\n\nPick one below to see the answer.",
        colour=SUGGEST_COLOUR,
    )


NO_ANSWER = (
    "I don't have an answer to that. I can answer questions about globalism and "
    "internationalism: try `/ask` and pick a question from the list."
)


def help_embed() -> discord.Embed:
    embed = discord.Embed(
        title="Debate practice bot",
        description=(
            "I answer questions about **globalism** and **internationalism**, with typos and "
            "your own wording welcome."
        ),
        colour=ANSWER_COLOUR,
    )
    embed.add_field(
        name="Ask",
        value=(
            "`/ask question:` with suggestions as you type\n"
            "Mention me with a question: `@bot what is globalism?`\n"
            "In FAQ channels, just ask: I answer questions I'm sure about."
        ),
        inline=False,
    )
    embed.add_field(
        name="Under an answer",
        value=(
            "**Not what I asked** tells the content authors the answer missed, "
            "so they can add a better one."
        ),
        inline=False,
    )
    embed.add_field(
        name="Debate",
        value=(
            "`/debate start motion: side: format:` spar with the bot in a thread; post your "
            "speech, press **Done**\n"
            "`/debate end` · `/debate history` · `/debate motions`\n"
            "`/drill rebuttal|arguments|poi` short drills\n"
            "`/timer start format:` keep time for a human round (BP, AP, WS, LD, PF)\n"
            "`/quiz start` practice quiz · `/quiz stats` · `/streak show` · `/leaderboard`"
        ),
        inline=False,
    )
    embed.add_field(
        name="Your data",
        value=(
            "`/privacy export` a file of everything I store about you, only for you\n"
            "`/privacy forget` delete it all (I ask first)"
        ),
        inline=False,
    )
    embed.add_field(
        name="Admins (Manage Server)",
        value=(
            "`/faq channel add|remove|list`: channels where I answer without a mention.\n"
            "`/privacy forget-member member:` delete a member's data in this server."
        ),
        inline=False,
    )
    return embed
