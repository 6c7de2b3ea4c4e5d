"""The session use cases: start (or offer to resume), resume, and run to the export."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.app.autosaving import GuardedAutosave
from rethink_cli.app.files import write_calendar_file, write_session_files
from rethink_cli.app.saved import check_resumable, offer_saved, pick_to_resume
from rethink_cli.app.settings import (
    answers_from_plan,
    area_settings,
    check_out_dir,
    choose_agreement,
    config_step_minutes,
    expand_home,
    settle_options,
    with_config,
)
from rethink_cli.app.terminal import (
    SessionOptions,
    Terminal,
    before_any_session,
    no_core_dumps,
    open_terminal,
    require_terminal,
    ring_bell,
    signals_deferred,
    signals_raise,
)
from rethink_cli.core.errors import (
    SessionDiscarded,
    SessionInterrupted,
    SessionTerminated,
)
from rethink_cli.core.facts import GivenFacts

if TYPE_CHECKING:
    from rethink_cli.core.attendee import Attendee
    from rethink_cli.core.clock import Clock
    from rethink_cli.core.session import Carried, SessionState, SetupDraft


def start_session(
    answers: GivenFacts,
    options: SessionOptions,
    plan_file: Path | None = None,
    *,
    clock: Clock,
) -> None:
    """``session start``: offer any interrupted session, else set up a new one and run it."""
    expected: list[Attendee] = []
    step_minutes: tuple[int, ...] | None = None
    if plan_file is not None:
        # Read the plan before anything else, so a broken file is one clear line (exit 3).
        answers, expected, step_minutes, agreement = answers_from_plan(plan_file, answers)
        # The command line's --agreement wins; then the plan's; then the config's.
        options = replace(options, agreement=options.agreement or agreement)
    # As typed: a resumed session's own options fill only what the command line left out.
    typed = options
    options, config = settle_options(options)
    # The config's step minutes apply unless --minutes or the plan file set a length;
    # they are not dropped because the config also names its total.
    if step_minutes is None and answers.minutes is None:
        step_minutes = config_step_minutes(config)
    answers = with_config(answers, config)
    require_terminal("session start")
    check_out_dir(options.out_dir)
    # A state folder that cannot be used is one line before anything is drawn.
    from rethink_cli.storage.autosave import state_folder

    state_folder()
    terminal = open_terminal(options)
    # After an interruption, resuming is the default; a new session is a deliberate choice.
    picked = before_any_session(lambda: offer_saved(terminal, clock))
    if picked:
        _resume(picked, typed, terminal, clock)
        return
    new_session(answers, options, terminal, clock, expected=expected, step_minutes=step_minutes)


def resume_session(session_id: str | None, options: SessionOptions, *, clock: Clock) -> None:
    """``session resume``: continue an interrupted session where it stopped."""
    typed = options
    options, _ = settle_options(options)
    require_terminal("session resume")
    check_out_dir(options.out_dir)
    # Unknown, or open in another terminal: one clear line before anything is drawn.
    check_resumable(session_id)
    terminal = open_terminal(options)
    if session_id is None:
        session_id = before_any_session(lambda: pick_to_resume(terminal, clock))
    _resume(session_id, typed, terminal, clock)


def new_session(
    answers: GivenFacts,
    options: SessionOptions,
    terminal: Terminal,
    clock: Clock,
    *,
    expected: list[Attendee] | None = None,
    step_minutes: tuple[int, ...] | None = None,
    demo: bool = False,
) -> None:
    from rethink_cli.core.session import SetupDraft
    from rethink_cli.storage.autosave import SessionStore, new_session_id, state_folder

    draft = SetupDraft(
        given=answers,
        carried=carried_from(options),
        expected=list(expected or []),
        step_minutes=step_minutes,
    )
    autosave = GuardedAutosave(SessionStore(state_folder(), new_session_id()))
    terminal.screen.welcome(demo=demo)
    state = set_up(draft, autosave, terminal, clock, agreement=options.agreement)
    _run(state, autosave, options, terminal, clock)


def set_up(
    draft: SetupDraft,
    autosave: GuardedAutosave,
    terminal: Terminal,
    clock: Clock,
    *,
    agreement: str | None = None,
    resumed: bool = False,
) -> SessionState:
    """Ask the setup's questions, saving the facts so far after every answer.

    Ctrl-C pauses here as everywhere: carry on, save and quit, or discard. The
    session is saved (and locked) from the first answer, so a kill loses nothing;
    a disk that cannot take the save pauses the autosave, not the setup.
    """
    from rethink_cli.dialogs.facts import ask_setup, setup_paused

    # Once anything is kept, the case reference in it has passed its check.
    checked = resumed

    def with_agreement() -> None:
        # Read once the first answer is in, not before the first prompt (its model
        # costs time), and kept whole from then on.
        if draft.carried.agreement is None:
            draft.carried.agreement = choose_agreement(agreement)

    def keep(given: GivenFacts) -> None:
        nonlocal checked
        checked = True
        draft.given = given
        with_agreement()
        autosave.save(draft)

    while True:
        try:
            with signals_raise():
                setup = ask_setup(
                    draft.given,
                    prompter=terminal.prompter,
                    screen=terminal.screen,
                    today=clock.today(),
                    keep=keep,
                    resumed=checked,
                )
            break
        except KeyboardInterrupt:
            _pause_setup(setup_paused(terminal.prompter), autosave, draft, terminal)
        except SessionTerminated as signalled:
            # Every answer so far was saved as it was given: say so, and let go.
            saved = autosave.store.path.exists() and autosave.problem is None
            autosave.release()
            said = (
                f"The session is saved. Resume it with: {autosave.resume_command()}"
                if saved
                else "Nothing was saved yet."
            )
            with contextlib.suppress(OSError):
                print(f"\nStopped by the system. {said}", file=sys.stderr)
            raise SystemExit(128 + signalled.signum) from None
    # Only now: the first prompt (the case reference) comes sooner without the texts.
    from rethink_cli.core.session import SessionState
    from rethink_cli.core.timing import TimePlan
    from rethink_cli.formats.texts import all_steps

    state = SessionState.new(setup, [s.weight for s in all_steps()])
    state.expected = list(draft.expected)
    with_agreement()  # when every fact was given, nothing was asked
    state.carried = draft.carried
    if draft.step_minutes is not None:
        state.plan = TimePlan(draft.step_minutes)
        state.setup.minutes = state.plan.total
    # The plan is the setup's last question; the session asks it (and saves) from here.
    state.plan_accepted = False
    autosave.save(state)
    return state


def _pause_setup(
    choice: str, autosave: GuardedAutosave, draft: SetupDraft, terminal: Terminal
) -> None:
    if choice == "continue":
        return
    store = autosave.store
    if choice == "discard":
        autosave.release()
        autosave.remove()
        raise SessionDiscarded("The setup was discarded: nothing was kept.")
    if not store.path.exists() and autosave.problem is None:
        autosave.release()
        raise SessionInterrupted("Stopped before the first answer: there was nothing to save.")
    autosave.save(draft)  # once more: the disk may have room again
    if autosave.problem is not None:
        # Quitting now would lose the answers: the setup carries on instead.
        terminal.screen.warn(
            f"The setup cannot be saved ({autosave.problem}), so it carries on. "
            "Free some space, then press Ctrl-C to save and quit."
        )
        return
    autosave.release()
    raise SessionInterrupted(f"The setup is saved. Resume it with: {autosave.resume_command()}")


def carried_from(options: SessionOptions) -> Carried:
    """What a resume must start with again: the folder (absolute) and how the screen
    looks. The agreement's words are added at the first answer (see ``set_up``)."""
    from rethink_cli.core.session import Carried

    out_dir = options.out_dir or Path(".")
    return Carried(
        out_dir=str(expand_home(out_dir).resolve()),
        plain=options.plain,
        large=options.large,
        quiet=options.quiet,
        no_color=options.no_color,
    )


