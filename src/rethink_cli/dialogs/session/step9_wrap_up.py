"""Step 9, wrap up: everything read back, any of it changed, then the export.

Changing an action asks again the questions steps 6 to 8 first asked. Those
questions belong to their steps; the driver hands them in as ``Changes``, so
this step imports no other step.

The export is a deliberate choice: it is the menu's default only on arriving.
After anything else (a change, a line of the outcome statement), a stray Enter
lands on a harmless choice instead of writing the files and ending the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rethink_cli.core import plaintext
from rethink_cli.core.action import DraftAction
from rethink_cli.core.errors import ExportError, RethinkError
from rethink_cli.core.privacy import CALENDAR_WORDING_WARNING
from rethink_cli.dialogs.filing import KEEP_THIS, PASTE_THIS
from rethink_cli.dialogs.ports import Choice, ConfirmQuestion, SelectQuestion, TextQuestion
from rethink_cli.dialogs.session.common import Nav, folder_problem, optional, read_on
from rethink_cli.dialogs.session.context import SessionContext
from rethink_cli.dialogs.session.ending import ask_ending, ending_lines
from rethink_cli.dialogs.session.handover import (
    ask_receiver,
    default_receiver,
    needs_receiver,
    receiver_line,
)
from rethink_cli.dialogs.validators import text_validator
from rethink_cli.formats.texts import step, texts
from rethink_cli.storage.synced import synced_service

# Asks again about one action, given its number (from 1).
ActionQuestion = Callable[[SessionContext, int, DraftAction], None]

# The outcome statement is a few lines, not a minute of the meeting.
OUTCOME_LINES = 5

# The default once anything was done at wrap-up: Enter opens "Change which action?",
# whose own default is "None", so stray presses change and write nothing.
AFTER_A_CHANGE = "change"
# The next page of a read-back too long for the screen.
MORE = "more"


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
    _arrive(ctx)
    detoured = False
    said: list[str] = []
    page = 0
    while True:
        choices = _choices(ctx, complete=not ctx.state.incomplete_actions())
        pages = _read_back(ctx, first=not detoured, said=said, page=page, below=len(choices))
        more = page < pages - 1
        if more:
            # The room hears every action before it is asked to agree: the next page
            # comes first, and is the default.
            choices = (Choice(read_on(page, pages), MORE), *choices)
        choice = ctx.ask.select(
            SelectQuestion(
                "Wrap up",
                choices,
                default=MORE if more else _after_a_change(ctx) if detoured else choices[0].value,
                status=ctx.status,
            )
        )
        if choice == MORE:
            page += 1
            continue
        page = 0
        if choice in ("export", "ics"):
            said = _record_problems(ctx)
            if not said:
                _export(ctx, with_calendar=choice == "ics")
                return Nav.DONE
        elif choice == "back":
            return Nav.BACK
        else:
            said = _detour(ctx, changes, choice)
        detoured = True


def _arrive(ctx: SessionContext) -> None:
    # Each asked once on arriving; the menu offers to change them.
    if ctx.state.ending.stuck is None or ctx.state.no_action:
        ask_ending(ctx)
    if ctx.state.receiver is None and needs_receiver(ctx):
        # Not a question for every meeting: the Lead Professional, named on the page
        # and changed from the menu.
        ctx.state.receiver = default_receiver(ctx)


def _after_a_change(ctx: SessionContext) -> str:
    # With no action to change, a stray Enter opens the review, which keeps its answers.
    return AFTER_A_CHANGE if ctx.state.actions else "review"


def _read_back(
    ctx: SessionContext, *, first: bool, said: list[str], page: int = 0, below: int = 0
) -> int:
    """Everything agreed, on a clean page under the step's title, then what needs saying.

    ``below``: how many choices the menu under it has. Returns the read-back's pages.
    """
    # On a screen, a clean page keeps the title and action 1 in view while reading
    # back. Read aloud (--plain), the header the driver just gave is enough at first.
    if not (first and ctx.parts.plain):
        ctx.redraw()
    missing = ctx.state.incomplete_actions()
    ending = ending_lines(ctx)
    warnings = len(said) + (1 if missing else 0) + len(ending) + 1
    # The menu's choices, a possible "Read on", its question line, the status line
    # and the warnings, each a line or two.
    pages = ctx.screen.summary(ctx.state, below=below + 3 + 2 * warnings, page=page)
    for line in ending:
        ctx.screen.note(line)
    if ctx.state.receiver and needs_receiver(ctx):
        ctx.screen.note(receiver_line(ctx))
    if missing:
        number, fields = missing[0]
        ctx.screen.warn(f"Action {number} still needs: {', '.join(fields)}.")
    for line in said:
        ctx.screen.warn(line)
    return pages


def _choices(ctx: SessionContext, *, complete: bool) -> tuple[Choice[str], ...]:
    state = ctx.state
    # Export is offered only once every action and the review are complete.
    ready = complete and state.review.date and state.review.convened_by
    choices: list[Choice[str]] = _export_choices(ctx) if ready else []
    if state.actions:
        choices.append(Choice("Change an action", AFTER_A_CHANGE))
    choices.append(Choice("Change the review", "review"))
    choices += _ending_choices(ctx)
    # An independent facilitator keeps nothing of the discussion, not even a summary.
    if not state.setup.independent:
        label = "Change" if state.outcome_summary else "Add"
        choices.append(Choice(f"{label} the agreed outcome statement (optional)", "outcome"))
    choices += [
        Choice(f"Back to step 8: {step(8).title}", "back"),
        Choice("Quit the session", "quit"),
    ]
    return tuple(choices)


def _ending_choices(ctx: SessionContext) -> list[Choice[str]]:
    choices = []
    if not ctx.state.no_action:
        choices.append(Choice("Change the outcome (resolved or still stuck)", "ending"))
    if needs_receiver(ctx):
        choices.append(Choice("Change who receives the files", "receiver"))
    return choices


def _export_choices(ctx: SessionContext) -> list[Choice[str]]:
    what = "the outcome" if ctx.state.no_action else "the actions"
    choices = [Choice(f"Everyone agrees: export {what}", "export")]
    if ctx.parts.calendar is not None:
        dates = "the dates and each action's wording" if ctx.parts.calendar_wording else "the dates"
        choices.append(Choice(f"Everyone agrees: export, with {dates} as a calendar (.ics)", "ics"))
    return choices


def _detour(ctx: SessionContext, changes: Changes, choice: str) -> list[str]:
    """Change something at wrap-up; returns what to say once the page is drawn again."""
    if choice == AFTER_A_CHANGE:
        _change_action(ctx, changes)
    elif choice == "review":
        changes.review_date(ctx)
        changes.convener(ctx)
    elif choice == "outcome":
        return _ask_outcome(ctx)
    elif choice == "ending":
        ask_ending(ctx)
    elif choice == "receiver":
        ask_receiver(ctx)
    elif choice == "quit":
        ctx.moves.quit()
    return []


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


def _ask_outcome(ctx: SessionContext) -> list[str]:
    """The statement, line by line; each prompt shows how far it is from the limit."""
    ctx.screen.note(
        f"Up to {OUTCOME_LINES} lines the whole network agrees, such as the shared view of what "
        "happens next. This is not a minute: record no discussion. Leave it empty to have none."
    )
    lines: list[str] = []
    while len(lines) < OUTCOME_LINES:
        # The limit is for the whole statement, so each line gets what is left.
        used = sum(len(line) + 1 for line in lines)
        line = ctx.ask.text(
            TextQuestion(
                outcome_line_prompt(len(lines) + 1),
                validate=optional(text_validator(plaintext.OUTCOME_MAX - used)),
                max_length=plaintext.OUTCOME_MAX - used,
                status=ctx.status,
            )
        )
        if not line.strip():
            break
        lines.append(plaintext.tidy(line))
    ctx.state.set_outcome("\n".join(lines) or None)
    if len(lines) == OUTCOME_LINES:
        # Said, not silent: whatever is typed next lands on the menu, not in the statement.
        return [f"The statement is full: {OUTCOME_LINES} lines is the most it holds."]
    return []


def outcome_line_prompt(number: int) -> str:
    """``Line 2 of up to 5``: the limit stays in sight while typing; the last line says so."""
    finish = "(Enter on an empty line to finish)"
    if number >= OUTCOME_LINES:
        return f"Line {number} of {OUTCOME_LINES}, the last {finish}"
    return f"Line {number} of up to {OUTCOME_LINES} {finish}"


# ----------------------------------------------------------------- export


def _record_problems(ctx: SessionContext) -> list[str]:
    """Why the record cannot be written yet, one line each; none when it can."""
    from rethink_cli.formats.session_record import session_record

    try:
        session_record(ctx.state)
    except RethinkError as error:
        return [error.message, *error.details]
    return []


def _export(ctx: SessionContext, *, with_calendar: bool = False) -> None:
    """Write the files of a complete record, asking for another folder until it works."""
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
        closing = _closing_words(ctx)
        if with_calendar and _write_calendar(ctx) and ctx.parts.calendar_wording:
            # Said beside the list of files, where the calendar file is named.
            closing = f"{CALENDAR_WORDING_WARNING}\n\n{closing}"
        ctx.screen.exported(ctx.exported, closing)
        return


def _write_calendar(ctx: SessionContext) -> bool:
    """The due dates and the review as all-day calendar events, beside the actions."""
    if ctx.parts.calendar is None:
        return False
    try:
        ctx.exported += ctx.parts.calendar(
            ctx.state, ctx.out_dir, wording=ctx.parts.calendar_wording
        )
    except ExportError as error:
        # The actions are already written: the calendar is a convenience.
        ctx.screen.warn(f"{error.message} The actions themselves are written.")
        return False
    return True


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
        f"\n\n{PASTE_THIS}\n{KEEP_THIS}\n"
        "Once everything is filed, delete these files from this computer."
    )
    if setup.independent:
        return (
            f"{texts().no_notes_independent} Lead Professional: {setup.lead_professional}.{after}"
        )
    return texts().no_notes_network + after
