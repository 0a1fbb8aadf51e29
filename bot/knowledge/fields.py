"""Field checks shared by every content schema: each call records problems, never raises.

A schema walks its YAML once and asks for each field; a missing, empty, wrongly
typed or over-long field adds a `Problem` naming the file, the line and the
field's parent, and the walk goes on, so an author sees every problem at once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.knowledge.problems import Problem
from bot.knowledge.yaml_lines import LineDict, LineList

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class FieldChecker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, value: Any, where: str, line: int) -> LineDict | None:
        if not isinstance(value, LineDict):
            self.report(line, f"{where} must be a mapping of fields, not {_kind(value)}")
            return None
        for key, key_line in value.duplicate_keys:
            self.report(key_line, f"{where}: field '{key}' is given twice")
        return value

    def items(self, node: LineDict, key: str, where: str) -> list[tuple[Any, int]]:
        """The items of a non-empty list field, each with its line."""
        value = node.get(key)
        if not isinstance(value, LineList) or not value:
            self.report(node.line_of(key), f"{where}: '{key}' must be a non-empty list")
            return []
        return [(item, value.line_of(index)) for index, item in enumerate(value)]

    def root_items(self, data: Any, what: str, key: str) -> list[tuple[Any, int]]:
        """A file that is a mapping with one list field (`entries:`, `questions:` …)."""
        root = self.mapping(data, what, 1)
        if root is None:
            return []
        self.known_fields(root, what, {key})
        return self.items(root, key, what)

    def known_fields(self, node: LineDict, where: str, allowed: set[str]) -> None:
        for key in node:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.report(
                    node.line_of(str(key)), f"{where}: unknown field '{key}' (allowed: {hint})"
                )

    def text(
        self, node: LineDict, key: str, where: str, *, max_len: int, required: bool = True
    ) -> str:
        if key not in node:
            if required:
                self.report(node.line, f"{where}: missing field '{key}'")
            return ""
        value = node[key]
        line = node.line_of(key)
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.report(line, f"{where}: '{key}' must be text, not {_kind(value)}")
            return ""
        text = str(value).strip()
        if not text and required:
            self.report(line, f"{where}: '{key}' is empty")
        elif len(text) > max_len:
            self.report(line, f"{where}: '{key}' is {len(text)} characters; the limit is {max_len}")
        return text

    def identifier(self, node: LineDict, key: str, where: str) -> str:
        value = self.text(node, key, where, max_len=80)
        if value and not ID_PATTERN.match(value):
            self.report(
                node.line_of(key),
                f"{where}: '{key}' {value!r} must be lowercase words joined by hyphens",
            )
        return value

    def text_list(
        self, node: LineDict, key: str, where: str, *, min_items: int, max_len: int
    ) -> list[tuple[str, int]]:
        """The list's texts with their lines; empty and over-long items are reported."""
        if key not in node:
            self.report(node.line, f"{where}: missing field '{key}'")
            return []
        value = node[key]
        line = node.line_of(key)
        if not isinstance(value, LineList):
            self.report(line, f"{where}: '{key}' must be a list, not {_kind(value)}")
            return []
        items: list[tuple[str, int]] = []
        for index, item in enumerate(value):
            item_line = value.line_of(index)
            if not isinstance(item, str | int | float) or isinstance(item, bool):
                self.report(item_line, f"{where}: '{key}' item {index + 1} must be text")
                continue
            text = str(item).strip()
            if not text:
                self.report(item_line, f"{where}: '{key}' item {index + 1} is empty")
            elif len(text) > max_len:
                self.report(
                    item_line,
                    f"{where}: '{key}' item {index + 1} is {len(text)} characters; "
                    f"the limit is {max_len}",
                )
            else:
                items.append((text, item_line))
        if len(items) < min_items:
            self.report(
                line, f"{where}: '{key}' needs at least {min_items} item(s), has {len(items)}"
            )
        return items


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
