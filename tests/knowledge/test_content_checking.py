"""check-content: each fault an author can make is reported with its file, its line and
words the author can act on; every fault at once; the shipped content passes.

Each directory under tests/data/broken_content/ is tests/data/valid_content/ with one
fault put in (several_faults has many), so the problem a test expects is the only news.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import REPO_ROOT
from bot.knowledge import Problem, check_content

DATA = Path(__file__).resolve().parent.parent / "data"
BROKEN = DATA / "broken_content"
VALID = DATA / "valid_content"
SHIPPED = REPO_ROOT / "content"


def problems_of(case: str) -> list[Problem]:
    knowledge, problems = check_content(BROKEN / case)
    assert knowledge is None, f"{case}: broken content was accepted"
    assert problems, f"{case}: refused without saying why"
    return problems


def the_problem(case: str, file: str, line: int) -> Problem:
    """The one problem reported at FILE:LINE of a broken case (FILE relative to the case)."""
    problems = problems_of(case)
    here = [p for p in problems if p.path == BROKEN / case / file and p.line == line]
    listing = "\n".join(str(p) for p in problems)
    assert len(here) == 1, f"expected one problem at {file}:{line}, got:\n{listing}"
    return here[0]


def only_problem(case: str, file: str, line: int) -> Problem:
    problems = problems_of(case)
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return the_problem(case, file, line)


def test_the_baseline_every_fixture_breaks_is_valid():
    knowledge, problems = check_content(VALID)
    assert problems == []
    assert knowledge is not None
    assert [e.id for e in knowledge.faq] == ["what-is-globalism", "what-is-internationalism"]


# -- one fault per fixture ------------------------------------------------------


def test_unclosed_quote_points_at_the_line_where_the_quote_opens():
    problem = only_problem("unclosed_quote", "faq/globalism.yaml", 3)
    assert "invalid YAML" in problem.message
    assert "quote" in problem.message


def test_unclosed_quote_is_reported_as_invalid_yaml_in_its_file():
    # The part of the unclosed-quote report that works today: the file is refused and named.
    (problem,) = problems_of("unclosed_quote")
    assert problem.path == BROKEN / "unclosed_quote" / "faq" / "globalism.yaml"
    assert problem.message.startswith("invalid YAML")


def test_bad_indentation_is_reported_at_the_misindented_line():
    problem = only_problem("bad_indentation", "faq/globalism.yaml", 4)
    assert problem.message.startswith("invalid YAML")


def test_missing_field_names_the_field_and_the_entry():
    problem = only_problem("missing_field", "faq/globalism.yaml", 2)
    assert "missing field 'answer'" in problem.message
    assert "what-is-globalism" in problem.message


def test_empty_field_is_reported_at_its_line():
    problem = only_problem("empty_field", "faq/globalism.yaml", 8)
    assert "'answer' is empty" in problem.message
    assert "what-is-globalism" in problem.message


def test_alternates_written_as_one_string_must_be_a_list():
    problem = only_problem("alternates_not_a_list", "faq/globalism.yaml", 4)
    assert "'alternates' must be a list" in problem.message


def test_too_few_alternates_says_how_many_are_needed():
    problem = only_problem("too_few_alternates", "faq/globalism.yaml", 4)
    assert "'alternates' needs at least 3" in problem.message
    assert "has 2" in problem.message


def test_over_long_answer_gives_its_length_and_the_limit():
    problem = only_problem("answer_too_long", "faq/globalism.yaml", 8)
    assert "'answer' is 1091 characters" in problem.message
    assert "the limit is 1000" in problem.message


def test_misspelt_field_is_unknown_and_lists_the_allowed_ones():
    problem = the_problem("misspelt_field", "faq/globalism.yaml", 4)
    assert "unknown field 'alternate'" in problem.message
    assert "alternates" in problem.message.split("allowed:")[1]
    # and the field it was meant to be is reported missing, on the entry
    missing = the_problem("misspelt_field", "faq/globalism.yaml", 2)
    assert "missing field 'alternates'" in missing.message


def test_key_given_twice_in_one_entry_is_reported_at_the_second():
    problem = only_problem("duplicate_key", "faq/globalism.yaml", 10)
    assert "field 'question' is given twice" in problem.message


def test_id_used_in_two_files_names_both_places():
    problem = only_problem("duplicate_id", "faq/internationalism.yaml", 2)
    first = BROKEN / "duplicate_id" / "faq" / "globalism.yaml"
    assert "duplicate id 'what-is-globalism'" in problem.message
    assert f"{first}:2" in problem.message


def test_phrasing_differing_only_in_case_and_punctuation_is_a_duplicate():
    problem = only_problem("duplicate_phrasing", "faq/internationalism.yaml", 7)
    assert "'What does GLOBALISM mean?!'" in problem.message
    assert "'what does globalism mean'" in problem.message
    assert "'what-is-globalism'" in problem.message
    assert "globalism.yaml:7" in problem.message


def test_unknown_source_lists_the_known_ones():
    problem = only_problem("unknown_source", "faq/globalism.yaml", 10)
    assert "unknown source 'no-such-article'" in problem.message
    assert "test-source" in problem.message


def test_bad_id_format_explains_the_expected_form():
    problem = only_problem("bad_id", "faq/globalism.yaml", 2)
    assert "'What_Is_Globalism'" in problem.message
    assert "lowercase words joined by hyphens" in problem.message


def test_missing_sources_file_is_reported():
    problem = the_problem("missing_sources_file", "sources.yaml", 0)
    assert "missing sources file" in problem.message


def test_faq_directory_without_yaml_files_is_reported():
    problem = only_problem("empty_faq_dir", "faq", 0)
    assert "no FAQ files" in problem.message


# -- every fault at once --------------------------------------------------------


def test_every_fault_in_every_file_is_reported_in_one_run():
    found = {
        (p.path.relative_to(BROKEN / "several_faults").as_posix(), p.line, p.message)
        for p in problems_of("several_faults")
    }
    expected = {
        ("sources.yaml", 4, "missing field 'title'"),
        ("faq/a_globalism.yaml", 2, "missing field 'question'"),
        ("faq/a_globalism.yaml", 2, "missing field 'tags'"),
        ("faq/a_globalism.yaml", 8, "unknown field 'tag'"),
        ("faq/b_internationalism.yaml", 2, "must be lowercase words joined by hyphens"),
        ("faq/b_internationalism.yaml", 4, "'alternates' needs at least 3"),
        ("faq/c_broken_syntax.yaml", 4, "invalid YAML"),
    }
    for file, line, words in expected:
        assert any(f == file and n == line and words in m for f, n, m in found), (
            f"not reported: {file}:{line}: {words}"
        )
    assert len(found) == len(expected)


# -- the shipped content --------------------------------------------------------


def test_shipped_content_passes_with_enough_entries_and_phrasings():
    knowledge, problems = check_content(SHIPPED)
    assert [str(p) for p in problems] == []
    assert knowledge is not None
    assert len(knowledge.faq) >= 60
    thin = [entry.id for entry in knowledge.faq if len(entry.alternates) < 3]
    assert thin == []


SEED_FAULTS = [
    "Although incomplete",
    "emphaveis",
    "intersectionality",
    "internal obligations",
    "just as NAFTA",
    "in the same way of efficiency",
    "Social internationalism",
    "internationalises",
    "StudySmarter",
]


@pytest.mark.parametrize("fault", SEED_FAULTS)
def test_shipped_content_does_not_repeat_a_fault_of_the_seed_articles(fault):
    files = [path for path in SHIPPED.rglob("*") if path.is_file()]
    assert files
    hits = [
        f"{path.relative_to(SHIPPED)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if fault.lower() in line.lower()
    ]
    assert hits == []


# -- the check-content command --------------------------------------------------


def test_cli_reports_each_problem_as_file_and_line_and_fails(capsys):
    case = BROKEN / "several_faults"
    assert main(["check-content", str(case)]) != 0
    err = capsys.readouterr().err
    for file, line in [
        ("sources.yaml", 4),
        ("faq/a_globalism.yaml", 2),
        ("faq/a_globalism.yaml", 8),
        ("faq/b_internationalism.yaml", 4),
        ("faq/c_broken_syntax.yaml", 4),
    ]:
        assert f"{case / file}:{line}: " in err
    assert "7 problem(s)" in err


def test_cli_passes_the_shipped_content(capsys):
    assert main(["check-content", str(SHIPPED)]) == 0
    out = capsys.readouterr().out
    assert "OK" in out


def test_cli_checks_a_single_faq_file(capsys):
    one_file = sorted((SHIPPED / "faq").glob("*.yaml"))[0]
    assert main(["check-content", str(one_file)]) == 0
    assert "OK" in capsys.readouterr().out

    knowledge, problems = check_content(one_file)
    assert problems == []
    assert knowledge is not None and knowledge.faq
    assert {entry.path for entry in knowledge.faq} == {one_file}


def test_cli_reports_the_line_of_a_single_broken_file(capsys):
    broken_file = BROKEN / "missing_field" / "faq" / "globalism.yaml"
    assert main(["check-content", str(broken_file)]) != 0
    assert f"{broken_file}:2: " in capsys.readouterr().err


def test_cli_reports_a_path_that_does_not_exist(tmp_path, capsys):
    missing = tmp_path / "no-content-here"
    assert main(["check-content", str(missing)]) != 0
    assert str(missing) in capsys.readouterr().err


# -- questions members asked (content/asked) ---------------------------------------


def with_asked(tmp_path: Path, text: str) -> tuple[Path, Path]:
    """The valid fixture plus one asked file holding `text`: (content dir, asked file)."""
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    asked = content / "asked" / "members.yaml"
    asked.parent.mkdir()
    asked.write_text(text, encoding="utf-8")
    return content, asked


def test_questions_members_asked_become_phrasings_of_their_entry(tmp_path):
    content, _ = with_asked(
        tmp_path,
        "asked:\n"
        "  - entry: what-is-globalism\n"
        "    questions:\n"
        "      - is globalism basically one world government or what\n",
    )
    knowledge, problems = check_content(content)
    assert problems == [] and knowledge is not None
    entry = next(e for e in knowledge.faq if e.id == "what-is-globalism")
    assert entry.asked == ("is globalism basically one world government or what",)
    assert entry.asked[0] in entry.phrasings
    assert entry.alternates == ("define globalism", "globalism meaning", "what does globalism mean")


def test_an_asked_question_for_an_unknown_entry_or_repeating_a_phrasing_is_reported(tmp_path):
    content, asked = with_asked(
        tmp_path,
        "asked:\n"
        "  - entry: what-is-globalsm\n"
        "    questions:\n"
        "      - globalism for dummies\n"
        "  - entry: what-is-internationalism\n"
        "    questions:\n"
        "      - Globalism meaning?\n"
        "      -\n",
    )
    knowledge, problems = check_content(content)
    assert knowledge is None
    assert [(p.path, p.line) for p in problems] == [(asked, 4), (asked, 7), (asked, 8)]
    unknown, repeat, empty = (p.message for p in problems)
    assert "unknown FAQ entry 'what-is-globalsm'" in unknown
    assert "item 2 must be text" in empty
    assert "'what-is-globalism'" in repeat  # the entry whose phrasing it repeats


def test_cli_checks_a_single_asked_file_against_the_entries(tmp_path, capsys):
    _, asked = with_asked(
        tmp_path, "asked:\n  - entry: nope\n    questions:\n      - what is nope\n"
    )
    assert main(["check-content", str(asked)]) != 0
    assert f"{asked}:4: unknown FAQ entry 'nope'" in capsys.readouterr().err
    shipped = sorted((SHIPPED / "asked").glob("*.yaml"))[0]
    assert main(["check-content", str(shipped)]) == 0
