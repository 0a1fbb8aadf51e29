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


@pytest.mark.parametrize(
    "given",
    [
        "i think b",
        "its b",
        "answer b",
        "Option B",
        "two",
        "number 2",
        "option 2",
        "#2",
    ],
)
def test_letters_and_numbers_in_the_ways_members_write_them(given: str) -> None:
    assert check_answer(TYPES, given).correct, given


def test_one_opening_word_is_not_an_option() -> None:
    assert not check_answer(TYPES, "socialist").correct


def test_the_opening_words_of_exactly_one_option_choose_it() -> None:
    q = question(
        "multiple-choice",
        "Free global markets with fewer tariffs",
        options=(
            "Free global markets with fewer tariffs",
            "Fair trade that leaves room for local industries",
            "Free movement of people only",
        ),
    )
    assert check_answer(q, "free global markets").correct
    assert not check_answer(q, "fair trade").correct
    # Opens two options: not an answer.
    assert not check_answer(q, "free").correct


@pytest.mark.parametrize(
    ("given", "right"),
    [
        ("yep", True),
        ("yeah", True),
        ("i think true", True),
        ("it's true", True),
        ("ture", True),
        ("not false", True),
        ("not true", False),
        ("flase", False),
        ("nope", False),
        ("that's false", False),
    ],
)
def test_true_false_as_members_type_it(given: str, right: bool) -> None:
    q = question("true-false", "true", options=("true", "false"))
    assert check_answer(q, given).correct is right


UN = question(
    "short-answer",
    "United Nations",
    accept=("UN", "World Trade Organization"),
    reject=("EU", "United States"),
)


@pytest.mark.parametrize(
    "given",
    ["U.N.", "the U.N", "i think its the UN", "Untied Nations", "world trade org"],
)
def test_dotted_acronyms_hedges_abbreviations_and_swapped_letters(given: str) -> None:
    assert check_answer(UN, given).correct, given


@pytest.mark.parametrize("given", ["E.U.", "U.S.", "i think its the EU", "united state"])
def test_hedged_or_dotted_wrong_answers_still_fail(given: str) -> None:
    assert not check_answer(UN, given).correct, given


def test_spacing_hyphens_and_joining_words_do_not_matter() -> None:
    q = question("short-answer", "peace and security", reject=("peace and prosperity",))
    assert check_answer(q, "peace, security").correct
    assert check_answer(q, "peace-and-security").correct
    assert not check_answer(q, "peace").correct
    assert check_answer(question("short-answer", "interdependence"), "inter-dependence").correct


def test_ordinals_are_words() -> None:
    assert check_answer(question("short-answer", "America First"), "america 1st").correct


def test_a_swapped_pair_of_letters_is_one_slip_but_never_a_wrong_form() -> None:
    q = question("short-answer", "fair trade", reject=("free trade",))
    assert check_answer(q, "fiar trade").correct
    assert not check_answer(q, "free trade").correct
    assert not check_answer(q, "fre trade").correct


@pytest.mark.parametrize(
    ("answer", "given"),
    [
        ("economic stability", "economic instability"),
        ("proletarian", "proletarianism"),
        ("dependence", "interdependence"),
        ("national", "supranational"),
    ],
)
def test_an_opposite_or_offshoot_word_is_not_a_typo(answer: str, given: str) -> None:
    assert not check_answer(question("short-answer", answer), given).correct
