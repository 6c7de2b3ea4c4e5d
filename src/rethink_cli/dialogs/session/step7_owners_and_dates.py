"""Step 7, who and by when: an owner for each action (present or not) and a due date."""

from __future__ import annotations

from rethink_cli.core.action import DraftAction, due_problem
from rethink_cli.dialogs.ports import Choice, SelectQuestion
from rethink_cli.dialogs.session.apologies import apology_named
from rethink_cli.dialogs.session.common import NAME, Nav
from rethink_cli.dialogs.session.context import FreshPages, SessionContext
from rethink_cli.dialogs.session.roster import pick_agency


def run(ctx: SessionContext) -> Nav:
    page = FreshPages(ctx)
    _ask_missing(ctx, page)
    while True:
        # After questions, the step's menu under its title again, not scrolled away.
        page()
        if ctx.state.no_action:
            ctx.screen.note("No action was agreed, so there is nothing to own or to date.")
        else:
            ctx.screen.actions(ctx.state.actions)
        changes = (Choice("Change an owner", "owner"), Choice("Change a date", "due"))
        # No action agreed (step 6): nothing to own, but the way back stays open.
        choice = ctx.step_menu("Who and by when", *(changes if ctx.state.actions else ()))
        if choice == "done":
            return Nav.NEXT
        if choice == "menu":
            return ctx.moves.between_steps()
        picked = ctx.pick_action("Which action?")
        if picked is None:
            continue
        action = ctx.state.actions[picked - 1]
        if choice == "owner":
            ask_owner(ctx, picked, action)
        else:
            ask_due(ctx, picked, action)


def _ask_missing(ctx: SessionContext, page: FreshPages) -> None:
    """Only what is still missing: a step re-entered after going back asks nothing twice."""
    for number, action in enumerate(ctx.state.actions, start=1):
        owned = action.owner is not None and action.agency is not None
        if owned and action.due is not None:
            continue
        page()  # each action on a page of its own
        if not owned:
            ask_owner(ctx, number, action)
        if action.due is None:
            ask_due(ctx, number, action)


def ask_owner(ctx: SessionContext, number: int, action: DraftAction) -> None:
    """Someone in the room, someone who sent apologies, or someone named with their agency.

    Owner and agency change together, never one without the other: an absent
    owner's name waits in ``state.pending`` until their agency is given. An owner
    who is not in the room gets an attendee who passes the action on to them.
    """
    ctx.screen.note(f"Action {number}: {action.what}")
    with ctx.compound("owner", action=number) as pending:
        parts = pending.parts
        if "who" not in parts and "absent" not in parts:
            _pick_owner(ctx, action, parts)
        present = ctx.state.roster.find(parts["who"]) if "who" in parts else None
        apologised = apology_named(ctx, parts.get("apology"))
        if present is not None:
            owner, agency = present.name, present.agency
        elif apologised is not None:
            owner, agency = apologised.name, apologised.agency
        else:
            owner = ctx.part("name", lambda: ctx.text("Their name", validate=NAME))
            # Kept as a part: the question who passes it on follows, and a resume there
            # must not ask for the agency again.
            agency = ctx.part("agency", lambda: pick_agency(ctx, f"{owner}'s agency"))
        passer = None if present else ctx.part("passer", lambda: _ask_passer(ctx, owner))
        before = action.agency
        action.owner, action.agency, action.passed_on_by = owner, agency, passer
    if before is not None and action.agency != before:
        # Where it is recorded belonged to the old agency: it must be agreed again.
        action.recorded_where = None


def _pick_owner(ctx: SessionContext, action: DraftAction, parts: dict[str, str]) -> None:
    attendees = ctx.state.roster.attendees
    choices = [Choice(a.describe(), i) for i, a in enumerate(attendees)]
    # People a plan expected who sent apologies: named already, agency known.
    choices += [
        Choice(f"{a.describe()}, sent apologies", -2 - i) for i, a in enumerate(ctx.state.apologies)
    ]
    choices.append(Choice("Someone who is not here", -1))
    current = next((i for i, a in enumerate(attendees) if a.name == action.owner), None)
    picked = ctx.ask.select(
        SelectQuestion("Who owns it?", tuple(choices), default=current, status=ctx.status)
    )
    if picked >= 0:
        parts["who"] = attendees[picked].name
    else:
        parts["absent"] = "yes"
        if picked <= -2:
            parts["apology"] = ctx.state.apologies[-2 - picked].name


def _ask_passer(ctx: SessionContext, owner: str) -> str:
    """Who in the room tells the absent owner: the Lead Professional unless the room says."""
    roster = ctx.state.roster
    lead = roster.lead
    return ctx.ask.select(
        SelectQuestion(
            f"{owner} is not here. Who will pass this action on to them?",
            tuple(Choice(a.describe(), a.name) for a in roster.attendees),
            default=lead.name if lead else None,
            status=ctx.status,
        )
    )


def ask_due(ctx: SessionContext, number: int, action: DraftAction) -> None:
    """The due date, typed freely and read back in full; it must come after the meeting."""
    # The action and its owner on screen: after a resume this may be the first thing shown.
    owner = f" ({action.owner}, {action.agency})" if action.owner else ""
    ctx.screen.note(f"Action {number}: {action.what}{owner}")
    with ctx.compound("due", action=number):
        action.due = ctx.ask_date(
            f"Action {number}, by when? (for example 4/12/2026, next Friday, in 2 weeks)",
            default=action.due,
            check=lambda day: due_problem(day, ctx.state.setup.meeting_date),
        )
