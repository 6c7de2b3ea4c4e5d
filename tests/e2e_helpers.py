"""Drive the real ``rethink`` program in a pseudo-terminal, as a facilitator would type.

Prompts are waited for by their visible text. prompt_toolkit puts colour and
cursor codes between the words of a prompt, so every expected text is turned
into a pattern that lets such codes sit between any two characters.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect

# One ANSI control sequence (CSI ... final byte), or a lone ESC + one character.
_ANSI = r"(?:\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_])*"
_ANSI_STRIP = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")

SELECT_HINT = " (arrow keys, Enter to choose)"
DOWN = "\x1b[B"
ENTER = "\r"
CLEAR_LINE = "\x15"  # Ctrl-U: empty a text prompt that holds a default
CTRL_C = "\x03"


def loose(text: str) -> re.Pattern[str]:
    """A pattern for ``text`` as drawn on screen: control codes may sit between characters."""
    return re.compile(_ANSI.join(re.escape(ch) for ch in text))


def strip_ansi(text: str) -> str:
    return _ANSI_STRIP.sub("", text)


def program_env(home: Path, state: Path, config: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("COLUMNS", "LINES", "RETHINK_DEBUG"):
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

    def __init__(self, args: list[str], env: dict[str, str], *, timeout: float = 15) -> None:
        self.transcript = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "rethink_cli", *args],
            env=env,
            encoding="utf-8",
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
