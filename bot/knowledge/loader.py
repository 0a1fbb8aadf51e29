"""Load content/ into a validated `Knowledge`, or report every problem at once.

content/sources.yaml     the articles the content rests on
content/faq/*.yaml       FAQ entries (see faq_schema)
content/motions/*.yaml   debate motions, one per file (see motion_schema)
content/quiz/*.yaml      quiz questions (see quiz_schema)
content/asked/*.yaml     questions members asked, labelled with their FAQ entry
                         (see asked_schema)
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

from bot.engine.text import phrasing_key
from bot.errors import ContentError
from bot.knowledge.asked_schema import parse_asked_file
from bot.knowledge.faq_schema import parse_faq_file, parse_sources
from bot.knowledge.models import FaqEntry, Knowledge, Motion, QuizQuestion, Source
from bot.knowledge.motion_schema import parse_motion_file
from bot.knowledge.problems import Problem
from bot.knowledge.quiz_schema import parse_quiz_file
from bot.knowledge.yaml_lines import YamlSyntaxError, load_yaml

log = logging.getLogger(__name__)

SOURCES_FILE = "sources.yaml"
FAQ_DIR = "faq"
MOTIONS_DIR = "motions"
QUIZ_DIR = "quiz"
ASKED_DIR = "asked"


def _read(path: Path, problems: list[Problem]) -> Any | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path, 1, f"cannot read file: {exc}"))
        return None
    try:
        return load_yaml(text)
    except YamlSyntaxError as exc:
        problems.append(Problem(path, exc.line, exc.message))
        return None


def _content_root(path: Path) -> Path:
    """The content directory a single file belongs to (for its sources)."""
    if path.parent.name in {FAQ_DIR, MOTIONS_DIR, QUIZ_DIR, ASKED_DIR}:
        return path.parent.parent
    return path.parent


def _cross_checks(entries: list[FaqEntry], problems: list[Problem]) -> None:
    first_by_id: dict[str, FaqEntry] = {}
    owner_by_phrasing: dict[str, tuple[FaqEntry, str, int]] = {}
    for entry in entries:
        if entry.id in first_by_id:
            other = first_by_id[entry.id]
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"duplicate id '{entry.id}' (first used at {other.path}:{other.line})",
                )
            )
            continue
        first_by_id[entry.id] = entry
        lines = entry.phrasing_lines or (entry.line,) * len(entry.phrasings)
        for phrasing, line in zip(entry.phrasings, lines, strict=False):
            key = phrasing_key(phrasing)
            if key in owner_by_phrasing:
                other, other_text, other_line = owner_by_phrasing[key]
                where = (
                    "the same entry"
                    if other is entry
                    else f"'{other.id}' at {other.path}:{other_line}"
                )
                problems.append(
                    Problem(
                        entry.path,
                        line,
                        f"entry '{entry.id}': phrasing {phrasing!r} duplicates "
                        f"{other_text!r} of {where}",
                    )
                )
            else:
                owner_by_phrasing[key] = (entry, phrasing, line)


def _attach_asked(
    entries: list[FaqEntry], files: list[Path], problems: list[Problem]
) -> list[FaqEntry]:
    """`entries` with the questions members asked of each; a question for an unknown
    entry, or one that repeats a phrasing (of its own entry or another), is a problem."""
    by_id = {entry.id: entry for entry in entries}
    owner_by_phrasing = {phrasing_key(p): e.id for e in entries for p in e.phrasings}
    asked: dict[str, list[str]] = defaultdict(list)
    for asked_path in files:
        data = _read(asked_path, problems)
        if data is None:
            continue
        questions, file_problems = parse_asked_file(data, asked_path)
        problems.extend(file_problems)
        for entry_id, text, line in questions:
            if entry_id not in by_id:
                problems.append(Problem(asked_path, line, f"unknown FAQ entry '{entry_id}'"))
                continue
            key = phrasing_key(text)
            owner = owner_by_phrasing.get(key)
            if owner is not None:
                whose = "a phrasing of its own entry" if owner == entry_id else f"'{owner}'"
                problems.append(Problem(asked_path, line, f"question {text!r} repeats {whose}"))
                continue
            owner_by_phrasing[key] = entry_id
            asked[entry_id].append(text)
    return [
        dataclasses.replace(e, asked=tuple(asked[e.id])) if e.id in asked else e for e in entries
    ]


def check_content(path: Path) -> tuple[Knowledge | None, list[Problem]]:
    """Validate a content directory or one YAML file; `Knowledge` only when there is no problem."""
    problems: list[Problem] = []
    if not path.exists():
        return None, [Problem(path, 0, "no such file or directory")]
    if path.is_dir():
        root, faq_files = path, sorted((path / FAQ_DIR).glob("*.yaml"))
        motion_files = sorted((path / MOTIONS_DIR).glob("*.yaml"))
        quiz_files = sorted((path / QUIZ_DIR).glob("*.yaml"))
        asked_files = sorted((path / ASKED_DIR).glob("*.yaml"))
        if not faq_files:
            problems.append(Problem(path / FAQ_DIR, 0, "no FAQ files (*.yaml) found"))
    else:
        # One file: its folder says what it holds (faq/ is the default).
        root, faq_files, motion_files, quiz_files = _content_root(path), [], [], []
        asked_files = []
        by_folder = {MOTIONS_DIR: motion_files, QUIZ_DIR: quiz_files, ASKED_DIR: asked_files}
        by_folder.get(path.parent.name, faq_files).append(path)
        if asked_files:  # its questions name FAQ entries: read them to check against
            faq_files = sorted((root / FAQ_DIR).glob("*.yaml"))

    sources: list[Source] = []
    sources_path = root / SOURCES_FILE
    if path.is_file() and path.name == SOURCES_FILE:
        faq_files = []
    if sources_path.exists():
        data = _read(sources_path, problems)
        if data is not None:
            sources, source_problems = parse_sources(data, sources_path)
            problems.extend(source_problems)
    else:
        problems.append(Problem(sources_path, 0, "missing sources file"))
    known = {source.id for source in sources}

    entries: list[FaqEntry] = []
    for faq_path in faq_files:
        data = _read(faq_path, problems)
        if data is not None:
            file_entries, file_problems = parse_faq_file(data, faq_path, known)
            entries.extend(file_entries)
            problems.extend(file_problems)
    _cross_checks(entries, problems)
    entries = _attach_asked(entries, asked_files, problems)
    motions = _load_motions(motion_files, known, problems)
    quiz = _load_quiz(quiz_files, known, problems)

    if problems:
        return None, sorted(problems)
    knowledge = Knowledge(
        faq=tuple(entries),
        sources={s.id: s for s in sources},
        motions=tuple(motions),
        quiz=tuple(quiz),
    )
    return knowledge, []


def _load_motions(files: list[Path], known: set[str], problems: list[Problem]) -> list[Motion]:
    motions: list[Motion] = []
    first_use: dict[str, Motion] = {}
    for motion_path in files:
        data = _read(motion_path, problems)
        if data is None:
            continue
        motion, motion_problems = parse_motion_file(data, motion_path, known)
        problems.extend(motion_problems)
        if motion is None:
            continue
        ids = [motion.id] + [
            item.id
            for case in (motion.proposition, motion.opposition)
            for item in (*case.arguments, *case.rebuttals)
        ]
        clashes = [i for i in ids if i in first_use]
        for clash in clashes:
            problems.append(
                Problem(
                    motion_path,
                    motion.line,
                    f"id '{clash}' is already used in {first_use[clash].path}",
                )
            )
        if not clashes:
            first_use.update(dict.fromkeys(ids, motion))
            motions.append(motion)
    return motions


def load_knowledge(content_dir: Path) -> Knowledge:
    knowledge, problems = check_content(content_dir)
    if knowledge is None:
        raise ContentError(problems)
    log.info("loaded %d FAQ entries from %s", len(knowledge.faq), content_dir)
    return knowledge


def _load_quiz(files: list[Path], known: set[str], problems: list[Problem]) -> list[QuizQuestion]:
    questions: list[QuizQuestion] = []
    first: dict[str, QuizQuestion] = {}
    for quiz_path in files:
        data = _read(quiz_path, problems)
        if data is None:
            continue
        found, file_problems = parse_quiz_file(data, quiz_path, known)
        problems.extend(file_problems)
        for question in found:
            if question.id in first:
                other = first[question.id]
                problems.append(
                    Problem(
                        quiz_path,
                        question.line,
                        f"duplicate question id '{question.id}' (first used at "
                        f"{other.path}:{other.line})",
                    )
                )
                continue
            first[question.id] = question
            questions.append(question)
    return questions
