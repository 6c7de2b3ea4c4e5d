"""Step 6, agree actions: add, reword or remove; a gentle hint on vague wording, never a block."""

from __future__ import annotations

from collections.abc import Callable

from rethink_cli.core.action import DraftAction, vague_hint
from rethink_cli.core.bounds import MEETING_MAX_ACTIONS
from rethink_cli.core.session import Ending
from rethink_cli.dialogs.ports import Choice, ConfirmQuestion, SelectQuestion
from rethink_cli.dialogs.session.common import ACTION, Nav
from rethink_cli.dialogs.session.context import SessionContext
from rethink_cli.formats.texts import step


def run(ctx: SessionContext) -> Nav:
    actions = ctx.state.actions
    pending = ctx.state.pending
    if pending is not None and pending.kind == "action":
        _add(ctx)  # an action was being added when the session stopped
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
        if choice in ("none", "menu"):
            leaving = _leave(ctx, choice)
            if leaving is not None:
                return leaving
        else:
            _EDITS[choice](ctx)


def _choices(ctx: SessionContext) -> tuple[Choice[str], ...]:
    choices: list[Choice[str]] = []
    if len(ctx.state.actions) < MEETING_MAX_ACTIONS:
        choices.append(Choice("Add an action", "add"))
    else:
        # Far past any real meeting; it keeps every record a session writes small enough
        # to read back (formats.reading).
        ctx.screen.note(f"{MEETING_MAX_ACTIONS} actions is the most one session agrees.")
    if ctx.state.actions:
        choices += [
            Choice(f"Done: on to step 7, {step(7).title.lower()}", "done"),
            Choice("Reword an action", "edit"),
            Choice("Remove an action", "remove"),
        ]
    else:
        # A stuck network may end without an action: the record says so, never why.
        choices.append(Choice("No action could be agreed", "none"))
    choices.append(Choice("More options (back, late arrival, quit)", "menu"))
    return tuple(choices)


def _leave(ctx: SessionContext, choice: str) -> Nav | None:
    """The room said no action could be agreed (when confirmed), or the menu; None: stay."""
    if choice == "none":
        return Nav.NEXT if _no_action(ctx) else None
    return ctx.moves.between_steps(
        can_go_on=bool(ctx.state.actions) or ctx.state.no_action,
        hold="Agree at least one action, or say none could be agreed, to go on.",
    )


def _no_action(ctx: SessionContext) -> bool:
    """Confirmed, the meeting goes on to its review and ends "not resolved"."""
    ctx.screen.note(
        "The record will say only that no action was agreed and the network is still "
        "stuck, and name where it turns next. It will not say why."
    )
    sure = ctx.ask.confirm(
        ConfirmQuestion("End this meeting without an agreed action?", status=ctx.status)
    )
    if sure:
        ctx.state.no_action = True
        ctx.state.ending = Ending(stuck=True)
    return sure


def _add(ctx: SessionContext) -> None:
    # Kept as soon as it is typed: the wording hint that may follow is advice, and an
    # interruption there must not lose what the room agreed.
    with ctx.compound("action") as adding:
        if "number" not in adding.parts:
            ctx.state.actions.append(DraftAction(ctx.text("What is the action?", validate=ACTION)))
            if ctx.state.no_action:
                # An action after all: the ending is asked again at wrap-up.
                ctx.state.no_action = False
                ctx.state.ending = Ending()
            adding.parts["number"] = str(len(ctx.state.actions))
        action = ctx.state.actions[int(adding.parts["number"]) - 1]

        def reworded(what: str) -> None:
            action.what = what

        settle_wording(ctx, "What is the action?", action.what, reworded)


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
    return settle_wording(ctx, message, ctx.text(message, default=default, validate=ACTION))


def settle_wording(
    ctx: SessionContext, message: str, what: str, keep: Callable[[str], None] | None = None
) -> str:
    """Wording hard to check at the review gets a hint; the room rewords it or keeps it.

    ``keep`` is handed each new wording as it is typed. Inside an action being
    added, the choice to reword is kept too, so a resume asks for the new words.
    """
    parts = ctx.parts_so_far
    while True:
        hint = vague_hint(what)
        if hint is None:
            return what
        if parts.get("reword") != "yes":
            ctx.screen.hint(hint)
            choice = ctx.ask.select(
                SelectQuestion(
                    "Keep this wording?",
                    (Choice("Reword it", "reword"), Choice("Keep it as it is", "keep")),
                    default="reword",
                    status=ctx.status,
                )
            )
            if choice == "keep":
                return what
            parts["reword"] = "yes"
        what = ctx.text(message, default=what, validate=ACTION)
        parts.pop("reword", None)
        if keep is not None:
            keep(what)


# The choices that change the list and show it again.
_EDITS: dict[str, Callable[[SessionContext], None]] = {
    "add": _add,
    "edit": _reword,
    "remove": _remove,
}
