"""FAQ matcher latency and throughput against a difflib baseline, plus plain-scorer accuracy.

    python -m benchmarks.faq_latency [--quick] [--seed SEED]

Latency: `FaqMatcher.match` on the shipped content and on synthetic corpora of 1,000 and
10,000 entries, next to `difflib.get_close_matches(query, all_phrasings, n=3, cutoff=0.6)`
on the same data and queries in the same run. Goals: p99 <= 1 ms at 1,000 entries,
p99 <= 2 ms at 10,000, and at least 100x difflib's throughput at 1,000.

Synthetic corpora are the shipped entries plus generated ones. Generated entries have a
question, 4-6 alternates and an answer of about 500 characters, built from a word pool:
the words of the seed articles (/work/shared/seeds/*.txt) followed by pseudo-words whose
number grows with the corpus (Heaps' law), drawn with Zipf-Mandelbrot frequencies, so
common words are shared by many entries and the tail grows with the corpus.

Queries: every line of tests/data/faq_queries.jsonl (on- and off-topic) plus typo'd
variants of phrasings drawn from the corpus being measured, so the typo-correction path
runs. The warm-up pass uses a disjoint query set (the held-out labelled set and other
typo'd phrasings): repeating the timed queries would let the matcher's caches answer the
typo corrections and hide their cost. Timing is time.perf_counter_ns around each call,
with the garbage collector disabled; throughput is timed queries over their summed time.

Accuracy baselines (shipped content only): top-1 of a full rapidfuzz scan with WRatio or
token_sort_ratio, and of difflib's best match, mapping the best phrasing to its entry,
on the on-topic queries of each labelled set. The baselines always name an entry; the
matcher's top-1 counts only outright answers, which is the stricter measure.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import math
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rapidfuzz import fuzz, process, utils

from benchmarks.faq_accuracy import DEFAULT_SETS, evaluate, load_set
from bot.config import REPO_ROOT
from bot.engine.faq import FaqMatcher
from bot.knowledge import load_knowledge
from bot.knowledge.models import FaqEntry

SEEDS_DIR = Path("/work/shared/seeds")
QUERY_SET = REPO_ROOT / "tests" / "data" / "faq_queries.jsonl"
WARMUP_SET = REPO_ROOT / "benchmarks" / "data" / "faq_holdout.jsonl"
DEFAULT_SEED = 20240611
SYNTHETIC_SIZES = (1_000, 10_000)
GOALS = {1_000: 1.0, 10_000: 2.0}  # entries -> p99 limit in ms
GOAL_RATIO = 100.0  # matcher / difflib throughput at 1,000 entries


@dataclass(frozen=True)
class Plan:
    typo_queries: int
    """Typo'd phrasings timed per size (next to every labelled query)."""
    labelled_limit: int | None
    """How many labelled queries to time (None: all)."""
    warmup_typos: int
    difflib_queries: dict[int, int]
    """Largest corpus size up to which the limit applies -> difflib query count."""


FULL = Plan(
    typo_queries=548,
    labelled_limit=None,
    warmup_typos=200,
    difflib_queries={100: 1_000, 1_000: 300, 10_000: 50},
)
QUICK = Plan(
    typo_queries=50,
    labelled_limit=120,
    warmup_typos=30,
    difflib_queries={100: 60, 1_000: 12, 10_000: 3},
)

# -- word pool -------------------------------------------------------------------------

_FUNCTION_WORDS = frozenset(
    """
    a an the and or but if then so of to in on at by for from with without about into onto over
    under between after before during against through while because as than that this these
    those there here it its is are was were be been being am do does did has have had can could
    would should will shall may might must not no nor yes which who whom whose what when where
    why how all any both each few more most other some such only own same too very just also
    even still i me my we us our you your he she they them their his her him one two three
    upon within among across toward towards around once again further whether though although
    """.split()
)
_CONNECTORS = (
    "the",
    "the",
    "the",
    "of",
    "of",
    "and",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "as",
    "with",
    "by",
    "on",
    "are",
    "this",
    "it",
    "from",
    "can",
    "more",
    "not",
    "than",
)
_ONSETS = (
    "b",
    "br",
    "c",
    "ch",
    "cl",
    "d",
    "dr",
    "f",
    "fl",
    "g",
    "gr",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "pr",
    "pl",
    "qu",
    "r",
    "s",
    "sh",
    "st",
    "str",
    "t",
    "tr",
    "th",
    "v",
    "w",
    "z",
)
_NUCLEI = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y")
_CODAS = ("", "", "", "n", "r", "l", "s", "t", "m", "nd", "st", "rt", "x")
_SUFFIXES = ("", "", "", "ism", "ation", "ity", "al", "ance", "ment", "ics", "ive", "er", "ology")


