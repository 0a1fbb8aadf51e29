"""Debate formats as data: which speeches, in what order, how long, and when POIs may come.

A format is a tuple of `Speech` values plus its prep rules, so the timer, the
sparring rounds and the help texts all read one source. Adding a format is a
new entry in `FORMATS`, never new code: the timer knows nothing about BP or LD,
only about speeches with protected time, grace and prep pools.

Times are whole seconds. Side is the debate-world side (proposition or
opposition); each format says what its sides are called (Government, Affirmative,
Pro, ...). A speech with no side (a crossfire) belongs to both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Side(StrEnum):
    PROPOSITION = "proposition"
    OPPOSITION = "opposition"

    @property
    def other(self) -> Side:
        return Side.OPPOSITION if self is Side.PROPOSITION else Side.PROPOSITION


PROP = Side.PROPOSITION
OPP = Side.OPPOSITION

KINDS = frozenset(
    {
        "constructive",
        "rebuttal",
        "reply",
        "crossfire",
        "summary",
        "final-focus",
        "cross-examination",
        "exchange",
    }
)


def clock(seconds: int) -> str:
    """`m:ss`, with a minus sign in overtime: what a timekeeper holds up, not `0:07:00`."""
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    return f"{sign}{minutes}:{secs:02d}"


@dataclass(frozen=True, slots=True)
class TimeSignal:
    """A moment in a speech the timekeeper announces (a knock, a card, a bell)."""

    at: int
    """Seconds into the speech."""
    label: str
    key: str
    """Stable name for adapters: poi-open, poi-closed, one-minute, time, grace-over, prep-over."""


@dataclass(frozen=True, slots=True)
class Speech:
    key: str
    name: str
    side: Side | None
    """None: both sides speak (a crossfire)."""
    seconds: int
    protected_start: int = 0
    """No POIs before this many seconds; 0 when the format has no POIs."""
    protected_end: int = 0
    """No POIs in this many final seconds; 0 when the format has no POIs."""
    poi: bool = False
    """Whether POIs may be offered between the protected times."""
    grace: int = 15
    """Seconds after time before the speaker must stop; a chair's courtesy, not speaking time."""
    kind: str = "constructive"

    def __post_init__(self) -> None:
        # A malformed speech is a bug in FORMATS, caught at import rather than mid-round.
        if self.seconds <= 0 or self.grace < 0:
            raise ValueError(f"speech {self.key}: seconds must be > 0 and grace >= 0")
        if self.kind not in KINDS:
            raise ValueError(f"speech {self.key}: unknown kind {self.kind!r}")
        if not self.poi and (self.protected_start or self.protected_end):
            raise ValueError(f"speech {self.key}: protected time without POIs")
        if self.poi and not (
            0 <= self.protected_start < self.seconds - self.protected_end <= self.seconds
        ):
            raise ValueError(f"speech {self.key}: the POI window is empty")

    @property
    def poi_window(self) -> tuple[int, int] | None:
        """(open, close) in seconds, or None for a speech without POIs."""
        if not self.poi:
            return None
        return self.protected_start, self.seconds - self.protected_end

    def signals(self) -> tuple[TimeSignal, ...]:
        """The speech's time signals in the order a timekeeper gives them."""
        found: list[TimeSignal] = []
        window = self.poi_window
        if window is not None:
            found.append(TimeSignal(window[0], "POI window open", "poi-open"))
            found.append(TimeSignal(window[1], "POI window closed", "poi-closed"))
        # In a short speech a one-minute warning would land on top of the start.
        if self.seconds > 90:
            found.append(TimeSignal(self.seconds - 60, "one minute left", "one-minute"))
        found.append(TimeSignal(self.seconds, "time", "time"))
        found.append(TimeSignal(self.seconds + self.grace, "grace over", "grace-over"))
        # Stable sort: at 6:00 in BP "POI window closed" comes before "one minute left".
        return tuple(sorted(found, key=lambda s: s.at))


@dataclass(frozen=True, slots=True)
class Format:
    key: str
    name: str
    speeches: tuple[Speech, ...]
    prep_seconds: int
    """Prep time, per side when `prep_per_side`, else one pool for everyone; 0: none."""
    prep_per_side: bool
    prep_in_pieces: bool
    """Prep may be taken in pieces between speeches (LD, PF); otherwise it is one block
    before the first speech (BP, AP, WS) and ending it early forfeits the rest."""
    side_labels: tuple[str, str]
    """What the proposition and opposition are called in this format."""
    sparring: bool
    """Short enough, and one speaker a side, to play 1-v-1 against the bot."""
    description: str

    def __post_init__(self) -> None:
        keys = [s.key for s in self.speeches]
        if not self.speeches or len(set(keys)) != len(keys):
            raise ValueError(f"format {self.key}: speeches missing or keys repeated")
        if self.prep_seconds < 0 or (
            not self.prep_seconds and (self.prep_per_side or self.prep_in_pieces)
        ):
            raise ValueError(f"format {self.key}: prep rules without prep time")

    @property
    def total_seconds(self) -> int:
        """Speaking time of the whole round, without prep or grace."""
        return sum(s.seconds for s in self.speeches)

    @property
    def has_prep(self) -> bool:
        return self.prep_seconds > 0

    def label(self, side: Side | None) -> str:
        """The format's name for a side ("Government"), or "both sides" for None."""
        if side is None:
            return "both sides"
        return self.side_labels[0] if side is Side.PROPOSITION else self.side_labels[1]

    def speech(self, key: str) -> Speech:
        for s in self.speeches:
            if s.key == key:
                return s
        raise KeyError(key)

    def render_order(self) -> list[str]:
        return render_order(self)


