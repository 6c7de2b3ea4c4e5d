"""Drive the real ``rethink`` program in a pseudo-terminal, as a facilitator would type.

Prompts are waited for by their visible text. prompt_toolkit puts colour and
cursor codes between the words of a prompt, so every expected text is turned
into a pattern that lets such codes sit between any two characters.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect

from rethink_cli.app.clock import SystemClock

# One ANSI control sequence (CSI ... final byte), or a lone ESC + one character.
_ANSI = r"(?:\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_])*"
_ANSI_STRIP = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")

SELECT_HINT = " (arrow keys, Enter to choose)"
DOWN = "\x1b[B"
ENTER = "\r"
CLEAR_LINE = "\x15"  # Ctrl-U: empty a text prompt that holds a default
CTRL_C = "\x03"
# A go-round acts only on a key pressed on its own (rethink_cli.ui.single_keys): after
# typing, wait longer than the program's typing gap (0.4 s) before the key.
TYPING_PAUSE = 0.8


def loose(text: str) -> re.Pattern[str]:
    """A pattern for ``text`` as drawn on screen: control codes may sit between characters."""
    return re.compile(_ANSI.join(re.escape(ch) for ch in text))


def strip_ansi(text: str) -> str:
    return _ANSI_STRIP.sub("", text)


# CI runs these tests again with the program's clock moved (see .ci/run): this is
# "YYYY-MM-DD HH:MM:SS" in London, and libfaketime starts the program's clock there.
E2E_NOW = os.environ.get("RETHINK_E2E_NOW", "")
LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


def program_today() -> dt.date:
    """The date the program sees as it starts: the moved one in CI's runs, else today."""
    if E2E_NOW:
        return dt.date.fromisoformat(E2E_NOW[:10])
    return SystemClock().today()


def program_env(home: Path, state: Path, config: Path) -> dict[str, str]:
    env = dict(os.environ)
    if E2E_NOW:
        # Only the program's clock moves: pexpect, in this process, keeps the real one.
        env.update(LD_PRELOAD=str(LIBFAKETIME), FAKETIME=f"@{E2E_NOW}", TZ="Europe/London")
    # Without a display, the program finds no system clipboard on Linux: a test that
    # copies a text never reaches the real clipboard of the computer it runs on.
    for name in ("COLUMNS", "LINES", "RETHINK_DEBUG", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    env.update(
        TERM="xterm-256color",
        NO_COLOR="1",
        HOME=str(home),
        RETHINK_STATE_DIR=str(state),
        RETHINK_CONFIG_DIR=str(config),
        # A real terminal answers prompt_toolkit's cursor-position requests; a pexpect pty
        # does not, and each prompt would then wait about a second for the answer (and
        # eventually print a warning about the terminal). Switch the requests off.
        PROMPT_TOOLKIT_NO_CPR="1",
        PYTHONUNBUFFERED="1",
    )
    return env


class Facilitator:
    """Someone at the keyboard: waits for a prompt to be drawn, then types."""

    def __init__(
        self,
        args: list[str],
        env: dict[str, str],
        *,
        timeout: float = 15,
        encoding: str = "utf-8",
    ) -> None:
        """``encoding``: the console's, as the program is told it (PYTHONIOENCODING)."""
        self.transcript = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "rethink_cli", *args],
            env=env,
            encoding=encoding,
            dimensions=(40, 120),
            timeout=timeout,
        )
        self.child.logfile_read = self.transcript

    # ---------------------------------------------------------------- waiting

    def see(self, text: str) -> None:
        """Wait until ``text`` is drawn (control codes between characters allowed)."""
        self.child.expect(loose(text))

    def see_exact(self, text: str) -> None:
        self.child.expect_exact(text)

    # ---------------------------------------------------------------- typing

    def text(self, message: str, answer: str = "", *, clear: bool = False) -> None:
        """A text prompt (drawn as ``› message``): type the answer and press Enter.

        An empty answer takes the prompt's default.
        """
        self.see(f"› {message}")
        self.child.send((CLEAR_LINE if clear else "") + answer + ENTER)

    def select(
        self,
        message: str,
        choice: str,
        *,
        downs: int = 0,
        before: Callable[[], None] | None = None,
    ) -> None:
        """A select list: press Down ``downs`` times from the default, then Enter.

        ``before`` runs once the list is drawn and before any key is pressed. Then
        wait for the finished prompt to show ``choice`` as the answer, which proves
        the intended choice was picked.
        """
        self.see(f"› {message}{SELECT_HINT}")
        if before is not None:
            before()
        self.child.send(DOWN * downs + ENTER)
        self.see(f"› {message} {choice}")

    def confirm(self, message: str, *, yes: bool = True) -> None:
        """This program's Yes/No: a select list, Yes first; the default is Yes here."""
        self.see(f"› {message}")
        self.child.send((DOWN if not yes else "") + ENTER)
        self.see(f"› {message} {'Yes' if yes else 'No'}")

    def key(self, message: str, keys: str = ENTER) -> None:
        """A single-key prompt (its message is drawn alone on a line)."""
        self.see(message)
        self.child.send(keys)

    def key_alone(self, message: str, key: str = ENTER, typed: str = "") -> None:
        """A go-round key: ``typed`` first (which does nothing), a pause, then the key."""
        self.see(message)
        if typed:
            self.child.send(typed)
            time.sleep(TYPING_PAUSE)
        self.child.send(key)

    # ---------------------------------------------------------------- ending

    def finish(self, timeout: float = 15) -> int:
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        status = self.child.exitstatus
        return status if status is not None else 128 + (self.child.signalstatus or 0)

    def kill(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)

    @property
    def output(self) -> str:
        return self.transcript.getvalue()


