"""The program's own private folder for saved state: made 0700 by it, or checked and refused.

RETHINK_STATE_DIR (or the platform's state folder) says where; the program keeps
its files in a ``sessions`` folder of its own inside. It changes the mode only of
folders it makes: a shared folder it was pointed at (a 1777 ``/tmp``) is left as
it is. Its own folder is refused, in one line, when another user owns it, others
can write to it, or it is a symbolic link: files there could be planted, read or
swapped by someone else. A link's target is never touched.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from rethink_cli.core.errors import RethinkError

FOLDER_MODE = 0o700
# Said after every refusal: the one setting that moves the folder.
_HINT = "Set RETHINK_STATE_DIR to a private folder of your own."

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class StateFolderError(RethinkError):
    """The state folder cannot be used: not private, or not writable (exit 1, a failure)."""


def ensure_private_folder(folder: Path) -> Path:
    """``folder``, made now (with each missing parent, all 0700) or checked to be private.

    Raises StateFolderError, in one line naming RETHINK_STATE_DIR, when it cannot be.
    """
    try:
        _make_missing(folder)
        _check_own(folder)
    except OSError as error:
        reason = (error.strerror or "cannot be used").rstrip(".").lower()
        raise StateFolderError(
            f"The state folder {folder} cannot be created or opened ({reason}). {_HINT}"
        ) from None
    if not _writable(folder):
        raise StateFolderError(f"The state folder {folder} cannot be written to. {_HINT}")
    return folder


def _make_missing(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each private, from the top down."""
    missing: list[Path] = []
    level = folder
    while not os.path.lexists(level) and level != level.parent:
        missing.append(level)
        level = level.parent
    for path in reversed(missing):
        _make_private_dir(path)


def _make_private_dir(path: Path) -> None:
    try:
        os.mkdir(path, FOLDER_MODE)
    except FileExistsError:
        return  # made by someone else meanwhile: not ours to change (checked later if it is ours)
    if os.name == "posix":
        # mkdir's mode is cut by the umask (under umask 077 to 0700, under 0777 to 0000):
        # set it plainly, through the folder just made, never through a link put in its place.
        fd = os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
        try:
            os.fchmod(fd, FOLDER_MODE)
        finally:
            os.close(fd)


def _check_own(folder: Path) -> None:
    """Refuse the program's own folder unless it is a real folder, ours, that only we can change."""
    if os.name != "posix":
        if folder.is_symlink() or not folder.is_dir():
            raise StateFolderError(_refusal(folder, "is not a plain folder"))
        return
    try:
        fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    except OSError:
        if os.path.islink(folder):
            raise StateFolderError(_refusal(folder, "is a symbolic link")) from None
        if os.path.lexists(folder) and not os.path.isdir(folder):
            raise StateFolderError(_refusal(folder, "is not a folder")) from None
        raise
    try:
        _check_opened(fd, folder)
    finally:
        os.close(fd)


def _check_opened(fd: int, folder: Path) -> None:
    info = os.fstat(fd)
    if info.st_uid != current_user():
        raise StateFolderError(_refusal(folder, "belongs to another user"))
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o022:
        raise StateFolderError(_refusal(folder, f"can be changed by other users (mode {mode:o})"))
    if mode != FOLDER_MODE:
        # Ours, and only we can write to it: others need not even read the sessions' names.
        os.fchmod(fd, FOLDER_MODE)


def _refusal(folder: Path, why: str) -> str:
    return f"The state folder {folder} {why}, so rethink will not keep sessions there. {_HINT}"


def current_user() -> int:
    """The user the program runs as (a seam: tests play another user without chown)."""
    return os.getuid()


def _writable(folder: Path) -> bool:
    """Whether new files can be made in ``folder`` (a read-only disk says no, even to root)."""
    return os.access(folder, os.W_OK | os.X_OK)
