"""Atomic, private, durable writes: a reader or a crash sees the old file or the new one.

Used for the autosave, the lock and every exported file alike.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path


def write_atomic(target: Path, content: bytes, *, mode: int = 0o600) -> None:
    """Write via a private temp file beside ``target``, fsync, then replace.

    A reader (or a crash) sees the old file or the new one, never half of one.
    """
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, mode)
    try:
        with _closing_fd(fd) as handle:
            view = memoryview(content)
            while view:
                written = os.write(handle, view)
                view = view[written:]
            os.fsync(handle)
        if os.name == "posix":
            # Under an unusual umask the create mode may be cut; ask again plainly.
            os.chmod(temp, mode)
        replace_with_retry(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_folder(target.parent)


@contextlib.contextmanager
def _closing_fd(fd: int) -> Iterator[int]:
    try:
        yield fd
    finally:
        os.close(fd)


def replace_with_retry(source: Path, target: Path, *, attempts: int = 10) -> None:
    """``os.replace``, retried briefly: on Windows a virus scanner or sync client
    may hold the target open for a moment."""
    for attempt in range(attempts):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def fsync_folder(folder: Path) -> None:
    """Make a rename durable on POSIX; Windows has no folder handles to sync."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
