"""Which files in the state folder are whose: exact names, never patterns; and bounded reads.

A session ID is an opaque token. It is only ever compared with the names found
by listing the folder, so no ID (``*``, ``../x``, ``.x``, a path, a NUL) can
reach a file outside the folder, or another session's file. An ID has no dot,
separator, colon or NUL: the first dot of a name ends its ID, so ``a.prev.json``
is always the previous copy of ``a`` and never the latest of a session ``a.prev``.

The files of a session ``a``: ``a.json``, ``a.prev.json``, ``a.lock``, and the
temporary copies ``.a.json.<pid>.tmp`` (``storage.atomic.write_atomic``) that a
kill during a save leaves behind. A saved review has endings of its own.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

_NOT_IN_ID = frozenset("./\\:\0")
_ID_MAX = 128

_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def valid_id(session_id: str) -> bool:
    """Whether ``session_id`` could name a session: a plain token, no path, no pattern."""
    return (
        isinstance(session_id, str)
        and 0 < len(session_id) <= _ID_MAX
        and not any(char in _NOT_IN_ID for char in session_id)
    )


@dataclass
class FilesOf:
    """One session's files, by the folder's listing: ending -> name, and temporary copies."""

    names: dict[str, str] = field(default_factory=dict)
    temps: list[str] = field(default_factory=list)


def files_by_id(folder: Path, endings: tuple[str, ...]) -> dict[str, FilesOf]:
    """Every file in ``folder`` with one of ``endings`` (or a temporary copy of one), by ID."""
    with os.scandir(folder) as entries:
        names = [entry.name for entry in entries]
    found: dict[str, FilesOf] = {}
    for name in names:
        target = temp_target(name)
        parsed = split_name(target or name, endings)
        if parsed is None:
            continue
        session_id, ending = parsed
        files = found.setdefault(session_id, FilesOf())
        if target is None:
            files.names[ending] = name
        else:
            files.temps.append(name)
    return found


def split_name(name: str, endings: tuple[str, ...]) -> tuple[str, str] | None:
    """``"a.prev.json"`` -> ``("a", "prev.json")``; None if it is not one of ``endings``."""
    session_id, dot, ending = name.partition(".")
    if dot and ending in endings and valid_id(session_id):
        return session_id, ending
    return None


def temp_target(name: str) -> str | None:
    """The file a temporary copy was written for: ``.a.json.123.tmp`` -> ``a.json``."""
    if not (name.startswith(".") and name.endswith(".tmp")):
        return None
    target, dot, pid = name[1 : -len(".tmp")].rpartition(".")
    if not (dot and target and pid.isascii() and pid.isdigit()):
        return None
    return target


def read_regular(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """A plain file's bytes (at most ``limit``), and its status, without ever blocking.

    A FIFO or device named like an autosave must not hang ``session list``, a link
    is not followed, and a huge file is refused before it is read (OSError each).
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a plain file", os.fspath(path))
        if info.st_size > limit:
            raise OSError(errno.EFBIG, "too large", os.fspath(path))
        return _read_at_most(fd, limit, path), info
    finally:
        os.close(fd)


def _read_at_most(fd: int, limit: int, path: Path) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, min(1 << 16, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:  # grew while being read
            raise OSError(errno.EFBIG, "too large", os.fspath(path))
    return b"".join(chunks)
