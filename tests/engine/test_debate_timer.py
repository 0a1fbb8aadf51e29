"""The round timekeeper: every move and timing rule, driven by injected datetimes (no sleeping)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest

from bot.engine.debate import timer as timer_module
from bot.engine.debate.formats import FORMATS, Side, TimeSignal
from bot.engine.debate.timer import (
    EVENTS,
    FINISHED,
    PAUSED,
    PREP,
    READY,
    RUNNING,
    STATUSES,
    PrepPool,
    Timer,
    TimerError,
)
from bot.errors import UserError

T0 = datetime(2024, 5, 4, 18, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def timer_in(status: str, key: str = "ld") -> Timer:
    """A timer in `status`, reached by legal moves around T0."""
    t = Timer(FORMATS[key])
    if status == RUNNING:
        t.start(at(0))
    elif status == PAUSED:
        t.start(at(0))
        t.pause(at(10))
    elif status == PREP:
        t.start_prep(Side.PROPOSITION, at(0))
    elif status == FINISHED:
        t.stop(at(0))
    return t


def call(t: Timer, event: str, now: datetime) -> None:
    if event == "start_prep":
        t.start_prep(Side.PROPOSITION, now)
    else:
        getattr(t, event)(now)


# -- a speech ---------------------------------------------------------------


def test_a_new_timer_is_ready_at_the_first_speech() -> None:
    t = Timer(FORMATS["bp"])
    view = t.view(at(0))
    assert view.speech is FORMATS["bp"].speeches[0]
    assert (view.number, view.total, view.status) == (1, 8, READY)
    assert (view.elapsed, view.remaining, view.phase, view.last_signal) == (0, 420, READY, None)
    assert view.prep == (PrepPool(None, "Prep", 900),)


def test_bp_speech_phases_and_last_signal_through_time_and_grace() -> None:
    t = Timer(FORMATS["bp"])
    t.start(at(0))
    expected = [
        (0, "protected", None),
        (59.9, "protected", None),
        (60, "POI window open", "poi-open"),
        (359, "POI window open", "poi-open"),
        (360, "POI window closed", "one-minute"),
        (419, "POI window closed", "one-minute"),
        (420, "overtime (grace)", "time"),
        (434, "overtime (grace)", "time"),
        (435, "grace over", "grace-over"),
        (500, "grace over", "grace-over"),
    ]
    for seconds, phase, signal in expected:
        view = t.view(at(seconds))
        assert view.status == RUNNING
        assert view.phase == phase, seconds
        assert (view.last_signal.key if view.last_signal else None) == signal, seconds


def test_overtime_has_negative_remaining_time() -> None:
    t = Timer(FORMATS["bp"])
    t.start(at(0))
    view = t.view(at(427))
    assert (view.elapsed, view.remaining) == (427, -7)
    assert t.view(at(59.9)).elapsed == 59  # whole seconds, rounded down
    assert t.view(at(59.9)).remaining == 361


def test_a_speech_without_pois_is_just_speaking_until_time() -> None:
    t = Timer(FORMATS["ld"])
    t.start(at(0))
    assert t.view(at(10)).phase == "speaking"
    assert t.view(at(360)).phase == "overtime (grace)"
    assert t.view(at(375)).phase == "grace over"


def test_pause_and_resume_do_not_count_paused_time() -> None:
    t = Timer(FORMATS["bp"])
    t.start(at(0))
    t.pause(at(50))
    assert t.view(at(50)).status == PAUSED
    assert t.view(at(500)).elapsed == 50  # paused: the clock stands still
    assert t.view(at(500)).phase == "protected"
    t.resume(at(500))
    assert t.view(at(520)).elapsed == 70
    t.pause(at(530))
    t.resume(at(600))
    assert t.view(at(610)).elapsed == 90
    assert t.elapsed_at(at(610)) == timedelta(seconds=90)


def test_next_moves_through_every_speech_to_finished() -> None:
    fmt = FORMATS["ld"]
    t = Timer(fmt)
    now = 0.0
    for number, speech in enumerate(fmt.speeches, start=1):
        view = t.view(at(now))
        assert (view.speech, view.number, view.status, view.elapsed) == (speech, number, READY, 0)
        t.start(at(now))
        now += speech.seconds
        t.next(at(now))
    assert t.status == FINISHED
    view = t.view(at(now))
    assert (view.speech, view.status, view.phase, view.number) == (None, FINISHED, FINISHED, 7)
    assert t.speech is None


def test_next_from_ready_skips_and_from_paused_ends_the_speech() -> None:
    t = Timer(FORMATS["pf"])
    t.next(at(0))
    assert (t.index, t.status) == (1, READY)
    t.start(at(1))
    t.pause(at(30))
    t.next(at(40))
    assert (t.index, t.status, t.runs, t.started_at) == (2, READY, [], None)
    assert t.view(at(40)).speech.kind == "crossfire"
    assert t.view(at(40)).speech.side is None


@pytest.mark.parametrize("status", [READY, RUNNING, PAUSED, PREP])
def test_stop_finishes_from_every_state_but_finished(status: str) -> None:
    t = timer_in(status)
    t.stop(at(20))
    assert t.status == FINISHED
    assert t.view(at(30)).speech is None
    assert t.started_at is None
    with pytest.raises(TimerError, match="The round is over: start a new timer"):
        t.stop(at(40))


def test_stop_during_prep_charges_the_prep_used() -> None:
    t = timer_in(PREP)
    t.stop(at(20))
    assert t.prep_left[Side.PROPOSITION] == timedelta(seconds=220)


# -- illegal moves ----------------------------------------------------------


def test_every_illegal_move_has_a_message() -> None:
    for status in STATUSES:
        for event in EVENTS:
            legal = event in timer_module._TRANSITIONS[status]
            assert legal != ((status, event) in timer_module._REFUSALS), (status, event)


@pytest.mark.parametrize(
    ("status", "event"),
    [(s, e) for s in STATUSES for e in EVENTS if e not in timer_module._TRANSITIONS[s]],
)
def test_illegal_moves_raise_timer_error_naming_state_and_event(status: str, event: str) -> None:
    t = timer_in(status)
    before = t.to_dict()
    with pytest.raises(TimerError) as caught:
        call(t, event, at(20))
    assert (caught.value.state, caught.value.event) == (status, event)
    assert str(caught.value) == timer_module._REFUSALS[(status, event)]
    assert isinstance(caught.value, UserError)
    assert t.to_dict() == before  # a refused move changes nothing


@pytest.mark.parametrize(
    ("status", "event", "message"),
    [
        (RUNNING, "start", "A speech is already running: pause it or go to the next speech"),
        (PAUSED, "start", "The timer is paused: resume it or go to the next speech"),
        (PAUSED, "pause", "The timer is already paused"),
        (RUNNING, "resume", "The timer is already running"),
        (READY, "pause", "The speech hasn't started yet: start it first"),
        (FINISHED, "next", "The round is over: start a new timer"),
        (FINISHED, "start", "The round is over: start a new timer"),
        (RUNNING, "start_prep", "A speech is running: prep can only start between speeches"),
        (PREP, "start", "Prep time is running: end prep before the speech starts"),
        (READY, "end_prep", "No prep time is running"),
    ],
)
def test_illegal_move_messages_tell_the_member_what_to_do(
    status: str, event: str, message: str
) -> None:
    with pytest.raises(TimerError, match=f"^{re.escape(message)}$"):
        call(timer_in(status), event, at(20))


def test_next_after_the_last_speech_is_refused() -> None:
    t = Timer(FORMATS["drill"])
    for _ in range(6):
        t.next(at(0))
    assert t.status == FINISHED
    with pytest.raises(TimerError, match="round is over"):
        t.next(at(1))
    with pytest.raises(TimerError, match="round is over"):
        t.start(at(1))


def test_naive_datetimes_are_a_bug_not_a_user_error() -> None:
    t = Timer(FORMATS["bp"])
    with pytest.raises(ValueError, match="timezone-aware"):
        t.start(datetime(2024, 5, 4, 18, 0))
    assert t.status == READY


def test_a_clock_that_goes_backwards_counts_no_time() -> None:
    t = Timer(FORMATS["bp"])
    t.start(at(100))
    assert t.view(at(90)).elapsed == 0
    t.pause(at(90))
    assert t.elapsed_at(at(200)) == timedelta(0)


def test_other_timezones_measure_the_same_instants() -> None:
    t = Timer(FORMATS["bp"])
    t.start(at(0))
    plus_two = at(75).astimezone(timezone(timedelta(hours=2)))
    assert t.view(plus_two).elapsed == 75


# -- prep -------------------------------------------------------------------


def test_prep_is_refused_in_a_format_without_prep() -> None:
    t = Timer(FORMATS["drill"])
    assert t.view(at(0)).prep == ()
    with pytest.raises(TimerError, match=r"^Quick drill has no prep time$") as caught:
        t.start_prep(None, at(0))
    assert (caught.value.state, caught.value.event) == (READY, "start_prep")
    assert t.status == READY


def test_prep_is_refused_while_a_speech_runs_or_is_paused() -> None:
    t = Timer(FORMATS["ld"])
    t.start(at(0))
    with pytest.raises(TimerError, match="A speech is running"):
        t.start_prep(Side.OPPOSITION, at(5))
    t.pause(at(10))
    with pytest.raises(TimerError, match="paused"):
        t.start_prep(Side.OPPOSITION, at(15))
    t.next(at(20))
    t.start_prep(Side.OPPOSITION, at(20))  # between speeches: fine
    assert t.status == PREP


def test_ld_prep_per_side_used_in_pieces_until_empty() -> None:
    t = Timer(FORMATS["ld"])
    aff, neg = Side.PROPOSITION, Side.OPPOSITION
    assert t.prep_left == {aff: timedelta(minutes=4), neg: timedelta(minutes=4)}

    t.start_prep(neg, at(0))
    view = t.view(at(45))
    assert (view.status, view.phase, view.prep_side) == (PREP, PREP, neg)
    assert view.prep == (PrepPool(aff, "Affirmative", 240), PrepPool(neg, "Negative", 195))
    t.end_prep(at(90))  # 1:30 used
    assert t.status == READY
    assert t.prep_left[neg] == timedelta(seconds=150)
    assert t.prep_left[aff] == timedelta(minutes=4)  # the other side's pool is untouched

    t.start(at(100))
    t.next(at(460))
    t.start_prep(neg, at(470))
    t.end_prep(at(620))  # 2:30 more: empty
    assert t.prep_left[neg] == timedelta(0)
    assert t.view(at(620)).prep[1].remaining == 0

    with pytest.raises(TimerError, match=r"^Negative has no prep time left$"):
        t.start_prep(neg, at(630))
    t.start_prep(aff, at(630))  # the affirmative still has all of theirs
    assert t.prep_side is aff


def test_prep_past_the_pool_stops_at_zero_and_signals_once() -> None:
    t = Timer(FORMATS["pf"])
    t.start_prep(Side.OPPOSITION, at(0))
    assert t.signals_between(at(170), at(179)) == []
    assert t.signals_between(at(175), at(185)) == [TimeSignal(180, "prep time over", "prep-over")]
    assert t.signals_between(at(185), at(190)) == []
    assert t.view(at(200)).prep[1].remaining == 0
    t.end_prep(at(200))
    assert t.prep_left[Side.OPPOSITION] == timedelta(0)


def test_per_side_prep_needs_a_side() -> None:
    t = Timer(FORMATS["pf"])
    with pytest.raises(TimerError, match="each side has its own prep"):
        t.start_prep(None, at(0))


def test_shared_prep_comes_before_the_first_speech_and_ending_it_forfeits_the_rest() -> None:
    t = Timer(FORMATS["bp"])
    t.start_prep(Side.PROPOSITION, at(0))  # the side is irrelevant: one shared pool
    view = t.view(at(600))
    assert view.prep == (PrepPool(None, "Prep", 300),)
    assert view.prep_side is None
    t.end_prep(at(720))  # 12 minutes: the round starts, the last 3 are gone
    assert t.prep_left == {None: timedelta(0)}
    with pytest.raises(TimerError, match=r"^The round has no prep time left$"):
        t.start_prep(None, at(730))


def test_shared_prep_is_refused_once_the_round_has_begun() -> None:
    t = Timer(FORMATS["ap"])
    t.start(at(0))
    t.next(at(420))
    with pytest.raises(TimerError, match=r"^In Asian Parliamentary prep comes before the first"):
        t.start_prep(None, at(430))


# -- signals between ticks --------------------------------------------------


def test_signals_between_ticks_are_announced_once() -> None:
    t = Timer(FORMATS["bp"])
    t.start(at(0))
    ticks = [at(s) for s in range(0, 445, 5)]
    heard = [s.key for a, b in pairwise(ticks) for s in t.signals_between(a, b)]
    assert heard == ["poi-open", "poi-closed", "one-minute", "time", "grace-over"]
    assert t.signals_between(at(55), at(60)) == [TimeSignal(60, "POI window open", "poi-open")]
    assert t.signals_between(at(60), at(65)) == []
    assert t.signals_between(at(65), at(60)) == []


def test_signals_between_across_a_pause_use_the_speech_clock() -> None:
    t = Timer(FORMATS["bp"])
    t.start(at(0))
    t.pause(at(58))
    t.resume(at(300))  # 242 seconds paused
    # Wall clock 55 -> 301 is speech time 55 -> 59: nothing crossed.
    assert t.signals_between(at(55), at(301)) == []
    # Wall clock 301 -> 303 is speech time 59 -> 61: the window opens.
    assert [s.key for s in t.signals_between(at(301), at(303))] == ["poi-open"]
    # A tick just before the pause and the first after resuming.
    assert [s.key for s in t.signals_between(at(50), at(305))] == ["poi-open"]


def test_a_signal_crossed_just_before_a_pause_is_still_reported() -> None:
    t = Timer(FORMATS["bp"])
    t.start(at(0))
    t.pause(at(62))  # crossed 1:00 between the last tick (55) and the pause
    assert [s.key for s in t.signals_between(at(55), at(200))] == ["poi-open"]
    t.resume(at(200))
    assert [s.key for s in t.signals_between(at(55), at(205))] == ["poi-open"]


def test_no_signals_when_ready_or_finished() -> None:
    t = Timer(FORMATS["bp"])
    assert t.signals_between(at(0), at(1000)) == []
    t.stop(at(0))
    assert t.signals_between(at(0), at(1000)) == []


# -- surviving a restart ----------------------------------------------------


def round_trip(t: Timer) -> Timer:
    data = json.loads(json.dumps(t.to_dict()))
    return Timer.from_dict(data)


def test_round_trip_of_a_paused_speech_mid_round() -> None:
    t = Timer(FORMATS["ld"])
    t.start_prep(Side.PROPOSITION, at(0))
    t.end_prep(at(33.25))
    t.start(at(40))
    t.next(at(400))
    t.start(at(410))
    t.pause(at(470.123456))
    t.resume(at(500))
    t.pause(at(530))
    back = round_trip(t)
    assert back == t
    assert back.to_dict() == t.to_dict()
    assert back.view(at(900)) == t.view(at(900))
    assert back.view(at(900)).elapsed == 90
    back.resume(at(1000))
    assert back.view(at(1010)).elapsed == 100


def test_round_trip_of_a_running_speech() -> None:
    t = Timer(FORMATS["bp"])
    t.start(at(0))
    t.pause(at(30))
    t.resume(at(45))
    back = round_trip(t)
    assert back == t
    assert back.status == RUNNING
    assert back.view(at(100)) == t.view(at(100))
    assert back.signals_between(at(70), at(80)) == t.signals_between(at(70), at(80))
    assert [s.key for s in back.signals_between(at(70), at(80))] == ["poi-open"]


@pytest.mark.parametrize("status", [READY, RUNNING, PAUSED, PREP, FINISHED])
def test_round_trip_in_every_state(status: str) -> None:
    t = timer_in(status, "pf")
    assert round_trip(t) == t


def test_round_trip_keeps_other_timezones() -> None:
    t = Timer(FORMATS["bp"])
    t.start(datetime(2024, 5, 4, 20, 0, tzinfo=timezone(timedelta(hours=2))))
    back = round_trip(t)
    assert back == t
    assert back.started_at.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    "change",
    [
        {"format": "nope"},
        {"status": "sleeping"},
        {"index": 99},
        {"status": "running", "started_at": None},
        {"started_at": "2024-05-04T18:00:00"},
        {"prep_left": {"everyone": 10}},
        {"prep_left": {"shared": 10}},
        {"prep_left": {}},
    ],
)
def test_from_dict_refuses_data_it_did_not_write(change: dict) -> None:
    data = timer_in(READY).to_dict() | change
    with pytest.raises(ValueError, match=r"not a saved timer|timezone-aware"):
        Timer.from_dict(data)
