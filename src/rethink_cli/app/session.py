"""The session use cases: start (or offer to resume), resume, and run to the export."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.app.files import write_calendar_file, write_session_files
from rethink_cli.app.saved import check_resumable, offer_saved, pick_to_resume
from rethink_cli.app.settings import (
    answers_from_plan,
    check_out_dir,
    choose_agreement,
    config_step_minutes,
    settle_options,
    with_config,
)
from rethink_cli.app.terminal import (
    SessionOptions,
    Terminal,
    open_terminal,
    require_terminal,
    ring_bell,
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
    from rethink_cli.storage.autosave import SessionStore


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
    terminal = open_terminal(options)
    # After an interruption, resuming is the default; a new session is a deliberate choice.
    picked = offer_saved(terminal, clock)
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
        session_id = pick_to_resume(terminal, clock)
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
    store = SessionStore(state_folder(), new_session_id())
    terminal.screen.welcome(demo=demo)
    state = set_up(draft, store, terminal, clock, agreement=options.agreement)
    _run(state, store, options, terminal, clock)


def set_up(
    draft: SetupDraft,
    store: SessionStore,
    terminal: Terminal,
    clock: Clock,
    *,
    agreement: str | None = None,
    resumed: bool = False,
) -> SessionState:
    """Ask the setup's questions, saving the facts so far after every answer.

    Ctrl-C pauses here as everywhere: carry on, save and quit, or discard. The
    session is saved (and locked) from the first answer, so a kill loses nothing.
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
        if not store.lock_path.exists():
            store.acquire()
        store.save(draft)

    while True:
        try:
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
            _pause_setup(setup_paused(terminal.prompter), store)
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
    if not store.lock_path.exists():
        store.acquire()
    store.save(state)
    return state


def _pause_setup(choice: str, store: SessionStore) -> None:
    if choice == "continue":
        return
    saved = store.path.exists()
    store.release()
    if choice == "discard":
        store.remove()
        raise SessionDiscarded("The setup was discarded: nothing was kept.")
    if not saved:
        raise SessionInterrupted("Stopped before the first answer: there was nothing to save.")
    raise SessionInterrupted(
        f"The setup is saved. Resume it with: rethink session resume {store.session_id}"
    )


def carried_from(options: SessionOptions) -> Carried:
    """What a resume must start with again: the folder (absolute) and how the screen
    looks. The agreement's words are added at the first answer (see ``set_up``)."""
    from rethink_cli.core.session import Carried

    out_dir = options.out_dir or Path(".")
    return Carried(
        out_dir=str(out_dir.expanduser().resolve()),
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
            state = set_up(saved, store, terminal, clock, resumed=True)
        except BaseException:
            store.release()
            raise
    else:
        state = saved
        where = f"step {state.step} of 9" if state.plan_accepted else "the time plan"
        terminal.screen.note(f"Resuming {state.setup.case_reference} at {where}.")
    _run(state, store, options, terminal, clock)


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
    out = (options.out_dir or Path(".")).expanduser().resolve()
    carried.out_dir = str(out)
    options = replace(options, out_dir=out)
    if (options.plain, options.no_color) != (given.plain, given.no_color):
        # The session was started plain or without colour: it carries on that way.
        terminal = open_terminal(options)
    terminal.screen.note(f"The files will be written to {out}.")
    return options, terminal


def _run(
    state: SessionState,
    store: SessionStore,
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
            checkpoint=store.save,
            bell=None if options.quiet else ring_bell,
            plain=terminal.plain,
            large=options.large,
            calendar=write_calendar_file,
            calendar_wording=options.calendar_wording,
        ),
    )
    resume_hint = f"Resume it with: rethink session resume {store.session_id}"
    try:
        with signals_raise():
            flow.run()
    except SessionDiscarded:
        store.remove()
        raise
    except SessionInterrupted as stop:
        store.save(state)
        store.release()
        raise SessionInterrupted(f"{stop.message} {resume_hint}") from None
    except SessionTerminated as signalled:
        # A closed terminal or a shutdown: save quietly, say so if anyone can see.
        store.save(state)
        store.release()
        with contextlib.suppress(OSError):
            print(f"\nStopped by the system. The session is saved. {resume_hint}", file=sys.stderr)
        raise SystemExit(128 + signalled.signum) from None
    except BaseException:
        store.release()
        raise
    # Exported and confirmed: nothing of the meeting stays behind on this computer.
    store.remove()
    from rethink_cli.ui.screen import show_closing

    show_closing(terminal.screen, state, flow.exported)