# ------------------------------------------------------------------------------------
# Driving whole parts of a session, and looking at what it left on disk. Used by the
# signal and privacy tests (tests/test_signals.py, tests/harness/privacy_scan.py).

# Offered once the files are written (rethink_cli.dialogs.filing); "Done" is the default.
COPY_MENU = "Copy a text to paste?"


def leave_copy_menu(me: Facilitator) -> None:
    """At the offer to copy an agency's text after the export: "Done", copying nothing."""
    me.select(COPY_MENU, "Done")


SETUP_CASE = "PN-4471"
SETUP_LEAD = "Sam Patel"
SETUP_LEAD_AGENCY = "Children's Social Care"


def setup_options(case: str = SETUP_CASE, *, strategy: int = 3) -> list[str]:
    """``session start`` options that answer every setup question, so no setup prompt opens."""
    return [
        "--case",
        case,
        "--facilitator",
        "Alex Morgan",
        "--strategy",
        str(strategy),
        "--lead",
        SETUP_LEAD,
        "--lead-agency",
        SETUP_LEAD_AGENCY,
        "--minutes",
        "90",
        "--date",
        "today",
    ]


def no_keys() -> str:
    return ""


def read_introduction(me: Facilitator, typed: Callable[[], str] = no_keys) -> None:
    """Accept the time plan and page through step 1; ``typed()`` is typed before each Enter."""
    me.select("The time plan", "Use this plan")
    for page in (1, 2, 3, 4):
        me.key(f"Page {page} of 5", typed() + ENTER)
    me.see("Time plan")
    me.select("What next?", "Go on to step 2")


def add_attendee(me: Facilitator, name: str, role: str, agency: str) -> None:
    """From the Introductions menu: add someone from a new agency."""
    me.select("Introductions", "Add the next person")
    me.text("Name", name)
    me.text(f"{name}'s role in this child's network", role)
    # "Another agency…" is the last choice and already highlighted.
    me.select(f"{name}'s agency", "Another agency…")
    me.text("Agency name", agency)
    me.see(f"Added {name}.")


def introduce(me: Facilitator, people: list[tuple[str, str, str]]) -> None:
    """Step 2: the Lead Professional's role, then each of ``people``; stays at the menu."""
    me.see(f"Start with the Lead Professional, {SETUP_LEAD}")
    me.text("Their role", "Social worker", clear=True)
    for count, (name, role, agency) in enumerate(people, start=1):
        me.see(f"In the room ({count})")
        add_attendee(me, name, role, agency)
    me.see(f"In the room ({len(people) + 1})")


def finish_introductions(me: Facilitator) -> None:
    me.select("Introductions", "Everyone has introduced themselves", downs=1)


def agree_to_work_this_way(me: Facilitator, typed: Callable[[], str] = no_keys) -> None:
    """Step 3: every point, then everyone agrees; ``typed()`` is typed before each Enter."""
    for point in range(1, 9):
        me.key(f"Point {point} of 8", typed() + ENTER)
    me.confirm("Does everyone in the room agree to work this way?")
    me.select("What next?", "Go on to step 4")


def start_go_round(me: Facilitator, step_number: int, first_speaker: str) -> None:
    me.see(f"Step {step_number} of 9")
    me.select("Who starts?", f"{first_speaker}, then down the list")


def finish_go_round(me: Facilitator, next_step: int) -> None:
    me.select("Everyone has had a turn.", "Finish this go-round")
    me.select("What next?", f"Go on to step {next_step}")


def go_round(
    me: Facilitator, step_number: int, speakers: list[str], typed: Callable[[], str] = no_keys
) -> None:
    """Steps 4 and 5: everyone speaks in turn; ``typed()`` is typed before each Enter."""
    start_go_round(me, step_number, speakers[0])
    for name in speakers:
        me.key_alone(f"{name} is speaking", ENTER, typed())
    finish_go_round(me, step_number + 1)


def add_action(me: Facilitator, what: str) -> None:
    """Step 6: one concrete action (no vague wording, so no "Keep this wording?")."""
    me.select("Actions", "Add an action")
    me.text("What is the action?", what)


def session_files(state: Path) -> list[Path]:
    """Every file under the state folder: autosaves, previous copies, locks, temp files."""
    return sorted(p for p in state.rglob("*") if p.is_file())


def saved_session_ids(state: Path) -> list[str]:
    """IDs of the autosaves in ``<RETHINK_STATE_DIR>/sessions`` (from ``<id>.json``)."""
    folder = state / "sessions"
    return sorted(
        p.stem
        for p in folder.glob("*.json")
        # Not the previous copies (.prev.json) or the room's files (.room.json).
        if p.name.count(".") == 1 and not p.name.startswith(".")
    )


def run_rethink(
    args: list[str], env: dict[str, str], *, timeout: float = 20
) -> subprocess.CompletedProcess[str]:
    """The program without a terminal (for commands such as ``session list``)."""
    return subprocess.run(
        [sys.executable, "-m", "rethink_cli", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
