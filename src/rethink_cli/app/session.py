"""Wires a real session together: terminal, clock, prompts, screen, autosave and exporter."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from rethink_cli.core.errors import (
    RethinkError,
    SessionDiscarded,
    SessionInterrupted,
    SessionTerminated,
    UsageError,
)
from rethink_cli.dialogs.setup import SetupAnswers

if TYPE_CHECKING:
    from rethink_cli.core.attendee import Attendee
    from rethink_cli.core.clock import Clock
    from rethink_cli.core.session import SessionState
    from rethink_cli.dialogs.ports import Prompter, Screen
    from rethink_cli.formats.agreement import Agreement
    from rethink_cli.formats.config import Config
    from rethink_cli.storage.autosave import SessionStore


@dataclass(frozen=True)
class SessionOptions:
    out_dir: Path | None = None
    agreement: str | None = None
    no_color: bool = False
    plain: bool = False
    quiet: bool = False
    large: bool = False


def is_plain(requested: bool) -> bool:
    return requested or os.environ.get("TERM") == "dumb"


def require_terminal(command: str) -> None:
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UsageError(
            f"rethink {command} needs a terminal to type in; standard input or output "
            "is not one. Run it directly in a terminal window."
        )


@dataclass
class Terminal:
    prompter: Prompter
    screen: Screen
    plain: bool


def open_terminal(options: SessionOptions) -> Terminal:
    from rich.console import Console

    from rethink_cli.ui.prompter import TerminalPrompter
    from rethink_cli.ui.screen import RichScreen

    plain = is_plain(options.plain)
    if options.no_color:
        # Both Rich and prompt_toolkit honour NO_COLOR, so one switch covers every screen.
        os.environ["NO_COLOR"] = "1"
    console = Console(highlight=False, emoji=False)
    return Terminal(TerminalPrompter(live=not plain), RichScreen(console, plain=plain), plain)


def start_session(
    answers: SetupAnswers,
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
        answers, expected, step_minutes = _answers_from_plan(plan_file, answers)
    options, config = _settle(options)
    answers = _with_config(answers, config)
    if step_minutes is None and answers.minutes is None:
        step_minutes = config.step_minutes
    require_terminal("session start")
    _check_out_dir(options.out_dir)
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
    _new(answers, options, terminal, clock, expected=expected, step_minutes=step_minutes)


def _answers_from_plan(
    path: Path, given: SetupAnswers
) -> tuple[SetupAnswers, list[Attendee], tuple[int, ...] | None]:
    from rethink_cli.core.attendee import Attendee
    from rethink_cli.formats.plan import load_plan

    plan = load_plan(path)
    answers = SetupAnswers(
        case_reference=given.case_reference or plan.case_reference,
        meeting_date=given.meeting_date,
        facilitator=given.facilitator or plan.facilitator,
        strategy=given.strategy or plan.strategy,
        lead_professional=given.lead_professional or plan.lead_professional,
        lead_professional_agency=given.lead_professional_agency or plan.lead_professional_agency,
        minutes=given.minutes or plan.minutes,
    )
    expected = [Attendee(a.name, a.role, a.agency) for a in plan.attendees]
    steps = tuple(plan.step_minutes) if plan.step_minutes and not given.minutes else None
    return answers, expected, steps


def resume_session(session_id: str | None, options: SessionOptions, *, clock: Clock) -> None:
    """``session resume``: continue an interrupted session where it stopped."""
    options, _ = _settle(options)
    require_terminal("session resume")
    _check_out_dir(options.out_dir)
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


def demo_session(options: SessionOptions, *, clock: Clock) -> None:
    """``session demo``: a rehearsal on a made-up case with short timers."""
    options, _ = _settle(options)
    require_terminal("session demo")
    _check_out_dir(options.out_dir)
    terminal = open_terminal(options)
    _new(DEMO_ANSWERS, options, terminal, clock, expected=demo_attendees(), demo=True)


# Everything in the rehearsal is invented and says so, even in file names.
DEMO_ANSWERS = SetupAnswers(
    case_reference="REHEARSAL-ONLY",
    meeting_date="today",
    facilitator="Rehearsal facilitator",
    strategy=3,
    lead_professional="Sam Example",
    lead_professional_agency="Made-up Social Care",
    minutes=20,
)


def demo_attendees() -> list[Attendee]:
    from rethink_cli.core.attendee import Attendee

    return [
        Attendee("Sam Example", "Social worker (made up)", "Made-up Social Care"),
        Attendee("Jo Sample", "Health visitor (made up)", "Made-up Health Visiting"),
        Attendee("Priya Pretend", "Safeguarding lead (made up)", "Made-up Primary School"),
        Attendee("Chris Practice", "Police officer (made up)", "Made-up Police"),
    ]


def _new(
    answers: SetupAnswers,
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
    from rethink_cli.dialogs.setup import adjust_plan, ask_setup
    from rethink_cli.formats.texts import all_steps
    from rethink_cli.storage.autosave import SessionStore, new_session_id, state_folder

    terminal.screen.welcome(demo=demo)
    setup = ask_setup(
        answers, prompter=terminal.prompter, screen=terminal.screen, today=clock.today()
    )
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
    from rethink_cli.dialogs.session.flow import SessionFlow

    flow = SessionFlow(
        state,
        prompter=terminal.prompter,
        screen=terminal.screen,
        agreement=choose_agreement(options.agreement),
        exporter=write_session_files,
        out_dir=options.out_dir or Path("."),
        clock=clock,
        checkpoint=store.save,
        bell=None if options.quiet else _bell,
        plain=terminal.plain,
        large=options.large,
        calendar=write_calendar_file,
    )
    resume_hint = f"Resume it with: rethink session resume {store.session_id}"
    try:
        with _signals_raise():
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


def write_session_files(state: SessionState, folder: Path) -> list[Path]:
    """A finished session's files: the record, all actions, one per agency."""
    from rethink_cli.export.bundle import session_exports
    from rethink_cli.export.writer import write_new_files

    return write_new_files(folder, session_exports(state.to_record()))


