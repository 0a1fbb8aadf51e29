"""`debate-bot ask`: one question, or JSON lines in and out, as a script or program sees it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from bot.cli import ask_jsonl, main
from bot.config import REPO_ROOT
from bot.engine.faq import FaqMatcher, Thresholds
from bot.knowledge import Knowledge, load_knowledge

RECORD_KEYS = {"question", "answer", "entry_id", "score", "suggestions"}
OFF_TOPIC = "what is the capital of france"


@pytest.fixture(autouse=True)
def default_settings(monkeypatch):
    """Run the CLI as on a fresh machine: shipped content, no Discord."""
    for name in ("DISCORD_TOKEN", "DEBATE_BOT_CONTENT_DIR", "DEBATE_BOT_NAME"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(REPO_ROOT / "content")


def records(text: str) -> list[dict]:
    lines = text.splitlines()
    parsed = [json.loads(line) for line in lines]
    for record in parsed:
        assert set(record) == RECORD_KEYS
        assert isinstance(record["score"], int | float)
    return parsed


def test_ask_jsonl_writes_one_record_per_line(knowledge: Knowledge):
    questions = ["what is globalism", "what is internationalism", OFF_TOPIC, ""]
    out = io.StringIO()
    count = ask_jsonl(FaqMatcher(knowledge.faq), io.StringIO("\n".join(questions) + "\n"), out)

    found = records(out.getvalue())
    assert count == len(found) == 4
    assert [r["question"] for r in found] == questions

    globalism, internationalism, off_topic, blank = found
    assert globalism["entry_id"] == "what-is-globalism"
    assert globalism["answer"] == knowledge.faq_by_id["what-is-globalism"].answer
    assert globalism["suggestions"] == []
    assert internationalism["entry_id"] == "what-is-internationalism"
    for abstention in (off_topic, blank):
        assert abstention["answer"] is None
        assert abstention["entry_id"] is None
        assert abstention["suggestions"] == []


def test_ask_jsonl_suggestions_are_ids_without_an_answer(knowledge: Knowledge):
    unsure = FaqMatcher(
        knowledge.faq, thresholds=Thresholds(answer=101, suggest=1, definitions=False)
    )
    out = io.StringIO()
    ask_jsonl(unsure, io.StringIO("what is globalism\r\n"), out)

    (record,) = records(out.getvalue())
    assert record["question"] == "what is globalism"
    assert record["answer"] is None
    assert record["entry_id"] is None
    assert record["suggestions"][0] == "what-is-globalism"
    assert record["score"] > 0


def test_main_ask_jsonl_reads_stdin(monkeypatch, capsys):
    monkeypatch.setattr(
        sys, "stdin", io.StringIO(f"what is globalism\n\n{OFF_TOPIC}\nwhat is internationalism\n")
    )
    assert main(["ask", "--jsonl"]) == 0

    found = records(capsys.readouterr().out)
    assert [r["entry_id"] for r in found] == [
        "what-is-globalism",
        None,
        None,
        "what-is-internationalism",
    ]
    assert found[1]["question"] == ""


def test_main_ask_prints_the_answer_and_its_source(knowledge: Knowledge, capsys):
    assert main(["ask", "what", "is", "globalism"]) == 0
    out = capsys.readouterr().out
    entry = knowledge.faq_by_id["what-is-globalism"]
    assert out.startswith(entry.question)
    assert entry.answer in out
    assert "Source: " + knowledge.source_title(entry.sources[0]) in out


def test_main_ask_off_topic_says_there_is_no_answer(capsys):
    assert main(["ask", OFF_TOPIC]) == 0
    assert capsys.readouterr().out.startswith("No answer")


def test_python_dash_m_bot_answers_a_question(knowledge: Knowledge):
    unset = {"DISCORD_TOKEN", "DEBATE_BOT_CONTENT_DIR", "DEBATE_BOT_NAME"}
    env = {name: value for name, value in os.environ.items() if name not in unset}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "what is globalism"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("What is globalism?")
    assert knowledge.faq_by_id["what-is-globalism"].answer in done.stdout
