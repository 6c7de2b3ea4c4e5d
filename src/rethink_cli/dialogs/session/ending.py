"""The meeting's ending, asked at wrap-up: resolved, or still stuck with the next route."""

from __future__ import annotations

from rethink_cli.core.ending import next_route, outcome_words, route_links
from rethink_cli.core.session import Ending
from rethink_cli.dialogs.ports import Choice, SelectQuestion
from rethink_cli.dialogs.session.context import SessionContext

RESOLVED, STUCK = "resolved", "stuck"


def ask_ending(ctx: SessionContext) -> None:
    """Whether the network is still stuck; if so, the route is named and kept, never why."""
    state = ctx.state
    if state.no_action:
        stuck = True  # said at step 6, confirmed there
    else:
        current = STUCK if state.ending.stuck else RESOLVED
        stuck = (
            ctx.ask.select(
                SelectQuestion(
                    "Is the network still stuck?",
                    (
                        Choice("No: the agreed actions are a way forward", RESOLVED),
                        Choice("Yes: it is still stuck, and needs the next route", STUCK),
                    ),
                    default=current,
                    status=ctx.status,
                )
            )
            == STUCK
        )
    route = next_route(ctx.state.setup.strategy, ctx.parts.area) if stuck else None
    state.ending = Ending(stuck=stuck, next_route=route)


def ending_lines(ctx: SessionContext) -> list[str]:
    """What the read-back says of the ending, with the area's link for the route."""
    ending = ctx.state.ending
    if ending.stuck is None:
        return []
    lines = [outcome_words(ending.stuck, ending.next_route)]
    if ending.stuck:
        lines += route_links(ctx.state.setup.strategy, ctx.parts.area)
    return lines
