"""The session's screens, drawn with Rich for a laptop or a projector.

User text is always wrapped in ``Text`` objects, never interpolated into Rich
markup, so a name like ``[bold]`` or ``[link=...]`` shows exactly as typed.
Every page is laid out for a screen as small as 60 by 24: the step's heading
and the question under it stay in view, and wrapped lines hang under their text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from rethink_cli.core.action import DraftAction
from rethink_cli.core.attendee import Attendee, Roster
from rethink_cli.core.session import SessionState
from rethink_cli.ui import closing, pages, readback
from rethink_cli.ui.bigdigits import big_name
from rethink_cli.ui.glyphs import is_unicode
from rethink_cli.ui.pages import ACCENT, CALM

if TYPE_CHECKING:
    from rethink_cli.dialogs.ports import Screen
    from rethink_cli.formats.agreement import Agreement, AgreementPoint
    from rethink_cli.formats.texts import Step

# Step 1's pages are themselves what the facilitator says: a "Say" list would repeat them.
_PAGES_ARE_THE_SAY = frozenset({1})
# Lines a key prompt takes under a speaker's page (countdown, keys on two lines, a quiet
# note, status); large digits take five more.
_KEY_PROMPT_LINES = 7
_LARGE_KEY_PROMPT_LINES = 12
# Lines left for the menu under the list of who is in the room.
_MENU_LINES = 9


def terminal_screen(*, plain: bool, large: bool = False) -> RichScreen:
    """The screen of the terminal the program runs in (no emoji codes, no guessing colours)."""
    return RichScreen(Console(highlight=False, emoji=False), plain=plain, large=large)


class RichScreen:
    """Draws each part of the session; ``plain`` drops boxes and clearing for screen readers.

    ``large`` is the projector mode: the speaker's name in big letters.
    """

    introduction_pages = 5

    def __init__(self, console: Console, *, plain: bool = False, large: bool = False) -> None:
        self.console = console
        self.plain = plain
        self.large = large

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

    def _clear(self) -> None:
        if self.console.is_terminal and not self.plain:
            self.console.clear()

    @property
    def _inner(self) -> int:
        """The width inside a box: its two edges and their padding."""
        return self.console.width - (0 if self.plain else 4)

    def _height_of(self, renderable: RenderableType) -> int:
        options = self.console.options.update(width=self._inner)
        return len(self.console.render_lines(renderable, options, pad=False))

    # ---------------------------------------------------------------- screens

    def welcome(self, *, demo: bool = False) -> None:
        self._clear()
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
        self._clear()
        if compact:
            # Later pages of the same step: one line, so the work itself fits the screen.
            line = pages.heading(step, minutes)
            self.console.print(line if self.plain else Rule(line, align="left", style=ACCENT))
            return
        parts: list[RenderableType] = [
            pages.heading(step, minutes)
            if self.plain
            else pages.heading_with_progress(step, minutes, self._inner),
            Text(step.purpose),
        ]
        if step.number not in _PAGES_ARE_THE_SAY:
            parts += [
                Text(""),
                Text("Say", style=f"bold {CALM}"),
                pages.bullets(step.say, plain=self.plain),
            ]
        self._box(Group(*parts))

    def introduction(self, page: int, state: SessionState) -> None:
        shown = pages.introduction_pages(state, self._time_plan, plain=self.plain)
        title, body = shown[min(page, len(shown) - 1)]
        self._box(body, title=title)

    def time_plan(self, state: SessionState) -> None:
        self._box(self._time_plan(state), title="Time plan")

    def _time_plan(self, state: SessionState) -> Text:
        from rethink_cli.formats.texts import all_steps

        lines = Text()
        for step, minutes in zip(all_steps(), state.plan.minutes, strict=True):
            lines.append(f"{step.number}. ", style=ACCENT)
            lines.append(f"{step.title:<26}")
            lines.append(f"{minutes:>3} min\n", style="bold" if step.number in (6, 7, 8) else "")
        lines.append(f"   {'Total':<26}{state.plan.total:>3} min", style="bold")
        return lines

    def roster(self, roster: Roster) -> None:
        if not roster.attendees:
            self.console.print(Text("Nobody yet.", style=CALM))
            return
        grid = self._roster_grid(roster, one_line=False)
        if not self.plain and self._height_of(grid) > self.console.height - _MENU_LINES:
            # A long list: one line each, so the menu under it stays on the screen.
            grid = self._roster_grid(roster, one_line=True)
        title = f"In the room ({len(roster)})"
        if roster.lead is not None and not self.plain:
            title += "  ★ Lead Professional"
        self._box(grid, title=title)

    def _roster_grid(self, roster: Roster, *, one_line: bool) -> Table:
        # The Lead Professional's star has a column of its own, so it never splits
        # from its words; in plain mode it is said in words instead.
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", style=ACCENT, no_wrap=True)
        if not self.plain:
            grid.add_column(style=ACCENT, no_wrap=True, width=1)
        grid.add_column(no_wrap=one_line, overflow="ellipsis" if one_line else "fold")
        for number, attendee in enumerate(roster.attendees, start=1):
            lead = roster.is_lead(attendee)
            text = Text()
            text.append(attendee.name, style="bold")
            if lead and self.plain:
                text.append(" (Lead Professional)")
            text.append(f", {attendee.role} ({attendee.agency})")
            marks = [f"{number}."] + ([] if self.plain else ["★" if lead else ""])
            grid.add_row(*marks, text)
        return grid

    def agreement_intro(self, agreement: Agreement) -> None:
        # Its title only: the step's own "Say" already asks for each point to be read
        # out, as agreements' introductions do (``rethink agreement show`` prints them).
        self.console.print(Text(agreement.title, style="bold"))

    def agreement_point(self, number: int, total: int, point: AgreementPoint) -> None:
        body: RenderableType = Text(point.text)
        if point.details:
            body = Group(body, pages.bullets(point.details, plain=self.plain))
        self._box(body, title=Text(f"{number} of {total} · {point.title}"))

    @property
    def _large_names(self) -> bool:
        # Half blocks have no plain stand-in that reads as letters (ui.glyphs): on an
        # 8-bit console the name is shown in ordinary bold text instead.
        return self.large and not self.plain and is_unicode(self.console.encoding)

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
        parts: list[RenderableType] = []
        drawn = big_name(speaker.name, self._inner) if self._large_names else None
        if drawn is not None:
            # Centred, like the countdown under it.
            parts.append(
                Text(drawn, style=f"bold {ACCENT}", justify="center", no_wrap=True, overflow="crop")
            )
        name = Text()
        name.append(speaker.name, style=f"bold {ACCENT}")
        if is_lead:
            # On its own line rather than split across two.
            fits = cell_len(speaker.name) + 21 <= self._inner
            name.append("  " if fits else "\n")
            name.append("★ Lead Professional", style=ACCENT)
        parts += [name, Text(f"{speaker.role}\n{speaker.agency}\n")]
        line = Text("Offered a turn again" if again else f"Turn {turn} of {total}", style=CALM)
        line.append("   Next: ", style=CALM)
        line.append(upcoming.name if upcoming else "end of the round", style="bold")
        parts.append(line)
        body = Group(*parts)
        self._box(body, title="Speaking now")
        if cues and self._cues_fit(body, cues):
            # The step's questions stay in view for the whole round, when the screen has room.
            self.console.print(pages.bullets(cues, plain=self.plain), style=CALM)

    def _cues_fit(self, body: RenderableType, cues: tuple[str, ...]) -> bool:
        if self.plain:
            return True
        prompt = _LARGE_KEY_PROMPT_LINES if self.large else _KEY_PROMPT_LINES
        # The heading line above, the box's two edges, the cues, the prompt below.
        used = 1 + self._height_of(body) + 2 + self._height_of(pages.bullets(cues)) + prompt
        return used <= self.console.height

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
        self._box(readback.action_lines(actions), title=f"Actions ({len(actions)})")

    def summary(self, state: SessionState, *, below: int = 0, page: int = 0) -> int:
        review = readback.review_text(state)
        chunks = self._read_back_pages(state, review, below)
        shown = chunks[min(page, len(chunks) - 1)]
        if shown:
            first = shown[0]
            self._box(
                readback.action_lines(state.actions[first : shown[-1] + 1], start=first + 1),
                title=readback.actions_title(shown, len(state.actions), paged=len(chunks) > 1),
            )
        elif state.no_action:
            self.console.print(Text("No action was agreed.", style=CALM))
        elif not state.actions:
            self.actions(state.actions)
        if page >= len(chunks) - 1:
            self._box(review, title="Review")
        return len(chunks)

    def _read_back_pages(self, state: SessionState, review: Text, below: int) -> list[list[int]]:
        """The actions' indexes page by page, so each page fits above ``below`` lines.

        One page when asked for no room below, read aloud (--plain: nothing scrolls
        away from a screen reader) or not on a terminal.
        """
        if not below or self.plain or not self.console.is_terminal:
            return [list(range(len(state.actions)))]
        heights = [
            self._height_of(readback.action_lines([action], start=n + 1))
            for n, action in enumerate(state.actions)
        ]
        # The step's one-line heading sits above the read-back.
        room = self.console.height - below - 1
        return readback.pages_of(heights, self._height_of(review) + 2, room)

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

    def closing(self, state: SessionState, paths: Sequence[Path]) -> None:
        """The session's last screen: what was written, where, and what to do next."""
        self._clear()
        self._box(
            closing.page(state, paths, plain=self.plain), title="Session complete", style="green"
        )


def show_closing(screen: Screen, state: SessionState, paths: Sequence[Path]) -> None:
    """The closing screen on the terminal's screen; any other screen (a test's) is told in notes."""
    if isinstance(screen, RichScreen):
        screen.closing(state, paths)
        return
    folders = {path.parent for path in paths}
    for line in closing.next_steps(state, folders.pop() if len(folders) == 1 else None):
        screen.note(line)


def _mmss(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
