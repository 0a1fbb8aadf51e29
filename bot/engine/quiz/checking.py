"""Is this answer right? Every valid form passes; no other valid answer does.

Answers are compared after folding case, accents and punctuation, "&" to
"and", dotted acronyms ("U.N." is "UN"), ordinals ("1st" is "first"), a few
chat abbreviations ("org"), a leading hedge ("i think it's ...") and a leading
article ("the UN" is "UN"). Multiple choice takes the option's text, the
opening words of exactly one option, its letter ("b", "B)", "(b)", "option b")
or its number ("2", "two", "number 2"). True/false takes the usual words for
either, "not true", and a one-letter slip in "true" or "false". A short answer
allows typos, but only as long as the answer is nearer to a right form than to
any known wrong one, and every word of the right form is matched by a word of
the answer: "liberal internationalism" never passes for "socialist
internationalism", however similar the strings look as a whole, and a word is
never matched by its opposite or offshoot ("instability" for "stability",
"proletarianism" for "proletarian").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from bot.engine.text import fold, stem
from bot.knowledge.models import QuizQuestion

_ARTICLE = re.compile(r"^(?:the|a|an) ")
# Members hedge before answering; the hedge is not part of the answer.
_HEDGE = re.compile(
    r"^(?:(?:i think|i believe|i guess|im pretty sure|pretty sure|probably) )?"
    r"(?:(?:its|it is|thats|that is|my answer is|the answer is|answer is) )?"
)
_OPTION_WORD = r"(?:option|answer|choice|number|no)"
_LETTER = re.compile(rf"^\(?(?:{_OPTION_WORD}\s+)?([a-e])\)?[.):]?$")
_NUMBER = re.compile(rf"^(?:{_OPTION_WORD} )?(\w+)$")
# "U.N." folds to "u n": a run of lone letters is an acronym written with dots.
_SPELLED_ACRONYM = re.compile(r"\b[a-z](?: [a-z]\b)+")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_ABBREVIATIONS = {
    "1st": "first",
    "2nd": "second",
    "3rd": "third",
    "4th": "fourth",
    "5th": "fifth",
    "org": "organization",
    "orgs": "organizations",
    "govt": "government",
    "intl": "international",
    "natl": "national",
}
TRUE_WORDS = frozenset(
    {"true", "t", "yes", "y", "yep", "yeah", "yea", "yup", "ya", "correct", "right", "1"}
    | {"vrai", "wahr"}
)
FALSE_WORDS = frozenset(
    {"false", "f", "no", "n", "nope", "nah", "nay", "incorrect", "wrong", "0"} | {"faux", "falsch"}
)
# Affixes that turn a word into another one (its opposite, or a doctrine named after
# it) while looking like a one- or two-letter typo of it.
_PREFIXES = ("in", "un", "non", "dis", "im", "ir", "il", "de", "anti", "co", "inter", "supra")
_SUFFIXES = ("ism", "ist", "ists", "less")
# Joining words a member may leave out of a list ("peace, security").
_CONNECTIVES = frozenset({"and", "of"})
# Short answers: how close a typo'd answer must be, overall and word by word.
WHOLE_CUTOFF = 85.0
WORD_CUTOFF = 80.0
MARGIN = 8.0


@lru_cache(maxsize=16384)
def normalise(text: str) -> str:
    folded = _SPELLED_ACRONYM.sub(lambda m: m.group().replace(" ", ""), fold(text))
    words = (_ABBREVIATIONS.get(word, word) for word in folded.split())
    return _ARTICLE.sub("", " ".join(words))


def _answer(given: str) -> str:
    """What the member answered, without the hedge around it."""
    text = normalise(given)
    return _ARTICLE.sub("", _HEDGE.sub("", text, count=1)) or text


@lru_cache(maxsize=4096)
def _keyed_options(options: tuple[str, ...]) -> dict[str, str]:
    return {normalise(option): option for option in options}


@dataclass(frozen=True, slots=True)
class Verdict:
    correct: bool
    expected: str
    """The right answer as the question states it."""
    understood: str | None
    """What the answer was taken to mean (an option, true/false, a known form), if anything."""


# Pure, and members send the same few answers (a button's option text, "b", "true")
# thousands of times: a cache keeps checking off the answer path's hot loop. Keyed on
# the whole question, so reloaded content never meets a stale verdict.
@lru_cache(maxsize=16384)
def check_answer(question: QuizQuestion, given: str) -> Verdict:
    if question.type == "multiple-choice":
        chosen = _option(question, given)
        return Verdict(chosen == question.answer, question.answer, chosen)
    if question.type == "true-false":
        said = _true_or_false(_answer(given))
        return Verdict(said == question.answer, question.answer, said)
    return _short(question, given)


def _true_or_false(text: str) -> str | None:
    negated = text.startswith("not ")
    word = text.removeprefix("not ")
    if word in TRUE_WORDS:
        said = "true"
    elif word in FALSE_WORDS:
        said = "false"
    else:
        # "ture", "flase": one slip, and the two words are far apart.
        near = [w for w in ("true", "false") if len(word) >= 3 and OSA.distance(word, w) <= 1]
        said = near[0] if near else None
    if said and negated:
        return "false" if said == "true" else "true"
    return said


def _option(question: QuizQuestion, given: str) -> str | None:
    keyed = _keyed_options(question.options)
    text = normalise(given)
    if not text:
        return None
    if text in keyed:
        return keyed[text]
    text = _answer(given)
    letter = _LETTER.match(text) or _LETTER.match(given.strip().lower())
    if letter:
        index = ord(letter.group(1)) - ord("a")
        return question.options[index] if index < len(question.options) else None
    number = _NUMBER.match(text)
    if number and (number.group(1).isdigit() or number.group(1) in NUMBER_WORDS):
        word = number.group(1)
        index = (int(word) if word.isdigit() else NUMBER_WORDS[word]) - 1
        return question.options[index] if 0 <= index < len(question.options) else None
    if text in keyed:
        return keyed[text]
    # The opening words of one option ("free global markets"), never of two.
    starting = [
        o for k, o in keyed.items() if len(text.split()) >= 2 and (k + " ").startswith(text + " ")
    ]
    if len(starting) == 1:
        return starting[0]
    # A typo in an option's text: take it only when it is clearly nearer one option.
    scored = sorted(((fuzz.ratio(text, k), o) for k, o in keyed.items()), reverse=True)
    best, runner = scored[0], scored[1] if len(scored) > 1 else (0.0, None)
    if best[0] >= WHOLE_CUTOFF and best[0] - runner[0] >= MARGIN:
        return best[1]
    return None


def _short(question: QuizQuestion, given: str) -> Verdict:
    right = [question.answer, *question.accept]
    wrong = list(question.reject)
    if not normalise(given):
        return Verdict(False, question.answer, None)
    # The whole answer first, in case a hedge word belongs to a form.
    for text in dict.fromkeys((normalise(given), _answer(given))):
        for forms, correct in ((right, True), (wrong, False)):
            for form in forms:
                if _same(normalise(form), text):
                    return Verdict(correct, question.answer, form)
    text = _answer(given)
    best_right = max(right, key=lambda f: _similarity(text, f))
    right_score = _similarity(text, best_right)
    wrong_score = max((_similarity(text, f) for f in wrong), default=0.0)
    close = right_score >= WHOLE_CUTOFF and right_score - wrong_score >= MARGIN
    if not close:
        close = _few_slips(text, right, wrong)
    if close and _every_word_matched(normalise(best_right), text):
        return Verdict(True, question.answer, best_right)
    return Verdict(False, question.answer, None)


def _same(form: str, text: str) -> bool:
    """Equal but for spaces, hyphens and joining words ("inter-dependence", "peace, security")."""
    if form.replace(" ", "") == text.replace(" ", ""):
        return True
    return _content_words(form) == _content_words(text) and bool(_content_words(text))


def _content_words(text: str) -> list[str]:
    return [w for w in text.split() if w not in _CONNECTIVES]


def _few_slips(text: str, right: list[str], wrong: list[str]) -> bool:
    """One or two slipped letters (swaps count once) from a right form, and clearly
    further from every wrong one: similarity ratios miss "fiar trade" next to "free trade"."""
    slips = min(OSA.distance(text, normalise(f)) for f in right)
    allowed = 0 if len(text) < 5 else 1 if len(text) < 9 else 2
    nearest_wrong = min((OSA.distance(text, normalise(f)) for f in wrong), default=len(text))
    return slips <= allowed and nearest_wrong >= slips + 2


def _similarity(text: str, form: str) -> float:
    key = normalise(form)
    return max(fuzz.ratio(text, key), fuzz.token_sort_ratio(text, key))


def _every_word_matched(expected: str, given: str) -> bool:
    """Each word of the right answer has a near twin in the answer (stems, then typos)."""
    given_words = given.split()
    return all(
        any(_twins(w, word) for w in given_words)
        for word in _content_words(expected) or expected.split()
    )


def _twins(given: str, expected: str) -> bool:
    a, b = stem(given), stem(expected)
    if a == b:
        return True
    if _affixed(a, b) or _affixed(given, expected):
        return False
    # Stems can hide a typo ("untied" loses its "ed"): the raw words count too.
    return fuzz.ratio(a, b) >= WORD_CUTOFF or (
        len(expected) >= 4 and OSA.distance(given, expected) <= 1
    )


def _affixed(a: str, b: str) -> bool:
    """One word is the other with a meaning-changing prefix or suffix."""
    short, long = sorted((a, b), key=len)
    return any(long == p + short for p in _PREFIXES) or any(long == short + s for s in _SUFFIXES)