def write_calendar_file(state: SessionState, folder: Path) -> list[Path]:
    """The due dates and the review as all-day calendar events."""
    from rethink_cli.export.bundle import build_exports
    from rethink_cli.export.writer import write_new_files

    return write_new_files(folder, build_exports(state.to_record(), "ics"))


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP become SessionTerminated, raised wherever the program is waiting."""

    def handler(signum: int, frame: FrameType | None) -> None:
        from rethink_cli.ui.prompter import stop_prompt

        if not stop_prompt(SessionTerminated(signum)):
            raise SessionTerminated(signum)

    wanted = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {sig: signal.signal(sig, handler) for sig in wanted}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _bell() -> None:
    # One BEL: most terminals play a soft sound or flash; nothing is drawn.
    with contextlib.suppress(OSError):
        sys.stdout.write("\a")
        sys.stdout.flush()


def _settle(options: SessionOptions) -> tuple[SessionOptions, Config]:
    """Fill what the command line left open from the config file (read before any prompt)."""
    from dataclasses import replace

    from rethink_cli.formats.config import load_config

    config = load_config()
    settled = replace(
        options,
        out_dir=options.out_dir or config.export_folder or Path("."),
        agreement=options.agreement or config.agreement,
    )
    choose_agreement(settled.agreement)  # a broken agreement is reported now, not at step 3
    return settled, config


def _with_config(answers: SetupAnswers, config: Config) -> SetupAnswers:
    from dataclasses import replace

    return replace(
        answers,
        facilitator=answers.facilitator or config.facilitator,
        minutes=answers.minutes or config.minutes,
    )


def choose_agreement(name_or_path: str | None) -> Agreement:
    """A shipped agreement by name, or an organisation's own file by path."""
    from rethink_cli.formats.agreement import (
        load_agreement,
        load_agreement_file,
        packaged_agreement_names,
    )

    wanted = name_or_path or "default"
    if wanted.endswith(".toml") or "/" in wanted or "\\" in wanted:
        return load_agreement_file(Path(wanted).expanduser())
    if wanted not in packaged_agreement_names():
        known = ", ".join(packaged_agreement_names())
        raise UsageError(f"No agreement called {wanted!r}. Shipped: {known}; or give a .toml path.")
    return load_agreement(wanted)


def _check_out_dir(folder: Path | None) -> None:
    folder = folder or Path(".")
    if not folder.is_dir():
        raise UsageError(f"--out: the folder {folder} does not exist.")


def saved_when(moment: dt.datetime, clock: Clock) -> str:
    """When a session was saved, in the laptop's local time ("today 10:42")."""
    now = clock.now()
    local = moment.astimezone(now.tzinfo)
    if local.date() == now.date():
        return f"today {local:%H:%M}"
    return f"{local:%d/%m/%Y %H:%M}"
