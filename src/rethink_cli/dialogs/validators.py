"""Checks on typed text, shared by the setup questions and the session's steps.

A small module of its own, so asking the meeting's facts does not load the
whole session. A check answers with one line, or None: it never raises, since
prompt_toolkit would print the traceback onto the (projected) screen and wait
for Enter. Whatever was typed is shown back only made visible and cut short.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from rethink_cli.core import plaintext
from rethink_cli.dialogs.ports import Validator

# How much of a typed folder is shown back in a refusal: one line, even on a narrow screen.
SHOWN_MAX = 60


def text_validator(max_length: int) -> TextCheck:
    """Refuses what the record would refuse, in the words the facilitator sees.

    For a prompt, whose answer is kept as ``plaintext.tidy`` leaves it: a pasted
    escape sequence is dropped whole, not refused.
    """
    return TextCheck(max_length)


@dataclass(frozen=True)
class TextCheck:
    """A ``Validator`` that also tells the prompt its limit, so typing stops there."""

    max_length: int

    def __call__(self, text: str) -> str | None:
        return _problem(plaintext.tidy(text), self.max_length)


def option_validator(max_length: int) -> Validator:
    """``text_validator`` for a value given on the command line, which is kept as given.

    Nothing is cleaned out of it, so an escape sequence in it is refused: a script
    should pass what it means.
    """

    def validate(text: str) -> str | None:
        return _problem(text.strip(), max_length)

    return validate


def _problem(text: str, max_length: int) -> str | None:
    try:
        plaintext.check_text(text, max_length=max_length)
    except ValueError as error:
        return f"This {error}."
    return None


def whole_number(text: str, low: int, high: int) -> int | None:
    """``text`` as a whole number from ``low`` to ``high``, or None.

    ASCII digits only: "²" is a digit to ``str.isdigit`` that ``int`` refuses, and
    5,000 digits would make ``int`` itself refuse (and take time); neither raises here.
    """
    typed = text.strip()
    if not (typed.isascii() and typed.isdecimal()) or len(typed) > len(str(high)):
        return None
    number = int(typed)
    return number if low <= number <= high else None


def shown(text: str) -> str:
    """Typed text as it may be shown back: control characters made visible, cut to one line."""
    visible = plaintext.make_visible(text)
    return visible if len(visible) <= SHOWN_MAX else visible[: SHOWN_MAX - 1] + "…"


def folder_problem(text: str) -> str | None:
    """Why ``text`` cannot be the folder to export into, in one line; None when it is one."""
    typed = text.strip()
    if not typed:
        return "Type a folder."
    if "\x00" in typed:
        return f"{shown(typed)} is not a folder name."
    try:
        folder = Path(typed).expanduser()
    except RuntimeError:
        # "~someone": expanduser raises when there is no such user (or no home).
        user = typed[1:].split("/", 1)[0] or "you"
        return f"There is no home folder for {shown(user)} on this computer."
    return _folder_unusable(folder, typed)


def _folder_unusable(folder: Path, typed: str) -> str | None:
    try:
        there = folder.is_dir()
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            return "That folder's name is too long for this computer."
        if error.errno in (errno.EACCES, errno.EPERM):
            return f"{shown(typed)} cannot be looked into: permission denied."
        return f"{shown(typed)} cannot be used: {error.strerror or 'the system refused it'}."
    if not there:
        return f"{shown(typed)} is not a folder."
    return None
