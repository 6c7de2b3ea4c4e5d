"""Questions as data, and the one interface that asks them.

The flow builds these; ``ui.prompter`` turns them into questionary prompts, and
tests answer them from a script. Nothing else prompts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")

# Returns an error message for the facilitator, or None when the text is fine.
Validator = Callable[[str], str | None]
# A line of live status (the step's time left) redrawn while a prompt waits.
StatusLine = Callable[[], str]


@dataclass(frozen=True)
class Alarm:
    """What a waiting prompt's watch found: lines to announce now, and when to look again.

    The watch itself rings the bell; the prompter only says the lines (in plain
    mode, where nothing redraws by itself) and calls the watch again after
    ``next_in`` seconds, so time-up is told the moment it happens, not at the
    next key press.
    """

    lines: tuple[str, ...] = ()
    next_in: float | None = None


Watch = Callable[[], Alarm]


@dataclass(frozen=True)
class Choice(Generic[T]):
    title: str
    value: T


@dataclass(frozen=True)
class TextQuestion:
    message: str
    default: str = ""
    validate: Validator | None = None
    instruction: str = ""
    status: StatusLine | None = None
    watch: Watch | None = None


@dataclass(frozen=True)
class SelectQuestion(Generic[T]):
    message: str
    choices: tuple[Choice[T], ...]
    default: T | None = None
    status: StatusLine | None = None
    watch: Watch | None = None


@dataclass(frozen=True)
class ConfirmQuestion:
    message: str
    default: bool = True
    status: StatusLine | None = None
    watch: Watch | None = None


@dataclass(frozen=True)
class KeyChoice:
    """One action bound to one or more keys, such as ("enter", "n") for next."""

    keys: tuple[str, ...]
    label: str
    value: str


@dataclass(frozen=True)
class KeyQuestion:
    """Wait for one of a few keys; everything else typed is ignored and never kept."""

    message: str
    keys: tuple[KeyChoice, ...]
    status: StatusLine | None = None
    # Text redrawn above the keys while waiting, such as a speaker's countdown.
    live: StatusLine | None = None
    watch: Watch | None = None

    def value_for(self, key: str) -> str | None:
        return next((k.value for k in self.keys if key in k.keys), None)


class Prompter(Protocol):
    """Asks one question and returns the answer; Ctrl-C raises KeyboardInterrupt."""

    def text(self, question: TextQuestion) -> str: ...

    def select(self, question: SelectQuestion[T]) -> T: ...

    def confirm(self, question: ConfirmQuestion) -> bool: ...

    def key(self, question: KeyQuestion) -> str: ...
