"""Answer checking: every valid form of the right answer passes, no other answer does."""

from __future__ import annotations

import pytest

from bot.engine.quiz.checking import check_answer
from bot.knowledge.models import QuizQuestion


def question(kind: str, answer: str, options=(), accept=(), reject=()) -> QuizQuestion:
    return QuizQuestion(
        "q",
        kind,
        "prompt?",
        tuple(options),
        answer,
        tuple(accept),
        tuple(reject),
        "because",
        ("types",),
        "easy",
        "src",
    )


TYPES = question(
    "multiple-choice",
    "Socialist internationalism",
    options=(
        "Liberal internationalism",
        "Socialist internationalism",
        "Hegemonic internationalism",
        "Revolutionary internationalism",
    ),
)


@pytest.mark.parametrize(
    "given",
    [
        "Socialist internationalism",
        "socialist internationalism!",
        "b",
        "B)",
        "(b)",
        "2",
        "option b",
        "Socialst internationalism",
        "  SOCIALIST   INTERNATIONALISM  ",
    ],
)
def test_every_form_of_the_right_option_passes(given: str) -> None:
    verdict = check_answer(TYPES, given)
    assert verdict.correct, given
    assert verdict.expected == "Socialist internationalism"


@pytest.mark.parametrize("given", ["a", "Liberal internationalism", "1", "e", "9", "", "socialism"])
def test_other_options_and_nonsense_fail(given: str) -> None:
    assert not check_answer(TYPES, given).correct


@pytest.mark.parametrize(
    ("given", "right"),
    [
        ("true", True),
        ("True", True),
        ("T", True),
        ("yes", True),
        ("false", False),
        ("no", False),
        ("F", False),
        ("maybe", False),
    ],
)
def test_true_false_words(given: str, right: bool) -> None:
    assert (
        check_answer(question("true-false", "true", options=("true", "false")), given).correct
        is right
    )


SHORT = question(
    "short-answer",
    "socialist internationalism",
    accept=("socialist",),
    reject=("liberal internationalism", "liberal", "social democracy"),
)


@pytest.mark.parametrize(
    "given",
    [
        "socialist internationalism",
        "Socialist Internationalism.",
        "socialist",
        "socalist",
        "socialist internationalisim",
        "the socialist internationalism",
    ],
)
def test_short_answers_tolerate_typos_and_accepted_forms(given: str) -> None:
    assert check_answer(SHORT, given).correct, given


@pytest.mark.parametrize(
    "given",
    [
        "liberal internationalism",
        "liberal",
        "liberal internationalisim",
        "hegemonic internationalism",
        "internationalism",
        "social democracy",
        "",
    ],
)
def test_a_different_valid_answer_never_passes_as_a_typo(given: str) -> None:
    assert not check_answer(SHORT, given).correct, given


def test_and_ampersand_and_articles_are_the_same() -> None:
    q = question("short-answer", "Marx and Engels", accept=("Karl Marx and Friedrich Engels",))
    assert check_answer(q, "Marx & Engels").correct
    assert check_answer(q, "marx and engles").correct
    assert not check_answer(q, "Marx").correct


def test_acronyms_need_an_accepted_form() -> None:
    q = question(
        "short-answer",
        "USMCA",
        accept=("United States-Mexico-Canada Agreement",),
        reject=("NAFTA",),
    )
    assert check_answer(q, "usmca").correct
    assert check_answer(q, "United States Mexico Canada Agreement").correct
    assert not check_answer(q, "NAFTA").correct
    assert not check_answer(q, "nafta agreement").correct
