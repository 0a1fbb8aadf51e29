"""The code base stays ruff-clean: the test command fails on a lint error."""

from __future__ import annotations

import subprocess
import sys

from bot.config import REPO_ROOT


def test_ruff_finds_nothing() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "bot", "tests", "benchmarks"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_code_is_formatted_as_ruff_formats_it() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "bot", "tests", "benchmarks"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, "run `ruff format`:\n" + done.stdout + done.stderr
