"""`debate-bot bench streaks` runs end to end and ends with its one summary line."""

from __future__ import annotations

import re

import pytest

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


def test_bench_streaks_prints_every_round_and_sums_their_lost_answers(capsys) -> None:
    argv = ["bench", "streaks", "--users", "10", "--answers", "2", "--baseline-answers", "1"]
    assert main([*argv, "--rounds", "2"]) == 0
    out = capsys.readouterr().out
    assert len(re.findall(r"^bot path, round \d: 20 answers", out, re.MULTILINE)) == 2
    assert "median of 2 round(s):" in out and "lost 0 in all" in out


def test_bench_streaks_refuses_a_count_below_one(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["bench", "streaks", "--rounds", "0"])
    assert exit_.value.code == 2
    assert "'0' is not a whole number of 1 or more" in capsys.readouterr().err


async def test_the_app_load_benchmark_counts_every_answer_and_miss_exactly(tmp_path) -> None:
    from benchmarks.app_load import run
    from bot.config import REPO_ROOT
    from bot.knowledge import load_knowledge

    url = f"sqlite:///{tmp_path / 'load.sqlite3'}"
    result = await run(url, "sqlite", load_knowledge(REPO_ROOT / "content"), 3, 4, 2)
    assert result.operations == 3 * 4 * 2 * 2
    assert (result.lost, result.doubled) == (0, 0)
