"""The room's window's loop: look at the session, draw when something changed, once a
second for the clocks, and quit on Ctrl-C with the terminal as it was.

With ``plain`` (a screen reader in the room) nothing redraws: a line is said when the
session starts, pauses or ends, at each new step and speaker, and at each time-up.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.console import Console
from rich.live import Live

from rethink_cli.core.room import RoomState, left_now
from rethink_cli.formats.texts import STEP_COUNT, step
from rethink_cli.ui.glyphs import is_unicode
from rethink_cli.ui.room_view import Link, RoomView, render

# How often the session's file is looked at: a change shows within this.
LOOK_EVERY = 0.25

Look = Callable[[], tuple[Link, RoomState | None]]
Wait = Callable[[float], None]


def show_room(
    look: Look,
    wall: Callable[[], float],
    *,
    large: bool = False,
    plain: bool = False,
    wait: Wait = time.sleep,
    console: Console | None = None,
) -> None:
    """Follow the session until Ctrl-C."""
    console = console or Console(highlight=False)
    try:
        if plain:
            _say_changes(look, wall, console, wait)
        else:
            _draw(look, wall, console, wait, large=large)
    except KeyboardInterrupt:
        return


def _draw(
    look: Look, wall: Callable[[], float], console: Console, wait: Wait, *, large: bool
) -> None:
    drawn: object = None
    with Live(console=console, screen=True, auto_refresh=False, transient=True) as live:
        while True:
            link, room = look()
            now = wall()
            size = console.size
            # Redrawn when the session changed, the window was resized, or a second passed.
            key = (link, room, int(now), size)
            if key != drawn:
                view = RoomView(
                    link, room, now, size.width, size.height, large, is_unicode(console.encoding)
                )
                live.update(render(view), refresh=True)
                drawn = key
            wait(LOOK_EVERY)


def _say_changes(look: Look, wall: Callable[[], float], console: Console, wait: Wait) -> None:
    before: tuple[Link, RoomState | None, float] | None = None
    while True:
        link, room = look()
        now = wall()
        for line in announcements(before, (link, room, now)):
            console.print(line, highlight=False)
        before = (link, room, now)
        wait(LOOK_EVERY)


def announcements(
    before: tuple[Link, RoomState | None, float] | None,
    after: tuple[Link, RoomState | None, float],
) -> list[str]:
    """What a screen reader says between two looks: changes and time-ups, each once."""
    link, room, now = after
    old_link, old_room, old_now = before if before else (None, None, now)
    lines = [_LINK_SAID[link]] if link != old_link else []
    if room is None or link not in ("live", "paused"):
        return lines
    lines += _what_changed(old_room, room)
    if link == "live":
        lines += _time_ups(room, old_now, now)
    return lines


def _what_changed(old: RoomState | None, room: RoomState) -> list[str]:
    lines = []
    if old is None or room.step != old.step:
        lines.append(f"Step {room.step} of {STEP_COUNT}: {step(room.step).title}.")
    if old is not None and room.paused != old.paused:
        lines.append("Paused." if room.paused else "The session carries on.")
    if room.speaker and (old is None or room.speaker != old.speaker):
        after_them = room.next_speaker or "the end of the round"
        lines.append(f"Now speaking: {room.speaker}. Next: {after_them}.")
    return lines


def _time_ups(room: RoomState, then: float, now: float) -> list[str]:
    """The step's and the speaker's time-ups that came between ``then`` and ``now``."""
    lines = []
    if _crossed(room.step_left, room.taken_at, then, now):
        lines.append(f"Time is up for step {room.step}.")
    speaking = room.speaker and room.speaker_left is not None and not room.speaker_held
    if speaking and _crossed(room.speaker_left or 0.0, room.taken_at, then, now):
        lines.append(f"{room.speaker}'s time is up.")
    return lines


_LINK_SAID: dict[Link, str] = {
    "waiting": "Waiting for the session to start.",
    "live": "The session is running.",
    "paused": "The session is paused.",
    "ended": "The session has ended.",
}


def _crossed(left: float, taken_at: float, then: float, now: float) -> bool:
    """Whether a running countdown reached zero between ``then`` and ``now``."""
    was = left_now(left, taken_at, max(then, taken_at), running=True)
    return was > 0 >= left_now(left, taken_at, now, running=True)
