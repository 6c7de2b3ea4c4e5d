"""Words that wrap between words, never inside one, on any width of terminal.

prompt_toolkit cuts a long line at the screen's edge wherever it falls, so
``…in its cas`` / ``e system)``. The prompts are laid out here first: a line
breaks only between words, and what follows a break is indented under the
text it continues. Rich already wraps the screens between words.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping, Sequence
from typing import Any

from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.utils import get_cwidth

# A prompt's mark and its space ("› "): continuation lines start under the text.
INDENT = 2
# The last column is left free: a line that fills it moves the cursor to the next.
SPARE = 1


def cells(text: str) -> int:
    return sum(get_cwidth(char) for char in text)


def breaks(widths: Sequence[int], width: int, *, first: int = 0, gap: int = 1) -> list[bool]:
    """For each unit, whether a new line starts before it, filling lines greedily.

    ``first`` cells of the first line are already taken; ``gap`` cells separate
    two units on one line. A unit wider than a whole line has a line to itself.
    """
    out: list[bool] = []
    used = first
    for index, unit in enumerate(widths):
        new_line = index > 0 and used + gap + unit > width
        out.append(new_line)
        if index == 0:
            used += unit
        else:
            used = unit if new_line else used + gap + unit
    return out


def wrap(text: str, width: int, *, first: int = 0, indent: int = INDENT) -> str:
    """``text`` with a new line (and ``indent`` spaces) wherever the next word would not fit.

    ``first`` cells of the first line are already taken by what comes before.
    """
    words = text.split()
    if not words:
        return text
    room = max(width - SPARE - indent, 1)
    before = first - indent
    splits = breaks([cells(w) for w in words], room, first=before)
    out = words[0]
    for word, new_line in zip(words[1:], splits[1:], strict=True):
        out += ("\n" + " " * indent if new_line else " ") + word
    return out


def question(message: str, instruction: str, width: int, *, gap: int = 1) -> tuple[str, str]:
    """A prompt's message and its instruction, broken between words to fit ``width``.

    questionary draws ``› message`` then, ``gap`` spaces on, the instruction. When
    the whole does not fit, each wraps under the message's first letter; the
    instruction starts a line of its own rather than splitting off a word or two.
    """
    if INDENT + cells(message) + (gap + cells(instruction) if instruction else 0) <= width - SPARE:
        return message, instruction
    wrapped = wrap(message, width, first=INDENT)
    if not instruction:
        return wrapped, instruction
    tail = wrapped.rsplit("\n", 1)[-1]
    # A continuation line holds its indent already; the first has the mark before it.
    last = cells(tail) + (0 if "\n" in wrapped else INDENT)
    if last + gap + cells(instruction) <= width - SPARE:
        return wrapped, instruction
    # The instruction on a line of its own: the break goes into the message, whose
    # own trailing space (and the gap) then indent it like every other line.
    lead = " " * max(INDENT - gap, 0)
    return wrapped + "\n" + lead, wrap(instruction, width, first=INDENT)


def choice(title: str, width: int, *, pointer: int = 3) -> str:
    """A menu choice's title wrapped under itself (after the ``pointer`` column)."""
    if pointer + cells(title) <= width - SPARE:
        return title
    return wrap(title, width, first=pointer, indent=pointer)


def answered(message: str, answer: str, width: int) -> str:
    """The answer as it stays after ``› message``, broken between words.

    ``message`` is already fitted (``question``); the answer's first words go on
    its last line if they fit, the rest under the message's first letter.
    """
    return wrap(answer, width, first=answered_at(message))


def answered_at(message: str) -> int:
    """The column where an answer starts once given: after ``› message `` on its last line."""
    if "\n" in message:
        return cells(message.rsplit("\n", 1)[-1]) + 1
    return INDENT + cells(message) + 1


def keys(keys: Sequence[tuple[str, str]], width: int) -> StyleAndTextTuples:
    """A key prompt's keys (names, label) on as few lines as fit, never split inside one."""
    units = [(f" {names}", f" {label} ") for names, label in keys]
    starts = breaks([cells(a + b) for a, b in units], width - SPARE, gap=0)
    out: StyleAndTextTuples = []
    for (names, label), new_line in zip(units, starts, strict=True):
        out += [("", "\n")] if new_line else []
        out += [("class:key", names), ("", label)]
    return out


# The status line is drawn with a space each side.
STATUS_PADDING = 2
# The status line's shortenings, least needed first, so the end time is the last to go
# (it says when the room must finish). Each is tried only while the line is too wide.
_STATUS_SHORTER = (
    # "Step 4 of 9" → "Step 4"
    (re.compile(r"\b(Step \d+) of \d+\b"), r"\1"),
    # The session's time left, which the end time after it also tells.
    (re.compile(r" · session [^·]*(?= · ends )"), ""),
    # Why the autosave failed: "Not saved" is what must not be missed.
    (re.compile(r"^(Not saved) \([^·]*\)"), r"\1"),
)


def status(line: str, width: int) -> str:
    """The status line shortened, its less needed parts first, to fit ``width`` with its padding.

    Left to prompt_toolkit, a line too wide loses its end at the screen's edge: the
    end time, just when an autosave warning has made the line longer.
    """
    for pattern, shorter in _STATUS_SHORTER:
        if cells(line) + STATUS_PADDING <= width - SPARE:
            break
        line = pattern.sub(shorter, line)
    return line


def columns(io: Mapping[str, Any]) -> int:
    """The width of the prompt's output (a test's, or the terminal's), to wrap prompts to."""
    output = io.get("output")
    if output is not None:
        return int(output.get_size().columns)
    return shutil.get_terminal_size().columns
