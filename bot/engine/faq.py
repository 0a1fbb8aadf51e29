"""FAQ matching: a member's question in, an answer, suggestions or silence out.

How it decides, and why:

1. The question is cleaned and cut into content stems (`engine.text`).
2. A stem the corpus does not know is corrected to the nearest known stem of
   similar length (one edit for short words, two for long ones), so typos meet
   their word without letting unrelated words through.
3. Each phrasing of each entry is scored by an IDF-weighted Dice overlap with
   the question. Weighing stems by how few entries use them is what tells
   "what is globalism" from "what is internationalism": the shared words carry
   almost no weight. Stems the corpus has never seen count against the match,
   so "what is capitalism" finds nothing rather than its nearest spelling.
4. The best few entries are re-ranked with rapidfuzz's token_sort_ratio over
   the stems, which rewards word order and near-complete phrasings.
5. Then all of each entry's phrasings vote: a naive Bayes model of the entries'
   wording takes points from the entries less likely to be asked this way. The
   steps above judge an entry by its best single phrasing; the vote counts the
   words it is asked with again and again (blind sets: 91.6 -> 97.0% and
   84.4 -> 89.0% answered right).
6. Thresholds turn the score into an outcome: answer when confident and clear
   of the runner-up, or, for a long question, when it shares several words with
   the entry and is well clear; up to three suggestions in the middle band or
   when two entries are too close to call; nothing below it.

A full rapidfuzz scan over every phrasing is both slower (it misses 1 ms at
1,000 entries) and less accurate (WRatio's partial matching lets a short
phrasing absorb any longer question); see benchmarks/.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.engine.definitions import Definitions, requested_outright
from bot.engine.text import (
    ASPECTS,
    SYNONYMS,
    asks_something,
    one_kind_asked,
    stem,
    topic_stems,
)
from bot.knowledge.models import FaqEntry


@dataclass(frozen=True, slots=True)
class Thresholds:
    answer: float = 56.0
    """Score at or above which the best entry is answered when a member asks the bot.
    Chosen with each labelled set scored on content without its own questions
    (benchmarks/faq_crossval.py): the questions in content/asked lift every score."""
    channel_answer: float = 66.0
    """The same for messages in FAQ channels that nobody addressed to the bot: most of
    them are chatter, so a wrong answer there costs more than a missed one."""
    suggest: float = 46.0
    """Score at or above which entries are offered as "did you mean"."""
    margin: float = 2.0
    """The best entry must beat the runner-up by this much to be answered."""
    max_suggestions: int = 3
    long_answer: float = 36.0
    """Score from which a question sharing `long_words` words with the best entry's
    phrasings is answered, when it beats the runner-up by `long_margin`. The context
    members give ("in our round the opposition said...", a quote, what they already
    know) lowers the score of the entry the question plainly asks about; several of its
    words in the question still single it out, where chatter meets one word by chance.
    Overheard, such a question needs `answer` rather than `channel_answer`."""
    long_words: int = 4
    long_margin: float = 5.0
    remark_words: int | None = 6
    """A message this long that neither asks nor requests anything, and meets the best
    entry in no more topic words than it has words the FAQ has never seen, is a remark
    that uses a term ("my sister is so protectionist about her makeup", "our
    neighbourhood watch needs a better peace and security rota"), not a question about
    it: never answered. Shorter ones are keyword searches ("paris agreemnt"); a
    statement mostly in the FAQ's own words is a topic ("arent globalism and
    internationalism basically the same thing"). None for matchers of debate points,
    which are statements by nature."""
    definitions: bool = True
    """Answer a question asking what one of the FAQ's terms means with the entry that
    defines it, whatever the words around the term did to the score (see
    `definitions.py`). Off where every question must go by the scores alone."""

    def statement(self, reading: Reading) -> bool:
        """A message of `remark_words` or more that neither asks nor requests anything."""
        return (
            self.remark_words is not None
            and reading.word_count >= self.remark_words
            and not reading.asks()
        )

    def remark(self, reading: Reading) -> bool:
        return self.statement(reading) and reading.unknown >= max(1, reading.shared)

    def decide(self, reading: Reading, *, addressed: bool = True) -> MatchResult:
        """An answer, suggestions or nothing for a question as the matcher read it;
        `addressed`: asked of the bot (/ask, mention, DM, console, CLI), not overheard."""
        if not reading.ranked:
            return NoAnswer(0.0)
        best, best_score = reading.ranked[0]
        runner_score = reading.ranked[1][1] if len(reading.ranked) > 1 else 0.0
        remark = self.remark(reading)
        define = self.definitions and not remark
        outright = define and requested_outright(reading.question)
        if outright and (defined := reading.defines()) is not None:
            return self._definition(reading, defined)
        if (
            reading.names_a_topic
            and not remark
            # Said to the bot, a statement still needs the channel's level: most are
            # chatter ("my cousin moved overseas for a job at a factory lol").
            and self.answers(
                best_score,
                runner_score,
                addressed=addressed and not self.statement(reading),
                shared=reading.shared,
            )
        ):
            return Answer(best, round(best_score, 2))
        if define and (defined := reading.defines()) is not None:
            return self._definition(reading, defined)
        if best_score >= self.suggest:
            # Offer only entries in the best one's league, not every one above the floor.
            floor = max(self.suggest, best_score - 2 * self.margin - 10)
            picks = tuple(e for e, s in reading.ranked[: self.max_suggestions] if s >= floor)
            return Suggestions(picks, round(best_score, 2))
        return NoAnswer(round(best_score, 2))

    @staticmethod
    def _definition(reading: Reading, defined: FaqEntry) -> Answer:
        scores = {entry.id: score for entry, score in reading.ranked}
        return Answer(defined, round(scores.get(defined.id, reading.ranked[0][1]), 2))

    def answers(
        self, best: float, runner_up: float, *, addressed: bool = True, shared: int = 0
    ) -> bool:
        """Whether a best score, against the runner-up's, is confident enough to answer;
        `shared`: how many of the question's topic words the best entry is asked with."""
        level = self.answer if addressed else max(self.answer, self.channel_answer)
        if best >= level and best - runner_up >= self.margin:
            return True
        long_level = self.long_answer if addressed else self.answer
        return (
            shared >= self.long_words
            and best >= long_level
            and best - runner_up >= self.long_margin
        )


@dataclass(frozen=True, slots=True)
class Answer:
    entry: FaqEntry
    score: float


@dataclass(frozen=True, slots=True)
class Suggestions:
    entries: tuple[FaqEntry, ...]
    score: float


@dataclass(frozen=True, slots=True)
class NoAnswer:
    score: float


MatchResult = Answer | Suggestions | NoAnswer


class Reading:
    """A question as `FaqMatcher.read` found it: what `Thresholds.decide` weighs.

    The costlier signs (is it a request? which term does it ask the meaning of?) are
    worked out when first asked for, which most questions, answered on their scores,
    never are."""

    __slots__ = (
        "_asks",
        "_defines",
        "_matcher",
        "names_a_topic",
        "question",
        "ranked",
        "shared",
        "stems",
        "unknown",
        "word_count",
    )
    _UNKNOWN = object()

    def __init__(
        self,
        matcher: FaqMatcher,
        question: str,
        stems: list[str],
        unknown: int,
        ranked: tuple[tuple[FaqEntry, float], ...],
        names_a_topic: bool,
        shared: int,
    ) -> None:
        self._matcher = matcher
        self.question = question
        self.stems = stems
        self.unknown = unknown
        """How many of its words the content never uses (questions in content/asked aside)."""
        self.ranked = ranked
        """The best entries and their scores (0-100), best first."""
        self.names_a_topic = names_a_topic
        """It has a word some entry is asked about (see `FaqMatcher.read`)."""
        self.shared = shared
        """How many of its topic words the best entry's phrasings use."""
        self.word_count = len(question.split())
        self._asks: bool | None = None
        self._defines: object = Reading._UNKNOWN

    def asks(self) -> bool:
        """A question or a request, anywhere in the message (`asks_something`)."""
        if self._asks is None:
            self._asks = asks_something(self.question)
        return self._asks

    def defines(self) -> FaqEntry | None:
        """The entry defining the one term the question asks the meaning of, if any."""
        if self._defines is Reading._UNKNOWN:
            self._defines = self._matcher.defined_term(self.question, self.stems)
        return self._defines  # type: ignore[return-value]


# Postings of a word in more entries than this (or 5% of them) are not walked, unless
# the question has no rarer word: then the head of its rarest word's list is.
_WALK_LIMIT = 64
# Entries scored on all the question's words, then the ones whose every phrasing is
# scored; the shipped FAQ is smaller than both, so all of it is.
_POOL = 250
_CANDIDATES = 40
# Add-alpha smoothing of the entries' word counts in `_vote`.
_SMOOTHING = 0.1


@dataclass(frozen=True, slots=True)
class Weights:
    """How the score is made; tuned on the tuning, development and fresh sets together
    (see benchmarks/); the held-out set only measures."""

    unknown: float = 0.6
    """Weight of a question word the corpus has never seen, relative to the median IDF."""
    answer_field: float = 0.3
    """Credit for a question word found only in an entry's answer, tags or id."""
    containment: float = 0.5
    """Share of "how much of the best phrasing is in the question" (robust to filler words);
    the rest is "how much of the question the entry explains" (tells near-twins apart)."""
    rerank: float = 0.3
    """Share of rapidfuzz's token_sort_ratio against the best phrasing."""
    depth: int = 8
    """Entries re-ranked with rapidfuzz."""
    vote: float = 0.3
    """Points (of 100) a re-ranked entry loses, times how much less likely its word counts
    make the question than the likeliest entry's do (see `_vote`)."""


_KINDS = ("ism", "ity", "ist", "ion")


def _same_kind(typed: str, known: str) -> bool:
    """False when both words end in a suffix that makes a kind of word, and not the same
    one; a slip inside the suffix ("globalisim") leaves only one of them with it."""
    typed_kind = next((end for end in _KINDS if typed.endswith(end)), None)
    known_kind = next((end for end in _KINDS if known.endswith(end)), None)
    return typed_kind is None or known_kind is None or typed_kind == known_kind


class FaqMatcher:
    """An index over the phrasings of a fixed set of entries; build once, query many times."""

    def __init__(
        self,
        entries: Sequence[FaqEntry],
        *,
        bot_names: Iterable[str] = (),
        thresholds: Thresholds | None = None,
        weights: Weights | None = None,
        topic_gate: bool = True,
    ) -> None:
        """`topic_gate`: answer only a question with a word some entry is asked about
        (see `match`); matchers over debate arguments, whose titles are not the words
        students argue in, turn it off."""
        self.entries: tuple[FaqEntry, ...] = tuple(entries)
        self.topic_gate = topic_gate
        self.bot_names = tuple(bot_names)
        self.thresholds = thresholds or Thresholds()
        self.weights = weights or Weights()
        # Debate arguments are not terms anyone asks the meaning of.
        self._definitions = Definitions(self.entries) if topic_gate else None

        stems_per_phrasing: list[tuple[int, tuple[str, ...]]] = []
        # per entry: stem -> phrasings using it, plus `answer_field` if its answer does
        self._word_counts: list[dict[str, float]] = []
        asked: list[set[str]] = []  # stems of an entry's phrasings
        told: list[set[str]] = []  # stems only in its answer, tags and id
        entries_with_stem: dict[str, int] = defaultdict(int)
        subjects: set[str] = set()  # see match(): what the entries are named after
        named: set[str] = set()  # ... and what they are asked about
        authored: set[str] = set()  # stems of the content's own words (not content/asked)
        # per entry: the stems of its own question and alternates (see `_shared`)
        self._authored_phrasing: list[frozenset[str]] = []
        for index, entry in enumerate(self.entries):
            phrasing_stems: set[str] = set()
            own_stems: set[str] = set()
            counts: dict[str, float] = {}
            first_asked = len(entry.phrasings) - len(entry.asked)
            for position, text in enumerate(entry.phrasings):
                stems = tuple(topic_stems(text))
                for s in stems:
                    counts[s] = counts.get(s, 0.0) + 1.0
                stems_per_phrasing.append((index, stems))
                phrasing_stems.update(stems)
                if position == 0:  # the canonical question
                    named.update(stems)
                if position < first_asked:
                    own_stems.update(stems)
            authored.update(own_stems)
            self._authored_phrasing.append(frozenset(own_stems))
            id_stems = topic_stems(entry.id.replace("-", " "))
            tag_stems = topic_stems(" ".join(entry.tags))
            subjects.update(id_stems)
            named.update(id_stems, tag_stems)
            answer_words = set(topic_stems(entry.answer))
            authored.update(answer_words, tag_stems, id_stems)
            answer_stems = (answer_words | set(tag_stems) | set(id_stems)) - phrasing_stems
            asked.append(phrasing_stems)
            told.append(answer_stems)
            for s in answer_words:
                counts[s] = counts.get(s, 0.0) + self.weights.answer_field
            self._word_counts.append(counts)
            for s in phrasing_stems | answer_stems:
                entries_with_stem[s] += 1

        count = max(len(self.entries), 1)
        self._idf: dict[str, float] = {
            s: math.log((count + 1) / (n + 0.5)) + 0.1 for s, n in entries_with_stem.items()
        }
        ordered = sorted(self._idf.values())
        self._unknown_weight = self.weights.unknown * (
            ordered[len(ordered) // 2] if ordered else 1.0
        )

        # stem -> [(entry, credit)]: 1 for a phrasing word, `answer_field` for an answer word
        self._entry_postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self._entry_terms: list[dict[str, float]] = []
        for index in range(len(self.entries)):
            terms = dict.fromkeys(told[index], self.weights.answer_field)
            terms.update(dict.fromkeys(asked[index], 1.0))
            self._entry_terms.append(terms)
            for s, credit in terms.items():
                self._entry_postings[s].append((index, credit))

        # stem -> {entry: credit}, the postings again, for lookups by entry
        self._word_credits: dict[str, dict[int, float]] = {
            s: dict(postings) for s, postings in self._entry_postings.items()
        }

        # per phrasing, by position: its stems joined (for the rerank) and its weight
        self._phrasing_texts: list[str] = []
        self._phrasing_weights: list[float] = []
        # per entry: stem -> its phrasings with that stem, so scoring a candidate's
        # phrasings touches only those sharing a word with the question
        self._entry_stem_phrasings: list[dict[str, list[int]]] = [{} for _ in self.entries]
        lightest: dict[int, float] = {}
        for entry_index, stems in stems_per_phrasing:
            if not stems:
                continue
            position = len(self._phrasing_texts)
            weight = sum(self._idf[s] for s in stems)
            self._phrasing_texts.append(" ".join(stems))
            self._phrasing_weights.append(weight)
            for s in stems:
                self._entry_stem_phrasings[entry_index].setdefault(s, []).append(position)
            lightest[entry_index] = min(lightest.get(entry_index, weight), weight)
        # The subjects the entries are named after ("nafta", "proletariat"): a word that
        # can stand alone as a question, unlike "war" or "new" in a line of chatter.
        self._subjects = frozenset(subjects)
        # The words the entries are asked about: their questions, ids and tags. A
        # message with none of them ("i cant believe we actually won", "whats a good
        # hook for a speech") met a phrasing on chat words alone. An -ism counts with
        # its adjective ("multilateral vs bilateral").
        self._topic_words = frozenset(named | {s[:-3] for s in named if s.endswith("ism")})
        self._index = {entry.id: i for i, entry in enumerate(self.entries)}
        self._word_totals = [sum(counts.values()) for counts in self._word_counts]
        # Entries with a short, telling phrasing go first when many tie on coverage.
        self._focus = [1.0 / lightest.get(i, 1e9) for i in range(len(self.entries))]
        # position of each entry when equal coverage is ordered as rank_key in _rank does
        self._tie_order = [0] * len(self.entries)
        by_focus = sorted(range(len(self.entries)), key=lambda e: (-self._focus[e], e))
        for position, entry_index in enumerate(by_focus):
            self._tie_order[entry_index] = position
        # Best-placed entries first, so walking the head of a long list finds the
        # entries a one-word question would rank highest.
        for postings in self._entry_postings.values():
            postings.sort(key=lambda p: (-p[1] * self._focus[p[0]], p[0]))
        # A misspelt synonym ("benifits", "comunist") must still reach the word the
        # content uses, so the synonyms' own stems are spellings to correct towards.
        # Not the short ones: one edit from "trait" is "train", a word of its own.
        # Words only members' questions use (content/asked) count when typed as they
        # are, but misspellings are corrected towards the content's own words alone:
        # "benefited" in one member's question must not catch every "benifits".
        self._authored = frozenset(authored)
        self._spelling: dict[str, str] = {s: s for s in self._idf if s in authored}
        for word, head in SYNONYMS.items():
            target, spelling = stem(head), stem(word)
            if target in self._idf and len(spelling) >= 6:
                self._spelling.setdefault(spelling, target)
        self._by_length: dict[tuple[str, int], list[str]] = defaultdict(list)
        for s in self._spelling:
            self._by_length[(s[0], len(s))].append(s)
        self._correct = lru_cache(maxsize=16384)(self._nearest_known)

    # -- public -----------------------------------------------------------

    def match(self, question: str, *, addressed: bool = True) -> MatchResult:
        """`addressed`: asked of the bot (/ask, mention, DM, console, CLI), not overheard."""
        return self.thresholds.decide(self.read(question), addressed=addressed)

    def read(self, question: str, limit: int | None = None) -> Reading:
        """What the matcher makes of `question` before any threshold applies: the best
        `limit` entries (enough for the suggestions by default) and the signs the
        thresholds weigh. `Thresholds.decide` turns it into an answer."""
        stems, unknown = self._query_stems(question)
        ranked = self._rank(stems, unknown, limit=limit or self.thresholds.max_suggestions + 1)
        # Every entry is about something; "what are the downsides" alone could be any
        # of them, and "that was a bad game" is chatter, so offer, never answer.
        topic_words = self._topic_words if self.topic_gate else None
        names_a_topic = any(
            s not in ASPECTS and (topic_words is None or s in topic_words) for s in stems
        )
        # One known word among words the FAQ has never seen ("the cold war", "this
        # server is dead") is a chance hit on a common word, not a question about it,
        # unless that word is what an entry is about ("proletariat def").
        names_a_topic = names_a_topic and not (
            len(stems) == 1 and unknown and stems[0] not in self._subjects
        )
        shared = self._shared(ranked[0][0], stems) if ranked else 0
        # The rules weigh the content's own words: a word only members' questions
        # (content/asked) use is as foreign to the FAQ as one nobody used.
        unfamiliar = unknown + sum(1 for s in stems if s not in self._authored)
        return Reading(self, question, stems, unfamiliar, tuple(ranked), names_a_topic, shared)

    def rank(self, question: str, limit: int = 5) -> list[tuple[FaqEntry, float]]:
        """Entries by descending score (0-100), best first; empty when nothing is known."""
        return self._rank(*self._query_stems(question), limit=limit)

    def knows(self, stem: str) -> bool:
        """Whether some entry's phrasings, answer, tags or id use `stem`."""
        return stem in self._idf

    def correction(self, stem: str) -> str | None:
        """The known stem an unknown one is a misspelling of, if it is one."""
        return None if stem in self._idf else self._correct(stem)

    def defined_term(self, question: str, stems: list[str]) -> FaqEntry | None:
        """See `definitions.py`; never for matchers without the topic gate (debate points)."""
        if self._definitions is None:
            return None
        return self._definitions.asked(question, stems, lambda text: self._query_stems(text)[0])

    # -- internals --------------------------------------------------------

    def _shared(self, entry: FaqEntry, stems: list[str]) -> int:
        """How many of the question's topic words (not "pros", "causes") `entry` is asked with."""
        own = self._authored_phrasing[self._index[entry.id]]
        return sum(1 for s in stems if s not in ASPECTS and s in own)

    def _rank(self, stems: list[str], unknown: int, limit: int) -> list[tuple[FaqEntry, float]]:
        if not stems:
            return []
        w = self.weights
        idf = self._idf
        query_weight = sum(idf[s] for s in stems) + self._unknown_weight * unknown

        # Candidates come from the query's rarer words. A word found in a large share
        # of the entries still adds to the scores below, but its postings are not
        # walked: that is what keeps a 10,000-entry FAQ fast.
        cut = max(_WALK_LIMIT, len(self.entries) // 20)
        postings = self._entry_postings
        walked = [s for s in stems if len(postings[s]) <= cut] or [
            min(stems, key=lambda s: len(postings[s]))
        ]
        coverage: dict[int, float] = defaultdict(float)
        for s in walked:
            weight = idf[s]
            for entry_index, credit in postings[s][:cut]:
                coverage[entry_index] += weight * credit
        # Two cuts: a wide pool by the rarer words, completed with the common words by
        # lookup, then the candidates whose phrasings are scored one by one.
        focus = self._focus
        rank_key = lambda e: (coverage[e], focus[e], -e)  # noqa: E731
        pool = list(coverage)
        if len(pool) > _POOL:
            # The same cut as the top _POOL by rank_key, without calling it for each of
            # thousands of entries: all above the cut's coverage, then the ties at it
            # in their precomputed order. A common word ties thousands.
            floor = heapq.nlargest(_POOL, coverage.values())[-1]
            pool = [e for e, c in coverage.items() if c > floor]
            ties = [e for e, c in coverage.items() if c == floor]
            ties.sort(key=self._tie_order.__getitem__)
            pool += ties[: _POOL - len(pool)]
        rest = [s for s in stems if s not in walked]
        if rest:
            in_pool = set(pool)
            for s in rest:
                weight = idf[s]
                credits = self._word_credits[s]
                # the intersection runs in C; only the pool's entries with the word remain
                for entry_index in credits.keys() & in_pool:
                    coverage[entry_index] += weight * credits[entry_index]
        candidates = heapq.nlargest(_CANDIDATES, pool, key=rank_key)
        # per entry: (containment, dice, phrasing position) of its best phrasing; dice only
        # breaks ties between phrasings the question contains equally well
        # (the first phrasing wins a full tie); the hottest loop of a large FAQ, so no
        # tuple per phrasing
        best_phrasing: dict[int, tuple[float, float, int]] = {}
        phrasing_weights = self._phrasing_weights
        for entry_index in candidates:
            by_stem = self._entry_stem_phrasings[entry_index]
            shared_by_position: dict[int, float] = {}
            for s in stems:
                weight = idf[s]
                for position in by_stem.get(s, ()):
                    shared_by_position[position] = shared_by_position.get(position, 0.0) + weight
            best_c = best_d = -1.0
            best_p = -1
            for position, shared in shared_by_position.items():
                weight = phrasing_weights[position]
                c = shared / weight
                if c < best_c:
                    continue
                d = 2.0 * shared / (query_weight + weight)
                if c > best_c or d > best_d or (d == best_d and position < best_p):
                    best_c, best_d, best_p = c, d, position
            if best_p >= 0:
                best_phrasing[entry_index] = (best_c, best_d, best_p)

        # Only entries that share a word with one of their phrasings compete: words
        # found only in answers are too common in chatter to carry a match alone.
        lexical: list[tuple[float, int]] = []
        for entry_index, (contained, _, _) in best_phrasing.items():
            covered = min(coverage[entry_index] / query_weight, 1.0)
            value = w.containment * contained + (1 - w.containment) * covered
            lexical.append((value, entry_index))
        lexical.sort(reverse=True)

        joined = " ".join(stems)
        scored: list[tuple[int, float]] = []
        for value, entry_index in lexical[: max(w.depth, limit)]:
            position = best_phrasing[entry_index][2]
            closeness = fuzz.token_sort_ratio(joined, self._phrasing_texts[position]) / 100.0
            score = 100.0 * ((1 - w.rerank) * value + w.rerank * closeness * value**0.5)
            scored.append((entry_index, score))
        if w.vote and scored:
            scored = self._vote(stems, scored)
        scored.sort(key=lambda item: item[1], reverse=True)
        return [(self.entries[entry_index], score) for entry_index, score in scored[:limit]]

    def _vote(self, stems: list[str], scored: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """The scores, less `vote` points times how far each entry falls short of the
        likeliest one under a naive Bayes model of the entries' wording.

        The score above judges an entry by its single best phrasing; this weighs every
        phrasing's words at once, so a word the entry is asked in again and again counts
        for more than one an odd phrasing happens to share. It only takes points away,
        so it reorders close calls and widens margins, and never makes chatter an answer.
        """
        size = _SMOOTHING * len(self._idf)
        likelihoods: list[float] = []
        for entry_index, _ in scored:
            counts = self._word_counts[entry_index]
            total = self._word_totals[entry_index] + size
            likelihoods.append(
                sum(math.log((counts.get(s, 0.0) + _SMOOTHING) / total) for s in stems)
            )
        top = max(likelihoods)
        odds = [math.exp(x - top) for x in likelihoods]
        norm = sum(odds)
        return [
            (entry_index, score - 100.0 * self.weights.vote * (1.0 - share) / norm)
            for (entry_index, score), share in zip(scored, odds, strict=True)
        ]

    def _query_stems(self, question: str) -> tuple[list[str], int]:
        known: list[str] = []
        unknown = 0
        for raw in topic_stems(question, self.bot_names):
            s: str | None = raw
            if raw not in self._idf:
                s = self._correct(raw)
            if s is None:
                # A number the FAQ does not know ("like im 12") is no sign of another subject.
                unknown += not raw.isdigit()
            elif s not in known:
                known.append(s)
        return one_kind_asked(known), unknown

    def _nearest_known(self, unknown: str) -> str | None:
        size = len(unknown)
        if size < 5 or unknown.isdigit():
            return None
        max_edits = 1 if size < 8 else 2
        # Typos seldom hit the first letter; requiring it keeps "geographic" from
        # becoming "demographic" and "print" from becoming "point".
        candidates: list[str] = []
        for length in range(size - max_edits, size + max_edits + 1):
            candidates.extend(self._by_length.get((unknown[0], length), ()))
        found = process.extract(
            unknown, candidates, scorer=OSA.distance, score_cutoff=max_edits, limit=None
        )
        # An exact hit on a synonym's stem is another word that stems alike ("communism"
        # against "communist"), not a typo of the synonym.
        found = [f for f in found if f[1] or f[0] in self._idf]
        # A different ending of the same length is another word, not a slip:
        # "communism" is not a misspelt "community".
        found = [f for f in found if _same_kind(unknown, f[0])]
        if not found:
            return None
        # Fewest edits first; among equals, the closest length, then the rarer (more telling) word.
        best = min(
            found,
            key=lambda f: (f[1], abs(len(f[0]) - size), -self._idf[self._spelling[f[0]]]),
        )
        return self._spelling[best[0]]
