"""A sparring round against the bot, as a state machine over plain data.

The rules, h11 style:

    state          event     next state
    student-turn   submit    student-turn   (the bot answered; the student speaks again)
    student-turn   submit    finished       (that, or the bot's answer, was the last speech)
    student-turn   end       finished       (the student stopped early)
    student-turn   expire    expired        (nobody spoke for `idle`)
    finished       any       RoundError
    expired        any       RoundError

The bot speaks inside `start_round` and `submit`, synchronously, so a stored
round is always waiting for the student or over; there is no "bot's turn" at
rest. Every transition takes `now` (aware, UTC) from the caller, and the bot's
randomness comes from the round's seed and the speech's index, so a round that
is saved, loaded and continued says exactly what it would have said anyway.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.engine.debate.clash import other_side
from bot.engine.debate.feedback import Feedback, feedback_for
from bot.engine.debate.formats import Format, Side, Speech
from bot.engine.debate.speeches import (
    HeardPoint,
    constructive,
    hear,
    rebuttal_speech,
    word_count,
)
from bot.errors import UserError
from bot.knowledge.models import Motion

IDLE = timedelta(hours=2)
STATE_VERSION = 1


class Status(StrEnum):
    STUDENT_TURN = "student-turn"
    FINISHED = "finished"
    EXPIRED = "expired"


_ALLOWED: dict[tuple[Status, str], frozenset[Status]] = {
    (Status.STUDENT_TURN, "submit"): frozenset({Status.STUDENT_TURN, Status.FINISHED}),
    (Status.STUDENT_TURN, "end"): frozenset({Status.FINISHED}),
    (Status.STUDENT_TURN, "expire"): frozenset({Status.EXPIRED}),
}
_REFUSED = {
    Status.FINISHED: "This round is over: start a new one with /debate start.",
    Status.EXPIRED: (
        "This round expired after two hours without a speech: start a new one with /debate start."
    ),
}


class RoundError(UserError):
    """An illegal move in a round; `str()` is for the student, `state`/`event` for logs."""

    def __init__(self, message: str, *, state: str, event: str) -> None:
        super().__init__(message)
        self.state = state
        self.event = event


# -- events ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BotSpeech:
    speech: Speech
    text: str


@dataclass(frozen=True, slots=True)
class YourTurn:
    speech: Speech
    seconds: int
    deadline: datetime


@dataclass(frozen=True, slots=True)
class RoundOver:
    feedback: Feedback


Event = BotSpeech | YourTurn | RoundOver


# -- the round ---------------------------------------------------------------


def _when(value: datetime) -> str:
    return value.isoformat()


@dataclass(frozen=True, slots=True)
class SpeechRecord:
    """One speech given in a round, by the student or the bot."""

    speech_key: str
    speaker: str
    """"student" or "bot"."""
    text: str
    words: int
    started_at: datetime
    ended_at: datetime
    points: tuple[tuple[str, str | None, str | None], ...] = ()
    """Student speeches: each point, the id of the student-side argument it was placed on
    and the id of the bot argument it answers (each None when there is none)."""
    answered: tuple[str, ...] = ()
    """Student speeches: ids of the bot's arguments this speech engaged."""
    rebuttals: tuple[str, ...] = ()
    """Bot speeches: ids of the rebuttals used."""
    arguments: tuple[str, ...] = ()
    """Bot speeches: ids of the arguments made."""
    overtime: bool = False
    """Student speeches: sent after the speech's time and grace."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "speech_key": self.speech_key,
            "speaker": self.speaker,
            "text": self.text,
            "words": self.words,
            "started_at": _when(self.started_at),
            "ended_at": _when(self.ended_at),
            "points": [list(point) for point in self.points],
            "answered": list(self.answered),
            "rebuttals": list(self.rebuttals),
            "arguments": list(self.arguments),
            "overtime": self.overtime,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpeechRecord:
        return cls(
            speech_key=str(data["speech_key"]),
            speaker=str(data["speaker"]),
            text=str(data["text"]),
            words=int(data["words"]),
            started_at=datetime.fromisoformat(data["started_at"]),
            ended_at=datetime.fromisoformat(data["ended_at"]),
            points=tuple((str(text), made, answers) for text, made, answers in data["points"]),
            answered=tuple(data["answered"]),
            rebuttals=tuple(data["rebuttals"]),
            arguments=tuple(data["arguments"]),
            overtime=bool(data["overtime"]),
        )


@dataclass(slots=True)
class Round:
    """A round's whole state: plain values only, so it can be stored as JSON."""

    id: str
    user_id: int
    motion_id: str
    format_key: str
    student_side: str
    seed: int
    status: Status
    index: int
    """Index in the format of the next speech to be given."""
    created_at: datetime
    updated_at: datetime
    turn_started_at: datetime
    speeches: list[SpeechRecord] = field(default_factory=list)

    @property
    def bot_side(self) -> str:
        return other_side(self.student_side)

    def turn(self, fmt: Format) -> YourTurn | None:
        """The turn the student is on, to show again (after a restart, say)."""
        if self.status is not Status.STUDENT_TURN or self.index >= len(fmt.speeches):
            return None
        speech = fmt.speeches[self.index]
        deadline = self.turn_started_at + timedelta(seconds=speech.seconds)
        return YourTurn(speech, speech.seconds, deadline)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "id": self.id,
            "user_id": self.user_id,
            "motion_id": self.motion_id,
            "format_key": self.format_key,
            "student_side": self.student_side,
            "seed": self.seed,
            "status": str(self.status),
            "index": self.index,
            "created_at": _when(self.created_at),
            "updated_at": _when(self.updated_at),
            "turn_started_at": _when(self.turn_started_at),
            "speeches": [s.to_dict() for s in self.speeches],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Round:
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"unknown round state version {data.get('version')!r}")
        return cls(
            id=str(data["id"]),
            user_id=int(data["user_id"]),
            motion_id=str(data["motion_id"]),
            format_key=str(data["format_key"]),
            student_side=str(Side(data["student_side"])),
            seed=int(data["seed"]),
            status=Status(data["status"]),
            index=int(data["index"]),
            created_at=datetime.fromisoformat(data["created_at"]),
            updated_at=datetime.fromisoformat(data["updated_at"]),
            turn_started_at=datetime.fromisoformat(data["turn_started_at"]),
            speeches=[SpeechRecord.from_dict(s) for s in data["speeches"]],
        )


