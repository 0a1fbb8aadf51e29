"""Schema of content/quiz/*.yaml: a mapping with one key, `questions`.

questions:
  - id: globalism-definition
    type: multiple-choice            # multiple-choice | true-false | short-answer
    prompt: Which idea ...?
    options: [Globalism, Internationalism, Isolationism]   # multiple choice only
    answer: Globalism                # an option; true/false; or the short answer
    accept: [globalist ideology]     # short answer: other right forms
    reject: [internationalism]       # short answer: near misses that are wrong
    explanation: ...
    topics: [definitions]
    difficulty: easy                 # easy | medium | hard
    source: globalism-vs-internationalism
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.engine.text import fold
from bot.knowledge.fields import FieldChecker
from bot.knowledge.models import DIFFICULTIES, QUESTION_TYPES, QuizQuestion
from bot.knowledge.problems import Problem

QUESTION_FIELDS = {
    "id",
    "type",
    "prompt",
    "options",
    "answer",
    "accept",
    "reject",
    "explanation",
    "topics",
    "difficulty",
    "source",
}
TRUE_FALSE = ("true", "false")


def _key(text: str) -> str:
    return fold(text).removeprefix("the ").strip()


def parse_quiz_file(
    data: Any, path: Path, known_sources: set[str]
) -> tuple[list[QuizQuestion], list[Problem]]:
    check = FieldChecker(path)
    questions: list[QuizQuestion] = []
    items = check.root_items(data, "quiz file", "questions")
    for index, (item, line) in enumerate(items, start=1):
        before = len(check.problems)
        node = check.mapping(item, f"question {index}", line)
        if node is None:
            continue
        raw_id = node.get("id")
        where = f"question '{raw_id}'" if isinstance(raw_id, str) else f"question {index}"
        check.known_fields(node, where, QUESTION_FIELDS)
        question_id = check.identifier(node, "id", where)
        kind = check.text(node, "type", where, max_len=20)
        if kind and kind not in QUESTION_TYPES:
            check.report(
                node.line_of("type"), f"{where}: type must be one of {', '.join(QUESTION_TYPES)}"
            )
        prompt = check.text(node, "prompt", where, max_len=300)
        explanation = check.text(node, "explanation", where, max_len=500)
        topics = [t for t, _ in check.text_list(node, "topics", where, min_items=1, max_len=30)]
        difficulty = check.text(node, "difficulty", where, max_len=10)
        if difficulty and difficulty not in DIFFICULTIES:
            check.report(
                node.line_of("difficulty"),
                f"{where}: difficulty must be one of {', '.join(DIFFICULTIES)}",
            )
        source = check.text(node, "source", where, max_len=80)
        if source and source not in known_sources:
            check.report(node.line_of("source"), f"{where}: unknown source '{source}'")

        options: tuple[str, ...] = ()
        accept: tuple[str, ...] = ()
        reject: tuple[str, ...] = ()
        answer = ""
        raw_answer = node.get("answer")
        if kind == "true-false":
            if isinstance(raw_answer, bool):
                answer = "true" if raw_answer else "false"
            elif isinstance(raw_answer, str) and raw_answer.strip().lower() in TRUE_FALSE:
                answer = raw_answer.strip().lower()
            else:
                check.report(
                    node.line_of("answer"), f"{where}: a true-false answer is true or false"
                )
            options = TRUE_FALSE
        else:
            answer = check.text(node, "answer", where, max_len=100)
        if kind == "multiple-choice":
            listed = check.text_list(node, "options", where, min_items=3, max_len=120)
            options = tuple(t for t, _ in listed)
            seen: dict[str, int] = {}
            for text, line in listed:
                if _key(text) in seen:
                    check.report(line, f"{where}: option {text!r} duplicates another option")
                seen.setdefault(_key(text), line)
            if len(options) > 5:
                check.report(
                    node.line_of("options"), f"{where}: at most 5 options, has {len(options)}"
                )
            if answer and answer not in options:
                check.report(
                    node.line_of("answer"),
                    f"{where}: the answer {answer!r} is not one of the options (copy it exactly)",
                )
        elif "options" in node and kind:
            check.report(
                node.line_of("options"), f"{where}: only multiple-choice questions have options"
            )
        if kind == "short-answer":
            if "accept" in node:
                accept = tuple(
                    t for t, _ in check.text_list(node, "accept", where, min_items=1, max_len=100)
                )
            if "reject" in node:
                reject = tuple(
                    t for t, _ in check.text_list(node, "reject", where, min_items=1, max_len=100)
                )
            right = {_key(answer), *(_key(a) for a in accept)}
            for wrong in reject:
                if _key(wrong) in right:
                    check.report(
                        node.line_of("reject"), f"{where}: {wrong!r} is both accepted and rejected"
                    )
        if len(check.problems) == before:
            questions.append(
                QuizQuestion(
                    question_id,
                    kind,
                    prompt,
                    options,
                    answer,
                    accept,
                    reject,
                    explanation,
                    tuple(topics),
                    difficulty,
                    source,
                    path=path,
                    line=node.line,
                )
            )
    return questions, check.problems
