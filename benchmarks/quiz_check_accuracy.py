"""Quiz answer checking accuracy on a labelled set of member answers.

    python -m benchmarks.quiz_check_accuracy [benchmarks/data/quiz_answers.jsonl ...] [--errors]

Each line of a set is {"question_id": str, "answer": str, "correct": bool}, labelled
by what a fair teacher would accept. Reported per question type and overall:
- accuracy: verdicts that agree with the label;
- false accepts: wrong answers marked right, the worst error (a member is told a
  wrong answer is right, and the streak rewards it);
- false rejects: right answers marked wrong.
An unknown question id counts as rejected, as `quiz check` answers it.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import REPO_ROOT
from bot.engine.quiz.checking import check_answer
from bot.knowledge import load_knowledge
from bot.knowledge.models import QuizQuestion

DEFAULT_SETS = (REPO_ROOT / "benchmarks" / "data" / "quiz_answers.jsonl",)
TYPES = ("short-answer", "multiple-choice", "true-false")


@dataclass
class Accuracy:
    name: str
    cases: int = 0
    agreed: int = 0
    false_accepts: int = 0
    false_rejects: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        rate = self.agreed / self.cases if self.cases else 0.0
        return (
            f"{self.name}: accuracy {rate:.1%} ({self.agreed}/{self.cases}), "
            f"false accepts {self.false_accepts}, false rejects {self.false_rejects}"
        )


def load_set(path: Path) -> list[tuple[str, str, bool]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            rows.append((item["question_id"], item["answer"], bool(item["correct"])))
    return rows


def evaluate(
    questions: dict[str, QuizQuestion], rows: list[tuple[str, str, bool]]
) -> dict[str, Accuracy]:
    """Accuracy per question type, and "all"."""
    results = {name: Accuracy(name) for name in (*TYPES, "unknown id", "all")}
    for question_id, answer, label in rows:
        question = questions.get(question_id)
        verdict = check_answer(question, answer).correct if question else False
        for acc in (results[question.type if question else "unknown id"], results["all"]):
            acc.cases += 1
            acc.agreed += verdict == label
            acc.false_accepts += verdict and not label
            acc.false_rejects += label and not verdict
        if verdict != label:
            kind = "FALSE ACCEPT" if verdict else "FALSE REJECT"
            expected = question.answer if question else None
            results["all"].errors.append(f"{kind} {question_id}: {answer!r} (answer {expected!r})")
    return {name: acc for name, acc in results.items() if acc.cases}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=list(DEFAULT_SETS))
    parser.add_argument("--errors", action="store_true", help="list every wrong verdict")
    args = parser.parse_args(argv)
    questions = load_knowledge(REPO_ROOT / "content").quiz_by_id
    for path in args.sets:
        print(path.name)
        results = evaluate(questions, load_set(path))
        for acc in results.values():
            print("  " + acc.line())
        if args.errors:
            # False accepts first: they are the errors that matter most.
            for error in sorted(results["all"].errors, key=lambda e: not e.startswith("FALSE A")):
                print("    " + error)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
