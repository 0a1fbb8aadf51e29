"""Debate formats as data: speech order, times, POI windows and signals, as a chair knows them."""

from __future__ import annotations

import pytest

from bot.engine.debate.formats import (
    FORMATS,
    Format,
    Side,
    Speech,
    TimeSignal,
    clock,
    render_order,
)


def minutes(fmt: Format) -> list[float]:
    return [s.seconds / 60 for s in fmt.speeches]


def test_side_other_swaps() -> None:
    assert Side.PROPOSITION.other is Side.OPPOSITION
    assert Side.OPPOSITION.other is Side.PROPOSITION
    assert Side("proposition") == "proposition"


def test_all_required_formats_exist_and_keys_match() -> None:
    assert {"drill", "mini-ld", "bp", "ap", "ws", "ld", "pf"} <= set(FORMATS)
    for key, fmt in FORMATS.items():
        assert fmt.key == key
        assert fmt.description


def test_drill_is_three_exchanges_each_of_two_minutes_alternating() -> None:
    fmt = FORMATS["drill"]
    assert len(fmt.speeches) == 6
    assert minutes(fmt) == [2] * 6
    assert [s.side for s in fmt.speeches] == [Side.PROPOSITION, Side.OPPOSITION] * 3
    assert all(s.kind == "exchange" and not s.poi for s in fmt.speeches)
    assert fmt.prep_seconds == 0
    assert fmt.sparring
    assert fmt.total_seconds == 12 * 60


def test_mini_ld_is_3_4_2_3_2_with_a_minute_of_prep_a_side() -> None:
    fmt = FORMATS["mini-ld"]
    assert [s.key for s in fmt.speeches] == ["ac", "nc", "1ar", "nr", "2ar"]
    assert minutes(fmt) == [3, 4, 2, 3, 2]
    assert [s.side for s in fmt.speeches] == [
        Side.PROPOSITION,
        Side.OPPOSITION,
        Side.PROPOSITION,
        Side.OPPOSITION,
        Side.PROPOSITION,
    ]
    assert fmt.label(Side.PROPOSITION) == "Affirmative"
    assert (fmt.prep_seconds, fmt.prep_per_side, fmt.prep_in_pieces) == (60, True, True)
    assert fmt.sparring


def test_bp_is_eight_seven_minute_speeches_with_pois_between_one_and_six() -> None:
    fmt = FORMATS["bp"]
    assert [s.key for s in fmt.speeches] == ["pm", "lo", "dpm", "dlo", "mg", "mo", "gw", "ow"]
    assert [s.name for s in fmt.speeches][:2] == ["Prime Minister", "Leader of the Opposition"]
    assert [s.side for s in fmt.speeches] == [Side.PROPOSITION, Side.OPPOSITION] * 4
    assert all(s.seconds == 420 and s.poi_window == (60, 360) for s in fmt.speeches)
    assert fmt.total_seconds == 56 * 60
    assert fmt.side_labels == ("Government", "Opposition")
    assert (fmt.prep_seconds, fmt.prep_per_side, fmt.prep_in_pieces) == (15 * 60, False, False)
    assert not fmt.sparring
    assert "opening" in fmt.description.lower() and "closing" in fmt.description.lower()


def test_ap_has_six_speeches_then_opposition_reply_before_government_reply() -> None:
    fmt = FORMATS["ap"]
    assert [s.key for s in fmt.speeches] == ["pm", "lo", "dpm", "dlo", "gw", "ow", "or", "gr"]
    assert minutes(fmt) == [7] * 6 + [4, 4]
    assert all(s.poi_window == (60, 360) for s in fmt.speeches[:6])
    replies = fmt.speeches[6:]
    assert [s.side for s in replies] == [Side.OPPOSITION, Side.PROPOSITION]
    assert all(s.kind == "reply" and not s.poi for s in replies)
    assert fmt.prep_seconds == 30 * 60 and not fmt.prep_per_side
    assert fmt.total_seconds == 50 * 60


def test_ws_alternates_three_speakers_then_replies_opposition_first() -> None:
    fmt = FORMATS["ws"]
    assert [s.key for s in fmt.speeches] == ["p1", "o1", "p2", "o2", "p3", "o3", "or", "pr"]
    assert minutes(fmt) == [8] * 6 + [4, 4]
    assert all(s.poi_window == (60, 420) for s in fmt.speeches[:6])
    assert all(not s.poi for s in fmt.speeches[6:])
    assert fmt.speeches[6].side is Side.OPPOSITION
    assert fmt.prep_seconds == 60 * 60
    assert "1 hour" in fmt.description
    assert fmt.total_seconds == 56 * 60


