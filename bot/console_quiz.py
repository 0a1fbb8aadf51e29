"""Practice quizzes in the terminal: the same QuizService as Discord, one question at a time."""

from __future__ import annotations

import random

from bot.engine.text import fold
from bot.errors import UserError
from bot.knowledge import Knowledge
from bot.knowledge.models import QuizQuestion
from bot.quizzing import QuizService

CONSOLE_USER = 0
CONSOLE_GUILD = 0

QUIZ_HELP = """\
Quiz:
  quiz [COUNT] [TOPIC] [DIFFICULTY]  a practice quiz (default 5 questions); answer each by
                                     typing it (a letter or the text for multiple choice)
  skip                               give up on the current question (counts as wrong)
  streak                             your streaks
  timezone NAME                      your time zone for the daily streak (e.g. Europe/London)"""


class QuizConsole:
    def __init__(self, quiz: QuizService, knowledge: Knowledge, rng: random.Random) -> None:
        self.quiz = quiz
        self.knowledge = knowledge
        self.rng = rng
        self.queue: list[QuizQuestion] = []
        self.session = ""
        self.asked = 0
        self.right = 0

    @property
    def active(self) -> bool:
        return bool(self.queue)

    async def start(self, words: list[str]) -> str:
        count = 5
        topic = difficulty = None
        if words and words[0].lower() == "start":  # as on Discord: /quiz start
            words = words[1:]
        for word in words:
            if word.isdigit():
                count = max(1, min(int(word), 25))
            elif word.lower() in {"easy", "medium", "hard"}:
                difficulty = word.lower()
            else:
                topic = word.lower()
        session = await self.quiz.start_practice(
            self.knowledge.quiz,
            user_id=CONSOLE_USER,
            guild_id=CONSOLE_GUILD,
            count=count,
            topic=topic,
            difficulty=difficulty,
            rng=self.rng,
        )
        self.queue = list(session.questions)
        self.session, self.asked, self.right = session.id, 0, 0
        return self._ask()

    def _ask(self) -> str:
        q = self.queue[0]
        lines = [f"Question {self.asked + 1}: {q.prompt}"]
        if q.type == "multiple-choice":
            lines += [f"  {chr(97 + i)}) {option}" for i, option in enumerate(q.options)]
        elif q.type == "true-false":
            lines.append("  true or false?")
        return "\n".join(lines)

    async def answer(self, text: str) -> str:
        q = self.queue.pop(0)
        given = None if fold(text) == "skip" else text
        recorded = await self.quiz.answer(
            q,
            given,
            user_id=CONSOLE_USER,
            guild_id=CONSOLE_GUILD,
            answer_key=f"console:{self.session}:{self.asked}",
        )
        self.asked += 1
        self.right += recorded.verdict.correct
        verdict = "Right!" if recorded.verdict.correct else f"Not quite: {q.answer}."
        source = self.knowledge.source_title(q.source)
        reply = f"{verdict} {q.explanation} (Source: {source})"
        if self.queue:
            return f"{reply}\n\n{self._ask()}"
        return (
            f"{reply}\n\nDone: {self.right}/{self.asked} right. Type `streak` to see your streaks."
        )

    async def streak(self) -> str:
        view = await self.quiz.streak(CONSOLE_USER, CONSOLE_GUILD)
        s = view.state
        return (
            f"Correct answers in a row: {s.current_correct} (best {s.best_correct})\n"
            f"Daily practice streak: {view.daily_now} day(s) (best {s.daily_best}), "
            f"freezes: {s.freezes}/2, time zone {view.timezone}\n"
            f"Answered: {s.answers}, right: {s.correct}"
        )

    async def timezone(self, name: str) -> str:
        if not name:
            raise UserError("Usage: timezone NAME, e.g. timezone Europe/London")
        return f"Time zone set to {await self.quiz.set_timezone(CONSOLE_USER, name)}."
