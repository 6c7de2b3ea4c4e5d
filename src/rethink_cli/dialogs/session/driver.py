"""The session's driver: runs the nine steps in order and owns what every step shares.

Each step is a module with ``run(ctx) -> Nav`` (steps 4 and 5 share one). The
driver dispatches on ``state.step``, keeps time between steps, and holds the
menus any step can reach: the small menu after a step, quitting, and the Ctrl-C
pause. A step can be re-entered at any time and picks up from the state.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from rethink_cli.core.action import DraftAction
from rethink_cli.core.bounds import MAX_ATTENDEES
from rethink_cli.core.errors import SessionDiscarded, SessionInterrupted
from rethink_cli.core.session import Pending, SessionState
from rethink_cli.dialogs.facts import adjust_plan
from rethink_cli.dialogs.ports import (
    Cancelled,
    Choice,
    ConfirmQuestion,
    SelectQuestion,
    TextQuestion,
)
from rethink_cli.dialogs.session import (
    step1_introduction,
    step2_introductions,
    step3_agreement,
    step6_actions,
    step7_owners_and_dates,
    step8_recording,
    step9_wrap_up,
    step45_gorounds,
)
from rethink_cli.dialogs.session.common import Checkpointed, Nav, SessionParts, folder_problem
from rethink_cli.dialogs.session.context import SessionContext
from rethink_cli.dialogs.session.roster import add_attendee, add_late_arrival
from rethink_cli.dialogs.session.timekeeping import Timekeeper
from rethink_cli.formats.texts import STEP_COUNT, step

Step = Callable[[SessionContext], Nav]

_MOVE_AUTOSAVE = "Keep the autosave in another folder (it cannot be saved now)"

# Wrap-up changes an action with the questions that first asked about it.
_CHANGES = step9_wrap_up.Changes(
    wording=step6_actions.ask_wording,
    owner=step7_owners_and_dates.ask_owner,
    due=step7_owners_and_dates.ask_due,
    where=step8_recording.ask_recorded_where,
    review_date=step8_recording.ask_review_date,
    convener=step8_recording.ask_convener,
)


def finish_pending(ctx: SessionContext) -> Nav | None:
    """Ask the rest of an answer a Ctrl-C or a kill left half done, where it was left.

    Returns where to go when the answer was the menu after a step; None to run the
    step, which picks up its own kinds (a page being read, an action being added).
    """
    pending = ctx.state.pending
    if pending is None:
        return None
    if pending.kind == "menu":
        return ctx.moves.between_steps()
    finish = _FINISH.get(pending.kind)
    if finish is None:
        return None
    number = pending.action or 0
    if pending.action is not None and not 0 < number <= len(ctx.state.actions):
        ctx.state.pending = None  # its action is gone: nothing is left to finish
        return None
    finish(ctx, number)
    # Finished: nothing is left half done.
    ctx.state.pending = None
    if pending.parts.get("then") == "menu":
        return ctx.moves.between_steps()
    return None


def _finish_attendee(ctx: SessionContext) -> None:
    """A late arrival's form stays one that Esc leaves, after a resume too."""
    if ctx.parts_so_far.get("late") == "yes":
        add_late_arrival(ctx, then=ctx.parts_so_far.get("then", ""))
    else:
        add_attendee(ctx, late=False)


def _action(ctx: SessionContext, number: int) -> DraftAction:
    return ctx.state.actions[number - 1]


# How each kind of half-done answer is finished: (context, action number or 0).
_FINISH: dict[str, Callable[[SessionContext, int], None]] = {
    "attendee": lambda ctx, _: _finish_attendee(ctx),
    "owner": lambda ctx, n: step7_owners_and_dates.ask_owner(ctx, n, _action(ctx, n)),
    "due": lambda ctx, n: step7_owners_and_dates.ask_due(ctx, n, _action(ctx, n)),
    "convener": lambda ctx, _: step8_recording.ask_convener(ctx),
    "review_date": lambda ctx, _: step8_recording.ask_review_date(ctx),
}


