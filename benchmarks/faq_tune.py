"""Grid search of the matcher's weights and thresholds on the labelled sets.

    python -m benchmarks.faq_tune

It searches on every labelled set but the held-out ones together (tuning,
development, fresh to fresh7 and off-topic: about 3,000 questions by nine
writers fit less to one writer's habits than the tuning set alone). The held-out
sets (benchmarks/data/faq_holdout*.jsonl) are never read here: they measure how
the chosen values generalise. Each set is read by a matcher over the content
without its own questions (content/asked; see `benchmarks.faq_crossval`), as a
member writing like it would be. Objective: correct answers, minus
wrong and off-topic answers, weighed per answer level (see MODES). Each question
is read once per set of weights (`FaqMatcher.read`) and every threshold is then
applied as the bot applies it (`Thresholds.decide`: the topic gate, the
long-question, remark and definition rules included); the rules' own settings
are left at their values, chosen by hand on the same sets.
"""

from __future__ import annotations

import itertools

from benchmarks.faq_crossval import readings as crossval_readings
from bot.config import REPO_ROOT
from bot.engine.faq import Answer, Reading, Thresholds, Weights
from bot.knowledge import load_knowledge

# (name, penalty per wrong answer, penalty per off-topic answer, asked of the bot) of
# each answer level: a member who asked the bot sees the matched question as the
# answer's title and can press "not what I asked"; in an FAQ channel an unasked-for
# wrong answer is noise.
MODES = (("answer (addressed)", 1, 3, True), ("channel_answer (overheard)", 2, 6, False))


def _thresholds(level: int, margin: int, addressed: bool) -> Thresholds:
    if addressed:
        return Thresholds(answer=level, margin=margin)
    return Thresholds(channel_answer=level, margin=margin)


def _outcome(reading: Reading, t: Thresholds, addressed: bool) -> str | None:
    result = t.decide(reading, addressed=addressed)
    return result.entry.id if isinstance(result, Answer) else None


def main() -> int:
    knowledge = load_knowledge(REPO_ROOT / "content")
    results: dict[str, list] = {name: [] for name, _, _, _ in MODES}
    for unknown, answer_field, containment, rerank in itertools.product(
        (0.0, 0.2, 0.4, 0.6), (0.3, 0.6), (0.3, 0.5, 0.7), (0.15, 0.3)
    ):
        weights = Weights(
            unknown=unknown, answer_field=answer_field, containment=containment, rerank=rerank
        )
        readings = [
            row for rows in crossval_readings(knowledge.faq, weights).values() for row in rows
        ]
        on_topic = sum(1 for _, e in readings if e is not None)
        for answer, margin in itertools.product(range(30, 75, 2), (0, 2, 4, 6, 8, 10)):
            for name, wrong_cost, off_cost, addressed in MODES:
                t = _thresholds(answer, margin, addressed)
                correct = wrong = off = 0
                for reading, expected in readings:
                    got = _outcome(reading, t, addressed)
                    if expected is None:
                        off += got is not None
                    elif got == expected:
                        correct += 1
                    elif got is not None:
                        wrong += 1
                objective = correct - wrong_cost * wrong - off_cost * off
                results[name].append((objective, correct, wrong, off, weights, answer, margin))
    for name, rows_of_mode in results.items():
        print(f"== {name}")
        rows_of_mode.sort(key=lambda r: r[0], reverse=True)
        for objective, correct, wrong, off, weights, answer, margin in rows_of_mode[:6]:
            print(
                f"objective={objective} top1={correct / on_topic:.1%} wrong={wrong} "
                f"off_answered={off} {weights} answer={answer} margin={margin}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
