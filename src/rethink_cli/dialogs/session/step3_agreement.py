"""Step 3, group agreement: one point per screen, then the room agrees (or not yet)."""

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


def run(ctx: SessionContext) -> Nav:
    agreement = ctx.parts.agreement
    ctx.screen.agreement_intro(agreement)
    points = agreement.points
    position = 0
    while position < len(points):
        if position:
            ctx.redraw()
        ctx.screen.agreement_point(position + 1, len(points), points[position])
        keys = [KeyChoice(("enter", "n"), "next point", "next")]
        if position:
            keys.append(KeyChoice(("b",), "previous point", "back"))
        pressed = ctx.ask.key(
            KeyQuestion(f"Point {position + 1} of {len(points)}", tuple(keys), status=ctx.status)
        )
        position = position - 1 if pressed == "back" else position + 1
    agreed = ctx.ask.confirm(
        ConfirmQuestion("Does everyone in the room agree to work this way?", status=ctx.status)
    )
    ctx.state.agreement_confirmed = agreed
    if not agreed:
        return _not_reached(ctx)
    return ctx.moves.between_steps()


def _not_reached(ctx: SessionContext) -> Nav:
    """The go-rounds wait for the agreement: read it again, go back, or stop."""
    ctx.screen.hint(
        "Talk through what would need to change. The go-rounds begin once everyone agrees."
    )
    choice = ctx.ask.select(
        SelectQuestion(
            "When the room is ready",
            (
                Choice("Read the agreement again", "again"),
                Choice(f"Back to step 2: {step(2).title}", "back"),
                Choice("Quit the session", "quit"),
            ),
            default="again",
        )
    )
    if choice == "back":
        return Nav.BACK
    if choice == "quit":
        ctx.moves.quit()
    return Nav.STAY