def test_ld_is_6_3_7_3_4_6_3_with_four_minutes_of_prep_a_side() -> None:
    fmt = FORMATS["ld"]
    assert minutes(fmt) == [6, 3, 7, 3, 4, 6, 3]
    assert fmt.total_seconds == 32 * 60
    cx1, cx2 = fmt.speech("cx1"), fmt.speech("cx2")
    assert cx1.side is Side.OPPOSITION and cx2.side is Side.PROPOSITION
    assert cx1.kind == cx2.kind == "cross-examination"
    assert not any(s.poi for s in fmt.speeches)
    assert (fmt.prep_seconds, fmt.prep_per_side, fmt.prep_in_pieces) == (240, True, True)


def test_pf_is_4_4_3_4_4_3_3_3_3_2_2_with_crossfires_for_both_sides() -> None:
    fmt = FORMATS["pf"]
    assert minutes(fmt) == [4, 4, 3, 4, 4, 3, 3, 3, 3, 2, 2]
    assert fmt.total_seconds == 35 * 60
    crossfires = [s for s in fmt.speeches if s.kind == "crossfire"]
    assert [s.key for s in crossfires] == ["cf1", "cf2", "gcf"]
    assert all(s.side is None for s in crossfires)
    assert [s.kind for s in fmt.speeches if s.side is not None] == [
        "constructive",
        "constructive",
        "rebuttal",
        "rebuttal",
        "summary",
        "summary",
        "final-focus",
        "final-focus",
    ]
    assert fmt.side_labels == ("Pro", "Con")
    assert (fmt.prep_seconds, fmt.prep_per_side, fmt.prep_in_pieces) == (180, True, True)
    assert "2019" in fmt.description


def test_only_the_short_one_speaker_formats_are_for_sparring() -> None:
    assert {k for k, f in FORMATS.items() if f.sparring} == {"drill", "mini-ld"}


def test_formats_without_pois_have_no_protected_time() -> None:
    for fmt in FORMATS.values():
        for s in fmt.speeches:
            if not s.poi:
                assert s.protected_start == s.protected_end == 0
                assert s.poi_window is None


def test_bp_speech_signals_at_1_6_6_7_and_7_15() -> None:
    pm = FORMATS["bp"].speeches[0]
    assert pm.signals() == (
        TimeSignal(60, "POI window open", "poi-open"),
        TimeSignal(360, "POI window closed", "poi-closed"),
        TimeSignal(360, "one minute left", "one-minute"),
        TimeSignal(420, "time", "time"),
        TimeSignal(435, "grace over", "grace-over"),
    )


def test_short_speeches_get_no_one_minute_warning() -> None:
    short = Speech("x", "Short", Side.PROPOSITION, 90, kind="exchange")
    assert [s.key for s in short.signals()] == ["time", "grace-over"]
    two = FORMATS["drill"].speeches[0]
    assert [(s.at, s.key) for s in two.signals()] == [
        (60, "one-minute"),
        (120, "time"),
        (135, "grace-over"),
    ]


def test_grace_is_configurable() -> None:
    speech = Speech("x", "X", Side.PROPOSITION, 120, grace=30, kind="exchange")
    assert speech.signals()[-1] == TimeSignal(150, "grace over", "grace-over")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"seconds": 0},
        {"kind": "monologue"},
        {"protected_start": 60},
        {"poi": True, "protected_start": 60, "protected_end": 60, "seconds": 120},
    ],
)
def test_malformed_speeches_are_refused_at_definition(kwargs: dict) -> None:
    base = {"key": "x", "name": "X", "side": Side.PROPOSITION, "seconds": 420}
    with pytest.raises(ValueError):
        Speech(**(base | kwargs))


def test_a_format_with_repeated_speech_keys_is_refused() -> None:
    s = Speech("x", "X", Side.PROPOSITION, 60, kind="exchange")
    with pytest.raises(ValueError):
        Format("f", "F", (s, s), 0, False, False, ("A", "B"), False, "")
    with pytest.raises(ValueError):
        Format("f", "F", (s,), 0, True, False, ("A", "B"), False, "")


def test_render_order_lines() -> None:
    bp = render_order(FORMATS["bp"])
    assert bp[0] == "1. Prime Minister (Government) 7:00, POIs 1:00-6:00"
    assert bp[1] == "2. Leader of the Opposition 7:00, POIs 1:00-6:00"
    assert len(bp) == 8
    assert FORMATS["ap"].render_order()[6] == "7. Opposition Reply 4:00"
    pf = render_order(FORMATS["pf"])
    assert pf[1] == "2. Second Constructive (Con) 4:00"  # "Constructive" does not say "Con"
    assert pf[2] == "3. Crossfire, first speakers (both sides) 3:00"
    assert render_order(FORMATS["ld"])[1] == "2. Cross-examination by the Negative 3:00"


def test_label_and_clock() -> None:
    pf = FORMATS["pf"]
    assert pf.label(Side.PROPOSITION) == "Pro"
    assert pf.label(Side.OPPOSITION) == "Con"
    assert pf.label(None) == "both sides"
    assert clock(420) == "7:00"
    assert clock(5) == "0:05"
    assert clock(-15) == "-0:15"
    assert clock(3600) == "60:00"
