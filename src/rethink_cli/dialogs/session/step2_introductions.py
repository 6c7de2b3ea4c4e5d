"""Step 2, introductions: name, role and agency for each person; the Lead Professional first.

The roster questions themselves live in ``roster.py``, shared with late arrivals.
"""

from __future__ import annotations

from collections.abc import Callable

from rethink_cli.core.attendee import Attendee
from rethink_cli.core.bounds import MAX_ATTENDEES
from rethink_cli.core.professionals import single_agency
from rethink_cli.dialogs.ports import Choice, ConfirmQuestion, SelectQuestion
from rethink_cli.dialogs.session.apologies import (
    lead_is_absent,
    send_apologies,
    settle_absent_lead,
)
from rethink_cli.dialogs.session.common import ROLE, Nav
from rethink_cli.dialogs.session.context import SessionContext
from rethink_cli.dialogs.session.roster import add_attendee, change_lead, remove_attendee

# A go-round needs at least two people.
MIN_ATTENDEES = 2
PROFESSIONALS_ONLY = "Professionals only: the family is not part of a Re-think session."


def run(ctx: SessionContext) -> Nav:
    # From a prepared plan, everyone confirmed here is usually everyone: going on is the default.
    from_plan = bool(ctx.state.expected)
    if from_plan:
        _check_expected(ctx)
    if not ctx.state.roster.attendees and not lead_is_absent(ctx):
        _add_lead(ctx)
    while True:
        # A fresh page each time: the step's title, who is here, then the menu.
        ctx.redraw()
        _show_room(ctx)
        choices = _choices(ctx)
        enough = len(ctx.state.roster) >= MIN_ATTENDEES
        choice = ctx.ask.select(
            SelectQuestion(
                "Introductions",
                choices,
                default="done" if from_plan and enough else choices[0].value,
                status=ctx.status,
            )
        )
        if choice == "done":
            if _ready_to_go_on(ctx):
                return Nav.NEXT
            continue
        if choice == "menu":
            return ctx.moves.between_steps(
                can_go_on=enough, hold="Add at least two people to go on."
            )
        _EDITS[choice](ctx)


def _choices(ctx: SessionContext) -> tuple[Choice[str], ...]:
    choices: list[Choice[str]] = []
    if len(ctx.state.roster) < MAX_ATTENDEES:
        choices.append(Choice("Add the next person", "add"))
    else:
        # The record holds this many at most: adding more would fail at the export.
        ctx.screen.note(f"The list is full: {MAX_ATTENDEES} people is the most a session holds.")
    if len(ctx.state.roster) >= MIN_ATTENDEES:
        # One press moves on: the menu after the step is one choice further down.
        choices.append(Choice("Everyone has introduced themselves: on to step 3", "done"))
    choices += [
        Choice("Change who is the Lead Professional", "lead"),
        Choice("Remove someone", "remove"),
        Choice("More options (back, quit)", "menu"),
    ]
    return tuple(choices)


# The choices that change the roster and show it again.
_EDITS: dict[str, Callable[[SessionContext], None]] = {
    "add": lambda ctx: add_attendee(ctx, late=False),
    "lead": change_lead,
    "remove": remove_attendee,
}


def _show_room(ctx: SessionContext) -> None:
    ctx.screen.roster(ctx.state.roster)
    if ctx.state.apologies:
        ctx.screen.note("Apologies: " + ", ".join(a.name for a in ctx.state.apologies))
    ctx.screen.note(PROFESSIONALS_ONLY)


def _ready_to_go_on(ctx: SessionContext) -> bool:
    if lead_is_absent(ctx):
        settle_absent_lead(ctx)
    return _several_agencies(ctx)


def _several_agencies(ctx: SessionContext) -> bool:
    """A gentle check before going on when everyone comes from one agency."""
    agency = single_agency(ctx.state.roster.agencies())
    if agency is None:
        return True
    return ctx.ask.confirm(
        ConfirmQuestion(
            f"Everyone here is from {agency}. A Re-think brings the agencies around the "
            "child together. Go on anyway?",
            default=True,
            status=ctx.status,
        )
    )


def _add_lead(ctx: SessionContext) -> None:
    """The Lead Professional named at setup introduces themselves first."""
    setup = ctx.state.setup
    ctx.screen.note(PROFESSIONALS_ONLY)
    ctx.screen.note(
        f"Start with the Lead Professional, {setup.lead_professional} "
        f"({setup.lead_professional_agency})."
    )
    role = ctx.text("Their role", default="Lead Professional", validate=ROLE)
    ctx.state.roster.add(
        Attendee(setup.lead_professional, role, setup.lead_professional_agency), lead=True
    )


def _check_expected(ctx: SessionContext) -> None:
    """People from the prepared plan: confirm each one is actually here."""
    roster = ctx.state.roster
    first = True
    while ctx.state.expected:
        if not first and not ctx.parts.plain:
            # Each person on a fresh page under the step's title, with who is here so far
            # (a screen reader is not read the growing list again each time).
            ctx.redraw()
            ctx.screen.roster(roster)
        first = False
        person = ctx.state.expected[0]
        ctx.screen.note(f"From the plan: {person.describe()}")
        here = ctx.ask.confirm(ConfirmQuestion(f"Is {person.name} here?", status=ctx.status))
        ctx.state.expected.pop(0)
        if not here:
            send_apologies(ctx, person)
        if here and roster.find(person.name) is None and len(roster) < MAX_ATTENDEES:
            is_lead = person.name.casefold() == ctx.state.setup.lead_professional.casefold()
            roster.add(person, lead=is_lead)
