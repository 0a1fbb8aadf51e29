"""Schema of content/faq/*.yaml and content/sources.yaml.

An FAQ file is a mapping with one key, `entries`, holding a list of entries:

    entries:
      - id: what-is-globalism          # lowercase-kebab, unique across all files
        question: What is globalism?   # canonical question, shown as the embed title
        alternates: [..., ..., ...]    # at least 3 other ways members ask it
        answer: ...                    # fits one Discord embed
        tags: [definitions]
        sources: [globalism-vs-internationalism]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.knowledge.fields import FieldChecker
from bot.knowledge.models import FaqEntry, Source
from bot.knowledge.problems import Problem

QUESTION_MAX = 200
ALTERNATE_MAX = 200
ANSWER_MAX = 1000
MIN_ALTERNATES = 3
TAG_MAX = 40
ENTRY_FIELDS = {"id", "question", "alternates", "answer", "tags", "sources"}
SOURCE_FIELDS = {"id", "title", "note"}


def parse_sources(data: Any, path: Path) -> tuple[list[Source], list[Problem]]:
    check = FieldChecker(path)
    sources: list[Source] = []
    for index, (item, line) in enumerate(
        check.root_items(data, "sources file", "sources"), start=1
    ):
        node = check.mapping(item, f"source {index}", line)
        if node is None:
            continue
        where = f"source {index}"
        check.known_fields(node, where, SOURCE_FIELDS)
        source_id = check.identifier(node, "id", where)
        title = check.text(node, "title", where, max_len=200)
        note = check.text(node, "note", where, max_len=500, required=False)
        if source_id and title:
            sources.append(Source(source_id, title, note))
    return sources, check.problems


def parse_faq_file(
    data: Any, path: Path, known_sources: set[str]
) -> tuple[list[FaqEntry], list[Problem]]:
    """Entries that passed every check, and the problems of the ones that did not."""
    check = FieldChecker(path)
    entries: list[FaqEntry] = []
    for index, (item, line) in enumerate(check.root_items(data, "FAQ file", "entries"), start=1):
        before = len(check.problems)
        node = check.mapping(item, f"entry {index}", line)
        if node is None:
            continue
        entry_id = node.get("id") if isinstance(node.get("id"), str) else None
        where = f"entry '{entry_id}'" if entry_id else f"entry {index}"
        check.known_fields(node, where, ENTRY_FIELDS)
        entry_id = check.identifier(node, "id", where)
        question = check.text(node, "question", where, max_len=QUESTION_MAX)
        alternates = check.text_list(
            node, "alternates", where, min_items=MIN_ALTERNATES, max_len=ALTERNATE_MAX
        )
        answer = check.text(node, "answer", where, max_len=ANSWER_MAX)
        tags = check.text_list(node, "tags", where, min_items=1, max_len=TAG_MAX)
        sources = check.text_list(node, "sources", where, min_items=1, max_len=80)
        for source_id, line in sources:
            if source_id not in known_sources:
                allowed = ", ".join(sorted(known_sources)) or "none defined"
                check.report(line, f"{where}: unknown source '{source_id}' (known: {allowed})")
        if len(check.problems) == before:
            entries.append(
                FaqEntry(
                    id=entry_id,
                    question=question,
                    alternates=tuple(text for text, _ in alternates),
                    answer=answer,
                    tags=tuple(text for text, _ in tags),
                    sources=tuple(text for text, _ in sources),
                    path=path,
                    line=node.line,
                    phrasing_lines=(node.line_of("question"), *(line for _, line in alternates)),
                )
            )
    return entries, check.problems
