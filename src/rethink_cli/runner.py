"""Wires a real session together: terminal, clock, prompts, screen and exporter."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rethink_cli.errors import UsageError
from rethink_cli.setup import SetupAnswers


@dataclass(frozen=True)
class SessionOptions:
    out_dir: Path
    no_color: bool = False
    plain: bool = False


def is_plain(requested: bool) -> bool:
    return requested or os.environ.get("TERM") == "dumb"


def run_session(answers: SetupAnswers, options: SessionOptions) -> None:
    """Run one session in this terminal from setup to export."""
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UsageError(
            "rethink session start needs a terminal to type in; standard input or output "
            "is not one. Run it directly in a terminal window."
        )
    if not options.out_dir.is_dir():
        raise UsageError(f"--out: the folder {options.out_dir} does not exist.")

    from rich.console import Console

    from rethink_cli.agreement import load_agreement
    from rethink_cli.export.bundle import session_exports
    from rethink_cli.export.writer import write_new_files
    from rethink_cli.flow import SessionFlow
    from rethink_cli.session import SessionState
    from rethink_cli.setup import ask_setup
    from rethink_cli.steps import all_steps
    from rethink_cli.ui.prompter import TerminalPrompter
    from rethink_cli.ui.screen import RichScreen

    plain = is_plain(options.plain)
    if options.no_color:
        # Both Rich and prompt_toolkit honour NO_COLOR, so one switch covers every screen.
        os.environ["NO_COLOR"] = "1"
    console = Console(highlight=False, emoji=False)
    screen = RichScreen(console, plain=plain)
    prompter = TerminalPrompter(live=not plain)
    today = dt.date.today()

    def exporter(state: SessionState, folder: Path) -> list[Path]:
        return write_new_files(folder, session_exports(state.to_record()))

    screen.welcome()
    setup = ask_setup(answers, prompter=prompter, screen=screen, today=today)
    state = SessionState.new(setup, [s.weight for s in all_steps()])
    flow = SessionFlow(
        state,
        prompter=prompter,
        screen=screen,
        agreement=load_agreement(),
        exporter=exporter,
        out_dir=options.out_dir,
        clock=time.monotonic,
        today=today,
    )
    flow.run()
