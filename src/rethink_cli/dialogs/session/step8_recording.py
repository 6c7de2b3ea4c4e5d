"""Step 8, where recorded and the review: each agency's record, the review date and who calls it."""

from __future__ import annotations

from rethink_cli.core.action import DraftAction
from rethink_cli.dialogs.ports import Choice, SelectQuestion
from rethink_cli.dialogs.session.common import NAME, WHERE, Nav, read_on
from rethink_cli.dialogs.session.context import FreshPages, SessionContext

_CHANGES = (
    Choice("Change where an action is recorded", "where"),
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
        picked = ctx.pick_action("Which action?")
        if picked is not None:
            ask_recorded_where(ctx, picked, ctx.state.actions[picked - 1])


def _ask_missing(ctx: SessionContext, page: FreshPages) -> None:
    """Only what is still missing: a step re-entered after going back asks nothing twice.

    Each question starts on a page of its own under the step's title.
    """
    for number, action in enumerate(ctx.state.actions, start=1):
        if action.recorded_where is None:
            page()
            ask_recorded_where(ctx, number, action)
    review = ctx.state.review
    if review.date is None:
        page()
        ask_review_date(ctx)
    if review.convened_by is None:
        page()
        ask_convener(ctx)


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