def resumed_options(options: SessionOptions, carried: Carried) -> SessionOptions:
    """The session's own options, with any given now on the command line winning."""
    return replace(
        options,
        out_dir=options.out_dir or (Path(carried.out_dir) if carried.out_dir else None),
        plain=options.plain or carried.plain,
        large=options.large or carried.large,
        quiet=options.quiet or carried.quiet,
        no_color=options.no_color or carried.no_color,
    )


def _resume(session_id: str, options: SessionOptions, terminal: Terminal, clock: Clock) -> None:
    from rethink_cli.core.session import SetupDraft
    from rethink_cli.dialogs.ports import ConfirmQuestion
    from rethink_cli.storage.autosave import (
        DamagedAutosave,
        SessionStore,
        owner_is_alive,
        read_lock,
        state_folder,
    )

    store = SessionStore(state_folder(), session_id)
    autosave = GuardedAutosave(store)
    owner = read_lock(store.lock_path)
    if owner is not None and not owner_is_alive(owner):
        terminal.screen.note(f"Session {session_id} was not closed properly. Picking it up here.")
    store.acquire()
    try:
        try:
            saved = store.load_saved()
        except DamagedAutosave as error:
            terminal.screen.warn(error.message)
            if not store.previous_path.exists():
                raise
            use_previous = terminal.prompter.confirm(
                ConfirmQuestion("Use the previous good copy (it may lack the very last answer)?")
            )
            if not use_previous:
                raise
            saved = store.load_saved(previous=True)
    except BaseException:
        store.release()
        raise
    options, terminal = _carry_on_with(options, saved.carried, terminal)
    if isinstance(saved, SetupDraft):
        terminal.screen.note("Resuming the setup where it stopped.")
        try:
            state = set_up(saved, autosave, terminal, clock, resumed=True)
        except BaseException:
            store.release()
            raise
    else:
        state = saved
        where = f"step {state.step} of 9" if state.plan_accepted else "the time plan"
        terminal.screen.note(f"Resuming {state.setup.case_reference} at {where}.")
    _run(state, autosave, options, terminal, clock)


