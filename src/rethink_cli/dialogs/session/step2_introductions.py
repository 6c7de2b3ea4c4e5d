"""Step 2, introductions: name, role and agency for each person; the Lead Professional first.

The roster questions themselves live in ``roster.py``, shared with late arrivals.
"""

from __future__ import annotations

from collections.abc import Callable

from rethink_cli.core.attendee import Attendee
from rethink_cli.dialogs.ports import Choice, ConfirmQuestion, SelectQuestion
from rethink_cli.dialogs.session.common import ROLE, Nav
from rethink_cli.dialogs.session.context import SessionContext
from rethink_cli.dialogs.session.roster import add_attendee, change_lead, remove_attendee
from rethink_cli.formats.texts import step

# A go-round needs at least two people.
MIN_ATTENDEES = 2


def run(ctx: SessionContext) -> Nav:
    if ctx.state.expected:
        _check_expected(ctx)
    if not ctx.state.roster.attendees:
        _add_lead(ctx)
    first = True
    while True:
        if not first:
            ctx.redraw()
        first = False
        ctx.screen.roster(ctx.state.roster)
        choices = _choices(ctx)
        choice = ctx.ask.select(
            SelectQuestion("Introductions", choices, default=choices[0].value, status=ctx.status)
        )
        if choice == "done":
            return ctx.moves.between_steps()
        if choice == "back":
            return Nav.BACK
        _EDITS[choice](ctx)


def _choices(ctx: SessionContext) -> tuple[Choice[str], ...]:
    choices = [Choice("Add the next person", "add")]
    if len(ctx.state.roster) >= MIN_ATTENDEES:
        choices.append(Choice("Everyone has introduced themselves", "done"))
    choices += [
        Choice("Change who is the Lead Professional", "lead"),
        Choice("Remove someone", "remove"),
    ]
    if ctx.state.step > 1:
        choices.append(Choice(f"Back to step 1: {step(1).title}", "back"))
    return tuple(choices)


# The choices that change the roster and show it again.
_EDITS: dict[str, Callable[[SessionContext], None]] = {
    "add": lambda ctx: add_attendee(ctx, late=False),
    "lead": change_lead,
    "remove": remove_attendee,
}


def _add_lead(ctx: SessionContext) -> None:
    """The Lead Professional named at setup introduces themselves first."""
    setup = ctx.state.setup
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
    ctx.screen.note("From the plan: check who is here.")
    while ctx.state.expected:
        person = ctx.state.expected[0]
        ctx.screen.note(person.describe())
        here = ctx.ask.confirm(ConfirmQuestion(f"Is {person.name} here?", status=ctx.status))
        ctx.state.expected.pop(0)
        if here and roster.find(person.name) is None:
            is_lead = person.name.casefold() == ctx.state.setup.lead_professional.casefold()
            roster.add(person, lead=is_lead)
