"""The one way a file is read: an ordinary file, of a bounded size and nesting.

Every file rethink reads (a record, a plan, a review, an agreement, the config,
and what the program saved for itself) comes through here, because any of them
can be the wrong thing: a pipe or ``/dev/zero`` that never ends, a 50 MB file
that would take a minute to parse, or tables nested thousands deep that blow
the parser's stack. Each is refused at once with one line, never a traceback
on a projected screen.

Only the standard library is used, so the config can be read without building
any model, and this module stays cheap to import.
"""

from __future__ import annotations

import json
import os
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from rethink_cli.core.errors import InvalidRecordError

MIB: Final = 1024 * 1024

# Far above any real file, small enough to read and check in a few seconds.
# A session's record keeps at most 200 attendees and 200 actions (core.bounds):
# even every field at its longest, in four-byte characters, stays under 2 MB, so
# the program can always read back what it wrote. A record from elsewhere may hold
# up to 10,000 actions (the render budget in DESIGN.md); 8 MiB holds 10,000 of
# about 800 bytes each, and reads in about 5 s and 80 MB here, where the 50 MB
# file that prompted these limits took 30 s and 800 MB. A plan, an agreement or
# the config is a fraction of that. (Issue 14 asked for 1 MB for every input: a
# record or a review keeps 8 MiB, as 1 MB could not hold the 10,000 actions
# ``actions render`` is budgeted for; every other kind has the 1 MiB asked for.)
LIMITS: Final[Mapping[str, int]] = {
    "record": 8 * MIB,
    "review": 8 * MIB,
    "plan": MIB,
    "agreement": MIB,
    "config": MIB,
    # What the program saves for itself: a session (its agreement too) or a review.
    "autosave": 4 * MIB,
    "saved review": 8 * MIB,
}
DEFAULT_LIMIT: Final = MIB

# Tables and lists inside each other. The deepest real file is an autosave's
# agreement (about six levels); anything past this is an attack or damage.
MAX_NESTING: Final = 16

# Read in pieces, so a file that grows while it is read cannot get past the limit.
_CHUNK = 64 * 1024
# Bound once, at import: a test that makes every write fail by replacing os.open
# (export.writer's folder checks) must not make reading the record fail too.
_open_fd = os.open


class DamagedSave(ValueError):
    """A file the program saved for itself cannot be used: edited, damaged or too large.

    A ValueError, so a reader that refuses every ValueError (``storage.autosave``)
    refuses this too; ``message`` is one line naming what is wrong.
    """

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # Every check that refused it, "place: message", when the model said which.
        self.problems: list[str] = list(problems or [])


class SaveFromNewerRethink(DamagedSave):
    """A save in a format newer than this program knows: not damaged, just too new."""


class NewerFileError(InvalidRecordError):
    """A file in a format newer than this program knows (exit 3, as any file it cannot use)."""


def newer_words(what: str, found: object) -> str:
    """The one wording for a file made by a newer version, whatever the file."""
    return f"{what} was made by a newer rethink ({found}); update rethink to open it."


# ------------------------------------------------------------------ bytes


def limit_for(what: str) -> int:
    return LIMITS.get(what, DEFAULT_LIMIT)


def read_bounded(path: Path, *, what: str = "record") -> bytes:
    """The bytes of an ordinary file no larger than ``what``'s limit, or one clear line (exit 3).

    The file is looked at before it is opened, and opened without waiting
    (O_NONBLOCK), so a pipe with no writer, a device or a socket is refused at
    once rather than read for ever; the open file is checked again (fstat), so
    nothing swapped in between is read either.
    """
    limit = limit_for(what)
    _check_kind(path, what, _stat(path, what), limit)
    fd = _open(path, what)
    try:
        _check_kind(path, what, os.fstat(fd), limit)
        return _read_at_most(fd, path, what, limit)
    except OSError as error:
        raise _unreadable(path, error) from None
    finally:
        os.close(fd)


def read_text_bounded(path: Path, *, what: str = "record") -> str:
    """``read_bounded``, as UTF-8 text; text in another encoding is one line too.

    One byte-order mark at the start is dropped ("utf-8-sig"): Windows Notepad
    before 2019 began every UTF-8 file with one, and the parser would refuse
    line 1. Line endings are left as they are: tomllib reads CRLF as a line end,
    in multi-line strings too, so no value keeps a stray carriage return.
    """
    raw = read_bounded(path, what=what)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # With a byte-order mark the decoder saw the bytes after it: count from the file's start.
        raise _not_utf8(path, raw, error.start + len(raw) - len(error.object)) from None


def _not_utf8(path: Path, raw: bytes, start: int) -> InvalidRecordError:
    # Said as where to look and what to do: a byte's position means nothing to the
    # person who saved the file as "ANSI" (cp1252) or "Unicode" (UTF-16) in Notepad.
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        how = "it is saved as UTF-16"
    else:
        line = raw.count(b"\n", 0, start) + 1
        how = f"line {line} has a character saved another way"
    return InvalidRecordError(
        f"{path} is not UTF-8 text ({how}): open it and save it again as UTF-8 "
        "(in Notepad: File, Save as, Encoding: UTF-8)."
    )


