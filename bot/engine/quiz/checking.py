"""Is this answer right? Every valid form passes; no other valid answer does.

Answers are compared after folding case, accents and punctuation, "&" to
"and", and a leading article ("the UN" is "UN"). Multiple choice takes the
option's text, its letter ("b", "B)", "(b)") or its number. True/false takes
the usual words for either. A short answer allows typos, but only as long as
the answer is nearer to a right form than to any known wrong one, and every
word of the right form is matched by a word of the answer: "liberal
internationalism" never passes for "socialist internationalism", however
similar the strings look as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from bot.engine.text import fold, stem
from bot.knowledge.models import QuizQuestion

_ARTICLE = re.compile(r"^(?:the|a|an) ")
_LETTER = re.compile(r"^\(?(?:option\s+)?([a-e])\)?[.):]?$")
TRUE_WORDS = frozenset({"true", "t", "yes", "y", "correct", "right", "1", "vrai", "wahr"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "incorrect", "wrong", "0", "faux", "falsch"})
# Short answers: how close a typo'd answer must be, overall and word by word.
WHOLE_CUTOFF = 85.0
WORD_CUTOFF = 80.0
MARGIN = 8.0


@lru_cache(maxsize=16384)
def normalise(text: str) -> str:
    return _ARTICLE.sub("", fold(text))


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


def check_answer(question: QuizQuestion, given: str) -> Verdict:
    if question.type == "multiple-choice":
        chosen = _option(question, given)
        return Verdict(chosen == question.answer, question.answer, chosen)
    if question.type == "true-false":
        word = normalise(given)
        said = "true" if word in TRUE_WORDS else "false" if word in FALSE_WORDS else None
        return Verdict(said == question.answer, question.answer, said)
    return _short(question, given)


def _option(question: QuizQuestion, given: str) -> str | None:
    text = normalise(given)
    if not text:
        return None
    letter = _LETTER.match(text) or _LETTER.match(given.strip().lower())
    if letter:
        index = ord(letter.group(1)) - ord("a")
        return question.options[index] if index < len(question.options) else None
    if text.isdigit():
        index = int(text) - 1
        return question.options[index] if 0 <= index < len(question.options) else None
    keyed = _keyed_options(question.options)
    if text in keyed:
        return keyed[text]
    # A typo in an option's text: take it only when it is clearly nearer one option.
    scored = sorted(((fuzz.ratio(text, k), o) for k, o in keyed.items()), reverse=True)
    best, runner = scored[0], scored[1] if len(scored) > 1 else (0.0, None)
    if best[0] >= WHOLE_CUTOFF and best[0] - runner[0] >= MARGIN:
        return best[1]
    return None


def _short(question: QuizQuestion, given: str) -> Verdict:
    text = normalise(given)
    right = [question.answer, *question.accept]
    wrong = list(question.reject)
    if not text:
        return Verdict(False, question.answer, None)
    for form in right:
        if normalise(form) == text:
            return Verdict(True, question.answer, form)
    for form in wrong:
        if normalise(form) == text:
            return Verdict(False, question.answer, form)
    best_right = max(right, key=lambda f: _similarity(text, f))
    right_score = _similarity(text, best_right)
    wrong_score = max((_similarity(text, f) for f in wrong), default=0.0)
    close = right_score >= WHOLE_CUTOFF and right_score - wrong_score >= MARGIN
    if close and _every_word_matched(normalise(best_right), text):
        return Verdict(True, question.answer, best_right)
    return Verdict(False, question.answer, None)


def _similarity(text: str, form: str) -> float:
    key = normalise(form)
    return max(fuzz.ratio(text, key), fuzz.token_sort_ratio(text, key))


def _every_word_matched(expected: str, given: str) -> bool:
    """Each word of the right answer has a near twin in the answer (stems, then typos)."""
    given_words = [stem(w) for w in given.split()]
    for word in expected.split():
        target = stem(word)
        if not any(w == target or fuzz.ratio(w, target) >= WORD_CUTOFF for w in given_words):
            return False
    return True
