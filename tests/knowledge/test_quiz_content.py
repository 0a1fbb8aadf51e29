"""Quiz content: the checker names each fault with file and line; shipped questions are sound."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main, quiz_check_jsonl
from bot.config import REPO_ROOT
from bot.engine.quiz.checking import check_answer
from bot.knowledge import check_content, load_knowledge
from bot.knowledge.problems import Problem

VALID = REPO_ROOT / "tests" / "data" / "quiz_content"
QUIZ = Path("quiz") / "sample.yaml"


def broken(tmp_path: Path, old: str, new: str) -> tuple[Path, list[Problem]]:
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    path = root / QUIZ
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    knowledge, problems = check_content(root)
    assert knowledge is None
    return path, problems


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def test_an_answer_that_is_not_an_option_is_reported_on_its_line(tmp_path: Path) -> None:
    path, problems = broken(
        tmp_path, "answer: Socialist internationalism", "answer: Socialist internationalist"
    )
    line = line_of(path, "answer: Socialist internationalist")
    assert any(p.line == line and "not one of the options" in p.message for p in problems)


def test_duplicate_options_are_reported(tmp_path: Path) -> None:
    path, problems = broken(
        tmp_path, "      - Hegemonic internationalism", "      - liberal internationalism!"
    )
    line = line_of(path, "- liberal internationalism!")
    assert any(p.line == line and "duplicates another option" in p.message for p in problems)


def test_an_empty_accepted_list_and_a_bad_type_are_both_reported(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    path = root / QUIZ
    text = path.read_text(encoding="utf-8").replace("accept: [the proletariat]", "accept: []")
    text = text.replace("type: true-false", "type: yes-no")
    path.write_text(text, encoding="utf-8")
    _, problems = check_content(root)
    messages = " | ".join(p.message for p in problems)
    assert "'accept' needs at least 1 item(s)" in messages
    assert "type must be one of multiple-choice, true-false, short-answer" in messages


def test_a_form_both_accepted_and_rejected_is_reported(tmp_path: Path) -> None:
    _, problems = broken(tmp_path, "reject: [bourgeoisie]", "reject: [Proletariat]")
    assert any("both accepted and rejected" in p.message for p in problems)


def test_every_shipped_question_accepts_its_answers_and_nothing_else_listed() -> None:
    quiz = load_knowledge(REPO_ROOT / "content").quiz
    assert len(quiz) >= 100
    assert {q.type for q in quiz} == {"multiple-choice", "true-false", "short-answer"}
    for q in quiz:
        assert check_answer(q, q.answer).correct, q.id
        for form in q.accept:
            assert check_answer(q, form).correct, (q.id, form)
        for form in q.reject:
            assert not check_answer(q, form).correct, (q.id, form)
        for option in q.options:
            if q.type == "multiple-choice" and option != q.answer:
                assert not check_answer(q, option).correct, (q.id, option)


def test_quiz_list_and_check_jsonl(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quiz", "list", "--jsonl"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(listed) >= 100
    assert all(set(r) == {"id", "type", "prompt", "options"} for r in listed)
    tf = next(r for r in listed if r["type"] == "true-false")
    assert tf["options"] == ["true", "false"]

    quiz = load_knowledge(REPO_ROOT / "content").quiz_by_id
    mc = next(q for q in quiz.values() if q.type == "multiple-choice")
    wrong = next(o for o in mc.options if o != mc.answer)
    lines = [
        {"question_id": mc.id, "answer": mc.answer.upper()},
        {"question_id": mc.id, "answer": wrong},
        {"question_id": "no-such-question", "answer": "x"},
    ]
    out = io.StringIO()
    quiz_check_jsonl(
        quiz, io.StringIO("\n".join(json.dumps(x) for x in lines) + "\nnot json\n"), out
    )
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["correct"] for r in records] == [True, False, False, False]
    assert records[0] == {"question_id": mc.id, "correct": True, "expected": mc.answer}
    assert records[2]["expected"] is None