def _stat(path: Path, what: str) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise InvalidRecordError(f"No {what} file at {path}.") from None
    except (OSError, ValueError) as error:
        raise _unreadable(path, error) from None


def _open(path: Path, what: str) -> int:
    flags = os.O_RDONLY
    # Not on Windows: there a pipe or device is refused by the look before opening.
    for name in ("O_NONBLOCK", "O_CLOEXEC", "O_BINARY", "O_NOCTTY"):
        flags |= getattr(os, name, 0)
    try:
        return _open_fd(path, flags)
    except FileNotFoundError:
        raise InvalidRecordError(f"No {what} file at {path}.") from None
    except IsADirectoryError:
        raise _folder(path, what) from None
    except (OSError, ValueError) as error:
        raise _unreadable(path, error) from None


def _check_kind(path: Path, what: str, info: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise _folder(path, what)
    if not stat.S_ISREG(info.st_mode):
        raise InvalidRecordError(
            f"{path} is not an ordinary file (a device, pipe or socket), so it cannot be a "
            f"{what} file."
        )
    if info.st_size > limit:
        raise _too_large(path, what, info.st_size, limit)


def _read_at_most(fd: int, path: Path, what: str, limit: int) -> bytes:
    pieces: list[bytes] = []
    total = 0
    while True:
        piece = os.read(fd, _CHUNK)
        if not piece:
            return b"".join(pieces)
        total += len(piece)
        if total > limit:
            # The file grew after it was looked at (or its size was not told).
            raise _too_large(path, what, total, limit)
        pieces.append(piece)


def _folder(path: Path, what: str) -> InvalidRecordError:
    return InvalidRecordError(f"{path} is a folder, not a {what} file.")


def _too_large(path: Path, what: str, size: int, limit: int) -> InvalidRecordError:
    return InvalidRecordError(
        f"{path} is too large for a {what} file ({_size(size)}; the most rethink reads "
        f"is {_size(limit)})."
    )


def _unreadable(path: Path, error: OSError | ValueError) -> InvalidRecordError:
    # A ValueError is a path holding a NUL byte: nothing on disk can have that name.
    reason = error.strerror if isinstance(error, OSError) and error.strerror else "a bad name"
    return InvalidRecordError(f"Cannot read {path}: {reason}.")


def _size(size: int) -> str:
    if size >= MIB:
        return f"{size / MIB:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


# ------------------------------------------------------------------ nesting


def too_deep(data: object, limit: int = MAX_NESTING) -> bool:
    """Whether tables and lists in ``data`` nest more than ``limit`` levels.

    Walked with a list, not recursion, so the check itself cannot overflow.
    """
    waiting: list[tuple[object, int]] = [(data, 1)]
    while waiting:
        value, depth = waiting.pop()
        if isinstance(value, Mapping):
            inside: Any = value.values()
        elif isinstance(value, list | tuple):
            inside = value
        else:
            continue
        if depth > limit:
            return True
        waiting.extend((item, depth + 1) for item in inside)
    return False


# ------------------------------------------------------------------ TOML and JSON


def read_toml(path: Path, *, what: str = "record") -> dict[str, Any]:
    """A TOML file as data: bounded, UTF-8, valid and not nested too deeply (else exit 3)."""
    text = read_text_bounded(path, what=what)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        from rethink_cli.formats.toml_hints import not_valid_toml

        raise InvalidRecordError(not_valid_toml(path, text, error)) from None
    except RecursionError:
        # tomllib reads nested lists and inline tables by recursion.
        raise _nested(path, what) from None
    if too_deep(data):
        raise _nested(path, what)
    return data


def _nested(path: Path, what: str) -> InvalidRecordError:
    return InvalidRecordError(
        f"{path} nests tables or lists too deeply for a {what} file "
        f"(more than {MAX_NESTING} levels)."
    )


def loads_json_save(payload: bytes | str, *, what: str = "autosave") -> Any:
    """A save the program wrote, as data; DamagedSave for anything else.

    For ``storage``'s files, which are refused as a whole (a ValueError), never
    explained field by field.
    """
    if len(payload) > limit_for(what):
        raise DamagedSave(f"The {what} is too large to be one rethink wrote.")
    try:
        data = json.loads(payload)
    except RecursionError:
        raise DamagedSave(f"The {what} is nested too deeply to be one rethink wrote.") from None
    except (ValueError, TypeError) as error:  # bad JSON, or bytes that are not UTF-8
        raise DamagedSave(f"The {what} is not readable JSON.") from error
    if too_deep(data):
        raise DamagedSave(f"The {what} is nested too deeply to be one rethink wrote.")
    return data


def read_json_save(path: Path, *, what: str = "autosave") -> Any:
    """A save file read bounded, as data (``loads_json_save``).

    FileNotFoundError passes through, so a caller can tell "no file" from "damaged";
    every other problem (a pipe, a huge file, bad JSON) is DamagedSave.
    """
    try:
        os.stat(path)
    except FileNotFoundError:
        raise  # no save at all, which is not damage
    except (OSError, ValueError):
        pass  # said in one line by the bounded read below
    try:
        raw = read_bounded(path, what=what)
    except InvalidRecordError as error:
        raise DamagedSave(error.message) from None
    return loads_json_save(raw, what=what)
