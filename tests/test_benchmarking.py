"""`debate-bot bench streaks` runs end to end and ends with its one summary line."""

from __future__ import annotations

import re

from bot.cli import main


def test_bench_streaks_reports_throughput_latency_and_no_lost_answers(capsys) -> None:
    assert (
        main(["bench", "streaks", "--users", "20", "--answers", "3", "--baseline-answers", "1"])
        == 0
    )
    last = capsys.readouterr().out.strip().splitlines()[-1]
    match = re.fullmatch(
        r"answers/s=(\d+) p99_ms=([\d.]+) lost=(-?\d+) baseline_answers/s=(\d+)", last
    )
    assert match, last
    assert int(match.group(3)) == 0
    assert int(match.group(1)) > 0 and int(match.group(4)) > 0
