"""The dialogs' two ports: the questions they ask and what they show.

Dialogs build questions as data and hand them to a ``Prompter``; ``ui.prompter``
turns them into questionary prompts, and tests answer them from a script.
What a dialog shows goes through ``Screen``, which ``ui.screen`` draws with Rich.
Nothing else prompts or draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    # Only named in the Screen port's signatures: the first question of a session
    # need not wait for the texts and agreement models to be built.
    from rethink_cli.core.action import DraftAction
    from rethink_cli.core.attendee import Attendee, Roster
    from rethink_cli.core.session import SessionState
    from rethink_cli.formats.agreement import Agreement, AgreementPoint
    from rethink_cli.formats.texts import Step

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


class Cancelled(Exception):
    """Esc at a question that allows it (``escape``): the form is left, nothing in it kept."""


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
    # Esc leaves the question by raising Cancelled (a form that can be abandoned).
    escape: bool = False
    # The most characters the field takes: typing stops there, and a note says so.
    # None: the check's ``max_length`` if it has one (``text_validator``'s do), else
    # the prompter's own limit.
    max_length: int | None = None


@dataclass(frozen=True)
class SelectQuestion(Generic[T]):
    message: str
    choices: tuple[Choice[T], ...]
    default: T | None = None
    status: StatusLine | None = None
    watch: Watch | None = None
    escape: bool = False


@dataclass(frozen=True)
class ConfirmQuestion:
    message: str
    default: bool = True
    status: StatusLine | None = None
    watch: Watch | None = None
    escape: bool = False


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
    # Draw the live text's first word (a countdown such as "04:59") in big digits.
    large: bool = False
    watch: Watch | None = None
    # Act only on a key pressed on its own: a run of typing (notes typed out of
    # habit) does nothing, whatever keys it holds.
    single_keys: bool = False
    # A quiet line under the keys, such as "nothing typed here is kept".
    note: str = ""


class Prompter(Protocol):
    """Asks one question and returns the answer; Ctrl-C raises KeyboardInterrupt.

    Esc raises Cancelled at a question marked ``escape``, and does nothing elsewhere.
    """

    def text(self, question: TextQuestion) -> str: ...

    def select(self, question: SelectQuestion[T]) -> T: ...

    def confirm(self, question: ConfirmQuestion) -> bool: ...

    def key(self, question: KeyQuestion) -> str: ...


class Screen(Protocol):
    def welcome(self, *, demo: bool = False) -> None: ...

    def step_header(self, step: Step, *, minutes: int, compact: bool = False) -> None: ...

    introduction_pages: int
    # The speaker's name and countdown drawn large (a projector); may change mid-session.
    large: bool

    def introduction(self, page: int, state: SessionState) -> None: ...

    def time_plan(self, state: SessionState) -> None: ...

    def roster(self, roster: Roster) -> None: ...

    def agreement_intro(self, agreement: Agreement) -> None: ...

    def agreement_point(self, number: int, total: int, point: AgreementPoint) -> None: ...

    def speaker(
        self,
        speaker: Attendee,
        *,
        turn: int,
        total: int,
        upcoming: Attendee | None,
        is_lead: bool,
        again: bool = False,
        cues: tuple[str, ...] = (),
    ) -> None: ...

    def time_shared(self, turns: Sequence[tuple[Attendee, float, float]]) -> None: ...

    def actions(self, actions: Sequence[DraftAction]) -> None: ...

    def summary(self, state: SessionState, *, below: int = 0, page: int = 0) -> int:
        """The actions and the review; returns how many pages they take.

        With ``below`` (the lines the questions under it need), a read-back taller
        than the screen is split into pages and only ``page`` is shown.
        """
        ...

    def note(self, text: str) -> None: ...

    def hint(self, text: str) -> None: ...

    def warn(self, text: str) -> None: ...

    def exported(self, paths: Sequence[Path], closing: str) -> None: ...
