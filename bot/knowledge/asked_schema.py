"""Schema of content/asked/*.yaml: questions members asked, labelled with their entry.

    asked:
      - entry: what-is-globalism      # the id of the FAQ entry that answers them
        questions:                    # as members wrote them: slang, context and all
          - globalism meaning for a total beginner?
          - ...

The matcher reads them as more phrasings of their entry; members never see them.
Written by people who saw only each entry's question and answer, they carry the
words members use that the alternates, written beside the answer, do not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.knowledge.fields import FieldChecker
from bot.knowledge.problems import Problem

ASKED_MAX = 400
GROUP_FIELDS = {"entry", "questions"}


def parse_asked_file(data: Any, path: Path) -> tuple[list[tuple[str, str, int]], list[Problem]]:
    """(entry id, question, line) for every question that passed its checks."""
    check = FieldChecker(path)
    asked: list[tuple[str, str, int]] = []
    for index, (item, line) in enumerate(check.root_items(data, "asked file", "asked"), start=1):
        node = check.mapping(item, f"group {index}", line)
        if node is None:
            continue
        where = f"group {index}"
        check.known_fields(node, where, GROUP_FIELDS)
        entry_id = check.identifier(node, "entry", where)
        questions = check.text_list(
            node, "questions", f"group '{entry_id or index}'", min_items=1, max_len=ASKED_MAX
        )
        if entry_id:
            asked.extend((entry_id, text, question_line) for text, question_line in questions)
    return asked, check.problems
