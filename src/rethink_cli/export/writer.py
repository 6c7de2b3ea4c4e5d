"""Write files atomically, all or nothing, with messages a facilitator can act on."""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rethink_cli.core.errors import ExportError


@dataclass(frozen=True)
class OutputFile:
    name: str
    content: str


def write_new_files(folder: Path, files: list[OutputFile], *, force: bool = False) -> list[Path]:
    """Write every file into ``folder``, or none of them.

    Refuses to overwrite unless ``force``. If any write fails, the files this
    call created are removed again, so a half-written set never looks complete.
    """
    _check_folder(folder)
    targets = [folder / f.name for f in files]
    if not force:
        existing = [t.name for t in targets if t.exists()]
        if existing:
            raise ExportError(
                f"{_plural(len(existing), 'file')} already in {folder}: {', '.join(existing)}. "
                "Use --force to replace, or choose another folder with --out.",
            )
    created: list[Path] = []
    try:
        for target, output in zip(targets, files, strict=True):
            existed = target.exists()
            write_atomic(target, output.content.encode("utf-8"))
            if not existed:
                created.append(target)
    except OSError as error:
        for path in created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise ExportError(describe_os_error(error, folder)) from None
    return targets


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


def _check_folder(folder: Path) -> None:
    if not folder.exists():
        raise ExportError(f"The folder {folder} does not exist. Create it or choose another.")
    if not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder. Choose a folder with --out.")


def describe_os_error(error: OSError, folder: Path) -> str:
    """One line that says what went wrong and what to do, never a traceback."""
    if error.errno == errno.ENOSPC:
        return f"The disk holding {folder} is full. Free some space or choose another folder."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Cannot write to {folder}: it is read-only or not yours. Choose another folder."
    if error.errno == errno.ENOENT:
        return f"The folder {folder} does not exist any more. Choose another folder."
    reason = error.strerror or "an unknown error"
    return f"Could not write to {folder}: {reason}. Nothing was kept half-written."


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