# -- transitions -------------------------------------------------------------


def start_round(
    motion: Motion,
    fmt: Format,
    student_side: Side | str,
    *,
    user_id: int,
    seed: int,
    now: datetime,
    round_id: str,
) -> tuple[Round, list[Event]]:
    """A new round; the bot opens at once when the format's first speech is its side's."""
    _check_now(now)
    if not fmt.sparring or any(s.side is None for s in fmt.speeches):
        raise RoundError(
            f"{fmt.name} can't be played against the bot: pick a sparring format.",
            state="new",
            event="start",
        )
    round_ = Round(
        id=round_id,
        user_id=user_id,
        motion_id=motion.id,
        format_key=fmt.key,
        student_side=str(Side(student_side)),
        seed=seed,
        status=Status.STUDENT_TURN,
        index=0,
        created_at=now,
        updated_at=now,
        turn_started_at=now,
    )
    return round_, _advance(round_, motion, fmt, now, heard=())


def submit(
    round_: Round,
    motion: Motion,
    fmt: Format,
    text: str,
    now: datetime,
    *,
    speech_key: str | None = None,
) -> list[Event]:
    """The student's speech for the current turn, then the bot's answer.

    `speech_key`, when given, is the speech the student meant (the one shown
    with their turn), so a stale or repeated submission is refused rather than
    recorded as the next speech.
    """
    _check_now(now)
    _check(round_, motion, fmt, "submit")
    speech = fmt.speeches[round_.index]
    if speech.side != round_.student_side:
        raise RoundError("It's the bot's turn, not yours.", state="bot-turn", event="submit")
    if speech_key is not None and speech_key != speech.key:
        raise RoundError(
            f"That turn is over: it's time for your {speech.name}.",
            state=str(round_.status),
            event="submit",
        )
    if not text.strip():
        raise RoundError(
            "That speech is empty: type your speech and send it again.",
            state=str(round_.status),
            event="submit",
        )
    heard = hear(motion, round_.student_side, text)
    answered = list(dict.fromkeys(h.answers.id for h in heard if h.answers))
    limit = round_.turn_started_at + timedelta(seconds=speech.seconds + speech.grace)
    round_.speeches.append(
        SpeechRecord(
            speech_key=speech.key,
            speaker="student",
            text=text.strip(),
            words=word_count(text),
            started_at=round_.turn_started_at,
            ended_at=now,
            points=tuple(
                (
                    h.point.text,
                    h.point.argument.id if h.point.argument else None,
                    h.answers.id if h.answers else None,
                )
                for h in heard
            ),
            answered=tuple(answered),
            overtime=now > limit,
        )
    )
    round_.index += 1
    round_.updated_at = now
    return _advance(round_, motion, fmt, now, heard=heard)


