"""One exception root for the project.

`UserError` and its children carry a message meant for the person who caused
them; adapters show that message as it is. Anything else is a bug: logged with
its traceback and answered with a short apology.
"""

from __future__ import annotations


class BotError(Exception):
    """Root of every exception this project raises on purpose."""


class UserError(BotError):
    """Something the user can fix; `str(error)` is shown to them."""


class ConfigError(BotError):
    """A setting is missing or malformed; raised before anything starts."""


class ContentError(BotError):
    """Shipped or edited content failed validation."""

    def __init__(self, problems: list) -> None:
        self.problems = problems
        count = len(problems)
        head = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {count - 20} more" if count > 20 else ""
        super().__init__(f"{count} content problem(s):\n{head}{more}")
