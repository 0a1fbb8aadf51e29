"""Schema of content/motions/*.yaml: one motion per file.

    id: supranational-authority
    key: sov                       # prefix of every argument and rebuttal id
    motion: This House believes that ...
    info: ...                      # the info slide
    sources: [the-global-retreat]
    sides:
      proposition:
        arguments:                 # id <key>-p<n>: title, claim, reasoning, example, impact,
                                   #   phrasings
        rebuttals:                 # id <argument>-r<n>, answers: an opposition argument id, text
        weighing: [...]
        summary: [...]
      opposition: ...              # arguments <key>-o<n>; rebuttals answer proposition arguments

Links between the two sides (every argument answered at least twice, no
rebuttal answering an argument that does not exist) are checked here too, so
a broken motion is refused with the line of the broken link.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.knowledge.fields import FieldChecker
from bot.knowledge.models import SIDES, Argument, Motion, Rebuttal, SideCase
from bot.knowledge.problems import Problem
from bot.knowledge.yaml_lines import LineDict

MOTION_FIELDS = {"id", "key", "motion", "info", "sources", "sides"}
SIDE_FIELDS = {"arguments", "rebuttals", "weighing", "summary"}
ARGUMENT_FIELDS = {"id", "title", "claim", "reasoning", "example", "impact", "phrasings"}
REBUTTAL_FIELDS = {"id", "answers", "text"}
MIN_ARGUMENTS = 5
MIN_REBUTTALS = 2
MIN_PHRASINGS = 3
_KEY = re.compile(r"^[a-z]{2,10}$")


def _argument(
    check: FieldChecker, item: Any, line: int, side: str, where: str
) -> tuple[Argument | None, int]:
    node = check.mapping(item, where, line)
    if node is None:
        return None, line
    before = len(check.problems)
    argument_id = check.identifier(node, "id", where)
    where = f"argument '{argument_id}'" if argument_id else where
    check.known_fields(node, where, ARGUMENT_FIELDS)
    fields = {
        "title": check.text(node, "title", where, max_len=80),
        "claim": check.text(node, "claim", where, max_len=250),
        "reasoning": check.text(node, "reasoning", where, max_len=600),
        "example": check.text(node, "example", where, max_len=500),
        "impact": check.text(node, "impact", where, max_len=400),
    }
    phrasings = check.text_list(node, "phrasings", where, min_items=MIN_PHRASINGS, max_len=250)
    if len(check.problems) > before:
        return None, node.line
    return (
        Argument(argument_id, side, phrasings=tuple(t for t, _ in phrasings), **fields),
        node.line,
    )


def _rebuttal(check: FieldChecker, item: Any, line: int, where: str) -> tuple[Rebuttal | None, int]:
    node = check.mapping(item, where, line)
    if node is None:
        return None, line
    before = len(check.problems)
    rebuttal_id = check.identifier(node, "id", where)
    where = f"rebuttal '{rebuttal_id}'" if rebuttal_id else where
    check.known_fields(node, where, REBUTTAL_FIELDS)
    answers = check.identifier(node, "answers", where)
    text = check.text(node, "text", where, max_len=500)
    if len(check.problems) > before:
        return None, node.line
    return Rebuttal(rebuttal_id, answers, text), node.line_of("answers")


def _side(
    check: FieldChecker, node: LineDict, side: str, key: str, ids: dict[str, int]
) -> tuple[SideCase, dict[str, int]] | None:
    """A side's case, and the line of each rebuttal's `answers` (for link checks)."""
    where = side
    check.known_fields(node, where, SIDE_FIELDS)
    letter = side[0]
    arguments: list[Argument] = []
    for index, (item, line) in enumerate(check.items(node, "arguments", where), start=1):
        argument, arg_line = _argument(check, item, line, side, f"{side} argument {index}")
        if argument is None:
            continue
        if not argument.id.startswith(f"{key}-{letter}"):
            check.report(
                arg_line, f"argument '{argument.id}': {side} ids start with '{key}-{letter}'"
            )
        _unique(check, ids, argument.id, arg_line)
        arguments.append(argument)
    if 0 < len(arguments) < MIN_ARGUMENTS:
        check.report(
            node.line_of("arguments"),
            f"{side}: needs at least {MIN_ARGUMENTS} arguments, has {len(arguments)}",
        )
    rebuttals: list[Rebuttal] = []
    answer_lines: dict[str, int] = {}
    for index, (item, line) in enumerate(check.items(node, "rebuttals", where), start=1):
        rebuttal, answers_line = _rebuttal(check, item, line, f"{side} rebuttal {index}")
        if rebuttal is None:
            continue
        _unique(check, ids, rebuttal.id, line)
        answer_lines[rebuttal.id] = answers_line
        rebuttals.append(rebuttal)
    weighing = check.text_list(node, "weighing", where, min_items=1, max_len=400)
    summary = check.text_list(node, "summary", where, min_items=1, max_len=400)
    case = SideCase(
        tuple(arguments),
        tuple(rebuttals),
        tuple(t for t, _ in weighing),
        tuple(t for t, _ in summary),
    )
    return case, answer_lines


def _unique(check: FieldChecker, ids: dict[str, int], new_id: str, line: int) -> None:
    if new_id in ids:
        check.report(line, f"duplicate id '{new_id}' (first used on line {ids[new_id]})")
    else:
        ids[new_id] = line


def parse_motion_file(
    data: Any, path: Path, known_sources: set[str]
) -> tuple[Motion | None, list[Problem]]:
    check = FieldChecker(path)
    node = check.mapping(data, "motion file", 1)
    if node is None:
        return None, check.problems
    check.known_fields(node, "motion", MOTION_FIELDS)
    motion_id = check.identifier(node, "id", "motion")
    where = f"motion '{motion_id}'" if motion_id else "motion"
    key = check.text(node, "key", where, max_len=10)
    if key and not _KEY.match(key):
        check.report(node.line_of("key"), f"{where}: 'key' must be 2-10 lowercase letters")
    title = check.text(node, "motion", where, max_len=200)
    info = check.text(node, "info", where, max_len=800)
    sources = check.text_list(node, "sources", where, min_items=1, max_len=80)
    for source_id, line in sources:
        if source_id not in known_sources:
            check.report(line, f"{where}: unknown source '{source_id}'")

    sides_node = check.mapping(node.get("sides"), f"{where}: 'sides'", node.line_of("sides"))
    cases: dict[str, SideCase] = {}
    answer_lines: dict[str, int] = {}
    ids: dict[str, int] = {}
    if sides_node is not None:
        check.known_fields(sides_node, f"{where}: sides", set(SIDES))
        for side in SIDES:
            if side not in sides_node:
                check.report(sides_node.line, f"{where}: missing side '{side}'")
                continue
            side_node = check.mapping(sides_node[side], side, sides_node.line_of(side))
            if side_node is not None:
                cases[side], lines = _side(check, side_node, side, key, ids)
                answer_lines.update(lines)

    if len(cases) == 2:
        _check_links(check, cases, answer_lines, ids)
    if check.problems:
        return None, check.problems
    motion = Motion(
        motion_id,
        key,
        title,
        info,
        tuple(t for t, _ in sources),
        cases["proposition"],
        cases["opposition"],
        path=path,
        line=node.line,
    )
    return motion, []


def _check_links(
    check: FieldChecker,
    cases: dict[str, SideCase],
    answer_lines: dict[str, int],
    id_lines: dict[str, int],
) -> None:
    for side in SIDES:
        other = cases["opposition" if side == "proposition" else "proposition"]
        targets = {a.id for a in other.arguments}
        for rebuttal in cases[side].rebuttals:
            if rebuttal.answers not in targets:
                check.report(
                    answer_lines.get(rebuttal.id, 0),
                    f"rebuttal '{rebuttal.id}' answers '{rebuttal.answers}', which is not an "
                    f"argument of the other side",
                )
        for argument in other.arguments:
            count = sum(r.answers == argument.id for r in cases[side].rebuttals)
            if count < MIN_REBUTTALS:
                check.report(
                    id_lines.get(argument.id, 0),
                    f"argument '{argument.id}' has {count} rebuttal(s) from the {side}; "
                    f"it needs at least {MIN_REBUTTALS}",
                )