def seed_words() -> list[str]:
    """Content words of the seed articles, most frequent first."""
    counts: Counter[str] = Counter()
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        for word in re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()):
            if len(word) >= 3 and word not in _FUNCTION_WORDS:
                counts[word] += 1
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def pseudo_words(count: int, taken: set[str], rng: random.Random) -> list[str]:
    out: list[str] = []
    while len(out) < count:
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_NUCLEI) + rng.choice(_CODAS)
            for _ in range(rng.choice((2, 2, 3)))
        ) + rng.choice(_SUFFIXES)
        if 5 <= len(word) <= 14 and word not in taken:
            taken.add(word)
            out.append(word)
    return out


class WordPool:
    """Seed words then pseudo-words, sampled with Zipf-Mandelbrot weights by rank."""

    def __init__(self, generated_entries: int, rng: random.Random) -> None:
        base = seed_words()
        extra = int(12 * max(generated_entries, 1) ** 0.75)  # Heaps' law: V ~ K n^beta
        self.words = base + pseudo_words(extra, set(base) | _FUNCTION_WORDS, rng)
        weights = [1.0 / (rank + 2.7) ** 1.05 for rank in range(len(self.words))]
        self._cum = list(_accumulate(weights))
        self._rng = rng

    def draw(self, k: int = 1) -> list[str]:
        return self._rng.choices(self.words, cum_weights=self._cum, k=k)

    def distinct(self, k: int) -> list[str]:
        picked: list[str] = []
        while len(picked) < k:
            word = self.draw()[0]
            if word not in picked:
                picked.append(word)
        return picked


def _accumulate(values: Sequence[float]) -> list[float]:
    total = 0.0
    out: list[float] = []
    for value in values:
        total += value
        out.append(total)
    return out


# -- synthetic corpus ------------------------------------------------------------------

_QUESTIONS = (
    "What is {a} {b}?",
    "How does {a} affect {b}?",
    "Why does {a} matter for {b} {c}?",
    "What is the difference between {a} and {b}?",
    "Is {a} good or bad for {b}?",
    "What role does {a} play in {b} {c}?",
    "How did {a} {b} change after {c}?",
    "Who benefits from {a} {b}?",
    "Can {a} work without {b}?",
    "What are the main arguments against {a} {b}?",
    "What does the {c} say about {a} and {b}?",
)
# Frames vary as they would across many authors; content words of the frames ("bad",
# "examples", "critics") reach 10-25% of entries, as "vs" and "define" do in the shipped set.
_ALTERNATES = (
    "{a} {b} meaning",
    "explain {a} {b}",
    "what does {a} mean for {b}",
    "{a} vs {b}",
    "is {a} bad for {b}",
    "{b} and {a}",
    "how {a} impacts {b} {x}",
    "why {a} {x} matters",
    "arguments against {a}",
    "{a} {b} {c} explained",
    "does {a} help {x} {b}",
    "what happened to {a} {b}",
    "{a} in {x} {b}",
    "pros and cons of {a} {c}",
    "{c} {a} examples",
    "what do critics of {a} say about {b}",
    "{a} and {c} in {x}",
    "define {a} {b}",
    "what is {a}",
    "{a} {b}?",
    "{a} {c} definition",
    "tell me about {a} and {b}",
    "how does {a} work in {c}",
    "is {a} really {x}",
    "{b} {a} {x}",
    "why do people support {a} {b}",
    "{a} {x} history",
    "what is wrong with {a} {b}",
    "{a} or {b}",
    "link between {a} and {c}",
)


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _answer(pool: WordPool, topic: Sequence[str], rng: random.Random) -> str:
    target = rng.randint(420, 600)
    sentences: list[str] = []
    size = 0
    while size < target:
        length = rng.randint(8, 20)
        words = [
            rng.choice(_CONNECTORS) if rng.random() < 0.42 else pool.draw()[0]
            for _ in range(length)
        ]
        for _ in range(rng.choice((1, 1, 2))):
            words[rng.randrange(length)] = rng.choice(topic)
        sentence = " ".join(words).capitalize() + rng.choice((".", ".", ".", ",", ";"))
        if sentence.endswith((",", ";")):
            sentence = sentence[:-1] + "."
        sentences.append(sentence)
        size += len(sentence) + 1
    return " ".join(sentences)


