"""A prompter that answers from a script, checking each answer as the real one would.

Each script entry names the kind of question it expects, so a flow that asks
something else fails loudly instead of drifting. Text answers go through the
question's own validator: a refused answer is recorded and the next entry is
tried, exactly like a facilitator retyping.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from rethink_cli.dialogs.ports import (
    Cancelled,
    ConfirmQuestion,
    KeyQuestion,
    SelectQuestion,
    TextQuestion,
)

T = TypeVar("T")


class Interrupt:
    """A script entry that presses Ctrl-C at the next prompt."""


CTRL_C = Interrupt()


class Escape:
    """A script entry that presses Esc: it leaves a question marked ``escape``, and
    does nothing at any other (the next entry then answers it)."""


ESC = Escape()


@dataclass
class ScriptedPrompter:
    """Answers from ``script``; with a ``clock``, each key prompt also waits ``per_key`` seconds.

    While it waits, it does what the real prompter does: redraws the status and
    live lines twice a second, and calls the question's watch when the watch
    asked to be called (``Alarm.next_in``), keeping every line it announced.
    """

    script: deque[tuple[str, Any] | Interrupt | Escape]
    asked: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    ignored_keys: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    # (monotonic seconds, status line) for every redraw while waiting.
    timeline: list[tuple[float, str]] = field(default_factory=list)
    # (monotonic seconds, line) for every time-up the watch announced.
    announced: list[tuple[float, str]] = field(default_factory=list)
    clock: FakeClock | None = None
    per_key: float = 0.0
    # Only key prompts whose message holds this wait (e.g. "is speaking"); "" for all.
    slow: str = ""

    @classmethod
    def of(cls, *entries: tuple[str, Any] | Interrupt | Escape) -> ScriptedPrompter:
        return cls(deque(entries))

    def _next(self, kind: str, message: str, *, escape: bool = False) -> Any:
        self.asked.append(f"{kind}: {message}")
        if not self.script:
            raise AssertionError(f"script ran out at {kind} {message!r}")
        entry = self.script.popleft()
        while isinstance(entry, Escape):
            if escape:
                raise Cancelled
            # Like the real prompt: Esc does nothing here, and the next entry answers.
            self.ignored_keys.append("escape")
            entry = self.script.popleft()
        if isinstance(entry, Interrupt):
            raise KeyboardInterrupt
        got_kind, value = entry
        if got_kind != kind:
            raise AssertionError(f"expected a {got_kind} question, was asked {kind} {message!r}")
        return value

    def _status(self, status: Any) -> None:
        if status is not None:
            self.statuses.append(status())

    def _wait(self, question: Any, seconds: float) -> None:
        """Let ``seconds`` pass at this prompt, as the real prompt_toolkit loop would."""
        clock = self.clock
        if clock is None:
            return
        next_at = self._look(question, clock)
        waited = 0.0
        while waited < seconds:
            clock.advance(0.5)
            waited += 0.5
            if question.status is not None:
                self.timeline.append((clock.mono, question.status()))
            if getattr(question, "live", None) is not None:
                question.live()
            if next_at is not None and clock.mono >= next_at:
                next_at = self._look(question, clock)

    def _look(self, question: Any, clock: FakeClock) -> float | None:
        if question.watch is None:
            return None
        alarm = question.watch()
        self.announced += [(clock.mono, line) for line in alarm.lines]
        return None if alarm.next_in is None else clock.mono + max(alarm.next_in, 0.05)

    def text(self, question: TextQuestion) -> str:
        self._status(question.status)
        while True:
            value = self._next("text", question.message, escape=question.escape)
            answer = question.default if value is None else str(value)
            problem = question.validate(answer) if question.validate else None
            if problem is None:
                return answer
            self.refusals.append(problem)

    def select(self, question: SelectQuestion[T]) -> T:
        self._status(question.status)
        wanted = self._next("select", question.message, escape=question.escape)
        if wanted is None:
            assert question.default is not None or any(c.value is None for c in question.choices), (
                f"no default for {question.message!r}"
            )
            return question.default  # type: ignore[return-value]
        titles = [c.title for c in question.choices]
        for choice in question.choices:
            if isinstance(wanted, str) and wanted in choice.title:
                return choice.value
        raise AssertionError(f"no choice {wanted!r} in {question.message!r}: {titles}")

    def confirm(self, question: ConfirmQuestion) -> bool:
        self._status(question.status)
        value = self._next("confirm", question.message, escape=question.escape)
        return question.default if value is None else bool(value)

    def key(self, question: KeyQuestion) -> str:
        self._status(question.status)
        if self.slow in question.message:
            self._wait(question, self.per_key)
        while True:
            key = self._next("key", question.message)
            # The value bound to this key, as the real prompt's key bindings would find it.
            value = next((k.value for k in question.keys if key in k.keys), None)
            if value is not None:
                return value
            # Like the real prompt: an unbound key does nothing and is not kept.
            self.ignored_keys.append(key)


# The meeting's home: the autumn clock change and bank holidays are England's.
LONDON = ZoneInfo("Europe/London")
# A Thursday morning: the default "now" of every test that does not choose one.
DEFAULT_START = dt.datetime(2026, 11, 26, 10, 0, tzinfo=LONDON)


class FakeClock:
    """The program's ``Clock``, moved by hand: a session runs in milliseconds.

    ``now`` and ``today`` follow the wall clock in a real time zone (London by
    default), so a test can start at 23:59 on 31 December or in the repeated
    hour of the autumn clock change and see what a facilitator would.
    """

    def __init__(self, start: dt.datetime = DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ValueError("a fake clock starts at an aware time")
        self.zone = start.tzinfo
        self.mono = 1000.0
        self.wall_now = start.timestamp()

    def monotonic(self) -> float:
        return self.mono

    def wall(self) -> float:
        return self.wall_now

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.wall_now, self.zone)

    def today(self) -> dt.date:
        return self.now().date()

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall_now += seconds

    def sleep_laptop(self, seconds: float) -> None:
        """Suspend: the wall clock runs on while the monotonic clock stands still."""
        self.wall_now += seconds
