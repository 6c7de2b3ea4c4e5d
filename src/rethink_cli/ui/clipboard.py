"""The clipboard: the system's (through pyperclip), else the terminal's (OSC 52).

pyperclip reaches the system clipboard on Windows and macOS, and on Linux
through xclip, xsel or wl-copy. Without any of them (a bare Linux, a remote
shell) the text is handed to the terminal as an OSC 52 sequence, which many
terminals put on the clipboard of the computer in front of the facilitator;
some refuse it, and none says which, so the caller is told only that it was sent.
"""

from __future__ import annotations

import base64
import os
import sys
from dataclasses import dataclass
from typing import TextIO

from rethink_cli.dialogs.filing import Copied


def osc52(text: str) -> str:
    """``ESC ] 52 ; c ; <base64 of the UTF-8 text> BEL``: "put this on the clipboard".

    An empty text asks the terminal to empty its clipboard.
    """
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{payload}\x07"


@dataclass
class SystemClipboard:
    """The clipboard a session copies to; ``terminal`` is where OSC 52 is written
    (standard output, the session's screen, unless a test gives another)."""

    terminal: TextIO | None = None

    def copy(self, text: str) -> Copied:
        if system_copy(text):
            return "system"
        if os.environ.get("TERM") == "dumb":
            # A terminal that takes no escape sequences would print this one as text.
            return "nowhere"
        terminal = self.terminal or sys.stdout
        try:
            terminal.write(osc52(text))
            terminal.flush()
        except (OSError, ValueError):  # a terminal closed under the session
            return "nowhere"
        return "terminal"


def system_copy(text: str) -> bool:
    """Put ``text`` on the system clipboard; False when pyperclip has no way to."""
    try:
        # Imported only when something is copied: most sessions never need it.
        import pyperclip
    except ImportError:
        return False
    try:
        pyperclip.copy(text)
    except (pyperclip.PyperclipException, OSError):
        # No xclip, xsel or wl-copy (PyperclipException), or one that could not be run.
        return False
    return True
