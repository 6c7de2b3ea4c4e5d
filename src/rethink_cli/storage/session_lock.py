"""A session's lock: an operating-system lock on its ``.lock`` file, held while it is open.

The kernel decides who has a session, not a pid written in a file: two rethinks
started together cannot both get it (both could read "no lock" before either
wrote one), and a pid reused after a crash does not keep a session locked. The
lock dies with its process, so after kill -9 the file left behind is only a note;
it says which process had it (pid and host) for the message, nothing more.

POSIX uses ``flock`` on the open file; Windows ``msvcrt.locking`` on one byte.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import stat
import sys
import time
from pathlib import Path
from typing import Any

from rethink_cli.storage.session_names import read_regular

LOCK_FILE_MODE = 0o600
# A look by ``session list`` holds the lock for microseconds: a few tries ride over it.
_ATTEMPTS = 5
_PAUSE = 0.01
# Windows locks are mandatory: lock a byte past the pid and host, so they stay readable.
_WINDOWS_BYTE = 1 << 16
# A file system that cannot lock (some network shares) must not stop a meeting.
_CANNOT_LOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS}

_OPEN_FLAGS = (
    getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

# The locks this process holds: absolute lock path -> its open descriptor. Kept here,
# not on each store, so a second store of the same session in this process shares it.
_held: dict[str, int] = {}


def take(path: Path) -> bool:
    """Lock ``path`` for this process, creating the file; False if another process has it."""
    key = os.path.abspath(path)
    mine = _held.get(key)
    if mine is not None:
        if _names(mine, path):
            return True
        _drop(key)  # its file was removed: a new one is taken below
    for attempt in range(_ATTEMPTS):
        fd = _open_lock_file(path)
        got = _try_lock(fd, exclusive=True)
        # The holder before us may have removed the file between our open and lock:
        # only a lock on the file the path still names counts.
        if got and _names(fd, path):
            _held[key] = fd
            _note_owner(fd)
            return True
        os.close(fd)  # closing lets go of a lock on a file no longer there
        if not got and attempt < _ATTEMPTS - 1:
            time.sleep(_PAUSE)
    return False


def release(path: Path) -> bool:
    """Let go of this process's lock on ``path`` and remove the file; False if not held here."""
    fd = _held.pop(os.path.abspath(path), None)
    if fd is None:
        return False
    if os.name == "posix":
        # Removed while still locked, then closed: a process that opened the old file
        # meanwhile sees it is gone (``_names``) and takes a fresh one.
        if _names(fd, path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        os.close(fd)
        return True
    _unlock(fd)
    os.close(fd)  # Windows cannot remove an open file
    with contextlib.suppress(OSError):
        path.unlink()
    return True


def held_here(path: Path) -> bool:
    fd = _held.get(os.path.abspath(path))
    return fd is not None and _names(fd, path)


def held_elsewhere(path: Path) -> bool:
    """Whether another process holds the lock: try it without waiting, and let go at once."""
    if held_here(path):
        return False
    try:
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except OSError:
        return False  # no lock file (or not one we made): nobody has the session
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        # Shared, so two listings at once do not see each other as the session's holder.
        if _try_lock(fd, exclusive=False):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)


def hold_shared(path: Path) -> int | None:
    """A shared hold on ``path`` (which must exist), kept until the descriptor is closed.

    How a room's window says it is watching (``storage.autosave``, ``<id>.room.watch``):
    any number can hold it at once, and a hold dies with its process. None if the file
    is not there or cannot be held now.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except OSError:
        return None
    if stat.S_ISREG(os.fstat(fd).st_mode) and _try_lock(fd, exclusive=False):
        return fd
    os.close(fd)
    return None


def is_held(path: Path) -> bool:
    """Whether any open file holds ``path``, created (private) if missing; never keeps it."""
    try:
        fd = _open_lock_file(path)
    except OSError:
        return False
    try:
        if _try_lock(fd, exclusive=True):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)


def read_lock(path: Path) -> dict[str, Any] | None:
    """The pid and host a lock file names (for messages only), or None."""
    try:
        payload, _ = read_regular(path, 4096)
        data = json.loads(payload.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def owner_is_alive(owner: dict[str, Any]) -> bool:
    """Whether the process named in a lock file is still running on this computer.

    Only a hint for messages ("was not closed properly"): who holds a session is
    decided by the operating-system lock, since a pid can be reused.
    """
    pid = owner.get("pid")
    if not isinstance(pid, int) or owner.get("host") != socket.gethostname():
        return False
    if pid == os.getpid():
        return False
    if sys.platform == "win32":  # pragma: no cover - no signal 0 on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
            return True
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ------------------------------------------------------------------ the file


def _open_lock_file(path: Path) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | _OPEN_FLAGS, LOCK_FILE_MODE)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "the lock is not a plain file", os.fspath(path))
    return fd


def _names(fd: int, path: Path) -> bool:
    """Whether ``path`` still names the file open as ``fd``."""
    try:
        now = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def _note_owner(fd: int) -> None:
    body = json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode()
    with contextlib.suppress(OSError):  # only a note: the lock itself is what counts
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, body)
        if os.name == "posix":
            os.fchmod(fd, LOCK_FILE_MODE)  # the umask may have cut the create mode


def _drop(key: str) -> None:
    fd = _held.pop(key)
    with contextlib.suppress(OSError):
        os.close(fd)


# ------------------------------------------------------------------ the lock


def _try_lock(fd: int, *, exclusive: bool) -> bool:
    """Lock ``fd`` without waiting; False if another open file holds it."""
    try:
        _lock(fd, exclusive=exclusive)
    except OSError as error:
        if error.errno in _CANNOT_LOCK:
            return True
        if isinstance(error, BlockingIOError) or error.errno in (errno.EACCES, errno.EDEADLK):
            return False
        raise
    return True


if sys.platform == "win32":  # pragma: no cover - tested on Windows only
    import msvcrt

    def _lock(fd: int, *, exclusive: bool) -> None:
        # No shared locks here: a look takes the byte for a moment, as ``take`` does.
        os.lseek(fd, _WINDOWS_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, _WINDOWS_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int, *, exclusive: bool) -> None:
        kind = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        fcntl.flock(fd, kind | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
