"""The session use cases: start (or offer to resume), resume, and run to the export."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.app.files import write_calendar_file, write_session_files
from rethink_cli.app.saved import saved_when
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
    RethinkError,
    SessionDiscarded,
    SessionInterrupted,
    SessionTerminated,
    UsageError,
)
from rethink_cli.core.facts import GivenFacts

if TYPE_CHECKING:
    from rethink_cli.core.attendee import Attendee
    from rethink_cli.core.clock import Clock
    from rethink_cli.core.session import SessionState
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
    options, config = settle_options(options)
    # The config's step minutes apply unless --minutes or the plan file set a length;
    # they are not dropped because the config also names its total.
    if step_minutes is None and answers.minutes is None:
        step_minutes = config_step_minutes(config)
    answers = with_config(answers, config)
    require_terminal("session start")
    check_out_dir(options.out_dir)
    from rethink_cli.dialogs.ports import Choice, SelectQuestion
    from rethink_cli.storage.autosave import list_sessions, state_folder

    terminal = open_terminal(options)
    folder = state_folder()
    saved = [s for s in list_sessions(folder) if not s.damaged]
    if saved:
        choices = [Choice("Start a new session", "")] + [
            Choice(
                f"Resume {s.case_reference} (step {s.step} of 9, "
                f"saved {saved_when(s.saved_at, clock)})",
                s.session_id,
            )
            for s in saved
        ]
        picked = terminal.prompter.select(
            SelectQuestion(
                "An unfinished session is saved on this computer.", tuple(choices), default=""
            )
        )
        if picked:
            _resume(picked, options, terminal, clock)
            return
    new_session(answers, options, terminal, clock, expected=expected, step_minutes=step_minutes)


def resume_session(session_id: str | None, options: SessionOptions, *, clock: Clock) -> None:
    """``session resume``: continue an interrupted session where it stopped."""
    options, _ = settle_options(options)
    require_terminal("session resume")
    check_out_dir(options.out_dir)
    from rethink_cli.dialogs.ports import Choice, SelectQuestion
    from rethink_cli.storage.autosave import any_file_of, list_sessions, state_folder

    folder = state_folder()
    terminal = open_terminal(options)
    if session_id is None:
        saved = list_sessions(folder)
        if not saved:
            raise RethinkError("There is no interrupted session on this computer.")
        if len(saved) == 1:
            session_id = saved[0].session_id
        else:
            session_id = terminal.prompter.select(
                SelectQuestion(
                    "Resume which session?",
                    tuple(
                        Choice(f"{s.session_id}  {s.case_reference}, step {s.step}", s.session_id)
                        for s in saved
                    ),
                    default=saved[0].session_id,
                )
            )
    elif not any_file_of(folder, session_id):
        raise UsageError(f"No saved session {session_id!r}. 'rethink session list' shows them.")
    _resume(session_id, options, terminal, clock)


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
    from rethink_cli.core.session import SessionState
    from rethink_cli.core.timing import TimePlan
    from rethink_cli.dialogs.facts import adjust_plan, ask_setup
    from rethink_cli.storage.autosave import SessionStore, new_session_id, state_folder

    terminal.screen.welcome(demo=demo)
    setup = ask_setup(
        answers, prompter=terminal.prompter, screen=terminal.screen, today=clock.today()
    )
    # Only now: the first prompt (the case reference) comes sooner without the texts.
    from rethink_cli.formats.texts import all_steps

    state = SessionState.new(setup, [s.weight for s in all_steps()])
    state.expected = list(expected or [])
    if step_minutes is not None:
        state.plan = TimePlan(step_minutes)
        state.setup.minutes = state.plan.total
    adjust_plan(state, prompter=terminal.prompter, screen=terminal.screen)
    store = SessionStore(state_folder(), new_session_id())
    store.acquire()
    _run(state, store, options, terminal, clock)


def _resume(session_id: str, options: SessionOptions, terminal: Terminal, clock: Clock) -> None:
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
            state = store.load()
        except DamagedAutosave as error:
            terminal.screen.warn(error.message)
            if not store.previous_path.exists():
                raise
            use_previous = terminal.prompter.confirm(
                ConfirmQuestion("Use the previous good copy (it may lack the very last answer)?")
            )
            if not use_previous:
                raise
            state = store.load(previous=True)
    except BaseException:
        store.release()
        raise
    terminal.screen.note(f"Resuming {state.setup.case_reference} at step {state.step} of 9.")
    _run(state, store, options, terminal, clock)


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
            agreement=choose_agreement(options.agreement),
            exporter=write_session_files,
            out_dir=options.out_dir or Path("."),
            clock=clock,
            checkpoint=store.save,
            bell=None if options.quiet else ring_bell,
            plain=terminal.plain,
            large=options.large,
            calendar=write_calendar_file,
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
