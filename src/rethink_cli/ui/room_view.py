"""The room's window (``rethink session room``): drawn from a ``RoomState``, nothing else.

Calm and large: the step and its time, the speaker and their countdown, who is next and
the step's questions, the agreement point being read, the actions agreed so far. No
menu, hint, error or typing ever reaches it, because none of those is in a RoomState.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rethink_cli.core.room import RoomState, left_now
from rethink_cli.formats.texts import STEP_COUNT, step
from rethink_cli.ui import pages
from rethink_cli.ui.bigdigits import big, big_name, block_name
from rethink_cli.ui.pages import ACCENT, CALM

# What the room's window knows of the session: its file, and whether it is running.
Link = Literal["waiting", "live", "paused", "ended"]

# Below this many rows the countdown is drawn in ordinary type, big names off.
_BIG_ROWS = 20
# With --large, from this many rows the name and countdown are drawn twice as large.
_LARGER_ROWS = 30
# The longest step title and both clocks with "left" fit on one line from here on.
_WIDE_HEADER = 72


@dataclass(frozen=True)
class RoomView:
    link: Link
    room: RoomState | None
    # Wall-clock seconds now, for the countdowns (the session wrote at room.taken_at).
    now: float
    width: int
    height: int
    large: bool = False
    # Letters drawn in blocks need a console that has them: on an 8-bit one (cp1252,
    # ASCII) their stand-ins would read as noise, so names stay in ordinary type.
    block_letters: bool = True


def render(view: RoomView) -> RenderableType:
    """The whole window for ``view``: a header line, then the step's own part."""
    room = view.room
    if view.link == "ended":
        return _message("The session has ended. Thank you, everyone.")
    if room is None or view.link == "waiting":
        return _message("Waiting for the session to start in the facilitator's window.")
    running = view.link == "live"
    parts: list[RenderableType] = [_header(room, view, running=running)]
    if not running or room.paused:
        parts.append(Text("Paused.", style=f"bold {ACCENT}"))
    parts.append(_body(view, room, running=running))
    return Group(*parts)


def clock(seconds: float) -> str:
    """``mm:ss`` left, or ``+mm:ss`` over."""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))
    sign = "+" if seconds < 0 and whole else ""
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"


def _message(text: str) -> RenderableType:
    return Panel(Text(text, justify="center"), title="rethink", border_style=CALM)


def _header(room: RoomState, view: RoomView, *, running: bool) -> RenderableType:
    """The step on the left, its clock and the session's on the right; the case below."""
    step_left = left_now(room.step_left, room.taken_at, view.now, running=running)
    session_left = left_now(room.session_left, room.taken_at, view.now, running=running)
    title = Text(f"Step {room.step} of {STEP_COUNT} · {step(room.step).title}", style="bold")
    # "left" goes first where the line is short of room: the step's title stays whole.
    left = " left" if view.width >= _WIDE_HEADER else ""
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, overflow="ellipsis", no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    clocks = Text(f"{clock(step_left)}{left}", style=CALM if step_left > 0 else "bold")
    clocks.append(f" · session {clock(session_left)}", style=CALM)
    grid.add_row(title, clocks)
    grid.add_row(Text(room.case_reference, style=CALM), "")
    return grid


def _body(view: RoomView, room: RoomState, *, running: bool) -> RenderableType:
    if room.speaker is not None:
        return _speaker(view, room, running=running)
    if room.point_title is not None:
        return Panel(
            Group(Text(room.point_text or ""), pages.bullets(room.point_details)),
            title=room.point_title,
            title_align="left",
            border_style=ACCENT,
        )
    if room.people:
        return _people(room)
    if room.actions or room.review_date:
        return Group(_actions(room), _review(room))
    return Text(step(room.step).purpose, style=CALM)


def _speaker(view: RoomView, room: RoomState, *, running: bool) -> RenderableType:
    ticking = running and not room.speaker_held
    left = left_now(room.speaker_left or 0.0, room.taken_at, view.now, running=ticking)
    size = _size(view, clock(left))
    countdown = big(clock(left), scale=size) if size else clock(left)
    parts: list[RenderableType] = [
        _name(room.speaker or "", view.width - 4, size, letters=view.block_letters),
        Text(countdown, style="bold" if left <= 0 else "", justify="center"),
    ]
    if room.speaker_held:
        parts.append(Text("Paused", style=f"bold {ACCENT}", justify="center"))
    upcoming = room.next_speaker or "end of the round"
    parts.append(Text(f"Next: {upcoming}", style=CALM, justify="center"))
    cues = step(room.step).say
    body = Group(*parts, Text(""), pages.bullets(cues, plain=False))
    return Panel(body, title="Speaking now", border_style=ACCENT)


def _size(view: RoomView, countdown: str) -> int:
    """How large the speaker's part is drawn: 0 ordinary type, 1 large, 2 larger still."""
    larger = view.large and view.height >= _LARGER_ROWS
    if larger and len(big(countdown, scale=2).splitlines()[0]) <= view.width - 4:
        return 2
    return 1 if view.large or view.height >= _BIG_ROWS else 0


def _name(name: str, width: int, size: int, *, letters: bool) -> Text:
    """The speaker's name in large letters within ``width`` (as ``size`` says), else bold."""
    if not letters:
        return Text(name, style=f"bold {ACCENT}", justify="center")
    drawn = (block_name(name, width) if size == 2 else None) or (
        big_name(name, width) if size else None
    )
    if drawn is not None:
        return Text(drawn, style=f"bold {ACCENT}", justify="center", no_wrap=True)
    return Text(name, style=f"bold {ACCENT}", justify="center")


def _actions(room: RoomState) -> RenderableType:
    table = Table(title="Actions agreed so far", title_justify="left", expand=True)
    table.add_column("#", justify="right", style=CALM, no_wrap=True)
    table.add_column("Action", ratio=3)
    table.add_column("Who", ratio=1)
    table.add_column("By", no_wrap=True)
    table.add_column("Recorded", ratio=1)
    for action in room.actions:
        due = _day(action.due)
        table.add_row(str(action.number), action.what, action.owner, due, action.recorded_where)
    return table


def _people(room: RoomState) -> RenderableType:
    table = Table(title=f"In the room ({len(room.people)})", title_justify="left", expand=True)
    for heading in ("Name", "Role", "Agency"):
        table.add_column(heading, ratio=1)
    for name, role, agency in room.people:
        table.add_row(name, role, agency)
    return table


def _review(room: RoomState) -> RenderableType:
    try:
        day = dt.date.fromisoformat(room.review_date)
    except ValueError:
        return Text("")  # not set yet (or not a date: nothing to say)
    by = f", called by {room.review_by}" if room.review_by else ""
    return Text(f"The review: {day:%A} {day.day} {day:%B %Y}{by}.", style="bold")


def _day(iso: str) -> str:
    try:
        return f"{dt.date.fromisoformat(iso):%a %d %b}"
    except ValueError:
        return ""
