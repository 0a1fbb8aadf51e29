"""Practice quiz messages: a question with its answer buttons, and the verdict after.

Buttons carry the player's id, the session and the question's index, so only
the player can answer, and a second press of an old button is refused rather
than counted again (the answer key makes a repeat count once anyway).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import discord

from bot.knowledge.models import QuizQuestion
from bot.quizzing import PracticeSession
from bot.ui.debate_views import AnswerModal, only_for, report_user_errors

if TYPE_CHECKING:
    from bot.cogs.quiz import Quiz

LETTERS = "ABCDE"


def add_options(embed: discord.Embed, question: QuizQuestion) -> None:
    """A multiple-choice question's options, lettered like its buttons."""
    if question.type == "multiple-choice":
        embed.add_field(
            name="Options",
            value="\n".join(f"**{LETTERS[i]}.** {o}" for i, o in enumerate(question.options)),
            inline=False,
        )


def add_answer_buttons(
    view: discord.ui.View,
    question: QuizQuestion,
    button: Callable[[str, str], discord.ui.Item],
) -> None:
    """One button per option (A, B, …), True/False, or one that opens the answer form.

    `button(choice, label)` makes the button; the choice is the option's number,
    "t"/"f", or "w" (write the answer).
    """
    if question.type == "multiple-choice":
        for i in range(len(question.options)):
            view.add_item(button(str(i), LETTERS[i]))
    elif question.type == "true-false":
        view.add_item(button("t", "True"))
        view.add_item(button("f", "False"))
    else:
        view.add_item(button("w", "Type your answer"))


def question_embed(session: PracticeSession) -> discord.Embed:
    q = session.current
    assert q is not None
    embed = discord.Embed(
        title=f"Question {session.index + 1}/{len(session.questions)}",
        description=q.prompt,
        colour=discord.Colour.teal(),
    )
    add_options(embed, q)
    embed.set_footer(text=f"{session.seconds} s to answer · {q.difficulty} · {', '.join(q.topics)}")
    return embed


def question_view(session: PracticeSession) -> discord.ui.View:
    q = session.current
    assert q is not None
    view = discord.ui.View(timeout=None)
    base = f"{session.user_id}:{session.id}:{session.index}"
    add_answer_buttons(view, q, lambda choice, label: QuizButton(f"{base}:{choice}", label))
    return view


def verdict_embed(
    correct: bool, question: QuizQuestion, source_title: str, timed_out: bool
) -> discord.Embed:
    if timed_out:
        title = f"Time's up: the answer was {question.answer}."
    elif correct:
        title = "Right!"
    else:
        title = f"Not quite: the answer is {question.answer}."
    embed = discord.Embed(
        title=title[:256],
        description=question.explanation,
        colour=discord.Colour.green() if correct else discord.Colour.red(),
    )
    embed.set_footer(text=f"Source: {source_title}"[:2048])
    return embed


class QuizButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"quiz:(?P<user>\d+):(?P<session>[0-9a-f]+):(?P<index>\d+):(?P<choice>[0-9tfw])",
):
    def __init__(self, ids: str, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:80], style=discord.ButtonStyle.primary, custom_id=f"quiz:{ids}"
            )
        )
        user, session, index, choice = ids.split(":")
        self.user_id, self.session_id = int(user), session
        self.index, self.choice = int(index), choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> QuizButton:
        ids = ":".join(match.group("user", "session", "index", "choice"))
        return cls(ids, item.label or "")

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await only_for(
            interaction,
            self.user_id,
            "This is someone else's quiz: start your own with /quiz start.",
        )

    async def callback(self, interaction: discord.Interaction) -> None:
        cog: Quiz = interaction.client.get_cog("Quiz")  # type: ignore[attr-defined,assignment]
        if self.choice == "w":
            await interaction.response.send_modal(
                AnswerModal(
                    "Your answer",
                    "Type it here",
                    lambda i, text: cog.answer(i, self.session_id, self.index, text),
                )
            )
            return
        given = {"t": "true", "f": "false"}.get(self.choice) or LETTERS[int(self.choice)]
        await report_user_errors(
            interaction, cog.answer(interaction, self.session_id, self.index, given)
        )


PAGE_SIZE = 10
BOARDS = {
    "weekly": ("weekly", "This week's challenge"),
    "all-time": ("correct", "Most correct answers"),
    "streak": ("streak", "Best streaks"),
}


def leaderboard_embed(board: str, rows: list, total: int, page: int) -> discord.Embed:
    """Names are mentions inside the embed: Discord shows each member's name from its own
    cache, so a page costs no API call per player, and mentions in embeds never ping."""
    _, title = BOARDS[board]
    start = page * PAGE_SIZE
    lines = []
    for rank, stats in enumerate(rows, start=start + 1):
        if board == "weekly":
            value = f"{stats.score} right"
        elif board == "streak":
            value = f"best {stats.best_correct} in a row (now {stats.current_correct})"
        else:
            value = f"{stats.correct} right of {stats.answers}"
        lines.append(f"**{rank}.** <@{stats.user_id}>: {value}")
    pages = max(1, -(-total // PAGE_SIZE))
    embed = discord.Embed(
        title=title, description="\n".join(lines) or "Nobody has answered yet: `/quiz start`."
    )
    embed.set_footer(text=f"Page {page + 1}/{pages} · {total} member(s)")
    return embed


def leaderboard_view(board: str, page: int, total: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    pages = max(1, -(-total // PAGE_SIZE))
    if page > 0:
        view.add_item(PageButton(board, page - 1, "◀ Previous"))
    if page + 1 < pages:
        view.add_item(PageButton(board, page + 1, "Next ▶"))
    return view


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"lb:(?P<board>[a-z-]+):(?P<page>\d+)",
):
    def __init__(self, board: str, page: int, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.secondary, custom_id=f"lb:{board}:{page}"
            )
        )
        self.board, self.page = board, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> PageButton:
        return cls(match["board"], int(match["page"]), item.label or "")

    async def callback(self, interaction: discord.Interaction) -> None:
        cog: Quiz = interaction.client.get_cog("Quiz")  # type: ignore[attr-defined,assignment]
        embed, view = await cog.leaderboard_page(interaction.guild_id or 0, self.board, self.page)
        await interaction.response.edit_message(embed=embed, view=view)
