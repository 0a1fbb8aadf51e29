"""`debate-bot` and `python -m bot`: start the bot, the console, or a one-shot command.

debate-bot                      Discord if DISCORD_TOKEN is set, else the console
debate-bot console              the terminal REPL
debate-bot ask "QUESTION"       print the answer
debate-bot ask --jsonl          one question per stdin line -> one JSON object per line
debate-bot check-content [PATH] validate content/, every problem with file and line
debate-bot faq misses           questions without a good answer, for content authors
debate-bot motions [--jsonl]    the debate motions
debate-bot rebut --motion ID --side SIDE [--jsonl] [ARGUMENT]
                                the bot's answer to a student's argument
debate-bot quiz list [--jsonl]  the quiz questions
debate-bot quiz check [--jsonl] [QUESTION_ID ANSWER]
                                is an answer right?
debate-bot streaks recompute     the live counters against a recompute from history
debate-bot bench streaks [--users N] [--answers N] [--rounds N] [--database-url URL]
                                answers recorded per second, against a naive baseline
debate-bot sync                 sync slash commands to Discord and exit
debate-bot privacy export USER_ID [--out PATH]
                                everything stored about a member, as JSON
debate-bot privacy forget USER_ID [--guild ID] --yes
                                delete it (without --yes: say what would go)
debate-bot backup PATH          copy the SQLite database to PATH, safely while the bot runs
debate-bot restore PATH [--force]
                                put a backup in place of the database (the bot stopped)
debate-bot db copy SOURCE_URL TARGET_URL [--force]
                                every row from one database to another (SQLite, PostgreSQL)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import sys
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from bot.clock import utc_now
from bot.config import Config
from bot.engine.debate.clash import ClashMatcher
from bot.engine.faq import Answer, FaqMatcher, MatchResult, Suggestions
from bot.engine.quiz.checking import check_answer
from bot.errors import BotError, ContentError
from bot.knowledge import check_content, load_knowledge
from bot.knowledge.models import QuizQuestion

log = logging.getLogger(__name__)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="debate-bot", description="Debate practice bot for Discord, with a console mode."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="start on Discord if DISCORD_TOKEN is set, else the console")
    commands.add_parser("console", help="the terminal REPL over the same engine and store")
    ask = commands.add_parser("ask", help="answer one question, or JSON lines from stdin")
    ask.add_argument("question", nargs="*", help="the question (omit with --jsonl)")
    ask.add_argument("--jsonl", action="store_true", help="read questions from stdin, one per line")
    ask.add_argument("--content", type=Path, help="content directory (default: the shipped one)")
    check = commands.add_parser("check-content", help="validate content and report every problem")
    check.add_argument("path", nargs="?", type=Path, help="content directory or one YAML file")
    faq = commands.add_parser("faq", help="FAQ tools for content authors")
    faq_commands = faq.add_subparsers(dest="faq_command", metavar="SUBCOMMAND", required=True)
    misses = faq_commands.add_parser("misses", help="list recorded misses and unanswered questions")
    misses.add_argument("--limit", type=int, default=50)
    motions = commands.add_parser("motions", help="list the debate motions")
    motions.add_argument("--jsonl", action="store_true", help='one {"id", "title"} per line')
    rebut = commands.add_parser("rebut", help="the bot's answer to a student's argument")
    rebut.add_argument("--motion", required=True, help="motion id (see `debate-bot motions`)")
    rebut.add_argument(
        "--side",
        required=True,
        choices=("proposition", "opposition"),
        help="the side the STUDENT argues; the bot answers from the other",
    )
    rebut.add_argument("--jsonl", action="store_true", help="one argument per stdin line")
    rebut.add_argument("argument", nargs="*", help="the argument (omit with --jsonl)")
    quiz = commands.add_parser("quiz", help="quiz questions and answer checking")
    quiz_commands = quiz.add_subparsers(dest="quiz_command", metavar="SUBCOMMAND", required=True)
    quiz_list = quiz_commands.add_parser("list", help="list the questions")
    quiz_list.add_argument("--jsonl", action="store_true", help='{"id","type","prompt","options"}')
    quiz_check = quiz_commands.add_parser("check", help="check answers")
    quiz_check.add_argument(
        "--jsonl", action="store_true", help='stdin lines {"question_id","answer"}'
    )
    quiz_check.add_argument("question_id", nargs="?")
    quiz_check.add_argument("answer", nargs="*")
    streaks = commands.add_parser("streaks", help="quiz streak tools")
    streak_commands = streaks.add_subparsers(
        dest="streaks_command", metavar="SUBCOMMAND", required=True
    )
    streak_commands.add_parser(
        "recompute", help="recompute every member's counters from the answer history and compare"
    )
    bench = commands.add_parser("bench", help="measure the bot's own paths")
    bench_commands = bench.add_subparsers(dest="bench_command", metavar="SUBCOMMAND", required=True)
    bench_streaks = bench_commands.add_parser("streaks", help="quiz answers recorded per second")
    bench_streaks.add_argument(
        "--users", type=_positive_int, default=1000, help="concurrent members"
    )
    bench_streaks.add_argument(
        "--answers", type=_positive_int, default=20, help="answers per member"
    )
    bench_streaks.add_argument(
        "--baseline-answers", type=int, default=2, help="answers per member for the naive baseline"
    )
    bench_streaks.add_argument(
        "--database-url",
        help="run the bot path on this database (default: a temporary SQLite file); "
        "the baseline stays on SQLite",
    )
    bench_streaks.add_argument(
        "--rounds",
        type=_positive_int,
        default=3,
        help="runs of the bot path, each on a fresh database; the summary gives their median",
    )
    commands.add_parser("sync", help="sync slash commands with Discord, then exit")
    privacy = commands.add_parser("privacy", help="a member's data, for data requests")
    privacy_commands = privacy.add_subparsers(
        dest="privacy_command", metavar="SUBCOMMAND", required=True
    )
    privacy_export = privacy_commands.add_parser(
        "export", help="everything stored about a member, as JSON"
    )
    privacy_export.add_argument("user_id", type=int, help="the member's Discord user id")
    privacy_export.add_argument("--out", type=Path, help="file to write (default: stdout)")
    privacy_forget = privacy_commands.add_parser(
        "forget", help="delete everything stored about a member"
    )
    privacy_forget.add_argument("user_id", type=int, help="the member's Discord user id")
    privacy_forget.add_argument(
        "--guild", type=int, help="only their data in this server (default: everywhere)"
    )
    privacy_forget.add_argument(
        "--yes", action="store_true", help="really delete; without it, say what would go"
    )
    backup = commands.add_parser(
        "backup", help="copy the SQLite database to PATH (safe while the bot runs)"
    )
    backup.add_argument("path", type=Path, help="the backup file to write")
    restore = commands.add_parser(
        "restore", help="replace the SQLite database with a backup (stop the bot first)"
    )
    restore.add_argument("path", type=Path, help="the backup file to restore")
    restore.add_argument(
        "--force",
        action="store_true",
        help="replace an existing database (it is kept as <name>.before-restore-<time>)",
    )
    db = commands.add_parser("db", help="database tools")
    db_commands = db.add_subparsers(dest="db_command", metavar="SUBCOMMAND", required=True)
    db_copy = db_commands.add_parser(
        "copy", help="copy every row from one database to another (stop the bot first)"
    )
    db_copy.add_argument("source", metavar="SOURCE_URL", help="sqlite:///PATH or postgresql://…")
    db_copy.add_argument("target", metavar="TARGET_URL", help="sqlite:///PATH or postgresql://…")
    db_copy.add_argument(
        "--force", action="store_true", help="empty a target that already holds data first"
    )
    return parser


def result_record(question: str, result: MatchResult) -> dict[str, object]:
    """The stable JSON shape of `ask --jsonl`."""
    if isinstance(result, Answer):
        return {
            "question": question,
            "answer": result.entry.answer,
            "entry_id": result.entry.id,
            "score": result.score,
            "suggestions": [],
        }
    suggestions = [e.id for e in result.entries] if isinstance(result, Suggestions) else []
    return {
        "question": question,
        "answer": None,
        "entry_id": None,
        "score": result.score,
        "suggestions": suggestions,
    }


def ask_jsonl(matcher: FaqMatcher, lines: TextIO, out: TextIO) -> int:
    count = 0
    for raw in lines:
        question = raw.rstrip("\r\n")
        record = result_record(question, matcher.match(question))
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()  # a caller may wait for each answer before sending the next line
        count += 1
    return count


def _ask(args: argparse.Namespace, config: Config) -> int:
    knowledge = load_knowledge(args.content or config.content_dir)
    matcher = FaqMatcher(knowledge.faq, bot_names=config.bot_names)
    if args.jsonl:
        if args.question:
            print("ask: give either a QUESTION or --jsonl, not both", file=sys.stderr)
            return 2
        ask_jsonl(matcher, sys.stdin, sys.stdout)
        return 0
    question = " ".join(args.question).strip()
    if not question:
        print('ask: give a question, e.g. debate-bot ask "what is globalism"', file=sys.stderr)
        return 2
    result = matcher.match(question)
    if isinstance(result, Answer):
        entry = result.entry
        sources = "; ".join(knowledge.source_title(s) for s in entry.sources)
        print(f"{entry.question}\n\n{entry.answer}\n\nSource: {sources}")
    elif isinstance(result, Suggestions):
        print("Did you mean:")
        for entry in result.entries:
            print(f"  - {entry.question}")
    else:
        print("No answer: that does not look like a question about globalism or internationalism.")
    return 0


def _motions(args: argparse.Namespace, config: Config) -> int:
    knowledge = load_knowledge(config.content_dir)
    for motion in knowledge.motions:
        if args.jsonl:
            print(json.dumps({"id": motion.id, "title": motion.motion}, ensure_ascii=False))
        else:
            print(f"{motion.id:<32} {motion.motion}")
    return 0


def rebut_jsonl(clash: ClashMatcher, lines: TextIO, out: TextIO) -> int:
    count = 0
    for raw in lines:
        argument = raw.rstrip("\r\n")
        out.write(json.dumps(rebut_record(clash, argument), ensure_ascii=False) + "\n")
        out.flush()
        count += 1
    return count


def rebut_record(clash: ClashMatcher, argument: str) -> dict[str, object]:
    """The stable JSON shape of `rebut --jsonl`; the same line always gets the same reply."""
    point = clash.place(argument)
    reply = clash.reply(point, random.Random(zlib.crc32(argument.encode())))
    return {
        "argument": argument,
        "matched_argument_id": point.argument.id if point.argument else None,
        "response": reply.text,
    }


def _rebut(args: argparse.Namespace, config: Config) -> int:
    knowledge = load_knowledge(config.content_dir)
    motion = knowledge.motions_by_id.get(args.motion)
    if motion is None:
        known = ", ".join(m.id for m in knowledge.motions)
        print(f"rebut: no motion {args.motion!r}; known motions: {known}", file=sys.stderr)
        return 2
    clash = ClashMatcher(motion, args.side)
    if args.jsonl:
        rebut_jsonl(clash, sys.stdin, sys.stdout)
        return 0
    argument = " ".join(args.argument).strip()
    if not argument:
        print("rebut: give an argument, or --jsonl to read them from stdin", file=sys.stderr)
        return 2
    record = rebut_record(clash, argument)
    placed = record["matched_argument_id"] or "no known argument"
    print(f"[{placed}]\n{record['response']}")
    return 0


def _quiz(args: argparse.Namespace, config: Config) -> int:
    knowledge = load_knowledge(config.content_dir)
    if args.quiz_command == "list":
        for q in knowledge.quiz:
            if args.jsonl:
                record = {
                    "id": q.id,
                    "type": q.type,
                    "prompt": q.prompt,
                    "options": list(q.options),
                }
                print(json.dumps(record, ensure_ascii=False))
            else:
                options = f"  [{' / '.join(q.options)}]" if q.options else ""
                print(f"{q.id:<36} {q.type:<15} {q.prompt}{options}")
        return 0
    if args.jsonl:
        quiz_check_jsonl(knowledge.quiz_by_id, sys.stdin, sys.stdout)
        return 0
    if not args.question_id:
        print("quiz check: give QUESTION_ID ANSWER, or --jsonl", file=sys.stderr)
        return 2
    record = quiz_check_record(knowledge.quiz_by_id, args.question_id, " ".join(args.answer))
    verdict = "right" if record["correct"] else "wrong"
    print(f"{verdict}; expected: {record['expected']}")
    return 0 if record["expected"] is not None else 2


def quiz_check_record(
    questions: Mapping[str, QuizQuestion], question_id: str, answer: str
) -> dict[str, object]:
    """The stable JSON shape of `quiz check --jsonl`; an unknown id is never correct."""
    question = questions.get(question_id)
    if question is None:
        return {"question_id": question_id, "correct": False, "expected": None}
    verdict = check_answer(question, answer)
    return {"question_id": question_id, "correct": verdict.correct, "expected": verdict.expected}


def quiz_check_jsonl(questions: Mapping[str, QuizQuestion], lines: TextIO, out: TextIO) -> int:
    count = 0
    for raw in lines:
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            question_id, answer = str(item["question_id"]), str(item.get("answer", ""))
        except (json.JSONDecodeError, KeyError, TypeError):
            record: dict[str, object] = {"question_id": None, "correct": False, "expected": None}
        else:
            record = quiz_check_record(questions, question_id, answer)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
        count += 1
    return count


async def _recompute(config: Config) -> int:
    from bot.quizzing import QuizService
    from bot.store.factory import make_store

    async with make_store(config.store_url) as store:
        quiz = QuizService(store, utc_now)
        members = await store.quiz_members()
        mismatches = await quiz.recompute()
    for m in mismatches:
        print(
            f"user {m.user_id} in guild {m.guild_id}: stored (answers, correct, streak, best) "
            f"{m.stored}, recomputed {m.recomputed}"
        )
    print(f"{len(members)} member(s) checked, {len(mismatches)} mismatch(es)")
    return 1 if mismatches else 0


def _check_content(args: argparse.Namespace, config: Config) -> int:
    path = args.path or config.content_dir
    knowledge, problems = check_content(path)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    assert knowledge is not None
    print(
        f"{path}: OK ({len(knowledge.faq)} FAQ entries, {len(knowledge.motions)} motions, "
        f"{len(knowledge.quiz)} quiz questions, {len(knowledge.sources)} sources)"
    )
    return 0


async def _faq_misses(limit: int, config: Config) -> int:
    from bot.store.factory import make_store

    async with make_store(config.store_url) as store:
        misses = await store.misses(limit)
    if not misses:
        print("No misses recorded.")
        return 0
    print(f"{'count':>5}  {'kind':<11}  {'last seen':<16}  question -> entry shown")
    for m in misses:
        shown = f" -> {m.entry_id}" if m.entry_id else ""
        print(f"{m.count:>5}  {m.kind:<11}  {m.last_at:%Y-%m-%d %H:%M}  {m.question}{shown}")
    return 0


async def _console(config: Config) -> int:
    from bot.app import App
    from bot.console import serve
    from bot.store.factory import make_store

    knowledge = load_knowledge(config.content_dir)
    async with make_store(config.store_url) as store:
        app = App(knowledge, store, bot_names=config.bot_names)
        await app.start()
        # serve() closes the quiz writer before the store closes here.
        return await serve(app, content_dir=config.content_dir)


def _backup(args: argparse.Namespace, config: Config) -> int:
    from bot.ops.backup import POSTGRES_ADVICE, BackupError, backup

    if config.database_url.startswith(("postgresql://", "postgres://")):
        print(POSTGRES_ADVICE, file=sys.stderr)
        return 2
    try:
        info = backup(config.database_path, args.path)
    except BackupError as error:
        print(f"backup: {error}", file=sys.stderr)
        return 1
    print(
        f"backed up {config.database_path} to {info.path} "
        f"(schema version {info.schema_version}, integrity ok)"
    )
    _print_counts(info.row_counts)
    return 0


def _restore(args: argparse.Namespace, config: Config) -> int:
    from bot.ops.backup import POSTGRES_ADVICE, BackupError, latest_schema_version, restore

    if config.database_url.startswith(("postgresql://", "postgres://")):
        print(POSTGRES_ADVICE, file=sys.stderr)
        return 2
    try:
        done = restore(args.path, config.database_path, force=args.force)
    except BackupError as error:
        print(f"restore: {error}", file=sys.stderr)
        return 1
    if done.set_aside is not None:
        print(f"the database that was there is now {done.set_aside}")
    print(
        f"restored {args.path} to {done.info.path} (schema version {done.info.schema_version}, "
        "integrity ok)"
    )
    if done.info.schema_version < latest_schema_version():
        print(f"the bot upgrades it to schema version {latest_schema_version()} when it starts")
    _print_counts(done.info.row_counts)
    return 0


async def _db_copy(args: argparse.Namespace) -> int:
    import sqlite3

    import asyncpg

    from bot.store.copy import CopyError, copy_database
    from bot.store.postgres import DatabaseUnavailable, without_password

    source, target = without_password(args.source), without_password(args.target)
    try:
        counts = await copy_database(args.source, args.target, force=args.force)
    except (CopyError, DatabaseUnavailable) as error:
        print(f"db copy: {error}; nothing was copied", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        print(f"db copy: {source} -> {target} failed, nothing was copied: {error}", file=sys.stderr)
        return 1
    print(f"copied {source} to {target}; row counts checked against the source:")
    _print_counts(counts)
    return 0


def _print_counts(counts: Mapping[str, int]) -> None:
    width = max(map(len, counts), default=0)
    for table, rows in counts.items():
        print(f"  {table:<{width}}  {rows:>10,} rows")


async def _privacy(args: argparse.Namespace, config: Config) -> int:
    from bot.privacy import PrivacyService, describe
    from bot.store.factory import make_store
    from bot.store.privacy_records import FAQ_MISSES

    async with make_store(config.store_url) as store:
        privacy = PrivacyService(store, utc_now)
        if args.privacy_command == "export":
            name = config.bot_names[0] if config.bot_names else "debate bot"
            exported = await privacy.export(args.user_id, bot_name=name)
            if args.out is None:
                sys.stdout.write(exported.to_json().decode())
            else:
                args.out.write_bytes(exported.to_json())
                total = sum(exported.counts.values())
                print(f"wrote {total} record(s) of user {args.user_id} to {args.out}")
            return 0
        where = f" in guild {args.guild}" if args.guild is not None else ""
        if not args.yes:
            counts = await privacy.stored(args.user_id, args.guild)
            print(f"would delete for user {args.user_id}{where}: {describe(counts) or 'nothing'}")
            if counts[FAQ_MISSES]:
                print(f"and unlink {counts[FAQ_MISSES]} FAQ question(s) from them")
            print("nothing deleted: add --yes to delete", file=sys.stderr)
            return 2
        done = await privacy.forget(args.user_id, args.guild)
    print(
        f"deleted {done.deleted} record(s) of user {args.user_id}{where}: "
        f"{describe(done.counts) or 'nothing'}"
    )
    if done.unlinked:
        print(f"{done.unlinked} FAQ question(s) kept for content authors, without the user id")
    return 0


def _discord(config: Config, *, sync_only: bool = False) -> int:
    from bot.client import run_discord

    return asyncio.run(run_discord(config, sync_only=sync_only))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    try:
        config = Config.from_env()
        if command in {"ask", "check-content", "motions", "rebut", "quiz", "privacy"}:
            logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        if command == "ask":
            return _ask(args, config)
        if command == "check-content":
            return _check_content(args, config)
        if command == "motions":
            return _motions(args, config)
        if command == "rebut":
            return _rebut(args, config)
        if command == "quiz":
            return _quiz(args, config)
        if command == "streaks":
            return asyncio.run(_recompute(config))
        if command == "bench":
            from bot.benchmarking import bench_streaks

            print(
                asyncio.run(
                    bench_streaks(
                        args.users,
                        args.answers,
                        args.baseline_answers,
                        database_url=args.database_url,
                        rounds=args.rounds,
                    )
                )
            )
            return 0
        if command == "faq":
            return asyncio.run(_faq_misses(args.limit, config))
        if command == "sync":
            if not config.token:
                print("sync needs DISCORD_TOKEN", file=sys.stderr)
                return 2
            return _discord(config, sync_only=True)
        if command == "backup":
            return _backup(args, config)
        if command == "privacy":
            return asyncio.run(_privacy(args, config))
        if command == "restore":
            return _restore(args, config)
        if command == "db":
            return asyncio.run(_db_copy(args))
        if command == "run" and config.token:
            return _discord(config)
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        # The console stays quiet below warnings, but a person at it should see why it closed.
        logging.getLogger("bot.ops.shutdown").setLevel(logging.INFO)
        return asyncio.run(_console(config))
    except ContentError as error:
        print(f"Refusing to start: {error}", file=sys.stderr)
        return 1
    except BotError as error:
        print(f"debate-bot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): not an error, and nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
