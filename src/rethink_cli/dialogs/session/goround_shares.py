"""After a go-round: how the time was shared, as the room sees it and as the facilitator may.

The room's screen shows one line on how evenly the time went, naming no one: a
ranking of named people has no place in a non-judgemental space. Each person's
time is shown only when the facilitator asks for it, hidden again with Enter,
and never saved.
"""

from __future__ import annotations

from rethink_cli.core.goround import GoRound, TurnClock, spread
from rethink_cli.dialogs.ports import Choice, KeyChoice, KeyQuestion, SelectQuestion
from rethink_cli.dialogs.session.common import minutes_text
from rethink_cli.dialogs.session.context import SessionContext


def after_round(ctx: SessionContext, turns: GoRound, clock: TurnClock, said: str = "") -> str:
    """One line for the room on how evenly the time went; each person's time on request.

    ``said``: what the round's last key had to say, shown once on the fresh page.
    """
    while True:
        if not ctx.parts.plain:
            ctx.redraw()
        if said:
            ctx.screen.note(said)
            said = ""
        balance = _balance(turns, clock)
        if balance:
            ctx.screen.note(balance)
        picked = ctx.ask.select(
            SelectQuestion(
                "Everyone has had a turn.",
                (
                    Choice("Finish this go-round", "finish"),
                    Choice("Another round", "again"),
                    Choice("Each person's time, for you (check who can see the screen)", "who"),
                ),
                default="finish",
                status=ctx.status,
            )
        )
        if picked != "who":
            return picked
        roster = ctx.state.roster
        ctx.screen.time_shared(
            [
                (roster.attendees[i], clock.spent(i), clock.allowed(i))
                for i in dict.fromkeys(turns.order)
            ]
        )
        ctx.ask.key(
            KeyQuestion(
                "Each person's time: shown only now, never saved.",
                (KeyChoice(("enter",), "hide it", "hide"),),
                status=ctx.status,
            )
        )


def _balance(turns: GoRound, clock: TurnClock) -> str:
    """How evenly the time was shared, naming no one."""
    shares = [clock.spent(i) for i in dict.fromkeys(turns.spoken)]
    if len(shares) < 2:
        return ""
    apart = spread(shares)
    if apart < 60:
        return "How the time was shared: every share within a minute of the others."
    minutes = minutes_text(round(apart / 60))
    return f"How the time was shared: the longest and shortest shares were about {minutes} apart."
