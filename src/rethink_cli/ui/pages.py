"""What the screens are made of: lists with a hanging indent, the step heading, step 1's pages.

Kept apart from ``screen.py`` so each stays small. Everything here builds Rich
renderables and prints nothing; user text always goes into ``Text`` objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rethink_cli.core.timing import STEP_COUNT

if TYPE_CHECKING:
    from rethink_cli.core.session import SessionState
    from rethink_cli.formats.texts import FacilitatorTexts, Step

ACCENT = "cyan"
CALM = "dim"

# A page of step 1: its box title and what it shows.
Page = tuple[str, RenderableType]


def rows(items: Sequence[tuple[str | Text, RenderableType]]) -> Table:
    """Marker and text side by side: a wrapped line continues under the text, not the marker."""
    grid = Table.grid(padding=(0, 1))
    # At least three cells, so "•" and "1." line up and the text starts in one column.
    grid.add_column(justify="right", style=ACCENT, no_wrap=True, min_width=3)
    # "fold", not the default "ellipsis": Rich keeps a trailing space after a line of
    # wide characters (ソーシャル) and would cut that line's last word to make room.
    grid.add_column(overflow="fold")
    for marker, body in items:
        grid.add_row(marker, Text(body) if isinstance(body, str) else body)
    return grid


def bullets(items: Sequence[str], marker: str = "•", *, plain: bool = False) -> Table:
    # A screen reader says "bullet" for every •; a hyphen is read as a pause.
    shown = "-" if plain and marker else marker
    return rows([(shown, item) for item in items])


def numbered(items: Sequence[str]) -> Table:
    return rows([(f"{number}.", item) for number, item in enumerate(items, start=1)])


def heading(step: Step, minutes: int) -> Text:
    line = Text()
    line.append(f"Step {step.number} of {STEP_COUNT}", style=f"bold {ACCENT}")
    line.append(f"  {step.title}", style="bold")
    line.append(f"  ·  {minutes} min", style=CALM)
    return line


def progress(step: Step) -> str:
    return " ".join(
        "●" if n < step.number else "◉" if n == step.number else "○"
        for n in range(1, STEP_COUNT + 1)
    )


def heading_with_progress(step: Step, minutes: int, width: int) -> RenderableType:
    """The heading, with the nine dots on its right when both fit one line."""
    title = heading(step, minutes)
    dots = progress(step)
    if cell_len(title.plain) + 2 + cell_len(dots) > width:
        return Group(title, Text(dots, style=ACCENT))
    grid = Table.grid(expand=True)
    grid.add_column()
    grid.add_column(justify="right", no_wrap=True)
    grid.add_row(title, Text(dots, style=ACCENT))
    return grid


def introduction_pages(
    state: SessionState, time_plan: Callable[[SessionState], RenderableType], *, plain: bool
) -> list[Page]:
    """Step 1's pages, each short enough for a 60 by 24 screen under its heading."""
    # The texts are read when first shown, not at start-up: the first prompt
    # (the case reference) needs none of them, and their model costs time.
    from rethink_cli.formats.texts import strategy, texts

    t = texts()
    setup = state.setup
    notes = t.no_notes_independent if setup.independent else t.no_notes_network
    return [
        ("What Re-think is", Text("\n\n".join(t.what))),
        ("How the conversation runs", Group(Text(t.framework_intro), numbered(t.framework))),
        ("This space", _space(t, plain=plain)),
        (
            "Today",
            Group(
                Text(strategy(str(setup.strategy)).title, style="bold"),
                Text(notes),
                Text(""),
                Text("The facilitator will", style="bold"),
                bullets(t.facilitator_role, plain=plain),
            ),
        ),
        ("Time plan", time_plan(state)),
    ]


def _space(t: FacilitatorTexts, *, plain: bool) -> RenderableType:
    return Group(
        Text(t.space_is_intro, style="bold"),
        bullets(t.space_is, marker="✓", plain=plain),
        Text(""),
        Text(t.space_is_not_intro, style="bold"),
        bullets(t.space_is_not, marker="✗", plain=plain),
    )
