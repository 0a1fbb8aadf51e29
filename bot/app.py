"""The service layer both doors call: Discord cogs and the console.

`App` owns the loaded knowledge, the matcher built from it, the store and the
clock. An adapter turns an event into one call here and the result into a
message; no adapter reads YAML, builds a matcher or speaks to the store itself.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.challenges import ChallengeService
from bot.clock import Clock, utc_now
from bot.debating import DebateService
from bot.engine.faq import Answer, FaqMatcher, MatchResult, NoAnswer, Suggestions, Thresholds
from bot.engine.text import looks_like_question
from bot.knowledge import FaqEntry, Knowledge, Problem, check_content
from bot.ops.heap import settle_after_startup
from bot.ops.metrics import BotMetrics
from bot.privacy import PrivacyService
from bot.quizzing import QuizService
from bot.sharding import EVERYTHING, ShardPlan
from bot.store.base import Miss, MissKind, MissSummary, Store
from bot.store.batch_writer import BatchWriter
from bot.timekeeping import TimerService

log = logging.getLogger(__name__)


class AskedVia(StrEnum):
    COMMAND = "command"
    """/ask, a mention, the console: the member asked the bot directly."""
    CHANNEL = "channel"
    """A message in an FAQ channel: most of it is chatter, not a question for us."""


@dataclass(frozen=True, slots=True)
class ReloadResult:
    ok: bool
    entries: int
    problems: tuple[Problem, ...] = ()


_OUTCOMES: dict[type, str] = {Answer: "answer", Suggestions: "suggest", NoAnswer: "none"}


def _miss_text(question: str) -> str:
    # PostgreSQL's text refuses NUL characters, which a pasted message can carry.
    return question.replace("\x00", "").strip()[:500]


class App:
    def __init__(
        self,
        knowledge: Knowledge,
        store: Store,
        *,
        clock: Clock = utc_now,
        bot_names: Iterable[str] = (),
        thresholds: Thresholds | None = None,
        rng: random.Random | None = None,
        shards: ShardPlan = EVERYTHING,
    ) -> None:
        self.store = store
        self.shards = shards
        self.clock = clock
        self.bot_names = tuple(bot_names)
        self.thresholds = thresholds
        self._channel_cache: dict[int, set[int]] = {}
        # Owned here, not a module global: each App (each test) counts on its own.
        self.metrics = BotMetrics()
        # Questions nobody could answer are batched like quiz answers: under a burst of
        # questions a transaction each made every member wait on the others' commits.
        self.miss_writer: BatchWriter[Miss, None] = BatchWriter(
            self._write_misses, name="miss-writer"
        )
        self.timers = TimerService(store, clock, shards)
        self.debate = DebateService(
            lambda: self.knowledge,
            store,
            clock,
            rng or random.Random(),
            metrics=self.metrics,
            shards=shards,
        )
        self.quiz = QuizService(store, clock, metrics=self.metrics)
        self.challenges = ChallengeService(store, self.quiz, lambda: self.knowledge, clock, shards)
        self.privacy = PrivacyService(
            store, clock, quiz=self.quiz, debate=self.debate, timers=self.timers
        )
        self._install(knowledge)

    def _install(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.matcher = FaqMatcher(
            knowledge.faq, bot_names=self.bot_names, thresholds=self.thresholds
        )
        self._questions = [entry.question for entry in knowledge.faq]

    # -- content ----------------------------------------------------------

    def reload(self, content_dir: Path) -> ReloadResult:
        """Swap in new content only if it is valid; otherwise keep serving the old."""
        knowledge, problems = check_content(content_dir)
        if knowledge is None:
            log.warning("content reload refused: %d problem(s)", len(problems))
            return ReloadResult(False, len(self.knowledge.faq), tuple(problems))
        self._install(knowledge)
        log.info("content reloaded: %d FAQ entries", len(knowledge.faq))
        return ReloadResult(True, len(knowledge.faq))

    def faq_entry(self, entry_id: str) -> FaqEntry | None:
        return self.knowledge.faq_by_id.get(entry_id)

    def source_titles(self, entry: FaqEntry) -> list[str]:
        return [self.knowledge.source_title(s) for s in entry.sources]

    def complete_question(self, typed: str, limit: int = 25) -> list[FaqEntry]:
        """Canonical questions for autocomplete: closest first; all when nothing is typed."""
        if not typed.strip():
            return list(self.knowledge.faq[:limit])
        found = process.extract(
            typed,
            self._questions,
            scorer=fuzz.WRatio,
            limit=limit,
            processor=str.lower,
            score_cutoff=60,
        )
        if not found:  # a typed question in other words: let the matcher pick
            return [entry for entry, _ in self.matcher.rank(typed, limit=limit)]
        return [self.knowledge.faq[index] for _, _, index in found]

    # -- FAQ --------------------------------------------------------------

    def answer(self, question: str) -> MatchResult:
        """Match without recording anything (evaluation, benchmarks)."""
        return self.matcher.match(question)

    async def ask(
        self,
        question: str,
        *,
        via: AskedVia = AskedVia.COMMAND,
        guild_id: int | None = None,
        user_id: int | None = None,
    ) -> MatchResult:
        """Match a member's question and remember what we could not answer."""
        result = self.matcher.match(question, addressed=via is AskedVia.COMMAND)
        # Overheard chatter is not a question: count what was asked, or read as a question.
        if via is AskedVia.COMMAND or isinstance(result, Answer) or looks_like_question(question):
            self.metrics.questions.inc(outcome=_OUTCOMES[type(result)])
        if via is AskedVia.COMMAND:
            unanswered = not isinstance(result, Answer) and bool(question.strip())
        else:  # channel chatter: only questions we had candidates for are worth an author's time
            unanswered = isinstance(result, Suggestions) and looks_like_question(question)
        if unanswered:
            await self.miss_writer.submit(
                Miss(
                    MissKind.UNANSWERED,
                    _miss_text(question),
                    None,
                    guild_id,
                    user_id,
                    self.clock(),
                )
            )
        return result

    async def not_what_i_asked(
        self, question: str, entry_id: str, *, guild_id: int | None, user_id: int | None
    ) -> None:
        await self.miss_writer.submit(
            Miss(
                MissKind.NOT_HELPFUL,
                _miss_text(question),
                entry_id,
                guild_id,
                user_id,
                self.clock(),
            )
        )

    async def misses(self, limit: int = 50) -> list[MissSummary]:
        return await self.store.misses(limit)

    async def _write_misses(self, misses: list[Miss]) -> list[None]:
        await self.store.record_misses(misses)
        return [None] * len(misses)

    async def start(self) -> None:
        """Read what serving needs from the store; call once before taking work."""
        await self.quiz.start()
        settle_after_startup()

    async def close(self) -> None:
        """Commit every answer and miss still waiting; call before closing the store."""
        await self.quiz.close()
        await self.miss_writer.close()

    # -- FAQ channels -----------------------------------------------------

    async def is_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        # Every message in every guild passes here: read the store once per guild.
        if guild_id not in self._channel_cache:
            self._channel_cache[guild_id] = await self.store.faq_channels(guild_id)
        return channel_id in self._channel_cache[guild_id]

    async def faq_channels(self, guild_id: int) -> set[int]:
        return await self.store.faq_channels(guild_id)

    async def add_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        added = await self.store.add_faq_channel(guild_id, channel_id)
        self._channel_cache.pop(guild_id, None)
        return added

    async def remove_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        removed = await self.store.remove_faq_channel(guild_id, channel_id)
        self._channel_cache.pop(guild_id, None)
        return removed


__all__ = ["Answer", "App", "AskedVia", "NoAnswer", "ReloadResult", "Suggestions"]