def end_round(round_: Round, motion: Motion, fmt: Format, now: datetime) -> list[Event]:
    """Stop early, with feedback on the speeches given so far."""
    _check_now(now)
    _check(round_, motion, fmt, "end")
    return [_finish(round_, motion, fmt, now)]


def expire_if_idle(round_: Round, now: datetime, idle: timedelta = IDLE) -> bool:
    """Mark a round nobody has spoken in for `idle` as expired; whether it was."""
    _check_now(now)
    if round_.status is not Status.STUDENT_TURN or now - round_.updated_at < idle:
        return False
    round_.status = Status.EXPIRED
    round_.updated_at = now
    return True


def _check_now(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime (UTC)")


def _check(round_: Round, motion: Motion, fmt: Format, event: str) -> None:
    if motion.id != round_.motion_id or fmt.key != round_.format_key:
        raise ValueError(
            f"round {round_.id} is on {round_.motion_id}/{round_.format_key}, "
            f"not {motion.id}/{fmt.key}"
        )
    if (round_.status, event) not in _ALLOWED:
        raise RoundError(_REFUSED[round_.status], state=str(round_.status), event=event)


def _finish(round_: Round, motion: Motion, fmt: Format, now: datetime) -> RoundOver:
    round_.status = Status.FINISHED
    round_.updated_at = now
    return RoundOver(feedback_for(round_, motion, fmt))


def _advance(
    round_: Round, motion: Motion, fmt: Format, now: datetime, *, heard: tuple[HeardPoint, ...]
) -> list[Event]:
    """The bot's speeches until the student's turn comes or the format ends."""
    events: list[Event] = []
    while round_.index < len(fmt.speeches):
        speech = fmt.speeches[round_.index]
        if speech.side == round_.student_side:
            round_.turn_started_at = now
            round_.updated_at = now
            events.append(YourTurn(speech, speech.seconds, now + timedelta(seconds=speech.seconds)))
            return events
        record = _bot_speech(round_, motion, fmt, speech, heard, now)
        heard = ()
        round_.speeches.append(record)
        round_.index += 1
        events.append(BotSpeech(speech, record.text))
    events.append(_finish(round_, motion, fmt, now))
    return events


def _bot_speech(
    round_: Round,
    motion: Motion,
    fmt: Format,
    speech: Speech,
    heard: tuple[HeardPoint, ...],
    now: datetime,
) -> SpeechRecord:
    rng = random.Random(f"{round_.seed}/{round_.index}")
    bot = [s for s in round_.speeches if s.speaker == "bot"]
    later = fmt.speeches[round_.index + 1 :]
    last = not any(s.side == round_.bot_side for s in later)
    if not round_.speeches:
        text, made = constructive(motion, round_.bot_side, speech.seconds, rng)
        return _bot_record(speech, text, now, arguments=made, rebuttals=())
    result = rebuttal_speech(
        motion,
        round_.bot_side,
        speech.seconds,
        rng,
        heard=heard,
        made=[a for s in bot for a in s.arguments],
        answered={a for s in round_.speeches if s.speaker == "student" for a in s.answered},
        used={r for s in bot for r in s.rebuttals},
        # New arguments belong in constructive speeches, not in rebuttals or closings.
        extend=speech.kind in ("constructive", "exchange") and not last,
        last=last,
    )
    return _bot_record(speech, result.text, now, result.arguments, result.rebuttals)


def _bot_record(
    speech: Speech,
    text: str,
    now: datetime,
    arguments: Sequence[str],
    rebuttals: Sequence[str],
) -> SpeechRecord:
    return SpeechRecord(
        speech_key=speech.key,
        speaker="bot",
        text=text,
        words=word_count(text),
        started_at=now,
        ended_at=now,
        arguments=tuple(arguments),
        rebuttals=tuple(rebuttals),
    )
