"""Who is in the room: adding someone (at step 2 or arriving late), the agency picker,
changing the Lead Professional, removing someone.

Step 2 uses all of these; a late arrival can be added from any later step, and
an action's owner who is not in the room gets their agency from the same picker.
"""

from __future__ import annotations

from rethink_cli.core import plaintext
from rethink_cli.core.attendee import Attendee
from rethink_cli.core.professionals import looks_like_family
from rethink_cli.dialogs.ports import Cancelled, Choice, SelectQuestion
from rethink_cli.dialogs.session.apologies import apology_named, arrived
from rethink_cli.dialogs.session.common import AGENCY, NAME, ROLE
from rethink_cli.dialogs.session.context import SessionContext
from rethink_cli.dialogs.session.escapable import escapable


def add_attendee(ctx: SessionContext, *, late: bool, then: str = "") -> None:
    """Name, role and agency; each part is kept as it is confirmed (see ``compound``).

    ``then`` says where a resume returns once the person is added ("menu": the
    menu after a step).
    """
    roster = ctx.state.roster
    with ctx.compound("attendee"):
        late = ctx.part("late", lambda: "yes" if late else "no") == "yes"
        if then:
            ctx.part("then", lambda: then)
        known = _one_who_sent_apologies(ctx) if late else None
        if known is not None:
            name = known.name
            # The Lead Professional named at setup, arriving late, leads again.
            lead = roster.lead is None and name == ctx.state.setup.lead_professional
            roster.add(known, lead=lead)
        else:
            name = _introduce(ctx, late=late)
            if not name:
                return
    arrived(ctx, name)
    ctx.screen.note(f"Added {name}.")
    if late:
        _brief_late_arrival(ctx, name)


def _one_who_sent_apologies(ctx: SessionContext) -> Attendee | None:
    """A late arrival may be someone the plan expected: picked from the apologies, not typed."""
    apologies = ctx.state.apologies
    if not apologies:
        return None
    parts = ctx.parts_so_far
    if "apology" not in parts and "typed" not in parts:
        picked = ctx.ask.select(
            SelectQuestion(
                "Who has arrived?",
                (
                    *(Choice(f"{a.describe()}, sent apologies", a.name) for a in apologies),
                    Choice("Someone else", ""),
                ),
                default=apologies[0].name,
                status=ctx.status,
            )
        )
        # Kept as a part, so a resume neither asks again nor forgets the choice.
        parts["apology" if picked else "typed"] = picked or "yes"
    if "typed" in parts:
        return None
    return apology_named(ctx, parts["apology"])


def _introduce(ctx: SessionContext, *, late: bool) -> str:
    """Name, role and agency typed in; the name added, or "" for someone not added."""
    roster = ctx.state.roster
    if late:
        ctx.screen.note("Welcome them, and ask for their name, role and agency only.")
    name = ctx.part(
        "name",
        lambda: ctx.text(
            "Name",
            max_length=plaintext.NAME_MAX,
            validate=lambda text: (
                NAME(text)
                or (
                    f"{plaintext.tidy(text)} is already on the list." if roster.find(text) else None
                )
            ),
        ),
    )
    role = ctx.part(
        "role", lambda: ctx.text(f"{name}'s role in this child's network", validate=ROLE)
    )
    if ctx.part("professional", lambda: _professional(ctx, name, role)) == "no":
        ctx.screen.note(f"{name} was not added: a Re-think is for professionals only.")
        return ""
    agency = pick_agency(ctx, f"{name}'s agency")
    roster.add(Attendee(name, role, agency))
    return name


def _brief_late_arrival(ctx: SessionContext, name: str) -> None:
    """Someone who missed step 3 hears what the room agreed on confidentiality."""
    agreement = ctx.parts.agreement
    points = agreement.confidentiality()
    if not points:
        ctx.screen.note(f"Tell {name} what the room agreed about confidentiality.")
        return
    # A page of its own under the step's title: the points in full, as step 3 showed them.
    ctx.fresh_page()
    ctx.screen.note(f"{name} missed the group agreement. Read this to them:")
    for point in points:
        ctx.screen.agreement_point(agreement.points.index(point) + 1, len(agreement.points), point)
    ctx.ask.select(
        SelectQuestion(
            f"Once {name} has heard this, go on",
            (Choice("Go on", "on"),),
            default="on",
            status=ctx.status,
        )
    )


def add_late_arrival(ctx: SessionContext, *, then: str = "") -> bool:
    """A late arrival's form, opened on purpose, which Esc leaves; returns whether they were added.

    On Esc what was typed into the form is dropped, and a resume no longer
    returns to it.
    """
    try:
        with escapable(ctx.time.ask):
            add_attendee(ctx, late=True, then=then)
    except Cancelled:
        pending = ctx.state.pending
        if pending is not None and pending.kind == "attendee":
            ctx.state.pending = None
        ctx.screen.note("Nobody was added.")
        return False
    return True


def _professional(ctx: SessionContext, name: str, role: str) -> str:
    """ "yes", unless the role reads like a family member's and the facilitator says so."""
    if not looks_like_family(role):
        return "yes"
    return ctx.ask.select(
        SelectQuestion(
            f"'{role}' sounds like family. A Re-think is for professionals only: "
            f"is {name} here in a professional role?",
            (
                Choice(f"No: do not add {name}", "no"),
                Choice(f"Yes: add {name} as a professional", "yes"),
            ),
            default="no",
            status=ctx.status,
        )
    )


def pick_agency(ctx: SessionContext, message: str, default: str | None = None) -> str:
    """An agency already named today (spelt the same each time), or a new one typed."""
    known = _known_agencies(ctx)
    # "Another agency…" already chosen before an interruption: straight to typing it.
    if known and "agency_other" not in ctx.parts_so_far:
        choices = [Choice(a, a) for a in known] + [Choice("Another agency…", "")]
        picked = ctx.ask.select(
            SelectQuestion(
                message,
                tuple(choices),
                default=default if default in known else "",
                status=ctx.status,
            )
        )
        if picked:
            return picked
        ctx.parts_so_far["agency_other"] = "yes"
    return ctx.text(message if not known else "Agency name", validate=AGENCY)


def _known_agencies(ctx: SessionContext) -> list[str]:
    agencies = dict.fromkeys(ctx.state.roster.agencies())
    for action in ctx.state.actions:
        if action.agency:
            agencies.setdefault(action.agency, None)
    return list(agencies)


def change_lead(ctx: SessionContext) -> None:
    """The setup's Lead Professional follows, so the export names the right person."""
    roster = ctx.state.roster
    index = ctx.ask.select(
        SelectQuestion(
            "Who is the Lead Professional?",
            tuple(Choice(a.describe(), i) for i, a in enumerate(roster.attendees)),
            default=roster.lead_index,
        )
    )
    ctx.state.make_lead(index)


def remove_attendee(ctx: SessionContext) -> None:
    roster = ctx.state.roster
    index = ctx.ask.select(
        SelectQuestion(
            "Remove whom?",
            (
                *(Choice(a.describe(), i) for i, a in enumerate(roster.attendees)),
                Choice("Nobody", -1),
            ),
            default=-1,
        )
    )
    if index >= 0:
        removed = roster.remove(index)
        ctx.screen.note(f"Removed {removed.name}.")
