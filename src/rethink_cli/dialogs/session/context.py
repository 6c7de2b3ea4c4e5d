"""``SessionContext``: what every step is handed, and the small questions steps share.

A step is a function ``run(ctx) -> Nav``. It keeps nothing between calls:
everything confirmed is in ``ctx.state``, so a step re-entered after going back
or after Ctrl-C picks up where the room left off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rethink_cli.core import plaintext
from rethink_cli.core.dates import DateError, day_note, format_long, parse_date
from rethink_cli.core.session import Pending, SessionState
from rethink_cli.dialogs.ports import (
    Choice,
    ConfirmQuestion,
    Screen,
    SelectQuestion,
    TextQuestion,
    Validator,
)
from rethink_cli.dialogs.session.common import Checkpointed, Nav, SessionParts, shorten
from rethink_cli.dialogs.session.timekeeping import Timekeeper
from rethink_cli.formats.texts import step


class Moves(Protocol):
    """What a step asks of the driver: the menu after a step, and quitting."""

    def between_steps(self, *, can_go_on: bool = True, hold: str = "") -> Nav: ...

    def quit(self) -> None: ...


@dataclass
class SessionContext:
    state: SessionState
    parts: SessionParts
    time: Timekeeper
    moves: Moves
    # Where the files go: starts as the --out folder, changed if writing there fails.
    out_dir: Path
    exported: list[Path] = field(default_factory=list)

    @property
    def ask(self) -> Checkpointed:
        """The prompter: autosaves and keeps time before every question."""
        return self.time.ask

    @property
    def screen(self) -> Screen:
        return self.parts.screen

    def status(self) -> str:
        return self.time.status()

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Validator,
        instruction: str = "",
        max_length: int | None = None,
    ) -> str:
        """A timed text question; the answer comes back tidied (spaces, line ends).

        ``max_length``: where typing stops, for a check that does not say (a wrapped one).
        """
        typed = self.ask.text(
            TextQuestion(
                message,
                default=default,
                validate=validate,
                instruction=instruction,
                status=self.status,
                max_length=max_length,
            )
        )
        return plaintext.tidy(typed)

    # ------------------------------------------------- compound answers

    @contextmanager
    def compound(self, kind: str, *, action: int | None = None) -> Iterator[Pending]:
        """An answer of several questions whose confirmed parts survive an interruption.

        The parts live in ``state.pending`` (autosaved before every question) until
        the answer is whole; re-entered after a kill or "Carry on", the same answer
        picks up its parts and asks only for the rest.
        """
        pending = self.state.pending
        if pending is None or pending.kind != kind or pending.action != action:
            pending = self.state.pending = Pending(kind, action)
        yield pending
        # Not reached when a question is interrupted: the parts stay for the resume.
        self.state.pending = None

    @property
    def parts_so_far(self) -> dict[str, str]:
        """The confirmed parts of the answer under way (a throwaway dict outside one)."""
        return self.state.pending.parts if self.state.pending is not None else {}

    def part(self, key: str, ask: Callable[[], str]) -> str:
        """One part of the answer under way: asked once, then kept until the answer is whole."""
        parts = self.parts_so_far
        if key not in parts:
            parts[key] = ask()
        return parts[key]

    def redraw(self) -> None:
        """Start the screen afresh for this step, so the room sees one calm page."""
        current = self.state.step
        self.screen.step_header(
            step(current), minutes=self.state.plan.for_step(current), compact=True
        )

    def fresh_page(self) -> None:
        """The next question on a clean page under the step's title (a screen reader,
        with nothing scrolling away, is not read the title again)."""
        if not self.parts.plain:
            self.redraw()

    def step_menu(self, title: str, *changes: Choice[str], read_on: str = "") -> str:
        """Go on (the default), one of this step's changes, or the general menu.

        ``read_on``: the label of a first choice, "read_on", that shows the next page
        of what is above the menu; it is then the default, so nothing goes unseen.
        """
        following = self.state.step + 1
        first: tuple[Choice[str], ...] = (Choice(read_on, "read_on"),) if read_on else ()
        return self.ask.select(
            SelectQuestion(
                title,
                (
                    *first,
                    Choice(
                        f"Done: on to step {following}, {step(following).title.lower()}", "done"
                    ),
                    *changes,
                    Choice("More options (back, late arrival, quit)", "menu"),
                ),
                default="read_on" if read_on else "done",
                status=self.status,
            )
        )

    def pick_action(self, message: str) -> int | None:
        """An action's number (from 1), or None when the facilitator picks none."""
        choices = [
            Choice(f"{n}. {shorten(a.what)}", n) for n, a in enumerate(self.state.actions, start=1)
        ]
        choices.append(Choice("None", 0))
        picked = self.ask.select(SelectQuestion(message, tuple(choices), default=0))
        return picked or None

    def ask_date(
        self, message: str, *, default: dt.date | None, check: Callable[[dt.date], str | None]
    ) -> dt.date:
        """A date typed freely ("next Friday"), always read back in full before it is kept."""
        base = self.state.setup.meeting_date

        def validate(text: str) -> str | None:
            try:
                day = parse_date(text, today=base)
            except DateError as error:
                return str(error)
            return check(day)

        while True:
            read = self.part(
                "date",
                lambda: parse_date(
                    self.text(
                        message,
                        default=default.strftime("%d/%m/%Y") if default else "",
                        validate=validate,
                    ),
                    today=base,
                ).isoformat(),
            )
            day = dt.date.fromisoformat(read)
            # A weekend or a bank holiday is often a slip; the room may still mean it.
            note = day_note(day)
            question = f"{format_long(day)}: {note} Keep it?" if note else None
            if self.ask.confirm(
                ConfirmQuestion(
                    question or f"{format_long(day)}, is that right?", status=self.status
                )
            ):
                return day
            self.parts_so_far.pop("date", None)


class FreshPages:
    """Call before each question of a run of them: the first sits under the step's
    opening page, and each after it starts a fresh page under the step's title."""

    def __init__(self, ctx: SessionContext) -> None:
        self.ctx = ctx
        self.started = False

    def __call__(self) -> None:
        if self.started:
            self.ctx.fresh_page()
        self.started = True
