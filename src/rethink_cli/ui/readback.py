"""The read-back of what was agreed: each action with its owner, date and record, and the review.

Kept apart from ``screen.py`` so each stays small. A read-back taller than the
screen is split into pages (``pages_of``), so step 8 and step 9 keep their
title and menu in view on a 60 by 24 terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from rethink_cli.core.action import DraftAction
from rethink_cli.core.dates import format_long
from rethink_cli.core.session import SessionState
from rethink_cli.ui import pages
from rethink_cli.ui.pages import ACCENT, CALM

# Each box takes two lines of edges.
_EDGES = 2


def action_lines(actions: Sequence[DraftAction], *, start: int = 1) -> Table:
    """Numbered from ``start``; each action's lines hang under its wording, never the number."""
    items: list[tuple[str | Text, RenderableType]] = []
    for number, action in enumerate(actions, start=start):
        lines = Text()
        lines.append(action.what, style="bold")
        if action.owner:
            lines.append("\nOwner: ", style=CALM)
            lines.append(f"{action.owner} ({action.agency})")
        if action.due:
            # On the owner's line: who and by when are read out together.
            lines.append(" · by " if action.owner else "\nBy: ", style=CALM)
            lines.append(format_long(action.due))
        if action.passed_on_by:
            lines.append("\nPassed on by: ", style=CALM)
            lines.append(action.passed_on_by)
        if action.recorded_where:
            lines.append("\nRecorded in: ", style=CALM)
            lines.append(action.recorded_where)
        missing = [
            label
            for label, value in (
                ("owner", action.owner),
                ("by", action.due),
                ("recorded in", action.recorded_where),
            )
            if value is None
        ]
        if missing:
            # One line for what is still open keeps a long list on one screen.
            lines.append(f"\nstill to agree: {', '.join(missing)}", style="yellow")
        items.append((Text(f"{number}.", style=f"bold {ACCENT}"), lines))
    return pages.rows(items)


def actions_title(shown: list[int], total: int, *, paged: bool) -> str:
    """ "Actions (3)", or on one page of several "Actions (1-2 of 3)"."""
    if not paged:
        return f"Actions ({total})"
    first, last = shown[0] + 1, shown[-1] + 1
    return (
        f"Actions ({first} of {total})" if first == last else f"Actions ({first}-{last} of {total})"
    )


def review_text(state: SessionState) -> Text:
    review = Text()
    review.append("Review: ", style=CALM)
    review.append(format_long(state.review.date) if state.review.date else "not set yet")
    review.append(", convened by " if state.review.date else " · convened by: ", style=CALM)
    review.append(state.review.convened_by or "not set yet")
    # Agencies that own no action record them all too: the room sees where.
    owners = {a.agency for a in state.actions}
    others = [(agency, where) for agency, where in state.recording.items() if agency not in owners]
    if others:
        review.append("\nAlso recording every action: ", style=CALM)
        review.append("; ".join(f"{agency} ({where})" for agency, where in others))
    if state.outcome_summary:
        review.append("\n\nAgreed outcome:\n", style=CALM)
        review.append(state.outcome_summary)
    return review


def pages_of(heights: Sequence[int], review_height: int, room: int) -> list[list[int]]:
    """The actions' indexes page by page: each page's box (and the review's, on the last)
    fits in ``room`` lines. An action taller than the room has a page to itself."""
    everything = list(range(len(heights)))
    if sum(heights) + _EDGES + review_height <= room:
        return [everything]
    chunks: list[list[int]] = [[]]
    used = _EDGES
    for index, height in enumerate(heights):
        if chunks[-1] and used + height > room:
            chunks.append([])
            used = _EDGES
        chunks[-1].append(index)
        used += height
    if used + review_height > room:
        chunks.append([])  # the review on a page of its own
    return chunks
