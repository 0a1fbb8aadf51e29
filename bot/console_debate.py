"""Debate rounds and drills in the terminal: the same DebateService as Discord, as text.

While a round or drill is going, typed lines are collected as the speech and
`done` hands it in, just as a Discord member posts messages and presses Done.
"""

from __future__ import annotations

from bot.debating import DebateService
from bot.engine.debate import drills
from bot.engine.debate.feedback import render_feedback
from bot.engine.debate.formats import clock
from bot.engine.debate.round import BotSpeech, Event, RoundOver, YourTurn
from bot.errors import UserError

CONSOLE_USER = 0
"""The console has one member; their rounds are stored under this id."""

DEBATE_HELP = """\
Debate:
  motions                           list the motions (by number and id)
  debate start MOTION [SIDE] [FORMAT]
                                    MOTION: number or id; SIDE: proposition, opposition or
                                    random (default); FORMAT: drill (default) or mini-ld
  (type your speech, then)  done    hand the speech in; the bot answers
  debate end                        end the round early, with feedback
  debate history                    your past rounds
  drill rebuttal|arguments|poi MOTION [SIDE]
                                    rebuttal: answer one argument; arguments: list a side's
                                    arguments; poi: speak in parts and handle POIs
  accept ANSWER | decline           during a POI drill, when a POI is offered"""


