"""The session's screens, drawn with Rich for a laptop or a projector.

User text is always wrapped in ``Text`` objects, never interpolated into Rich
markup, so a name like ``[bold]`` or ``[link=...]`` shows exactly as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rethink_cli.core.action import DraftAction
from rethink_cli.core.attendee import Attendee, Roster
from rethink_cli.core.dates import format_long
from rethink_cli.core.session import SessionState
from rethink_cli.core.timing import STEP_COUNT

if TYPE_CHECKING:
    from rethink_cli.formats.agreement import Agreement, AgreementPoint
    from rethink_cli.formats.texts import Step

ACCENT = "cyan"
CALM = "dim"


def terminal_screen(*, plain: bool) -> RichScreen:
    """The screen of the terminal the program runs in (no emoji codes, no guessing colours)."""
    return RichScreen(Console(highlight=False, emoji=False), plain=plain)


class RichScreen:
    """Draws each part of the session; ``plain`` drops boxes and clearing for screen readers."""

    def __init__(self, console: Console, *, plain: bool = False) -> None:
        self.console = console
        self.plain = plain

    # ---------------------------------------------------------------- helpers

    def _box(self, body: RenderableType, title: str | Text = "", style: str = ACCENT) -> None:
        if self.plain:
            if title:
                self.console.print(Text(title) if isinstance(title, str) else title, style="bold")
            self.console.print(body)
            self.console.print()
            return
        self.console.print(
            Panel(
                body,
                title=title or None,
                title_align="left",
                border_style=style,
                box=box.ROUNDED,
                padding=(0, 1),
            )
        )

    def _bullets(self, items: Sequence[str], marker: str = "•") -> Table:
        # A grid gives wrapped lines a hanging indent under the text, not the marker.
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, justify="right", style=ACCENT)
        grid.add_column()
        for item in items:
            grid.add_row(marker if not self.plain or not marker else "-", Text(item))
        return grid

    # ---------------------------------------------------------------- screens

    def welcome(self, *, demo: bool = False) -> None:
        if self.console.is_terminal and not self.plain:
            self.console.clear()
        body = Text()
        body.append("rethink", style=f"bold {ACCENT}")
        body.append("  a Re-think session\n\n", style="bold")
        if demo:
            body.append(
                "REHEARSAL: a made-up case with short timers. Nothing here is real.\n\n",
                style="bold yellow",
            )
        body.append(
            "First, a few facts about this meeting. Nothing said in the room is ever typed "
            "in: only the agreed actions leave it."
        )
        body.append("\nCtrl-C pauses at any time.", style=CALM)
        self._box(body)

    def step_header(self, step: Step, *, minutes: int, compact: bool = False) -> None:
        if self.console.is_terminal and not self.plain:
            self.console.clear()
        if compact:
            # Later pages of the same step: one line, so the work itself fits the screen.
            line = Text()
            line.append(f"Step {step.number} of {STEP_COUNT}", style=f"bold {ACCENT}")
            line.append(f"  {step.title}", style="bold")
            line.append(f"  ·  {minutes} min", style=CALM)
            if self.plain:
                self.console.print(line)
            else:
                self.console.print(
                    Panel(line, border_style=ACCENT, box=box.ROUNDED, padding=(0, 1))
                )
            return
        dots = "".join(
            "●" if n < step.number else "◉" if n == step.number else "○"
            for n in range(1, STEP_COUNT + 1)
        )
        heading = Text()
        heading.append(f"Step {step.number} of {STEP_COUNT}", style=f"bold {ACCENT}")
        heading.append(f"  {step.title}", style="bold")
        heading.append(f"  ·  {minutes} min", style=CALM)
        if not self.plain:
            heading.append(f"\n{' '.join(dots)}", style=ACCENT)
        body = Group(
            heading,
            Text(""),
            Text(step.purpose),
            Text(""),
            Text("Say", style=f"bold {CALM}"),
            self._bullets(step.say),
        )
        self._box(body)

    introduction_pages = 4

    def introduction(self, page: int, state: SessionState) -> None:
        # The texts are read when first shown, not at start-up: the first prompt
        # (the case reference) needs none of them, and their model costs time.
        from rethink_cli.formats.texts import strategy, texts

        t = texts()
        if page == 0:
            what = Text("\n\n".join(t.what))
            framework = Group(
                Text(t.framework_intro, style="bold"),
                self._bullets([f"{i}. {s}" for i, s in enumerate(t.framework, 1)], marker=""),
            )
            self._box(Group(what, Text(""), framework), title="What Re-think is")
        elif page == 1:
            space = Group(
                Text(t.space_is_intro, style="bold"),
                self._bullets(t.space_is, marker="✓"),
                Text(""),
                Text(t.space_is_not_intro, style="bold"),
                self._bullets(t.space_is_not, marker="✗"),
            )
            self._box(space, title="This space")
        elif page == 2:
            setup = state.setup
            notes = t.no_notes_independent if setup.independent else t.no_notes_network
            how = Group(
                Text(strategy(str(setup.strategy)).title, style="bold"),
                Text(notes),
                Text(""),
                Text("The facilitator will", style="bold"),
                self._bullets(t.facilitator_role),
            )
            self._box(how, title="Today")
        else:
            self.time_plan(state)

    def time_plan(self, state: SessionState) -> None:
        from rethink_cli.formats.texts import all_steps

        lines = Text()
        for step, minutes in zip(all_steps(), state.plan.minutes, strict=True):
            lines.append(f"{step.number}. ", style=ACCENT)
            lines.append(f"{step.title:<26}")
            lines.append(f"{minutes:>3} min\n", style="bold" if step.number in (6, 7, 8) else "")
        lines.append(f"   {'Total':<26}{state.plan.total:>3} min", style="bold")
        self._box(lines, title="Time plan")

    def roster(self, roster: Roster) -> None:
        if not roster.attendees:
            self.console.print(Text("Nobody yet.", style=CALM))
            return
        lines = Text()
        for i, attendee in enumerate(roster.attendees, start=1):
            if i > 1:
                lines.append("\n")
            lines.append(f"{i}. ", style=ACCENT)
            lines.append(attendee.name, style="bold")
            lines.append(f", {attendee.role} ({attendee.agency})")
            if roster.is_lead(attendee):
                lines.append("  ★ Lead Professional", style=ACCENT)
        self._box(lines, title=f"In the room ({len(roster)})")

    def agreement_intro(self, agreement: Agreement) -> None:
        self.console.print(Text(agreement.title, style="bold"))
        if agreement.intro:
            self.console.print(Text(agreement.intro, style=CALM))

    def agreement_point(self, number: int, total: int, point: AgreementPoint) -> None:
        body: RenderableType = Text(point.text)
        if point.details:
            body = Group(body, self._bullets(point.details))
        self._box(body, title=Text(f"{number} of {total} · {point.title}"))

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
    ) -> None:
        body = Text()
        body.append(speaker.name, style=f"bold {ACCENT}")
        if is_lead:
            body.append("  ★ Lead Professional", style=ACCENT)
        body.append(f"\n{speaker.role}\n{speaker.agency}\n\n")
        progress = "Offered a turn again" if again else f"Turn {turn} of {total}"
        body.append(progress, style=CALM)
        body.append("   Next: ", style=CALM)
        body.append(upcoming.name if upcoming else "end of the round", style="bold")
        self._box(body, title="Speaking now")
        if cues:
            # The step's questions stay in view for the whole round.
            self.console.print(self._bullets(cues), style=CALM)

    def time_shared(self, turns: Sequence[tuple[Attendee, float, float]]) -> None:
        """A bar per speaker: time used against their equal slice. Shown only, never stored."""
        if not turns:
            return
        if self.plain:
            # Bars mean nothing read aloud: say each share in words.
            self.console.print(Text("How the time was shared", style="bold"))
            for attendee, used, allowed in turns:
                over = used - allowed
                extra = f", {_mmss(over)} over" if over >= 1 else ""
                self.console.print(
                    Text(f"{attendee.name}: {_mmss(used)} of {_mmss(allowed)}{extra}")
                )
            self.console.print()
            return
        longest = max(max(used, allowed) for _, used, allowed in turns) or 1.0
        width = 24
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, max_width=22)
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, style=CALM)
        for attendee, used, allowed in turns:
            filled = round(width * min(used, allowed) / longest)
            over = round(width * max(used - allowed, 0) / longest)
            slot = round(width * allowed / longest)
            bar = Text()
            full, empty, extra = ("#", ".", "+") if self.plain else ("█", "░", "█")
            bar.append(full * filled, style=ACCENT)
            bar.append(empty * max(slot - filled, 0), style=CALM)
            bar.append(extra * over, style="yellow")
            grid.add_row(Text(attendee.name), bar, f"{_mmss(used)} of {_mmss(allowed)}")
        self._box(grid, title="How the time was shared")

    def actions(self, actions: Sequence[DraftAction]) -> None:
        if not actions:
            self.console.print(Text("No actions yet.", style=CALM))
            return
        self._box(self._action_lines(actions), title=f"Actions ({len(actions)})")

    def _action_lines(self, actions: Sequence[DraftAction]) -> Text:
        lines = Text()
        for number, action in enumerate(actions, start=1):
            if number > 1:
                lines.append("\n\n")
            lines.append(f"{number}. ", style=f"bold {ACCENT}")
            lines.append(action.what, style="bold")
            details = [
                ("Owner", f"{action.owner} ({action.agency})" if action.owner else None),
                ("By", format_long(action.due) if action.due else None),
                ("Recorded in", action.recorded_where),
            ]
            missing = [label.lower() for label, value in details if value is None]
            for label, value in details:
                if value is not None:
                    lines.append(f"\n   {label}: ", style=CALM)
                    lines.append(value)
            if missing:
                # One line for what is still open keeps a long list on one screen.
                lines.append(f"\n   still to agree: {', '.join(missing)}", style="yellow")
        return lines

    def summary(self, state: SessionState) -> None:
        self.actions(state.actions)
        review = Text()
        review.append("Review: ", style=CALM)
        review.append(format_long(state.review.date) if state.review.date else "not set yet")
        review.append("\nConvened by: ", style=CALM)
        review.append(state.review.convened_by or "not set yet")
        if state.outcome_summary:
            review.append("\n\nAgreed outcome:\n", style=CALM)
            review.append(state.outcome_summary)
        self._box(review, title="Review")

    def note(self, text: str) -> None:
        self.console.print(Padding(Text(text), (0, 0, 0, 1)))

    def hint(self, text: str) -> None:
        self.console.print(Padding(Text(f"Tip: {text}", style="yellow"), (0, 0, 0, 1)))

    def warn(self, text: str) -> None:
        self.console.print(Padding(Text(text, style="bold yellow"), (0, 0, 0, 1)))

    def exported(self, paths: Sequence[Path], closing: str) -> None:
        body = Text()
        for path in paths:
            body.append(f"  {path}\n")
        body.append("\n")
        body.append(closing)
        self._box(body, title="Written", style="green")


def _mmss(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
