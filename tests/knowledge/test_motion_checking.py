"""check-content on motions: each fault in a motion file is named with its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import REPO_ROOT
from bot.knowledge import check_content, load_knowledge
from bot.knowledge.problems import Problem

VALID = REPO_ROOT / "tests" / "data" / "motion_content"
MOTION = Path("motions") / "test-motion.yaml"


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> tuple[Path, list[Problem]]:
    """A copy of the valid content with one edit to the motion file, and its problems."""
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    path = root / MOTION
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"fixture has no {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    knowledge, problems = check_content(root)
    assert knowledge is None
    return path, problems


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_the_valid_fixture_loads_with_both_sides_and_linked_rebuttals() -> None:
    knowledge = load_knowledge(VALID)
    (motion,) = knowledge.motions
    assert len(motion.proposition.arguments) == 5 and len(motion.opposition.arguments) == 5
    argument = motion.argument("tm-p3")
    assert argument is not None
    assert [r.id for r in motion.rebuttals_to(argument)] == ["tm-p3-r1", "tm-p3-r2"]


def test_a_dangling_rebuttal_link_names_the_line_of_its_answers_field(tmp_path: Path) -> None:
    path, problems = broken(tmp_path, "answers: tm-o1\n", "answers: tm-o9\n")
    line = line_of(path, "answers: tm-o9")
    assert any(
        p.path == path
        and p.line == line
        and "'tm-o9'" in p.message
        and "not an argument" in p.message
        for p in problems
    ), problems


def test_an_argument_answered_only_once_is_reported_at_the_argument(tmp_path: Path) -> None:
    path, problems = broken(tmp_path, "answers: tm-p3\n", "answers: tm-p4\n")
    line = line_of(path, "id: tm-p3")
    assert any(
        p.line == line and "'tm-p3' has 1 rebuttal" in p.message and "at least 2" in p.message
        for p in problems
    ), problems


def test_a_missing_side_is_reported(tmp_path: Path) -> None:
    _, problems = broken(tmp_path, "  opposition:\n", "  oppositionx:\n")
    messages = " | ".join(p.message for p in problems)
    assert "missing side 'opposition'" in messages
    assert "unknown field 'oppositionx'" in messages


def test_a_duplicate_argument_id_is_reported_on_its_line(tmp_path: Path) -> None:
    path, problems = broken(tmp_path, "id: tm-p2\n", "id: tm-p1\n")
    line = line_of(path, "title: Proposition point bravo")
    assert any("duplicate id 'tm-p1'" in p.message for p in problems), problems
    assert any(p.line in {line - 1, line} for p in problems if "duplicate" in p.message)


def test_too_few_phrasings_and_an_empty_claim_are_both_reported(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    path = root / MOTION
    text = path.read_text(encoding="utf-8")
    text = text.replace("claim: The proposition claims thing alpha.", "claim: ''", 1)
    text = text.replace("          - the opposition says thing golf\n", "", 1)
    text = text.replace("          - thing golf matters for the opposition\n", "", 1)
    path.write_text(text, encoding="utf-8")
    _, problems = check_content(root)
    messages = " | ".join(str(p) for p in problems)
    assert "argument 'tm-p1': 'claim' is empty" in messages
    assert "argument 'tm-o2': 'phrasings' needs at least 3 item(s), has 1" in messages


def test_an_id_without_the_motion_key_is_reported(tmp_path: Path) -> None:
    _, problems = broken(tmp_path, "id: tm-p5\n", "id: xx-p5\n")
    assert any("ids start with 'tm-p'" in p.message for p in problems), problems


def test_the_same_id_in_two_motion_files_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    text = (root / MOTION).read_text(encoding="utf-8")
    (root / "motions" / "copy.yaml").write_text(
        text.replace("id: test-motion", "id: copied-motion", 1), encoding="utf-8"
    )
    _, problems = check_content(root)
    clashes = [p for p in problems if "is already used in" in p.message]
    assert clashes and all(
        {p.path.name, Path(p.message.rsplit(" ", 1)[-1]).name} == {"copy.yaml", MOTION.name}
        for p in clashes
    ), problems


def test_check_content_cli_reports_a_broken_motion_file_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = broken(tmp_path, "answers: tm-o1\n", "answers: tm-o9\n")
    assert main(["check-content", str(path)]) == 1
    assert f"{path}:{line_of(path, 'answers: tm-o9')}:" in capsys.readouterr().err


def test_every_shipped_motion_is_complete() -> None:
    knowledge = load_knowledge(REPO_ROOT / "content")
    assert len(knowledge.motions) >= 8
    for motion in knowledge.motions:
        assert motion.motion.startswith("This House"), motion.id
        for side in ("proposition", "opposition"):
            case = motion.case(side)
            assert len(case.arguments) >= 5, (motion.id, side)
            assert case.weighing and case.summary, (motion.id, side)
            for argument in case.arguments:
                assert len(motion.rebuttals_to(argument)) >= 2, argument.id
