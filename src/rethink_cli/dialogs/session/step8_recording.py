"""Step 8, where recorded and the review: each agency's record, the review date and who calls it.

Every agency present records the agreed actions on its own file, whether it owns
one or not, so each is asked where; an absent owner's agency is asked too, with
the attendee who passes the action on named beside it.
"""

from __future__ import annotations

from rethink_cli.core.action import DraftAction
from rethink_cli.dialogs.ports import Choice, SelectQuestion
from rethink_cli.dialogs.session.common import NAME, WHERE, Nav, read_on
from rethink_cli.dialogs.session.context import FreshPages, SessionContext

_CHANGES = (
    Choice("Change where an agency records them", "where"),
    Choice("Change the review date", "date"),
    Choice("Change who calls the review", "convener"),
)


def run(ctx: SessionContext) -> Nav:
    page = FreshPages(ctx)
    _ask_missing(ctx, page)
    shown = 0
    while True:
        # After questions, the step's menu under its title again, not scrolled away.
        page()
        # Below the read-back: the menu's choices, its question and the status line.
        pages = ctx.screen.summary(ctx.state, below=len(_CHANGES) + 6, page=shown)
        more = shown < pages - 1
        choice = ctx.step_menu(
            "Where recorded and the review",
            *_CHANGES,
            read_on=read_on(shown, pages) if more else "",
        )
        shown = shown + 1 if choice == "read_on" else 0
        if choice == "done":
            return Nav.NEXT
        if choice == "menu":
            return ctx.moves.between_steps()
        _change(ctx, choice)


def _change(ctx: SessionContext, choice: str) -> None:
    if choice == "date":
        ask_review_date(ctx)
    elif choice == "convener":
        ask_convener(ctx)
    elif choice == "where":
        agencies = ctx.state.recording_agencies()
        picked = ctx.ask.select(
            SelectQuestion(
                "Which agency?",
                (*(Choice(a, a) for a in agencies), Choice("None", "")),
                default="",
                status=ctx.status,
            )
        )
        if picked:
            ask_agency_recording(ctx, picked)


def _ask_missing(ctx: SessionContext, page: FreshPages) -> None:
    """Only what is still missing: a step re-entered after going back asks nothing twice.

    Each question starts on a page of its own under the step's title.
    """
    state = ctx.state
    for agency in state.recording_agencies():
        if agency not in state.recording:
            page()
            ask_agency_recording(ctx, agency)
    for number, action in enumerate(state.actions, start=1):
        if action.recorded_where is None:
            # An owner changed at step 7 to an agency already asked: its answer holds.
            known = state.recording.get(action.agency or "")
            if known is not None:
                action.recorded_where = known
                continue
            page()
            ask_recorded_where(ctx, number, action)
    review = ctx.state.review
    if review.date is None:
        page()
        ask_review_date(ctx)
    if review.convened_by is None:
        page()
        ask_convener(ctx)


def ask_agency_recording(ctx: SessionContext, agency: str) -> None:
    """Where ``agency`` records the actions; its own actions follow the answer."""
    state = ctx.state
    own = [(n, a) for n, a in enumerate(state.actions, start=1) if a.agency == agency]
    present = agency in state.roster.agencies()
    ctx.screen.note(
        f"No action was agreed: {agency} records the meeting's outcome on its own file."
        if state.no_action
        else _who_records(agency, own, present=present)
    )
    before = state.recording.get(agency)
    where = ctx.text(
        _where_question(agency, present=present, none_agreed=state.no_action),
        instruction="(its own file for the child, such as its case system)",
        default=before or _earlier(own),
        validate=WHERE,
    )
    state.recording[agency] = where
    for _, action in own:
        # An action given its own place at wrap-up keeps it; the rest follow the agency.
        if action.recorded_where in (None, before):
            action.recorded_where = where


def _where_question(agency: str, *, present: bool, none_agreed: bool) -> str:
    if none_agreed:
        return f"Where does {agency} record the outcome?"
    if present:
        return f"Where does {agency} record these actions?"
    return f"Where will {agency} record its action?"


def _who_records(agency: str, own: list[tuple[int, DraftAction]], *, present: bool) -> str:
    numbers = ", ".join(str(n) for n, _ in own)
    if not present:
        passers = sorted({a.passed_on_by for _, a in own if a.passed_on_by})
        by = f"; {' and '.join(passers)} passes it on" if passers else ""
        return f"No one from {agency} is here (action {numbers}{by})."
    if own:
        return f"{agency} owns action {numbers}, and records every action on its own file."
    return f"{agency} owns no action, but records every action on its own file."


def _earlier(own: list[tuple[int, DraftAction]]) -> str:
    return next((a.recorded_where for _, a in own if a.recorded_where), "")


def ask_recorded_where(ctx: SessionContext, number: int, action: DraftAction) -> None:
    """Where the owner's agency records it; the last answer for that agency is offered."""
    agency = action.agency or "the agency"
    previous = action.recorded_where or next(
        (
            a.recorded_where
            for a in ctx.state.actions
            if a.agency == action.agency and a.recorded_where and a is not action
        ),
        "",
    )
    ctx.screen.note(f"Action {number}: {action.what} ({action.owner}, {agency})")
    action.recorded_where = ctx.text(
        f"Where does {agency} record it?",
        instruction="(for example: the child's record in its case system)",
        default=previous,
        validate=WHERE,
    )
    if action.agency and action.agency not in ctx.state.recording:
        # A new agency met at wrap-up: its answer stands for the agency too.
        ctx.state.recording[action.agency] = action.recorded_where


def ask_review_date(ctx: SessionContext) -> None:
    """After today; a hint (never a block) when an action falls due after the review."""
    meeting = ctx.state.setup.meeting_date
    with ctx.compound("review_date"):
        ctx.state.review.date = ctx.ask_date(
            "Review date: when will the network meet again to check the actions?",
            default=ctx.state.review.date,
            check=lambda day: (
                None if day > meeting else "The review must be after today's meeting."
            ),
        )
    review = ctx.state.review.date
    later = [n for n, a in enumerate(ctx.state.actions, 1) if a.due and a.due > review]
    if later:
        ctx.screen.hint(
            f"The review comes before action {', '.join(map(str, later))} is due. "
            "A later review may let the network report on it."
        )


def ask_convener(ctx: SessionContext) -> None:
    """Who calls the review: the Lead Professional unless the room says otherwise."""
    roster = ctx.state.roster
    choices = [Choice(a.describe(), a.name) for a in roster.attendees]
    choices.append(Choice("Someone who is not here", ""))
    default = ctx.state.review.convened_by or (roster.lead.name if roster.lead else None)
    with ctx.compound("convener") as pending:
        if "absent" not in pending.parts:
            picked = ctx.ask.select(
                SelectQuestion(
                    "Who will call the review meeting?",
                    tuple(choices),
                    default=default,
                    status=ctx.status,
                )
            )
            if picked:
                ctx.state.review.convened_by = picked
                return
            pending.parts["absent"] = "yes"
        ctx.state.review.convened_by = ctx.text("Their name", validate=NAME)
