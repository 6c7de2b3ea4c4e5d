"""A prompter that answers from a script, checking each answer as the real one would.

Each script entry names the kind of question it expects, so a flow that asks
something else fails loudly instead of drifting. Text answers go through the
question's own validator: a refused answer is recorded and the next entry is
tried, exactly like a facilitator retyping.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rethink_cli.questions import ConfirmQuestion, KeyQuestion, SelectQuestion, TextQuestion

T = TypeVar("T")


class Interrupt:
    """A script entry that presses Ctrl-C at the next prompt."""


CTRL_C = Interrupt()


@dataclass
class ScriptedPrompter:
    script: deque[tuple[str, Any] | Interrupt]
    asked: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    ignored_keys: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, *entries: tuple[str, Any] | Interrupt) -> ScriptedPrompter:
        return cls(deque(entries))

    def _next(self, kind: str, message: str) -> Any:
        self.asked.append(f"{kind}: {message}")
        if not self.script:
            raise AssertionError(f"script ran out at {kind} {message!r}")
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

    def text(self, question: TextQuestion) -> str:
        self._status(question.status)
        while True:
            value = self._next("text", question.message)
            answer = question.default if value is None else str(value)
            problem = question.validate(answer) if question.validate else None
            if problem is None:
                return answer
            self.refusals.append(problem)

    def select(self, question: SelectQuestion[T]) -> T:
        self._status(question.status)
        wanted = self._next("select", question.message)
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
        value = self._next("confirm", question.message)
        return question.default if value is None else bool(value)

    def key(self, question: KeyQuestion) -> str:
        self._status(question.status)
        while True:
            key = self._next("key", question.message)
            value = question.value_for(key)
            if value is not None:
                return value
            # Like the real prompt: an unbound key does nothing and is not kept.
            self.ignored_keys.append(key)


@dataclass
class FakeClock:
    """A monotonic clock and a wall clock that tests move by hand."""

    now: float = 1000.0
    wall_now: float = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.wall_now

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.wall_now += seconds

    def sleep_laptop(self, seconds: float) -> None:
        """Suspend: the wall clock runs on while the monotonic clock stands still."""
        self.wall_now += seconds