class DebateConsole:
    def __init__(self, debate: DebateService) -> None:
        self.debate = debate
        self.buffer: list[str] = []
        self.mode: str | None = None
        """None, "round", or the kind of drill going on."""

    @property
    def collecting(self) -> bool:
        return self.mode is not None

    def motion_id(self, ref: str) -> str:
        motions = self.debate.motions()
        if ref.isdigit() and 1 <= int(ref) <= len(motions):
            return motions[int(ref) - 1].id
        return ref

    def motions(self) -> str:
        return "\n".join(
            f"{n:>2}. {m.id}: {m.motion}" for n, m in enumerate(self.debate.motions(), start=1)
        )

    async def command(self, words: list[str]) -> str:
        """`debate ...` and `drill ...` commands (the first word already removed)."""
        if not words:
            raise UserError(
                "Usage: debate start MOTION [SIDE] [FORMAT] | debate end | debate history"
            )
        action, args = words[0].lower(), words[1:]
        if action == "start":
            if not args:
                raise UserError("Which motion? Type `motions` to see them, then `debate start 1`.")
            side = args[1] if len(args) > 1 else "random"
            fmt = args[2] if len(args) > 2 else "drill"
            move = await self.debate.start(CONSOLE_USER, self.motion_id(args[0]), side, fmt)
            self.mode, self.buffer = "round", []
            head = (
                f"Motion: {move.motion.motion}\n{move.motion.info}\n\n"
                f"Format: {move.format.name}. You argue the {move.round.student_side}; "
                f"I argue the {move.round.bot_side}."
            )
            return head + "\n\n" + self.render(move.events)
        if action == "end":
            move = await self.debate.end(CONSOLE_USER)
            self.mode, self.buffer = None, []
            return self.render(move.events)
        if action == "history":
            rows = await self.debate.history(CONSOLE_USER)
            if not rows:
                return "No finished rounds yet."
            return "\n".join(
                f"{r.finished_at:%Y-%m-%d %H:%M}  {r.score:>3}/100  {r.side:<11} {r.motion_id}"
                for r in rows
            )
        raise UserError("Usage: debate start MOTION [SIDE] [FORMAT] | debate end | debate history")

    async def drill(self, words: list[str]) -> str:
        if len(words) < 2:
            raise UserError("Usage: drill rebuttal|arguments|poi MOTION [SIDE]")
        kind, motion_id = words[0].lower(), self.motion_id(words[1])
        side = words[2] if len(words) > 2 else "random"
        drill = self.debate.start_drill(CONSOLE_USER, kind, motion_id, side)
        self.mode, self.buffer = kind, []
        motion = self.debate.motion(motion_id)
        if isinstance(drill, drills.RebuttalDrill):
            a = drill.argument
            return (
                f"Rebuttal drill on “{motion.motion}”. The other side argues:\n\n"
                f"**{a.title}**: {a.claim} {a.reasoning}\n\n"
                f"Rebut it in {drill.seconds} s: type your answer, then `done`."
            )
        if isinstance(drill, drills.ArgumentDrill):
            return (
                f"Argument drill: list the {drill.side}'s arguments on “{motion.motion}” in "
                f"{drill.seconds // 60} minutes, one per line, then `done`."
            )
        return (
            f"POI drill: give a {drill.student_side} speech on “{motion.motion}” a few "
            "sentences at a time (each line is a part). I may stand with a point of "
            "information: `accept YOUR ANSWER` or `decline`. `done` when finished."
        )

    async def line(self, text: str) -> str:
        """A typed line while collecting: part of the speech, or `done`/`accept`/`decline`."""
        word = text.split(maxsplit=1)[0].lower()
        if self.mode == "poi":
            return self._poi_line(text, word)
        if text.strip().lower() != "done":
            self.buffer.append(text)
            return ""
        speech = "\n".join(self.buffer)
        self.buffer = []
        if self.mode == "round":
            move = await self.debate.speak(CONSOLE_USER, speech)
            if any(isinstance(e, RoundOver) for e in move.events):
                self.mode = None
            return self.render(move.events)
        return self._grade(speech)

    def _grade(self, speech: str) -> str:
        drill = self.debate.drill_of(CONSOLE_USER)
        motion = self.debate.motion(drill.motion_id)
        now = self.debate.now()
        self.mode = None
        self.debate.finish_drill(CONSOLE_USER)
        if isinstance(drill, drills.RebuttalDrill):
            grade = drills.grade_rebuttal(motion, drill, speech, now)
            models = "\n".join(f"- {r.text}" for r in grade.models)
            late = " (over time: -15)" if grade.late else ""
            return f"Score: {grade.score}/100{late}. {grade.verdict}\nModel rebuttals:\n{models}"
        assert isinstance(drill, drills.ArgumentDrill)
        result = drills.grade_arguments(motion, drill, speech, now)
        made = "\n".join(f"- {a.title}" for a in result.made) or "- none recognised"
        missed = "\n".join(f"- {a.title}: {a.claim}" for a in result.missed) or "- none"
        return (
            f"You made {len(result.made)}:\n{made}\nYou missed:\n{missed}\n"
            f"Score: {result.score}/100"
        )

    def _poi_line(self, text: str, word: str) -> str:
        drill = self.debate.drill_of(CONSOLE_USER)
        assert isinstance(drill, drills.PoiDrill)
        motion = self.debate.motion(drill.motion_id)
        if word == "done" and len(text.split()) == 1:
            self.mode = None
            self.debate.finish_drill(CONSOLE_USER)
            return drill.verdict(motion)
        if word == "decline":
            drill.decline()
            return "Declined. Carry on."
        if word == "accept":
            answer = text.split(maxsplit=1)[1] if len(text.split()) > 1 else ""
            on_point = drill.accept(motion, answer)
            return "Good: that answers it." if on_point else "That didn't answer the point put."
        poi = drill.speak(motion, text)
        return f"POI! {poi.text}\n(accept YOUR ANSWER, or decline)" if poi else ""

    @staticmethod
    def render(events: list[Event]) -> str:
        parts: list[str] = []
        for event in events:
            if isinstance(event, BotSpeech):
                parts.append(f"== Bot: {event.speech.name} ==\n{event.text.replace('**', '')}")
            elif isinstance(event, YourTurn):
                parts.append(
                    f"== Your turn: {event.speech.name} ({clock(event.seconds)}, about "
                    f"{event.seconds * 150 // 60} words) ==\nType your speech, then `done`."
                )
            elif isinstance(event, RoundOver):
                parts.append("== Round over ==\n" + render_feedback(event.feedback))
        return "\n\n".join(parts)
