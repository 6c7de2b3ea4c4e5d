"""Step 3, group agreement: one point per screen, then the room agrees (or not yet).

The point on screen is kept in the state (and so in the autosave): after Ctrl-C,
"Carry on" or a resume opens the same point, and once every point has been read
the room is asked straight away. "Not yet" never reads the whole agreement again.
"""

from __future__ import annotations

from rethink_cli.dialogs.ports import (
    Choice,
    ConfirmQuestion,
    KeyChoice,
    KeyQuestion,
    SelectQuestion,
)
from rethink_cli.dialogs.session.common import Nav
from rethink_cli.dialogs.session.context import SessionContext
from rethink_cli.formats.texts import step

AGREE = "Does everyone in the room agree to work this way?"


def run(ctx: SessionContext) -> Nav:
    _read(ctx)
    while True:
        agreed = ctx.ask.confirm(ConfirmQuestion(AGREE, status=ctx.status))
        ctx.state.agreement_confirmed = agreed
        if agreed:
            # Read in full next time the step is entered (after going back to it).
            ctx.state.agreement_point = 0
            return ctx.moves.between_steps()
        nav = _not_reached(ctx)
        if nav is not None:
            return nav


def _read(ctx: SessionContext) -> None:
    """Each point in turn, from the one on screen when the step was left."""
    agreement = ctx.parts.agreement
    points = agreement.points
    state = ctx.state
    state.agreement_point = min(state.agreement_point, len(points))
    shown: int | None = None
    while state.agreement_point < len(points):
        position = state.agreement_point
        if shown != position:
            if position == 0 and shown is None:
                # The first point sits under the step's heading and its "Say".
                ctx.screen.agreement_intro(agreement)
            else:
                ctx.redraw()
            ctx.screen.agreement_point(position + 1, len(points), points[position])
            shown = position
        pressed = ctx.ask.key(
            KeyQuestion(
                f"Point {position + 1} of {len(points)}", _keys(ctx, position), status=ctx.status
            )
        )
        if pressed == "time":
            ctx.screen.note(ctx.status())
            continue
        state.agreement_point = position - 1 if pressed == "back" else position + 1


def _keys(ctx: SessionContext, position: int) -> tuple[KeyChoice, ...]:
    keys = [KeyChoice(("enter", "n"), "next point", "next")]
    if position:
        keys.append(KeyChoice(("b",), "previous point", "back"))
    if ctx.parts.plain:
        # Nothing redraws in plain mode: the facilitator asks for the time instead.
        keys.append(KeyChoice(("t",), "time left", "time"))
    return tuple(keys)


def _not_reached(ctx: SessionContext) -> Nav | None:
    """Not yet: talk it through, then ask again, look at one point, go back, or stop.

    Returns where to go, or None to ask the room again.
    """
    points = ctx.parts.agreement.points
    ctx.screen.hint(
        "Talk through what would need to change. The go-rounds begin once everyone agrees."
    )
    choice = ctx.ask.select(
        SelectQuestion(
            "When the room is ready",
            (
                Choice("Ask the room again", "again"),
                Choice("Show one point again", "point"),
                Choice(f"Back to step 2: {step(2).title}", "back"),
                Choice("Quit the session", "quit"),
            ),
            default="again",
            status=ctx.status,
        )
    )
    if choice == "back":
        ctx.state.agreement_point = 0
        return Nav.BACK
    if choice == "quit":
        # Returns only if the facilitator chooses to carry on.
        ctx.moves.quit()
    ctx.redraw()
    if choice == "point":
        picked = ctx.ask.select(
            SelectQuestion(
                "Which point?",
                tuple(Choice(f"{n}. {p.title}", n) for n, p in enumerate(points, start=1)),
                default=1,
                status=ctx.status,
            )
        )
        ctx.redraw()
        ctx.screen.agreement_point(picked, len(points), points[picked - 1])
    return None
