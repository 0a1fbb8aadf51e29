"""The terminal door: the same App as Discord, driven by typed lines.

`Console.handle` turns one line into the text to print, so tests drive it
without a terminal; `Console.run` is the read-eval-print loop around it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

from bot.app import App, AskedVia
from bot.console_debate import DEBATE_HELP, DebateConsole
from bot.console_quiz import QUIZ_HELP, QuizConsole
from bot.engine.faq import Answer, MatchResult, NoAnswer, Suggestions
from bot.errors import UserError
from bot.knowledge import FaqEntry
from bot.ops.shutdown import SignalShutdown

try:
    import termios
except ImportError:  # Windows: no terminal modes to restore
    termios = None  # type: ignore[assignment]

PROMPT = "debate-bot> "

HELP = (
    """\
Commands:
  ask QUESTION     ask about globalism or internationalism (or just type the question)
  1, 2, 3          pick one of the "did you mean" suggestions
  wrong            the last answer was not what you asked (it is recorded for the authors)
  topics           list every question the FAQ knows
  misses           questions members asked that had no good answer
  reload           reload content/ (keeps the old content if the new one has problems)
  help             this text
  quit             leave (Ctrl-D works too)

"""
    + DEBATE_HELP
    + "\n\n"
    + QUIZ_HELP
)

WELCOME = """\
Debate practice bot: console mode (no DISCORD_TOKEN set, so Discord is off).
Ask a question about globalism or internationalism, e.g. "what is globalism",
or spar: "motions", then "debate start 1". Type "help" for commands."""


class Console:
    def __init__(self, app: App, *, content_dir: Path | None = None, width: int = 88) -> None:
        self.app = app
        self.content_dir = content_dir
        self.width = width
        self._suggested: tuple[FaqEntry, ...] = ()
        self._last: tuple[str, FaqEntry] | None = None
        self._asked = ""
        self.debate = DebateConsole(app.debate)
        self.quiz = QuizConsole(app.quiz, app.knowledge, random.Random())

    async def handle(self, line: str) -> str | None:
        """The reply to one typed line; None means the user asked to leave."""
        text = line.strip()
        if not text:
            return ""
        command, _, rest = text.partition(" ")
        command = command.lower()
        # A bare word is a command; "help me understand globalism" is a question.
        bare = text.lower() if not rest.strip() else ""
        if bare in {"quit", "exit", "q"}:
            return None
        if bare == "help":
            return HELP
        if bare == "motions":
            return self.debate.motions()
        if command == "quiz":
            return await self.quiz.start(rest.split())
        if bare == "streak":
            return await self.quiz.streak()
        if command == "timezone":
            return await self.quiz.timezone(rest.strip())
        if self.quiz.active:
            return await self.quiz.answer(text)
        if command == "debate":
            return await self.debate.command(rest.split())
        if command == "drill":
            return await self.debate.drill(rest.split())
        if self.debate.collecting:
            return await self.debate.line(text)
        if bare == "topics":
            return "\n".join(f"- {entry.question}" for entry in self.app.knowledge.faq)
        if bare == "misses":
            return await self._misses()
        if bare == "reload":
            return self._reload()
        if bare == "wrong":
            return await self._wrong()
        if text.isdigit():
            return self._pick(int(text))
        if command == "ask":
            if not rest.strip():
                raise UserError('Usage: ask QUESTION, e.g. "ask what is internationalism"')
            text = rest
        return self._render(text, await self.app.ask(text, via=AskedVia.COMMAND))

    def _render(self, question: str, result: MatchResult) -> str:
        self._suggested = ()
        self._asked = question
        if isinstance(result, Answer):
            self._last = (question, result.entry)
            return self.format_entry(result.entry)
        if isinstance(result, Suggestions):
            self._suggested = result.entries
            lines = ["I'm not sure which you mean. Did you mean:"]
            lines += [f"  {i}. {e.question}" for i, e in enumerate(result.entries, start=1)]
            lines.append("Type the number to see that answer.")
            return "\n".join(lines)
        assert isinstance(result, NoAnswer)
        return (
            "I don't have an answer to that. I know about globalism and internationalism: "
            'type "topics" to see what I can answer.'
        )

    def format_entry(self, entry: FaqEntry) -> str:
        body = "\n".join(
            textwrap.fill(paragraph, self.width) if paragraph.strip() else ""
            for paragraph in entry.answer.replace("**", "").splitlines()
        )
        sources = "; ".join(self.app.source_titles(entry))
        rule = "-" * min(len(entry.question), self.width)
        return f"{entry.question}\n{rule}\n{body}\n(Source: {sources})"

    def _pick(self, number: int) -> str:
        if not self._suggested:
            raise UserError("There are no suggestions to pick from; ask a question first.")
        if not 1 <= number <= len(self._suggested):
            raise UserError(f"Pick a number from 1 to {len(self._suggested)}.")
        entry = self._suggested[number - 1]
        self._last = (self._asked, entry)
        self._suggested = ()
        return self.format_entry(entry)

    async def _wrong(self) -> str:
        if self._last is None:
            raise UserError("There is no answer to mark yet; ask a question first.")
        question, entry = self._last
        await self.app.not_what_i_asked(question, entry.id, guild_id=None, user_id=None)
        self._last = None
        return "Thanks: noted, so the authors can add a better answer."

    async def _misses(self) -> str:
        misses = await self.app.misses(20)
        if not misses:
            return "No misses recorded yet."
        return "\n".join(
            f"{m.count:>3}x  {m.kind}  {m.question!r}" + (f" -> {m.entry_id}" if m.entry_id else "")
            for m in misses
        )

    def _reload(self) -> str:
        if self.content_dir is None:
            raise UserError("This console was started without a content directory to reload.")
        result = self.app.reload(self.content_dir)
        if result.ok:
            return f"Reloaded: {result.entries} FAQ entries."
        problems = "\n".join(f"  {p}" for p in result.problems[:20])
        return f"Reload refused; still serving the old content. Problems:\n{problems}"

    async def run(
        self, read: Callable[[str], str] | None = None, *, stop: asyncio.Event | None = None
    ) -> None:
        """Read, answer, print, until quit, end of input, or `stop` (a signal) is set.

        A line already being handled when `stop` is set is finished first: a quiz
        answer in it is recorded before the console returns.
        """
        read = read or read_stdin_line
        stop = stop or asyncio.Event()
        print(WELCOME)
        while not stop.is_set():
            try:
                line = await _next_line(read, stop)
            except (EOFError, KeyboardInterrupt, OSError):  # OSError: stdin is gone
                line = None
            if line is None:
                print()
                return
            try:
                reply = await self.handle(line)
            except UserError as error:
                reply = str(error)
            if reply is None:
                return
            if reply:
                print(reply, file=sys.stdout, flush=True)


async def serve(
    app: App, *, content_dir: Path | None = None, read: Callable[[str], str] | None = None
) -> int:
    """The console door until quit, end of input, SIGTERM or SIGINT; 0 in every case.

    The quiz writer is closed here, before the caller closes the store, so an
    answer still queued when the signal came is committed, not lost.
    """
    terminal = _terminal_state()
    try:
        with SignalShutdown() as shutdown:
            await Console(app, content_dir=content_dir).run(read, stop=shutdown.requested)
    finally:
        await app.close()
        _restore_terminal(terminal)
    return 0


# -- reading lines ------------------------------------------------------------------


async def _next_line(read: Callable[[str], str], stop: asyncio.Event) -> str | None:
    """The next line, or None once `stop` is set first.

    The read runs in a daemon thread of its own, not the default executor: a read
    waiting for a line that will never come must not keep the process from
    exiting (asyncio.run joins the executor's threads, Python joins non-daemon ones).
    """
    loop = asyncio.get_running_loop()
    line: asyncio.Future[str] = loop.create_future()

    def deliver(result: str | None, error: BaseException | None) -> None:
        if line.done():  # stopped meanwhile: nobody wants this line
            return
        if error is not None:
            line.set_exception(error)
        else:
            line.set_result(result or "")

    def work() -> None:
        try:
            result, error = read(PROMPT), None
        except BaseException as raised:  # EOFError, KeyboardInterrupt: the loop decides
            result, error = None, raised
        with contextlib.suppress(RuntimeError):  # the loop has closed: we are exiting
            loop.call_soon_threadsafe(deliver, result, error)

    threading.Thread(target=work, name="console-input", daemon=True).start()
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({line, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if not line.done():
        line.cancel()
        return None
    return line.result()


class _FdLines:
    """Lines from stdin's file descriptor, bypassing `sys.stdin`.

    A read abandoned at exit must hold no lock: Python's buffered `sys.stdin` holds
    one while it waits, and the interpreter aborts at exit on a lock held by a
    daemon thread ("could not acquire lock for <stdin>"). `os.read` holds none.
    """

    def __init__(self, fd: int = 0) -> None:
        self.fd = fd
        self._pending = b""

    def __call__(self, prompt: str) -> str:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        while b"\n" not in self._pending:
            chunk = os.read(self.fd, 65536)
            if not chunk:
                if not self._pending:
                    raise EOFError
                line, self._pending = self._pending, b""
                return line.decode("utf-8", errors="replace")
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line.decode("utf-8", errors="replace").removesuffix("\r")


_fd_lines = _FdLines()


def read_stdin_line(prompt: str) -> str:
    """`input()` at a terminal (line editing and history), else straight from the pipe.

    At a terminal `input()` reads through readline, outside `sys.stdin`'s buffer and
    its lock, so it too can be abandoned at exit.
    """
    if _stdin_is_terminal():
        return input(prompt)
    return _fd_lines(prompt)


def _stdin_is_terminal() -> bool:
    try:
        return os.isatty(0) and os.isatty(1)
    except OSError:
        return False


def _terminal_state() -> list | None:
    if termios is None or not _stdin_is_terminal():
        return None
    try:
        return termios.tcgetattr(0)
    except termios.error:
        return None


def _restore_terminal(state: list | None) -> None:
    # A read cut off by a signal leaves readline's terminal modes (no echo) behind.
    if termios is not None and state is not None:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(0, termios.TCSADRAIN, state)
