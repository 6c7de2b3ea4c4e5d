"""What every part of the session shares: how it is built, navigation, validators, wording.

Nothing here asks a question by itself; ``context.py`` holds the shared
questions and ``timekeeping.py`` the clocks.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum, auto
from pathlib import Path
from typing import Any, Protocol, TypeVar

from rethink_cli.core import plaintext
from rethink_cli.core.clock import Clock
from rethink_cli.core.guide_area import Area
from rethink_cli.core.room import RoomState
from rethink_cli.core.session import SessionState
from rethink_cli.dialogs.ports import (
    ConfirmQuestion,
    KeyQuestion,
    Prompter,
    Screen,
    SelectQuestion,
    TextQuestion,
    Validator,
    Watch,
)
from rethink_cli.dialogs.validators import folder_problem as folder_problem
from rethink_cli.dialogs.validators import text_validator
from rethink_cli.formats.agreement import Agreement

T = TypeVar("T")
Q = TypeVar("Q", TextQuestion, SelectQuestion[Any], ConfirmQuestion, KeyQuestion)

# Writes the session's files into a folder and returns what it wrote.
Exporter = Callable[[SessionState, Path], list[Path]]
# Saves the session so it can be resumed (the autosave); called before every question.
Checkpoint = Callable[[SessionState], object]


class Autosave(Protocol):
    """How the autosave is doing, and where else it can go (``app.autosaving``)."""

    # Why the last save failed (a few words, such as "disk full"); None while it works.
    problem: str | None

    def move_to(self, folder: Path) -> str | None:
        """Keep the autosave in ``folder`` from now on; returns why not, or None."""
        ...


class CalendarExporter(Protocol):
    """Writes the due dates and the review as a calendar file; ``wording`` adds the actions'."""

    def __call__(self, state: SessionState, folder: Path, *, wording: bool) -> list[Path]: ...


@dataclass(frozen=True)
class SessionParts:
    """Everything a session runs with apart from its state: the ports, the clock, the options.

    One value instead of a dozen keywords, so the program, the tests and the
    harnesses build a session the same way and a new option is added once.
    """

    prompter: Prompter
    screen: Screen
    agreement: Agreement
    exporter: Exporter
    out_dir: Path
    clock: Clock
    # Only used to shuffle speaking order: not security-sensitive.
    rng: random.Random = field(default_factory=random.Random)
    # None: no autosave, so quitting warns that everything typed is lost.
    checkpoint: Checkpoint | None = None
    # The autosave's health: a save that fails pauses it and says so, never the session.
    autosave: Autosave | None = None
    # None: quiet, no bell at time-up.
    bell: Callable[[], None] | None = None
    # Screen-reader mode: nothing redraws by itself, so the time is said when it
    # changes (a step opens, an overrun, a new finish time) or when asked with t.
    plain: bool = False
    # The speaker's countdown in big digits, for a projector.
    large: bool = False
    # None: wrap-up offers no calendar (.ics) export.
    calendar: CalendarExporter | None = None
    # The calendar says what each action is (--calendar-wording); else only who and when.
    calendar_wording: bool = False
    # The area's names and links (the config's [area]), for the route of a stuck network.
    area: Area = field(default_factory=Area)
    # None: no room's window can follow (``rethink session room``); else told what it
    # shows before every question, and says whether one is following.
    room: Callable[[RoomState], bool] | None = None


class Nav(Enum):
    """Where the driver goes after a step returns."""

    NEXT = auto()
    BACK = auto()
    # Show the same step again (after Ctrl-C, or the agreement not reached).
    STAY = auto()
    DONE = auto()


NAME = text_validator(plaintext.NAME_MAX)
ROLE = text_validator(plaintext.ROLE_MAX)
AGENCY = text_validator(plaintext.AGENCY_MAX)
ACTION = text_validator(plaintext.ACTION_MAX)
WHERE = text_validator(plaintext.RECORDED_WHERE_MAX)


def optional(validate: Validator) -> Validator:
    """An empty answer is fine (it ends a list); anything else must pass ``validate``."""
    return lambda text: None if not text.strip() else validate(text)


def shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def minutes_text(minutes: int) -> str:
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def clock_text(seconds: float) -> str:
    """``04:59 left`` or ``+01:02 over``: a countdown that never shows a minus sign."""
    if seconds < 0:
        over = int(-seconds)
        return f"+{over // 60:02d}:{over % 60:02d} over"
    # Rounded up, so a step never says 00:00 left while a second remains.
    whole = int(seconds + 0.999)
    return f"{whole // 60:02d}:{whole % 60:02d} left"


class Checkpointed:
    """A prompter that runs ``before`` (autosave, time, sleep) ahead of every question.

    It also gives every timed question (one with a status line) the session's
    watch, so time-up rings and is announced while that question waits.
    """

    def __init__(self, inner: Prompter, before: Callable[[], None], watch: Watch) -> None:
        self.inner = inner
        self.before = before
        self.watch = watch

    def _timed(self, question: Q) -> Q:
        if question.status is None or question.watch is not None:
            return question
        return replace(question, watch=self.watch)

    def text(self, question: TextQuestion) -> str:
        self.before()
        return self.inner.text(self._timed(question))

    def select(self, question: SelectQuestion[T]) -> T:
        self.before()
        timed: SelectQuestion[T] = self._timed(question)
        return self.inner.select(timed)

    def confirm(self, question: ConfirmQuestion) -> bool:
        self.before()
        return self.inner.confirm(self._timed(question))

    def key(self, question: KeyQuestion) -> str:
        self.before()
        return self.inner.key(self._timed(question))


def read_on(page: int, pages: int) -> str:
    """The menu choice that shows the next page of a read-back too long for the screen."""
    return f"Read on: page {page + 2} of {pages}"