def synthetic_corpus(shipped: Sequence[FaqEntry], size: int, seed: int) -> list[FaqEntry]:
    """The shipped entries plus generated ones, `size` in all; deterministic for a seed."""
    rng = random.Random(f"{seed}-corpus-{size}")
    generated = max(size - len(shipped), 0)
    pool = WordPool(generated, rng)
    seen = {_key(p) for entry in shipped for p in entry.phrasings}
    entries = list(shipped)
    while len(entries) < size:
        a, b, c = pool.distinct(3)
        question = rng.choice(_QUESTIONS).format(a=a, b=b, c=c)
        if _key(question) in seen:
            continue
        seen.add(_key(question))
        alternates: list[str] = []
        wanted = rng.randint(4, 6)
        for template in rng.sample(_ALTERNATES, len(_ALTERNATES)):
            if len(alternates) == wanted:
                break
            x = pool.draw()[0]
            text = template.format(a=a, b=b, c=c, x=x)
            if _key(text) not in seen:
                seen.add(_key(text))
                alternates.append(text)
        number = len(entries) - len(shipped)
        entries.append(
            FaqEntry(
                id=f"gen-{number:05d}-{a}-{b}",
                question=question,
                alternates=tuple(alternates),
                answer=_answer(pool, (a, b, c), rng),
                tags=("synthetic",),
                sources=(),
            )
        )
    return entries


# -- queries ---------------------------------------------------------------------------

_KEYBOARD = {
    row[i]: row[max(i - 1, 0)] + row[i + 1 : i + 2]
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i in range(len(row))
}


def _misspell(word: str, rng: random.Random) -> str:
    while True:
        i = rng.randrange(1, len(word))
        kind = rng.randrange(4)
        if kind == 0:
            out = word[:i] + word[i + 1 :]
        elif kind == 1 and i < len(word) - 1:
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif kind == 2:
            out = word[:i] + rng.choice(_KEYBOARD.get(word[i], "e")) + word[i + 1 :]
        else:
            out = word[:i] + word[i] + word[i:]
        if out != word:
            return out


def typo_variant(phrasing: str, rng: random.Random) -> str:
    """A chat-style copy of a phrasing with one or two misspelled words of 5+ letters."""
    text = phrasing.lower().rstrip("?") if rng.random() < 0.6 else phrasing
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not candidates:
        return text
    for i in rng.sample(candidates, min(len(candidates), 1 if rng.random() < 0.7 else 2)):
        words[i] = _misspell(words[i], rng)
    return " ".join(words)


def typo_queries(entries: Sequence[FaqEntry], count: int, rng: random.Random) -> list[str]:
    return [typo_variant(rng.choice(rng.choice(entries).phrasings), rng) for _ in range(count)]


T = TypeVar("T")


def _evenly(items: Sequence[T], count: int | None) -> list[T]:
    if count is None or count >= len(items):
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]


# -- timing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    queries: int
    p50_ms: float
    p99_ms: float
    qps: float

    @classmethod
    def of(cls, samples_ns: Sequence[int]) -> Timing:
        ordered = sorted(samples_ns)
        p99 = ordered[max(math.ceil(0.99 * len(ordered)) - 1, 0)]
        return cls(
            len(ordered),
            statistics.median(ordered) / 1e6,
            p99 / 1e6,
            len(ordered) / (sum(ordered) / 1e9),
        )


def time_calls(
    func: Callable[[str], object], queries: Sequence[str], warmup: Sequence[str]
) -> list[int]:
    """Nanoseconds per call, in query order, after a warm-up pass; gc off while timing."""
    for query in warmup:
        func(query)
    samples: list[int] = []
    gc.collect()
    gc.disable()
    try:
        clock = time.perf_counter_ns
        for query in queries:
            start = clock()
            func(query)
            samples.append(clock() - start)
    finally:
        gc.enable()
    return samples


@dataclass(frozen=True)
class SizeResult:
    entries: int
    phrasings: int
    vocabulary: int
    matcher: Timing
    by_kind: dict[str, Timing]
    difflib: Timing
    matcher_on_difflib_queries: Timing
    build_s: float

    @property
    def ratio(self) -> float:
        """Throughput ratio on the same queries (difflib runs on a subset of them)."""
        return self.matcher_on_difflib_queries.qps / self.difflib.qps


