"""Questions that ask what one of the FAQ's terms means.

"define internationalism pls, my notes r a mess" and "the word sovereignty comes up
in every round... what does it actually mean for a nation?" ask for a definition the
FAQ has, but the words around the term hold their score below the answer level. The
FAQ's own questions say which entries are definitions: those asking "What is X?",
"What are X?" or "What does X mean?" about the subject their id names. The rule
only rescues a question the scores would leave unanswered (see `FaqMatcher.match`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.engine.text import ASPECTS, topic_stems
from bot.knowledge.models import FaqEntry

_DEFINING = re.compile(r"^\s*what\s+(?:is|are|does)\b", re.IGNORECASE)
# An explicit request for a meaning, anywhere in the message.
_MEANING = re.compile(r"\b(?:define|definition|defn|def|meaning|mean|means)\b", re.IGNORECASE)
# "what is X" / "whats X": the term must follow within three words, so "what is
# going on" or "what are they supposed to do" do not make a question about a term
# named elsewhere in it.
_WHAT_IS = re.compile(r"\b(?:what|wat|wht)\s*(?:'?s|\s+is|\s+are)\s+((?:\S+\s*){1,3})", re.I)
_ID_FILLER = frozenset({"what", "is"})
# "Mean" is left out: "what does globalism mean for economies" asks about the economy.
_OUTRIGHT = re.compile(r"\b(?:define|definition|defn)\b", re.IGNORECASE)


def requested_outright(question: str) -> bool:
    """The message says "define" or "definition" itself."""
    return _OUTRIGHT.search(question) is not None


class Definitions:
    def __init__(self, entries: Sequence[FaqEntry]) -> None:
        self._subjects: list[tuple[FaqEntry, frozenset[str]]] = []
        for entry in entries:
            subject = frozenset(
                topic_stems(" ".join(w for w in entry.id.split("-") if w not in _ID_FILLER))
            )
            if (
                subject
                and _DEFINING.match(entry.question)
                and subject <= set(topic_stems(entry.question))
            ):
                self._subjects.append((entry, subject))

    def asked(
        self,
        question: str,
        stems: list[str],
        read: Callable[[str], list[str]],
    ) -> FaqEntry | None:
        """The entry defining the one term `question` asks the meaning of, if any.

        `stems`: the question's stems as the matcher read them; `read`: how the matcher
        reads a piece of text (typos corrected), for the words after "what is".
        """
        if any(s in ASPECTS for s in stems):  # "what are the criticisms of globalism"
            return None
        present = set(stems)
        named = [(entry, subject) for entry, subject in self._subjects if subject <= present]
        if not named:
            return None
        if not _MEANING.search(question):
            after: set[str] = set()
            for found in _WHAT_IS.finditer(question):
                after.update(read(found.group(1)))
            named = [(entry, subject) for entry, subject in named if subject <= after]
        if not named:
            return None
        # The most specific term: "resilient multilateralism", not "multilateralism".
        widest = max(len(subject) for _, subject in named)
        most_specific = [entry for entry, subject in named if len(subject) == widest]
        return most_specific[0] if len(most_specific) == 1 else None
