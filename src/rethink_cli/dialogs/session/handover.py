"""Strategy 3's hand-over: who receives the files, so the independent facilitator keeps none.

The guidance gives the recording to the network and its Lead Professional; the
facilitator's laptop only carries the files to them. Wrap-up names who receives
them (the Lead Professional unless changed from its menu); the closing page then says how to
delete this computer's copies once they have them.
"""

from __future__ import annotations

from rethink_cli.dialogs.ports import Choice, SelectQuestion
from rethink_cli.dialogs.session.context import SessionContext


def needs_receiver(ctx: SessionContext) -> bool:
    return ctx.state.setup.independent and bool(ctx.state.roster.attendees)


def default_receiver(ctx: SessionContext) -> str:
    lead = ctx.state.roster.lead
    return lead.name if lead else ctx.state.roster.attendees[0].name


def receiver_line(ctx: SessionContext) -> str:
    receiver = ctx.state.receiver
    lead = ctx.state.roster.lead
    role = ", the Lead Professional" if lead is not None and lead.name == receiver else ""
    return f"The files go to {receiver}{role}: you keep no copy once they have them."


def ask_receiver(ctx: SessionContext) -> None:
    """Someone in the room takes the files; by default the Lead Professional."""
    roster = ctx.state.roster
    current = ctx.state.receiver or default_receiver(ctx)
    ctx.state.receiver = ctx.ask.select(
        SelectQuestion(
            "Who receives the files?",
            tuple(Choice(a.describe(), a.name) for a in roster.attendees),
            default=current,
            status=ctx.status,
        )
    )