def measure(
    entries: Sequence[FaqEntry],
    labelled: Sequence[str],
    warmup_labelled: Sequence[str],
    plan: Plan,
    seed: int,
) -> SizeResult:
    rng = random.Random(f"{seed}-queries-{len(entries)}")
    kinds = [("labelled", q) for q in labelled]
    kinds += [("typo'd", q) for q in typo_queries(entries, plan.typo_queries, rng)]
    rng.shuffle(kinds)
    queries = [q for _, q in kinds]
    warmup = [*warmup_labelled, *typo_queries(entries, plan.warmup_typos, rng)]
    phrasings = [p for entry in entries for p in entry.phrasings]
    vocabulary = len({w for p in phrasings for w in re.findall(r"[a-z0-9]+", p.lower())})

    start = time.perf_counter()
    matcher = FaqMatcher(entries)
    build_s = time.perf_counter() - start
    samples = time_calls(matcher.match, queries, warmup)
    by_kind = {
        kind: Timing.of([ns for (k, _), ns in zip(kinds, samples, strict=True) if k == kind])
        for kind in ("labelled", "typo'd")
    }

    limit = next(n for bound, n in sorted(plan.difflib_queries.items()) if len(entries) <= bound)
    subset = _evenly(range(len(queries)), limit)
    difflib_samples = time_calls(
        lambda q: difflib.get_close_matches(q, phrasings, n=3, cutoff=0.6),
        [queries[i] for i in subset],
        warmup[:1],
    )
    return SizeResult(
        len(entries),
        len(phrasings),
        vocabulary,
        Timing.of(samples),
        by_kind,
        Timing.of(difflib_samples),
        Timing.of([samples[i] for i in subset]),
        build_s,
    )


# -- accuracy baselines ----------------------------------------------------------------


