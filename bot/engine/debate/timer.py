"""The timekeeper for human rounds: a state machine over a `Format`.

The rules, in the manner of h11's `_state.py`:

    status     event       ->  status
    ---------  ----------      ---------------------------------------------
    ready      start           running      the current speech's clock starts
    ready      start_prep      prep         only in formats with prep (see below)
    ready      next            ready        a speech skipped; after the last: finished
    running    pause           paused
    running    next            ready        the speech ends; after the last: finished
    paused     resume          running
    paused     next            ready        the speech ends; after the last: finished
    prep       end_prep        ready
    any but finished  stop     finished
    finished   anything        refused: the round is over

Every other (status, event) pair is illegal and raises `TimerError`, which names
both and carries a message for the member who pressed the button.

Timing rules:

- A speech's elapsed time is the sum of its run segments; paused time is not
  in any segment, so pauses never advance the clock or cross a signal.
- Elapsed time is never capped: past the limit the speech is in overtime
  (remaining goes negative), grace, then "grace over". Ending it is the chair's
  call, so the timer keeps counting until `next` or `stop`.
- Prep comes from a pool: one per side when `Format.prep_per_side` (LD, PF),
  else one shared pool. In formats whose prep is taken in pieces, each piece
  takes what it used from its pool and may start whenever no speech is under
  way; otherwise prep is one block before the first speech, and ending it
  early forfeits the rest. An empty pool refuses to start. Prep past an empty
  pool is not charged below zero: the pool is simply empty.
- The engine never reads the clock: every move takes `now`, an aware datetime.
  A `now` earlier than the segment it closes counts as no time (clock skew
  across a restart must not crash a round).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.engine.debate.formats import FORMATS, Format, Side, Speech, TimeSignal
from bot.errors import UserError

READY = "ready"
RUNNING = "running"
PAUSED = "paused"
PREP = "prep"
FINISHED = "finished"
STATUSES = (READY, RUNNING, PAUSED, PREP, FINISHED)

START = "start"
PAUSE = "pause"
RESUME = "resume"
NEXT = "next"
STOP = "stop"
START_PREP = "start_prep"
END_PREP = "end_prep"
EVENTS = (START, PAUSE, RESUME, NEXT, STOP, START_PREP, END_PREP)

# The legal moves; NEXT goes to FINISHED instead of READY after the last speech.
_TRANSITIONS: dict[str, dict[str, str]] = {
    READY: {START: RUNNING, START_PREP: PREP, NEXT: READY, STOP: FINISHED},
    RUNNING: {PAUSE: PAUSED, NEXT: READY, STOP: FINISHED},
    PAUSED: {RESUME: RUNNING, NEXT: READY, STOP: FINISHED},
    PREP: {END_PREP: READY, STOP: FINISHED},
    FINISHED: {},
}

_NO_PREP_RUNNING = "No prep time is running"
_NOT_STARTED = "The speech hasn't started yet: start it first"
_PREP_RUNNING = "Prep time is running: end prep first"
# What a member is told for each illegal move; every one is listed, so none falls
# back to a generic message (a test checks the table covers them all).
_REFUSALS: dict[tuple[str, str], str] = {
    (READY, PAUSE): _NOT_STARTED,
    (READY, RESUME): _NOT_STARTED,
    (READY, END_PREP): _NO_PREP_RUNNING,
    (RUNNING, START): "A speech is already running: pause it or go to the next speech",
    (RUNNING, RESUME): "The timer is already running",
    (RUNNING, START_PREP): "A speech is running: prep can only start between speeches",
    (RUNNING, END_PREP): _NO_PREP_RUNNING,
    (PAUSED, START): "The timer is paused: resume it or go to the next speech",
    (PAUSED, PAUSE): "The timer is already paused",
    (PAUSED, START_PREP): (
        "The timer is paused mid-speech: go to the next speech before starting prep"
    ),
    (PAUSED, END_PREP): _NO_PREP_RUNNING,
    (PREP, START): "Prep time is running: end prep before the speech starts",
    (PREP, PAUSE): _PREP_RUNNING,
    (PREP, RESUME): _PREP_RUNNING,
    (PREP, NEXT): _PREP_RUNNING,
    (PREP, START_PREP): "Prep time is already running",
    **{(FINISHED, event): "The round is over: start a new timer" for event in EVENTS},
}

_POOL_KEYS: dict[Side | None, str] = {
    Side.PROPOSITION: "proposition",
    Side.OPPOSITION: "opposition",
    None: "shared",
}
_ZERO = timedelta(0)


class TimerError(UserError):
    """An illegal move: `state` and `event` name it, `str()` tells the member what to do."""

    def __init__(self, message: str, *, state: str, event: str) -> None:
        super().__init__(message)
        self.state = state
        self.event = event


@dataclass(frozen=True, slots=True)
class PrepPool:
    side: Side | None
    """None: the shared pool of a format whose prep is not per side."""
    label: str
    remaining: int
    """Whole seconds left, rounded up, so 0 is shown only when the pool is empty."""


@dataclass(frozen=True, slots=True)
class TimerView:
    """What the timer shows at one moment; everything an adapter needs to render it."""

    speech: Speech | None
    """None once the round is finished."""
    number: int
    """1-based position of the current speech (when finished: of the one it ended on)."""
    total: int
    status: str
    elapsed: int
    """Whole seconds spoken in the current speech, rounded down."""
    remaining: int
    """Seconds to the limit; negative in overtime."""
    phase: str
    last_signal: TimeSignal | None
    prep: tuple[PrepPool, ...]
    prep_side: Side | None
    """Whose per-side prep is running; None when no prep runs or the pool is shared."""


@dataclass(slots=True)
class Timer:
    """A round's timekeeper. Mutable: each move changes it in place or raises unchanged."""

    format: Format
    index: int = 0
    """Position of the current speech in `format.speeches`."""
    status: str = READY
    runs: list[tuple[datetime, datetime]] = field(default_factory=list)
    """Closed run segments of the current speech; their sum is its accumulated time."""
    started_at: datetime | None = None
    """When the running clock (the speech's, or prep's) last started; None when stopped."""
    prep_left: dict[Side | None, timedelta] = field(default_factory=dict)
    """Prep pools: keyed by side when per side, by None when shared; empty without prep."""
    prep_side: Side | None = None
    """Whose pool the running prep draws from (None for the shared pool)."""

    def __post_init__(self) -> None:
        if not self.prep_left and self.format.has_prep:
            pool = timedelta(seconds=self.format.prep_seconds)
            keys: tuple[Side | None, ...] = (
                (Side.PROPOSITION, Side.OPPOSITION) if self.format.prep_per_side else (None,)
            )
            self.prep_left = dict.fromkeys(keys, pool)

    # -- moves ------------------------------------------------------------

    def start(self, now: datetime) -> None:
        """Start the current speech's clock."""
        self.status = self._check(START, now)
        self.started_at = now

    def pause(self, now: datetime) -> None:
        self.status = self._check(PAUSE, now)
        self._close_run(now)

    def resume(self, now: datetime) -> None:
        self.status = self._check(RESUME, now)
        self.started_at = now

    def next(self, now: datetime) -> None:
        """End the current speech (or skip it if not started) and make the next one ready."""
        target = self._check(NEXT, now)
        self.runs = []  # the next speech starts on a clean clock
        self.started_at = None
        self.index += 1
        self.status = FINISHED if self.index >= len(self.format.speeches) else target

    def stop(self, now: datetime) -> None:
        """End the round from wherever it is; prep in progress is charged to its pool."""
        was = self.status
        self.status = self._check(STOP, now)
        if was == PREP:
            self._charge_prep(now)
        elif was == RUNNING:
            self._close_run(now)
        self.started_at = None
        self.prep_side = None

    def start_prep(self, side: Side | None, now: datetime) -> None:
        """Start prep for `side` (ignored, may be None, when the pool is shared)."""
        target = self._check(START_PREP, now)
        fmt = self.format

        def refuse(message: str) -> TimerError:
            return TimerError(message, state=self.status, event=START_PREP)

        if not fmt.has_prep:
            raise refuse(f"{fmt.name} has no prep time")
        if not fmt.prep_in_pieces and self.index > 0:
            raise refuse(f"In {fmt.name} prep comes before the first speech")
        if fmt.prep_per_side and side is None:
            raise refuse(f"In {fmt.name} each side has its own prep: say whose prep it is")
        key = side if fmt.prep_per_side else None
        if self.prep_left[key] <= _ZERO:
            whose = fmt.label(key) if key is not None else "The round"
            raise refuse(f"{whose} has no prep time left")
        self.status = target
        self.prep_side = key
        self.started_at = now

    def end_prep(self, now: datetime) -> None:
        self.status = self._check(END_PREP, now)
        self._charge_prep(now)
        if not self.format.prep_in_pieces:
            # Prep taken as one block: what is left when it ends is gone.
            self.prep_left[self.prep_side] = _ZERO
        self.prep_side = None
        self.started_at = None

    # -- reading ----------------------------------------------------------

    @property
    def speech(self) -> Speech | None:
        """The current speech; None once the round is finished."""
        if self.status == FINISHED:
            return None
        return self.format.speeches[self.index]

    def elapsed_at(self, moment: datetime) -> timedelta:
        """Time spoken in the current speech up to `moment`; pauses count for nothing."""
        _require_aware(moment)
        spoken = sum((_span(a, min(b, moment)) for a, b in self.runs), _ZERO)
        if self.status == RUNNING and self.started_at is not None:
            spoken += _span(self.started_at, moment)
        return spoken

    def prep_remaining(self, now: datetime) -> dict[Side | None, timedelta]:
        """Each pool as it stands at `now`, the running piece already taken off."""
        pools = dict(self.prep_left)
        if self.status == PREP and self.started_at is not None:
            used = _span(self.started_at, now)
            pools[self.prep_side] = max(_ZERO, pools[self.prep_side] - used)
        return pools

    def view(self, now: datetime) -> TimerView:
        _require_aware(now)
        fmt = self.format
        pools = tuple(
            PrepPool(
                key,
                fmt.label(key) if key is not None else "Prep",
                math.ceil(left.total_seconds()),
            )
            for key, left in self.prep_remaining(now).items()
        )
        speech = self.speech
        total = len(fmt.speeches)
        number = min(self.index + 1, total)
        prep_side = self.prep_side if self.status == PREP else None
        if speech is None:
            return TimerView(None, number, total, FINISHED, 0, 0, FINISHED, None, pools, None)
        elapsed = math.floor(self.elapsed_at(now).total_seconds())
        last: TimeSignal | None = None
        if self.status in (RUNNING, PAUSED):
            phase = _phase(speech, elapsed)
            reached = [s for s in speech.signals() if s.at <= elapsed]
            last = reached[-1] if reached else None
        else:
            phase = self.status
        return TimerView(
            speech,
            number,
            total,
            self.status,
            elapsed,
            speech.seconds - elapsed,
            phase,
            last,
            pools,
            prep_side,
        )

    def signals_between(self, earlier: datetime, later: datetime) -> list[TimeSignal]:
        """Signals crossed after `earlier` and up to `later`, in order.

        The adapter calls this on each tick with the previous tick's time, and
        announces what it returns. Signals of the current speech are placed on
        its own clock, so a pause in between moves nothing; while prep runs, the
        one signal is "prep time over" when its pool runs dry.
        """
        _require_aware(earlier)
        _require_aware(later)
        if later <= earlier:
            return []
        if self.status == PREP and self.started_at is not None:
            pool = self.prep_left[self.prep_side]
            runs_dry = self.started_at + pool
            if earlier < runs_dry <= later:
                return [TimeSignal(math.ceil(pool.total_seconds()), "prep time over", "prep-over")]
            return []
        speech = self.speech
        if speech is None:
            return []
        before, after = self.elapsed_at(earlier), self.elapsed_at(later)
        return [s for s in speech.signals() if before < timedelta(seconds=s.at) <= after]

    # -- persistence ------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values; `Timer.from_dict` gives back an equal timer."""
        return {
            "format": self.format.key,
            "index": self.index,
            "status": self.status,
            "runs": [[a.isoformat(), b.isoformat()] for a, b in self.runs],
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "prep_left": {_POOL_KEYS[k]: v.total_seconds() for k, v in self.prep_left.items()},
            "prep_side": _POOL_KEYS[self.prep_side] if self.prep_side else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], formats: Mapping[str, Format] = FORMATS) -> Timer:
        """Rebuild a saved timer; ValueError when the data is not one `to_dict` wrote."""
        try:
            fmt = formats[data["format"]]
            sides = {name: key for key, name in _POOL_KEYS.items()}
            pools = {sides[k]: timedelta(seconds=float(v)) for k, v in data["prep_left"].items()}
            timer = cls(
                format=fmt,
                index=int(data["index"]),
                status=str(data["status"]),
                runs=[(_parse(a), _parse(b)) for a, b in data["runs"]],
                started_at=_parse(data["started_at"]) if data["started_at"] else None,
                prep_left=pools,
                prep_side=Side(data["prep_side"]) if data["prep_side"] else None,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"not a saved timer: {error!r}") from error
        count = len(fmt.speeches)
        if timer.status not in STATUSES or not 0 <= timer.index <= count:
            raise ValueError(f"not a saved timer: status {timer.status}, index {timer.index}")
        if timer.status != FINISHED and timer.index == count:
            raise ValueError("not a saved timer: past the last speech but not finished")
        if (timer.status in (RUNNING, PREP)) != (timer.started_at is not None):
            raise ValueError("not a saved timer: running clock without a start, or vice versa")
        # Compared with what was saved: the constructor would refill a missing pool.
        if set(pools) != set(cls(fmt).prep_left) or (
            timer.prep_side is not None and timer.prep_side not in timer.prep_left
        ):
            raise ValueError(f"not a saved timer: prep pools do not fit {fmt.name}")
        return timer

    # -- internals --------------------------------------------------------

    def _check(self, event: str, now: datetime) -> str:
        """The status `event` leads to from here, or the TimerError that refuses it."""
        _require_aware(now)
        target = _TRANSITIONS[self.status].get(event)
        if target is None:
            raise TimerError(_REFUSALS[(self.status, event)], state=self.status, event=event)
        return target

    def _close_run(self, now: datetime) -> None:
        if self.started_at is not None:
            self.runs.append((self.started_at, max(now, self.started_at)))
        self.started_at = None

    def _charge_prep(self, now: datetime) -> None:
        if self.started_at is None:
            return
        used = _span(self.started_at, now)
        left = self.prep_left[self.prep_side]
        self.prep_left[self.prep_side] = max(_ZERO, left - used)


def _phase(speech: Speech, elapsed: int) -> str:
    if elapsed >= speech.seconds + speech.grace:
        return "grace over"
    if elapsed >= speech.seconds:
        return "overtime (grace)"
    window = speech.poi_window
    if window is None:
        return "speaking"
    if elapsed < window[0]:
        return "protected"
    if elapsed < window[1]:
        return "POI window open"
    return "POI window closed"


def _span(start: datetime, end: datetime) -> timedelta:
    return max(_ZERO, end - start)


def _require_aware(moment: datetime) -> None:
    # A naive datetime is a bug in the caller, not something a member did.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the timer needs timezone-aware datetimes")


def _parse(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    _require_aware(moment)
    return moment
