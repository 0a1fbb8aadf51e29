"""The service layer: what gets remembered for content authors."""

from __future__ import annotations

from bot.app import App, AskedVia
from bot.config import REPO_ROOT
from bot.engine.faq import Thresholds
from bot.knowledge import load_knowledge
from bot.ops.heap import YOUNG_THRESHOLD
from bot.store import MemoryStore, MissKind


async def test_channel_chatter_is_not_recorded_but_channel_questions_are() -> None:
    knowledge = load_knowledge(REPO_ROOT / "content")
    app = App(
        knowledge, MemoryStore(), thresholds=Thresholds(answer=101, suggest=1, definitions=False)
    )
    await app.ask("globalism is overrated lol", via=AskedVia.CHANNEL)
    assert await app.misses() == []
    await app.ask("what is globalism", via=AskedVia.CHANNEL)
    assert [(m.kind, m.question) for m in await app.misses()] == [
        (MissKind.UNANSWERED, "what is globalism")
    ]


async def test_a_direct_question_without_an_answer_is_recorded_once_per_ask() -> None:
    app = App(load_knowledge(REPO_ROOT / "content"), MemoryStore())
    await app.ask("what is the capital of france", via=AskedVia.COMMAND)
    await app.ask("what is the capital of france", via=AskedVia.COMMAND)
    await app.ask("what is globalism", via=AskedVia.COMMAND)
    (miss,) = await app.misses()
    assert miss.question == "what is the capital of france" and miss.count == 2


async def test_a_burst_of_unanswered_questions_is_recorded_exactly() -> None:
    import asyncio

    store = MemoryStore()
    app = App(load_knowledge(REPO_ROOT / "content"), store)
    asked = [f"when is the next tournament number {n}" for n in range(300)]
    await asyncio.gather(
        *(app.ask(q, via=AskedVia.COMMAND, guild_id=1, user_id=n) for n, q in enumerate(asked))
    )
    await app.close()
    summaries = await store.misses(limit=1000)
    assert sorted(s.question for s in summaries) == sorted(asked)
    assert all(s.count == 1 and s.kind is MissKind.UNANSWERED for s in summaries)


async def test_a_question_with_a_nul_character_is_recorded_on_postgresql(postgres_url: str) -> None:
    from bot.store import PostgresStore

    async with PostgresStore(postgres_url) as store:
        app = App(load_knowledge(REPO_ROOT / "content"), store)
        await app.ask("when is the\x00 next tournament", via=AskedVia.COMMAND, guild_id=1)
        await app.close()
        [summary] = await store.misses()
    assert summary.question == "when is the next tournament"


async def test_start_reads_every_zone_and_takes_the_startup_heap_out_of_gc_walks() -> None:
    import gc

    store = MemoryStore()
    await store.set_timezone(11, "Asia/Kolkata")
    app = App(load_knowledge(REPO_ROOT / "content"), store)
    threshold = gc.get_threshold()
    gc.unfreeze()
    gc.set_threshold(700, threshold[1], threshold[2])  # CPython's default, whatever ran before
    try:
        await app.start()
        assert app.quiz.zones.known(11).key == "Asia/Kolkata"  # type: ignore[union-attr]
        assert app.quiz.zones.known(12).key == "UTC"  # type: ignore[union-attr]
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        await app.close()
