"""People a plan expected who are not here: kept as apologies, and an absent Lead Professional.

Apologies are names, roles and agencies only, like attendees. They are offered
as owners at step 7 (named already, agency known) and as late arrivals.
"""

from __future__ import annotations

from rethink_cli.core.attendee import Attendee
from rethink_cli.dialogs.ports import Choice, SelectQuestion
from rethink_cli.dialogs.session.context import SessionContext

NOBODY = -1


def send_apologies(ctx: SessionContext, person: Attendee) -> None:
    """``person`` is not here: kept once as an apology."""
    if all(a.name.casefold() != person.name.casefold() for a in ctx.state.apologies):
        ctx.state.apologies.append(person)


def apology_named(ctx: SessionContext, name: str | None) -> Attendee | None:
    """The person who sent apologies under ``name``, if anyone did."""
    return next((a for a in ctx.state.apologies if a.name == name), None) if name else None


def arrived(ctx: SessionContext, name: str) -> None:
    """Someone who sent apologies came after all: no longer an apology."""
    wanted = name.strip().casefold()
    ctx.state.apologies = [a for a in ctx.state.apologies if a.name.casefold() != wanted]


def lead_is_absent(ctx: SessionContext) -> bool:
    lead = ctx.state.setup.lead_professional.casefold()
    return any(a.name.casefold() == lead for a in ctx.state.apologies)


def settle_absent_lead(ctx: SessionContext) -> None:
    """With the Lead Professional away, the room says who leads today, or that nobody here does.

    The Lead Professional records the actions and the review date, so going on
    without one in the room is said plainly rather than passed over.
    """
    roster = ctx.state.roster
    if roster.lead is not None or not roster.attendees:
        return
    absent = ctx.state.setup.lead_professional
    ctx.screen.warn(
        f"The Lead Professional, {absent}, is not here. They record the actions and the "
        "review date: someone here may lead today, or someone must tell them."
    )
    index = ctx.ask.select(
        SelectQuestion(
            "Who leads for the network today?",
            (
                *(Choice(a.describe(), i) for i, a in enumerate(roster.attendees)),
                Choice(f"Nobody here: {absent} stays Lead Professional", NOBODY),
            ),
            default=NOBODY,
            status=ctx.status,
        )
    )
    if index != NOBODY:
        ctx.state.make_lead(index)
