"""Plain stand-ins for the program's own symbols, on a console that cannot show them.

Git Bash (mintty), a legacy Windows console, some IDE terminals and an ASCII
locale give Python an 8-bit output encoding such as cp1252 or ASCII, which has
no ``●``, ``✓``, ``★``, ``█`` or ``❯``. Left alone, Python would stop with an
error and prompt_toolkit would print ``?`` for each. Instead, every character the
console cannot encode goes through one error handler that puts a like-looking
ASCII character in its place.

Each stand-in is one character for one character: Rich and prompt_toolkit
measured the line with the original, and a wider stand-in would push the box
edges and the cursor out of place.

Only the standard library is imported here: the streams are set up before any
command runs, ``rethink --help`` included.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
from typing import Final, TextIO

ERRORS: Final = "rethink-plain"

_STAND_INS: Final = {
    # Step progress: done, this step, to come.
    "●": "#",
    "◉": "@",
    "○": "o",
    # The space is / is not, the Lead Professional, the pointer in menus.
    "✓": "+",
    "✗": "x",
    "★": "*",
    "❯": ">",
    "›": ">",
    "•": "*",
    # Shared-time bars and large digits.
    "█": "#",
    "▓": "#",
    "▒": ":",
    "░": ".",
    "▀": "^",
    "▄": "_",
    # Punctuation of the program's own texts.
    "·": "|",
    "…": ".",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "→": ">",
    "←": "<",
    "↑": "^",
    "↓": "v",
    "×": "x",
}


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_STAND_INS.get(char, "?") for char in bad), error.end


codecs.register_error(ERRORS, _stand_in)


def is_unicode(encoding: str | None) -> bool:
    """Whether a stream in ``encoding`` can show every character."""
    try:
        return codecs.lookup(encoding or "ascii").name.startswith("utf")
    except LookupError:
        return False


def plain(text: str, encoding: str | None) -> str:
    """``text`` as a console in ``encoding`` will show it, stand-ins included."""
    if is_unicode(encoding):
        return text
    name = encoding or "ascii"
    return text.encode(name, ERRORS).decode(name, "replace")


def use_stand_ins(stream: TextIO) -> None:
    """Make ``stream`` write a stand-in for each character its encoding lacks."""
    if is_unicode(getattr(stream, "encoding", None)) or not hasattr(stream, "reconfigure"):
        return
    with contextlib.suppress(ValueError, OSError):
        stream.reconfigure(errors=ERRORS)


class TextOnlyStdout:
    """``sys.stdout`` as prompt_toolkit should see it on an 8-bit console.

    prompt_toolkit encodes its output itself, with ``?`` for what the encoding
    lacks, whenever the stream has a ``buffer``. This one has none, so it hands
    text to ``sys.stdout``, whose error handler puts in the stand-ins.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stdout

    @property
    def encoding(self) -> str:
        return self._stream.encoding

    def write(self, text: str) -> int:
        return self._stream.write(text)

    def flush(self) -> None:
        self._stream.flush()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()
