"""Write a set of exported files, all or nothing, with messages a facilitator can act on."""

from __future__ import annotations

import contextlib
import errno
from dataclasses import dataclass
from pathlib import Path

from rethink_cli.core.errors import ExportError
from rethink_cli.storage.atomic import write_atomic


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
