"""What the room's own window shows: a projection of the session, and nothing more.

``rethink session room`` runs in a second window (the projector, or the window shared
in a video call) and follows the facilitator's session through a small file. That file
holds a ``RoomState`` and only that: the step and its clocks, the speaker and who is
next, the agreement point being read, and the actions as agreed so far. Never a menu,
a hint, an error, anything typed in a go-round, or any fact of the setup but the case
reference, because the room never sees those either.

Clocks are carried as "seconds left when this was taken" plus the wall time it was
taken, so the room's window counts down on its own between changes and the session
writes only when something changes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RoomAction:
    """An action as the room agreed it: the wording, and who, by when, where, once known."""

    number: int
    what: str
    owner: str = ""
    due: str = ""  # ISO date, or "" while not agreed
    recorded_where: str = ""


@dataclass(frozen=True)
class RoomState:
    case_reference: str
    step: int
    step_left: float
    session_left: float
    # Wall-clock seconds (UTC epoch) when the figures above were taken.
    taken_at: float
    speaker: str | None = None
    speaker_left: float | None = None
    # The speaker's clock stands still (a late arrival being added).
    speaker_held: bool = False
    next_speaker: str | None = None
    # The group agreement's point on screen at step 3: its title, text and details, as read.
    point_title: str | None = None
    point_text: str | None = None
    point_details: tuple[str, ...] = ()
    actions: tuple[RoomAction, ...] = ()
    # At step 2, who has introduced themselves so far: name, role, agency.
    people: tuple[tuple[str, str, str], ...] = ()
    # From step 8, the review once it is set: its ISO date and who calls it.
    review_date: str = ""
    review_by: str = ""
    # The facilitator pressed Ctrl-C and is choosing what to do (the clocks run on).
    paused: bool = False


def left_now(seconds_left: float, taken_at: float, now: float, *, running: bool = True) -> float:
    """A countdown ``seconds_left`` at ``taken_at``, as it stands at ``now``.

    A wall clock set back never adds time: the gap counts as nothing.
    """
    if not running:
        return seconds_left
    return seconds_left - max(0.0, now - taken_at)
