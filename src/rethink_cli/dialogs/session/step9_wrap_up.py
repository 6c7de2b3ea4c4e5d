"""Step 9, wrap up: everything read back, any of it changed, then the export.

Changing an action asks again the questions steps 6 to 8 first asked. Those
questions belong to their steps; the driver hands them in as ``Changes``, so
this step imports no other step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rethink_cli.core import plaintext
from rethink_cli.core.action import DraftAction
from rethink_cli.core.errors import ExportError, RethinkError
from rethink_cli.dialogs.ports import Choice, ConfirmQuestion, SelectQuestion, TextQuestion
from rethink_cli.dialogs.session.common import Nav, folder_problem, optional
from rethink_cli.dialogs.session.context import SessionContext
from rethink_cli.dialogs.validators import text_validator
from rethink_cli.formats.texts import step, texts
from rethink_cli.storage.synced import synced_service

# Asks again about one action, given its number (from 1).
ActionQuestion = Callable[[SessionContext, int, DraftAction], None]

# The outcome statement is a few lines, not a minute of the meeting.
OUTCOME_LINES = 5


@dataclass(frozen=True)
class Changes:
    """The questions wrap-up asks again, from the steps that asked them first."""

    wording: Callable[[SessionContext, str, str], str]  # step 6
    owner: ActionQuestion  # step 7
    due: ActionQuestion  # step 7
    where: ActionQuestion  # step 8
    review_date: Callable[[SessionContext], None]  # step 8
    convener: Callable[[SessionContext], None]  # step 8


def run(ctx: SessionContext, changes: Changes) -> Nav:
    while True:
        ctx.screen.summary(ctx.state)
        missing = ctx.state.incomplete_actions()
        if missing:
            number, fields = missing[0]
            ctx.screen.warn(f"Action {number} still needs: {', '.join(fields)}.")
        choices = _choices(ctx, complete=not missing)
        choice = ctx.ask.select(
            SelectQuestion("Wrap up", choices, default=choices[0].value, status=ctx.status)
        )
        if choice in ("export", "ics") and _export(ctx, with_calendar=choice == "ics"):
            return Nav.DONE
        if choice == "back":
            return Nav.BACK
        if choice == "change":
            _change_action(ctx, changes)
        elif choice == "review":
            changes.review_date(ctx)
            changes.convener(ctx)
        elif choice == "outcome":
            _ask_outcome(ctx)
        elif choice == "quit":
            ctx.moves.quit()


def _choices(ctx: SessionContext, *, complete: bool) -> tuple[Choice[str], ...]:
    state = ctx.state
    choices: list[Choice[str]] = []
    # Export is offered only once every action and the review are complete.
    if complete and state.review.date and state.review.convened_by:
        choices.append(Choice("Everyone agrees: export the actions", "export"))
        if ctx.parts.calendar is not None:
            choices.append(
                Choice("Everyone agrees: export, with the dates as a calendar (.ics)", "ics")
            )
    choices += [
        Choice("Change an action", "change"),
        Choice("Change the review", "review"),
    ]
    # An independent facilitator keeps nothing of the discussion, not even a summary.
    if not state.setup.independent:
        label = "Change" if state.outcome_summary else "Add"
        choices.append(Choice(f"{label} the agreed outcome statement (optional)", "outcome"))
    choices += [
        Choice(f"Back to step 8: {step(8).title}", "back"),
        Choice("Quit the session", "quit"),
    ]
    return tuple(choices)


def _change_action(ctx: SessionContext, changes: Changes) -> None:
    number = ctx.pick_action("Change which action?")
    if number is None:
        return
    action = ctx.state.actions[number - 1]
    part = ctx.ask.select(
        SelectQuestion(
            "Change what?",
            (
                Choice("The wording", "what"),
                Choice("Who owns it", "owner"),
                Choice("The date", "due"),
                Choice("Where it is recorded", "where"),
            ),
            default="what",
        )
    )
    if part == "what":
        action.what = changes.wording(ctx, "The action", action.what)
    elif part == "owner":
        changes.owner(ctx, number, action)
        # A new agency forgets the old one's record: ask where this one records it.
        if action.recorded_where is None:
            changes.where(ctx, number, action)
    elif part == "due":
        changes.due(ctx, number, action)
    else:
        changes.where(ctx, number, action)


def _ask_outcome(ctx: SessionContext) -> None:
    ctx.screen.note(
        "A few lines the whole network agrees, such as the shared view of what happens next. "
        "This is not a minute: record no discussion. Leave it empty to have none."
    )
    lines: list[str] = []
    while len(lines) < OUTCOME_LINES:
        # The limit is for the whole statement, so each line gets what is left.
        used = sum(len(line) + 1 for line in lines)
        line = ctx.ask.text(
            TextQuestion(
                f"Line {len(lines) + 1} (Enter on an empty line to finish)",
                validate=optional(text_validator(plaintext.OUTCOME_MAX - used)),
                status=ctx.status,
            )
        )
        if not line.strip():
            break
        lines.append(plaintext.tidy(line))
    ctx.state.set_outcome("\n".join(lines) or None)


# ----------------------------------------------------------------- export


def _export(ctx: SessionContext, *, with_calendar: bool = False) -> bool:
    """Write the files; False (and why) if the record is not complete. Nothing is lost."""
    try:
        from rethink_cli.formats.session_record import session_record

        session_record(ctx.state)
    except RethinkError as error:
        ctx.screen.warn(error.message)
        for detail in error.details:
            ctx.screen.warn(detail)
        return False
    while True:
        service = synced_service(ctx.out_dir)
        if service and not _write_to_synced(ctx, service):
            _choose_folder(ctx, "Choose a folder that stays on this computer.")
            continue
        try:
            ctx.exported = ctx.parts.exporter(ctx.state, ctx.out_dir)
        except ExportError as error:
            ctx.screen.warn(error.message)
            _choose_folder(ctx, "Everything is kept. Choose another folder to write to.")
            continue
        if with_calendar:
            _write_calendar(ctx)
        ctx.screen.exported(ctx.exported, _closing_words(ctx))
        return True


def _write_calendar(ctx: SessionContext) -> None:
    """The due dates and the review as all-day calendar events, beside the actions."""
    if ctx.parts.calendar is None:
        return
    try:
        ctx.exported += ctx.parts.calendar(ctx.state, ctx.out_dir)
    except ExportError as error:
        # The actions are already written: the calendar is a convenience.
        ctx.screen.warn(f"{error.message} The actions themselves are written.")


def _write_to_synced(ctx: SessionContext, service: str) -> bool:
    ctx.screen.warn(
        f"{ctx.out_dir} is synced by {service}: the files would be copied off this "
        "computer straight away."
    )
    return ctx.ask.confirm(
        ConfirmQuestion(f"Write the actions to this {service} folder anyway?", default=False)
    )


def _choose_folder(ctx: SessionContext, why: str) -> None:
    ctx.screen.note(why)
    folder = ctx.text("Folder", default=str(ctx.out_dir), validate=folder_problem)
    ctx.out_dir = Path(folder).expanduser()


def _closing_words(ctx: SessionContext) -> str:
    setup = ctx.state.setup
    after = (
        "\n\nNext: give each agency its own file, or paste it into that agency's record "
        "for the child. Once everything is filed, delete these files from this computer."
    )
    if setup.independent:
        return (
            f"{texts().no_notes_independent} Lead Professional: {setup.lead_professional}.{after}"
        )
    return texts().no_notes_network + after