def _difflib_best(query: str, phrasings: list[str]) -> str | None:
    """What get_close_matches(query, phrasings, n=1, cutoff=0.0) returns, ties included,
    but skipping phrasings whose ratio bounds cannot beat the best so far (~10x faster)."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(query)
    best: tuple[float, str] | None = None
    # rapidfuzz's Indel ratio is close to difflib's: its top picks set a high floor early
    likely = [text for text, _, _ in process.extract(query, phrasings, scorer=fuzz.ratio, limit=5)]
    for text in (*likely, *phrasings):
        matcher.set_seq1(text)
        floor = best[0] if best else 0.0
        if matcher.real_quick_ratio() >= floor and matcher.quick_ratio() >= floor:
            candidate = (matcher.ratio(), text)
            if best is None or candidate > best:
                best = candidate
    return best[1] if best else None


def baseline_top1(
    entries: Sequence[FaqEntry], rows: Sequence[tuple[str, str | None]]
) -> dict[str, tuple[int, int]]:
    """Scorer name -> (correct, on-topic) for full scans over every phrasing."""
    owners = [entry.id for entry in entries for _ in entry.phrasings]
    phrasings = [p for entry in entries for p in entry.phrasings]
    lowered = [p.lower() for p in phrasings]
    by_lowered = {p: owner for p, owner in zip(lowered, owners, strict=True)}
    on_topic = [(q, expected) for q, expected in rows if expected is not None]
    correct = Counter[str]()
    for query, expected in on_topic:
        for name, scorer in (
            ("rapidfuzz WRatio", fuzz.WRatio),
            ("rapidfuzz token_sort_ratio", fuzz.token_sort_ratio),
        ):
            found = process.extractOne(
                query, phrasings, scorer=scorer, processor=utils.default_process
            )
            correct[name] += found is not None and owners[found[2]] == expected
        best = _difflib_best(query.lower(), lowered)
        correct["difflib best match"] += best is not None and by_lowered[best] == expected
    names = ("rapidfuzz WRatio", "rapidfuzz token_sort_ratio", "difflib best match")
    return {name: (correct[name], len(on_topic)) for name in names}


# -- report ----------------------------------------------------------------------------


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:6.1%} ({part}/{whole})" if whole else "   n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer queries, for a smoke run")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    started = time.perf_counter()

    shipped = load_knowledge(REPO_ROOT / "content").faq
    labelled_rows = load_set(QUERY_SET)
    labelled = _evenly([q for q, _ in labelled_rows], plan.labelled_limit)
    warmup_labelled = [q for q, _ in load_set(WARMUP_SET)]
    corpora = [list(shipped)] + [
        synthetic_corpus(shipped, size, args.seed) for size in SYNTHETIC_SIZES
    ]

    print(f"FAQ latency ({'quick' if args.quick else 'full'} run, seed {args.seed})")
    print(
        f"timed queries per size: {len(labelled)} labelled ({QUERY_SET.name}, on- and "
        f"off-topic) + {plan.typo_queries} typo'd phrasings of that corpus; warm-up: "
        f"{len(warmup_labelled)} held-out + {plan.warmup_typos} other typo'd phrasings"
    )
    print("difflib baseline: get_close_matches(query, all_phrasings, n=3, cutoff=0.6)")
    print()
    header = (
        f"{'entries':>7} {'phrasings':>9} {'vocab':>6} {'build':>7} | "
        f"{'matcher p50':>11} {'p99':>7} {'q/s':>8} | "
        f"{'difflib p50':>11} {'p99':>8} {'q/s':>7} {'queries':>7} | {'ratio':>7}"
    )
    print(header)
    print("-" * len(header))
    results: list[SizeResult] = []
    for entries in corpora:
        r = measure(entries, labelled, warmup_labelled, plan, args.seed)
        results.append(r)
        print(
            f"{r.entries:>7,} {r.phrasings:>9,} {r.vocabulary:>6,} {r.build_s:>6.2f}s | "
            f"{r.matcher.p50_ms:>8.3f} ms {r.matcher.p99_ms:>7.3f} {r.matcher.qps:>8,.0f} | "
            f"{r.difflib.p50_ms:>8.2f} ms {r.difflib.p99_ms:>8.2f} {r.difflib.qps:>7,.1f} "
            f"{r.difflib.queries:>7} | {r.ratio:>6,.0f}x",
            flush=True,
        )
    print(
        f"(ms per query; matcher timed on {results[0].matcher.queries} queries per size, "
        "difflib on an evenly spaced subset of them, see 'queries': it is too slow for all;\n"
        " ratio = matcher throughput / difflib throughput on that same subset)"
    )
    for r in results:
        print(
            f"matcher by query kind at {r.entries:,} entries: "
            + ", ".join(
                f"{kind} p50 {t.p50_ms:.3f} ms p99 {t.p99_ms:.3f} ms ({t.queries})"
                for kind, t in r.by_kind.items()
            )
        )
    generated = [e for e in corpora[-1] if e.tags == ("synthetic",)]
    words = statistics.mean(len(p.split()) for e in generated for p in e.phrasings)
    print(
        f"synthetic entries: {statistics.mean(len(e.alternates) for e in generated):.1f} "
        f"alternates, {words:.1f} words per phrasing, "
        f"{statistics.mean(len(e.answer) for e in generated):.0f} chars per answer"
    )

    print()
    print("goals")
    by_size = {r.entries: r for r in results}
    for size, limit in GOALS.items():
        r = by_size[size]
        verdict = "met" if r.matcher.p99_ms <= limit else "MISSED"
        print(f"  p99 <= {limit:g} ms at {size:,} entries: {r.matcher.p99_ms:.3f} ms  {verdict}")
    ratio = by_size[1_000].ratio
    print(
        f"  throughput >= {GOAL_RATIO:g}x difflib at 1,000 entries: {ratio:,.0f}x  "
        f"{'met' if ratio >= GOAL_RATIO else 'MISSED'}"
    )

    print()
    print(f"top-1 accuracy on the shipped content ({len(shipped)} entries), on-topic queries;")
    print(
        "plain scorers scan every phrasing (rapidfuzz with default_process) and always "
        "answer; the matcher's answers count outright answers only, its best-ranked row "
        "compares like with like"
    )
    matcher = FaqMatcher(shipped)
    loaded = [(path.name, load_set(path)) for path in DEFAULT_SETS]
    # top-1 only: the off-topic-only set has no column here
    sets = [(name, rows) for name, rows in loaded if any(e is not None for _, e in rows)]
    print(f"  {'':<28}" + "".join(f"{name:>26}" for name, _ in sets))
    rows: dict[str, list[str]] = {"FaqMatcher (answers)": [], "FaqMatcher (best-ranked)": []}
    for name, data in sets:
        acc = evaluate(matcher, data, name)
        rows["FaqMatcher (answers)"].append(_pct(acc.correct, acc.on_topic))
        on_topic = [(q, e) for q, e in data if e is not None]
        ranked_first = sum(
            bool(r) and r[0][0].id == e for q, e in on_topic for r in [matcher.rank(q, 1)]
        )
        rows["FaqMatcher (best-ranked)"].append(_pct(ranked_first, len(on_topic)))
        for scorer, (correct, total) in baseline_top1(shipped, data).items():
            rows.setdefault(scorer, []).append(_pct(correct, total))
    for scorer, cells in rows.items():
        print(f"  {scorer:<28}" + "".join(f"{cell:>26}" for cell in cells))

    print()
    print(f"# summary (faq_latency, {time.perf_counter() - started:.0f} s)")
    for r in results:
        print(
            f"entries={r.entries} matcher_p50_ms={r.matcher.p50_ms:.3f} "
            f"matcher_p99_ms={r.matcher.p99_ms:.3f} matcher_qps={r.matcher.qps:.0f} "
            f"difflib_qps={r.difflib.qps:.2f} ratio={r.ratio:.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
