"""Counters and gauges for Prometheus, rendered in its text format (0.0.4) without a dependency.

A registry is an object (the App owns one), never a module global, so two apps
in one process (tests) count separately. Counters are incremented where the
outcome is decided, in the service layer both doors call; gauges are read from
callbacks at scrape time, so they are never stale and cost nothing between
scrapes.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

log = logging.getLogger(__name__)

_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
_LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


def escape_label_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _escape_help(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def format_value(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


class Counter:
    """A monotonically increasing count, optionally split by a fixed set of label names."""

    def __init__(self, name: str, help_text: str, labels: tuple[str, ...] = ()) -> None:
        self.name = name
        self.help = help_text
        self.labels = labels
        self._values: dict[tuple[str, ...], float] = {}
        if not labels:
            self._values[()] = 0.0

    def declare(self, **labels: str) -> Counter:
        """Show a label combination as 0 before it first happens (so rates start from 0)."""
        self._values.setdefault(self._key(labels), 0.0)
        return self

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        if amount < 0:
            raise ValueError(f"{self.name}: a counter only goes up, not by {amount}")
        key = self._key(labels) if labels or self.labels else ()  # no labels: every answer
        self._values[key] = self._values.get(key, 0.0) + amount

    def value(self, **labels: str) -> float:
        return self._values.get(self._key(labels), 0.0)

    def _key(self, labels: Mapping[str, str]) -> tuple[str, ...]:
        if set(labels) != set(self.labels):
            raise ValueError(f"{self.name} takes labels {self.labels}, not {tuple(labels)}")
        return tuple(str(labels[name]) for name in self.labels)

    def samples(self) -> Iterable[tuple[dict[str, str], float]]:
        for key, value in sorted(self._values.items()):
            yield dict(zip(self.labels, key, strict=True)), value


class Gauge:
    """A value read from a callback when scraped."""

    def __init__(self, name: str, help_text: str, read: Callable[[], float]) -> None:
        self.name = name
        self.help = help_text
        self.read = read

    def samples(self) -> Iterable[tuple[dict[str, str], float]]:
        try:
            value = float(self.read())
        except Exception:
            # One broken reading must not cost the operator every other metric.
            log.exception("could not read gauge %s", self.name)
            return
        yield {}, value


M = TypeVar("M", Counter, Gauge)


class Registry:
    def __init__(self) -> None:
        self._metrics: dict[str, Counter | Gauge] = {}

    def counter(self, name: str, help_text: str, labels: tuple[str, ...] = ()) -> Counter:
        for label in labels:
            if not _LABEL.match(label) or label.startswith("__"):
                raise ValueError(f"{label!r} is not a valid label name")
        return self._add(Counter(name, help_text, labels))

    def gauge(self, name: str, help_text: str, read: Callable[[], float]) -> Gauge:
        """Register (or replace: a restarted bot registers its readings again) a gauge."""
        self._metrics.pop(name, None)
        return self._add(Gauge(name, help_text, read))

    def _add(self, metric: M) -> M:
        if not _NAME.match(metric.name):
            raise ValueError(f"{metric.name!r} is not a valid metric name")
        if metric.name in self._metrics:
            raise ValueError(f"metric {metric.name} is registered twice")
        self._metrics[metric.name] = metric
        return metric

    def render(self) -> str:
        """Every metric in the Prometheus text exposition format, version 0.0.4."""
        lines: list[str] = []
        for metric in self._metrics.values():
            kind = "counter" if isinstance(metric, Counter) else "gauge"
            lines.append(f"# HELP {metric.name} {_escape_help(metric.help)}")
            lines.append(f"# TYPE {metric.name} {kind}")
            for labels, value in metric.samples():
                if labels:
                    inner = ",".join(f'{k}="{escape_label_value(v)}"' for k, v in labels.items())
                    lines.append(f"{metric.name}{{{inner}}} {format_value(value)}")
                else:
                    lines.append(f"{metric.name} {format_value(value)}")
        return "\n".join(lines) + "\n"


QUESTION_OUTCOMES = ("answer", "suggest", "none")
ERROR_PLACES = ("command", "listener")


class BotMetrics(Registry):
    """The bot's own metrics. The Discord door adds its gauges when it starts."""

    def __init__(self) -> None:
        super().__init__()
        self.questions = self.counter(
            "debatebot_questions_total",
            "FAQ questions by outcome: answered, suggestions offered, or no answer.",
            ("outcome",),
        )
        for outcome in QUESTION_OUTCOMES:
            self.questions.declare(outcome=outcome)
        self.quiz_answers_recorded = self.counter(
            "debatebot_quiz_answers_recorded_total",
            "Quiz answers durably recorded and counted (repeats of one answer count once).",
        )
        self.rounds = self.counter(
            "debatebot_rounds_total",
            "Debate rounds against the bot run to the end, with feedback.",
            ("status",),
        ).declare(status="finished")
        self.errors = self.counter(
            "debatebot_errors_total",
            "Unexpected errors logged with a traceback, by where they happened.",
            ("where",),
        )
        for where in ERROR_PLACES:
            self.errors.declare(where=where)
