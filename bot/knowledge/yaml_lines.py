"""YAML loading that remembers line numbers, so every content problem can name its line.

PyYAML's safe loader builds plain dicts and lists and forgets where they came
from. These subclasses keep the line of each mapping, of each key and of each
list item; they behave as ordinary dicts and lists everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


class LineDict(dict):
    line: int = 0
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineLoader(yaml.SafeLoader):
    pass


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.duplicate_keys = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key_line = key_node.start_mark.line + 1
        if key in result:
            result.duplicate_keys.append((str(key), key_line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_line
    return result


def _sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


@dataclass(frozen=True, slots=True)
class YamlSyntaxError(Exception):
    line: int
    message: str


def load_yaml(text: str) -> Any:
    """Parse YAML text, raising `YamlSyntaxError` with a 1-based line on bad syntax."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or "invalid YAML"
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and exc.context and "scanning" in exc.context:
            # An unclosed quote fails at the end of the file; the author needs its start.
            mark = exc.context_mark
            problem = f"{problem} {exc.context} that starts here (is a quote left open?)"
        elif exc.context:
            problem = f"{problem} ({exc.context})"
        line = mark.line + 1 if mark is not None else 1
        raise YamlSyntaxError(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"invalid YAML: {exc}") from None