STEPS: dict[int, Step] = {
    1: step1_introduction.run,
    2: step2_introductions.run,
    3: step3_agreement.run,
    4: step45_gorounds.run,
    5: step45_gorounds.run,
    6: step6_actions.run,
    7: step7_owners_and_dates.run,
    8: step8_recording.run,
    9: partial(step9_wrap_up.run, changes=_CHANGES),
}


class SessionFlow:
    """Runs a session from ``state.step`` to the export, through prompts and screens."""

    def __init__(self, state: SessionState, parts: SessionParts) -> None:
        self.state = state
        self.time = Timekeeper(state, parts)
        self.ctx = SessionContext(
            state=state, parts=parts, time=self.time, moves=self, out_dir=parts.out_dir
        )
        self.ask = self.time.ask
        self.screen = parts.screen

    @property
    def exported(self) -> list[Path]:
        return self.ctx.exported

    def run(self) -> list[Path]:
        """Run to the end; returns the files written. Raises SessionInterrupted on quit."""
        self._accept_plan()
        while True:
            current = self.state.step
            self.time.account()
            self.screen.step_header(step(current), minutes=self.state.plan.for_step(current))
            note = self.time.take_replan_note()
            if note:
                self.screen.warn(note)
            try:
                # An answer left half done by Ctrl-C or a kill is finished first.
                nav = finish_pending(self.ctx) or STEPS[current](self.ctx)
            except KeyboardInterrupt:
                nav = self._interrupted()
            if nav is Nav.DONE:
                return self.exported
            if nav is Nav.NEXT:
                self.time.account()
                self.state.step = min(current + 1, STEP_COUNT)
                self.time.replan()
            elif nav is Nav.BACK:
                self.state.step = max(current - 1, 1)

    def _accept_plan(self) -> None:
        """The last question of setup: the time plan, saved like any other answer."""
        checkpoint = self.ctx.parts.checkpoint

        def save() -> None:
            if checkpoint is not None:
                checkpoint(self.state)

        # Saved before each question like the rest, but not timed: no step has begun.
        ask = Checkpointed(self.ctx.parts.prompter, save, self.time.watch)
        while not self.state.plan_accepted:
            try:
                adjust_plan(self.state, prompter=ask, screen=self.screen)
                self.state.plan_accepted = True
            except KeyboardInterrupt:
                self._interrupted()
        # The session's time starts once the plan is agreed, not while it was discussed.
        self.time.start()

    # ------------------------------------------------------------ shared menus

    def between_steps(self, *, can_go_on: bool = True, hold: str = "") -> Nav:
        """The same small menu after every step: on, back, late arrival, actions, quit."""
        while True:
            # Kept, so a resume comes back to this menu rather than the step's start.
            self.state.pending = Pending("menu")
            choices = self._menu(can_go_on=can_go_on)
            if not can_go_on and hold:
                self.screen.hint(hold)
            choice = self.ask.select(
                SelectQuestion(
                    "What next?", choices, default=choices[0].value, status=self.time.status
                )
            )
            if choice in ("next", "back", "stay"):
                self.state.pending = None
                return {"next": Nav.NEXT, "back": Nav.BACK, "stay": Nav.STAY}[choice]
            if choice == "late":
                add_late_arrival(self.ctx, then="menu")
            elif choice == "actions":
                self.screen.actions(self.state.actions)
            elif choice == "autosave":
                self._move_autosave()
            elif choice == "quit":
                self.quit()

    def _menu(self, *, can_go_on: bool) -> tuple[Choice[str], ...]:
        current = self.state.step
        choices: list[Choice[str]] = []
        if current < STEP_COUNT and can_go_on:
            choices.append(
                Choice(f"Go on to step {current + 1}: {step(current + 1).title}", "next")
            )
        elif not can_go_on:
            # The step is not finished: the way back into it comes first.
            choices.append(Choice(f"Back into step {current}: {step(current).title}", "stay"))
        # Before step 3 everyone is still being introduced: no one arrives "late".
        if current >= 3 and len(self.state.roster) < MAX_ATTENDEES:
            choices.append(Choice("Add someone who has just arrived", "late"))
        if self.state.actions:
            choices.append(Choice("Show the actions so far", "actions"))
        if current > 1:
            choices.append(Choice(f"Back to step {current - 1}: {step(current - 1).title}", "back"))
        if self._autosave_problem():
            choices.append(Choice(_MOVE_AUTOSAVE, "autosave"))
        choices.append(Choice("Quit the session", "quit"))
        return tuple(choices)

    def quit(self) -> None:
        """The menu's Quit: save for later (or, without autosave, warn what is lost)."""
        if self.ctx.parts.checkpoint is None:
            self._stop("quit")
            return
        choice = self.ask.select(
            SelectQuestion(
                "Stop the session here?",
                (
                    Choice("Save and quit (resume later)", "save"),
                    Choice("Carry on", "continue"),
                    Choice("Discard this session", "discard"),
                ),
                default="save",
            )
        )
        self._stop(choice)

    def _interrupted(self) -> Nav:
        """Ctrl-C: the facilitator chooses; the step is shown again if they carry on."""
        choices = [Choice("Carry on with this step", "continue")]
        if self.ctx.parts.checkpoint is not None:
            choices += [
                Choice("Save and quit (resume later)", "save"),
                Choice("Discard this session", "discard"),
            ]
        else:
            choices.append(Choice("Quit the session", "quit"))
        self.time.interrupted = True
        try:
            choice = self.ask.select(
                SelectQuestion(
                    "Paused. What would you like to do?", tuple(choices), default="continue"
                )
            )
        finally:
            self.time.interrupted = False
        self._stop(choice)
        return Nav.STAY

    def _autosave_problem(self) -> str | None:
        autosave = self.ctx.parts.autosave
        return autosave.problem if autosave is not None else None

    def _move_autosave(self) -> bool:
        """Ask for another folder for the autosave; returns whether it is saved there."""
        autosave = self.ctx.parts.autosave
        if autosave is None:
            return False
        try:
            folder = self.ask.text(
                TextQuestion(
                    "Folder for the autosave (a USB stick or another disk)",
                    instruction="(Esc: back)",
                    validate=folder_problem,
                    escape=True,
                )
            )
        except Cancelled:
            return False
        problem = autosave.move_to(Path(folder.strip()).expanduser())
        if problem is not None:
            self.screen.warn(problem)
            return False
        self.screen.note(f"The session is saved in {folder.strip()} from now on.")
        return True

    def _saved_for_quitting(self) -> bool:
        """Save now; if the disk refuses, offer another folder rather than lose the session."""
        checkpoint = self.ctx.parts.checkpoint
        if checkpoint is not None:
            checkpoint(self.state)
        problem = self._autosave_problem()
        if problem is None:
            return True
        self.screen.warn(
            f"The session cannot be saved here ({problem}). Choose another folder for it, "
            "or carry on and export the actions."
        )
        return self._move_autosave()

    def _stop(self, choice: str) -> None:
        """Raise what ends the session, once the facilitator has confirmed anything lossy."""
        if choice == "save":
            if self._saved_for_quitting():
                raise SessionInterrupted("The session is saved.")
            return
        if choice == "discard" and self.ask.confirm(
            ConfirmQuestion(
                "Discard this session? Attendees and actions typed so far are deleted.",
                default=False,
            )
        ):
            raise SessionDiscarded("The session was discarded: nothing was kept.")
        if choice == "quit":
            attendees = len(self.state.roster)
            actions = len(self.state.actions)
            sure = self.ask.confirm(
                ConfirmQuestion(
                    f"Quit without exporting? Nothing has been written: the {attendees} "
                    f"attendee(s) and {actions} action(s) typed so far will be lost.",
                    default=False,
                )
            )
            if sure:
                raise SessionInterrupted("The session was closed without exporting.")