def render_order(fmt: Format) -> list[str]:
    """One line per speech: "1. Prime Minister (Government) 7:00, POIs 1:00-6:00".

    The side is left out when the speech's name already says it
    ("Affirmative Constructive"), so no line reads like a stutter.
    """
    lines: list[str] = []
    for number, speech in enumerate(fmt.speeches, start=1):
        label = fmt.label(speech.side)
        said = re.search(rf"\b{re.escape(label)}\b", speech.name, re.IGNORECASE)
        who = "" if said else f" ({label})"
        line = f"{number}. {speech.name}{who} {clock(speech.seconds)}"
        window = speech.poi_window
        if window is not None:
            line += f", POIs {clock(window[0])}-{clock(window[1])}"
        lines.append(line)
    return lines


def _parliamentary(
    key: str, name: str, side: Side, seconds: int, kind: str = "constructive"
) -> Speech:
    """A speech with POIs after the first minute and before the last."""
    return Speech(key, name, side, seconds, 60, 60, poi=True, kind=kind)


def _plain(key: str, name: str, side: Side | None, seconds: int, kind: str) -> Speech:
    return Speech(key, name, side, seconds, kind=kind)


_DRILL = Format(
    key="drill",
    name="Quick drill",
    speeches=tuple(
        _plain(f"{'p' if side is PROP else 'o'}{n}", f"Exchange {n}", side, 120, "exchange")
        for n in (1, 2, 3)
        for side in (PROP, OPP)
    ),
    prep_seconds=0,
    prep_per_side=False,
    prep_in_pieces=False,
    side_labels=("Proposition", "Opposition"),
    sparring=True,
    description=(
        "A quick 1-v-1 drill against the bot: three exchanges of 2 minutes each, you and "
        "the bot taking turns. No POIs and no prep: it trains thinking on your feet, not "
        "any league's rules."
    ),
)

_MINI_LD = Format(
    key="mini-ld",
    name="Mini Lincoln-Douglas",
    speeches=(
        _plain("ac", "Affirmative Constructive", PROP, 180, "constructive"),
        _plain("nc", "Negative Constructive", OPP, 240, "constructive"),
        _plain("1ar", "First Affirmative Rebuttal", PROP, 120, "rebuttal"),
        _plain("nr", "Negative Rebuttal", OPP, 180, "rebuttal"),
        _plain("2ar", "Second Affirmative Rebuttal", PROP, 120, "rebuttal"),
    ),
    prep_seconds=60,
    prep_per_side=True,
    prep_in_pieces=True,
    side_labels=("Affirmative", "Negative"),
    sparring=True,
    description=(
        "Lincoln-Douglas cut to 3-4-2-3-2 for a round against the bot: the speeches of LD "
        "without the cross-examinations, and 1 minute of prep a side, taken in pieces. "
        "This is a practice shape, not a league format."
    ),
)

_BP = Format(
    key="bp",
    name="British Parliamentary",
    speeches=(
        _parliamentary("pm", "Prime Minister", PROP, 420),
        _parliamentary("lo", "Leader of the Opposition", OPP, 420),
        _parliamentary("dpm", "Deputy Prime Minister", PROP, 420),
        _parliamentary("dlo", "Deputy Leader of the Opposition", OPP, 420),
        _parliamentary("mg", "Member of Government", PROP, 420),
        _parliamentary("mo", "Member of Opposition", OPP, 420),
        _parliamentary("gw", "Government Whip", PROP, 420, "summary"),
        _parliamentary("ow", "Opposition Whip", OPP, 420, "summary"),
    ),
    prep_seconds=15 * 60,
    prep_per_side=False,
    prep_in_pieces=False,
    side_labels=("Government", "Opposition"),
    sparring=False,
    description=(
        "British Parliamentary (the WUDC format): four teams of two, opening and closing "
        "Government and Opposition benches, eight 7-minute speeches with POIs between 1:00 "
        "and 6:00, and 15 minutes of prep for all teams at once. Schools and novice "
        "competitions sometimes shorten the speeches."
    ),
)