def _carry_on_with(
    given: SessionOptions, carried: Carried, terminal: Terminal
) -> tuple[SessionOptions, Terminal]:
    """The options the session started with, unless given again now; says where files go.

    ``given`` is what this command line said (before the config fills gaps), so a
    resume from another folder still writes where the session meant to.
    """
    options, _ = settle_options(resumed_options(given, carried))
    if given.agreement is not None:
        carried.agreement = choose_agreement(given.agreement)
    out = expand_home(options.out_dir or Path(".")).resolve()
    carried.out_dir = str(out)
    options = replace(options, out_dir=out)
    if (options.plain, options.no_color) != (given.plain, given.no_color):
        # The session was started plain or without colour: it carries on that way.
        terminal = open_terminal(options)
    terminal.screen.note(f"The files will be written to {out}, in a folder named for the meeting.")
    return options, terminal


def _run(
    state: SessionState,
    autosave: GuardedAutosave,
    options: SessionOptions,
    terminal: Terminal,
    clock: Clock,
) -> None:
    from rethink_cli.dialogs.session import SessionFlow, SessionParts

    flow = SessionFlow(
        state,
        SessionParts(
            prompter=terminal.prompter,
            screen=terminal.screen,
            agreement=state.carried.agreement or choose_agreement(options.agreement),
            exporter=write_session_files,
            out_dir=options.out_dir or Path("."),
            clock=clock,
            checkpoint=autosave.save,
            autosave=autosave,
            bell=None if options.quiet else ring_bell,
            plain=terminal.plain,
            large=options.large,
            calendar=write_calendar_file,
            calendar_wording=options.calendar_wording,
            area=area_settings(),
            room=autosave.show_room,
        ),
    )
    no_core_dumps()
    try:
        with signals_raise():
            flow.run()
    except SessionDiscarded:
        autosave.release()
        autosave.remove()
        raise
    except SessionInterrupted as stop:
        # The driver saved (or moved the autosave) before it let the session stop.
        autosave.save(state)
        autosave.release()
        raise SessionInterrupted(
            f"{stop.message} Resume it with: {autosave.resume_command()}"
        ) from None
    except SessionTerminated as signalled:
        # A closed terminal or a shutdown: save quietly, say so if anyone can see.
        autosave.save(state)
        autosave.release()
        said = (
            f"The session is saved. Resume it with: {autosave.resume_command()}"
            if autosave.problem is None
            else f"The last answers could not be saved ({autosave.problem})."
        )
        with contextlib.suppress(OSError):
            print(f"\nStopped by the system. {said}", file=sys.stderr)
        raise SystemExit(128 + signalled.signum) from None
    except BaseException:
        autosave.release()
        raise
    # Exported and confirmed: nothing of the meeting stays behind on this computer.
    try:
        with signals_deferred():
            autosave.release()
            autosave.remove()
    except SessionTerminated as signalled:
        with contextlib.suppress(OSError):
            print(
                "\nStopped by the system. The files are written; nothing else of the "
                "session is kept.",
                file=sys.stderr,
            )
        raise SystemExit(128 + signalled.signum) from None
    from rethink_cli.app.closing import close_session

    close_session(terminal, state, flow.exported)
