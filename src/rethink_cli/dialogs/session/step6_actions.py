"""Step 6, agree actions: add, reword or remove; a gentle hint on vague wording, never a block."""

from __future__ import annotations

from rethink_cli.core.action import DraftAction, vague_hint
from rethink_cli.dialogs.ports import Choice, SelectQuestion
from rethink_cli.dialogs.session.common import ACTION, Nav
from rethink_cli.dialogs.session.context import SessionContext
from rethink_cli.formats.texts import step


def run(ctx: SessionContext) -> Nav:
    actions = ctx.state.actions
    first = True
    while True:
        if not first:
            ctx.redraw()
        first = False
        ctx.screen.actions(actions)
        choices = _choices(ctx)
        choice = ctx.ask.select(
            SelectQuestion("Actions", choices, default=choices[0].value, status=ctx.status)
        )
        if choice == "done":
            return Nav.NEXT
        if choice == "menu":
            return ctx.moves.between_steps(
                can_go_on=bool(actions), hold="Agree at least one action to go on."
            )
        if choice == "add":
            actions.append(DraftAction(ask_wording(ctx, "What is the action?")))
        elif choice == "edit":
            _reword(ctx)
        elif choice == "remove":
            _remove(ctx)


def _choices(ctx: SessionContext) -> tuple[Choice[str], ...]:
    choices = [Choice("Add an action", "add")]
    if ctx.state.actions:
        choices += [
            Choice(f"Done: on to step 7, {step(7).title.lower()}", "done"),
            Choice("Reword an action", "edit"),
            Choice("Remove an action", "remove"),
        ]
    choices.append(Choice("More options (back, late arrival, quit)", "menu"))
    return tuple(choices)


def _reword(ctx: SessionContext) -> None:
    number = ctx.pick_action("Reword which action?")
    if number is not None:
        action = ctx.state.actions[number - 1]
        action.what = ask_wording(ctx, "The action", default=action.what)


def _remove(ctx: SessionContext) -> None:
    number = ctx.pick_action("Remove which action?")
    if number is not None:
        removed = ctx.state.actions.pop(number - 1)
        ctx.screen.note(f"Removed: {removed.what}")


def ask_wording(ctx: SessionContext, message: str, default: str = "") -> str:
    """The action's words; wording hard to check at the review gets a hint, and may stay."""
    what = ctx.text(message, default=default, validate=ACTION)
    while True:
        hint = vague_hint(what)
        if hint is None:
            return what
        ctx.screen.hint(hint)
        keep = ctx.ask.select(
            SelectQuestion(
                "Keep this wording?",
                (Choice("Reword it", "reword"), Choice("Keep it as it is", "keep")),
                default="reword",
                status=ctx.status,
            )
        )
        if keep == "keep":
            return what
        what = ctx.text(message, default=what, validate=ACTION)