_AP = Format(
    key="ap",
    name="Asian Parliamentary",
    speeches=(
        _parliamentary("pm", "Prime Minister", PROP, 420),
        _parliamentary("lo", "Leader of the Opposition", OPP, 420),
        _parliamentary("dpm", "Deputy Prime Minister", PROP, 420),
        _parliamentary("dlo", "Deputy Leader of the Opposition", OPP, 420),
        _parliamentary("gw", "Government Whip", PROP, 420, "rebuttal"),
        _parliamentary("ow", "Opposition Whip", OPP, 420, "rebuttal"),
        _plain("or", "Opposition Reply", OPP, 240, "reply"),
        _plain("gr", "Government Reply", PROP, 240, "reply"),
    ),
    prep_seconds=30 * 60,
    prep_per_side=False,
    prep_in_pieces=False,
    side_labels=("Government", "Opposition"),
    sparring=False,
    description=(
        "Asian Parliamentary: two teams of three, six 7-minute speeches with POIs between "
        "1:00 and 6:00, then 4-minute replies without POIs, Opposition first, and 30 "
        "minutes of prep. Tournaments vary speech lengths and prep."
    ),
)

_WS = Format(
    key="ws",
    name="World Schools",
    speeches=(
        Speech("p1", "First Proposition", PROP, 480, 60, 60, poi=True),
        Speech("o1", "First Opposition", OPP, 480, 60, 60, poi=True),
        Speech("p2", "Second Proposition", PROP, 480, 60, 60, poi=True),
        Speech("o2", "Second Opposition", OPP, 480, 60, 60, poi=True),
        Speech("p3", "Third Proposition", PROP, 480, 60, 60, poi=True, kind="rebuttal"),
        Speech("o3", "Third Opposition", OPP, 480, 60, 60, poi=True, kind="rebuttal"),
        _plain("or", "Opposition Reply", OPP, 240, "reply"),
        _plain("pr", "Proposition Reply", PROP, 240, "reply"),
    ),
    prep_seconds=60 * 60,
    prep_per_side=False,
    prep_in_pieces=False,
    side_labels=("Proposition", "Opposition"),
    sparring=False,
    description=(
        "World Schools (WSDC style): three speakers a side, 8-minute speeches with POIs "
        "between 1:00 and 7:00, then 4-minute replies without POIs by the first or second "
        "speaker, Opposition first. Prep here is 60 minutes, as impromptu motions commonly "
        "get 1 hour; prepared motions are released well before the round. Leagues for "
        "younger students often shorten the speeches."
    ),
)

_LD = Format(
    key="ld",
    name="Lincoln-Douglas",
    speeches=(
        _plain("ac", "Affirmative Constructive", PROP, 360, "constructive"),
        _plain("cx1", "Cross-examination by the Negative", OPP, 180, "cross-examination"),
        _plain("nc", "Negative Constructive", OPP, 420, "constructive"),
        _plain("cx2", "Cross-examination by the Affirmative", PROP, 180, "cross-examination"),
        _plain("1ar", "First Affirmative Rebuttal", PROP, 240, "rebuttal"),
        _plain("nr", "Negative Rebuttal", OPP, 360, "rebuttal"),
        _plain("2ar", "Second Affirmative Rebuttal", PROP, 180, "rebuttal"),
    ),
    prep_seconds=4 * 60,
    prep_per_side=True,
    prep_in_pieces=True,
    side_labels=("Affirmative", "Negative"),
    sparring=False,
    description=(
        "Lincoln-Douglas (NSDA times): one debater a side, 6-3-7-3-4-6-3 with the two "
        "cross-examinations, no POIs, and 4 minutes of prep each, taken in pieces between "
        "speeches. Some leagues and tournaments set a different amount of prep."
    ),
)

_PF = Format(
    key="pf",
    name="Public Forum",
    speeches=(
        _plain("c1", "First Constructive", PROP, 240, "constructive"),
        _plain("c2", "Second Constructive", OPP, 240, "constructive"),
        _plain("cf1", "Crossfire, first speakers", None, 180, "crossfire"),
        _plain("r1", "First Rebuttal", PROP, 240, "rebuttal"),
        _plain("r2", "Second Rebuttal", OPP, 240, "rebuttal"),
        _plain("cf2", "Crossfire, second speakers", None, 180, "crossfire"),
        _plain("s1", "First Summary", PROP, 180, "summary"),
        _plain("s2", "Second Summary", OPP, 180, "summary"),
        _plain("gcf", "Grand Crossfire", None, 180, "crossfire"),
        _plain("ff1", "First Final Focus", PROP, 120, "final-focus"),
        _plain("ff2", "Second Final Focus", OPP, 120, "final-focus"),
    ),
    prep_seconds=3 * 60,
    prep_per_side=True,
    prep_in_pieces=True,
    side_labels=("Pro", "Con"),
    sparring=False,
    description=(
        "Public Forum (NSDA times): two teams of two, 4-minute constructives and "
        "rebuttals, 3-minute summaries, 2-minute final focuses, three 3-minute "
        "crossfires, and 3 minutes of prep per team taken in pieces. A coin toss decides "
        "who speaks first; this timer lists Pro first. Summaries are 3 minutes since the "
        "2019 rule change, so older guides show 2."
    ),
)

FORMATS: dict[str, Format] = {f.key: f for f in (_DRILL, _MINI_LD, _BP, _AP, _WS, _LD, _PF)}
"""Every format the bot knows, by key; `sparring` marks the ones playable against the bot."""
