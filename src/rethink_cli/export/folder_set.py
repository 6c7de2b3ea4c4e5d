"""Putting a set of files, or one file, in place so nobody ever sees part of it.

A set is written into a hidden staging folder beside its final place, synced,
and then renamed into place in one step: a folder rename is atomic, so the
finished folder appears whole or not at all, whatever kills the process. A
single file is linked into place, which, unlike a rename, fails if anything
already has its name.

Every rename here refuses to replace what is at the target, unless asked to
swap: whatever appeared after the caller checked (another rethink, a sync
client, a person) is left exactly as it is.

Staging names carry the writer's process id, so a later export can tell what a
killed export left behind (the process is gone) from one still under way.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

_PREFIX = ".rethink-"
# "partial": a set being written (or, after a swap, the old set on its way out);
# "tmp": a single file being written. Both are deleted once their writer is gone.
# An ".old" folder (an earlier set moved aside by --force where the system cannot
# swap) is not: if it could not be put back, it is the only copy of those files.
_LEFTOVER = re.compile(r"\.rethink-(\d+)-[a-z0-9_]+\.(partial|tmp)")
# The longest names new_staging_folder and new_temp_file can give, in any process:
# a process id has at most 10 digits (32 bits) and tempfile adds 8 random characters.
# A bound, not this process's own length, so names chosen to fit them are the same
# on every run.
STAGING_NAME_MAX = len(f"{_PREFIX}{'9' * 10}-{'x' * 8}.partial")
TEMP_NAME_MAX = len(f"{_PREFIX}{'9' * 10}-{'x' * 8}.tmp")
# A staging folder's time changes as each file lands in it: one this old is
# not being written by anyone, whoever made it.
STALE_SECONDS = 10 * 60

# renameat2(2) flags (linux/fs.h) and renamex_np(2) flags (macOS stdio.h).
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_MAC_RENAME_SWAP = 2
_MAC_RENAME_EXCL = 4
_AT_FDCWD = -100
# What a kernel, a C library or a file system says when it lacks the call or
# the flag: then the portable way is taken instead.
_UNSUPPORTED = frozenset(
    code
    for code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", None))
    if code is not None
)


def new_staging_folder(out: Path) -> Path:
    """A private (0700), hidden, uniquely named folder inside ``out``."""
    return Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", suffix=".partial", dir=out))


def put_file(path: Path, content: bytes) -> None:
    """Create ``path`` (never over anything), private, with ``content`` on disk."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    _fill(os.open(path, flags, 0o600), content)


def new_temp_file(out: Path, content: bytes) -> Path:
    """A hidden, private file in ``out`` holding ``content``, synced to disk."""
    fd, name = tempfile.mkstemp(prefix=f"{_PREFIX}{os.getpid()}-", suffix=".tmp", dir=out)
    try:
        _fill(fd, content)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def _fill(fd: int, content: bytes) -> None:
    """Write all of ``content`` to a new file, make it private and durable, close it."""
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
        if os.name == "posix":
            # An unusual umask may have cut the mode: ask for it plainly.
            os.fchmod(fd, 0o600)
        os.fsync(fd)
    finally:
        os.close(fd)


def move_folder_in(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``; FileExistsError if anything is at ``target``."""
    if _rename_special(staging, target, exchange=False):
        return
    if os.name == "nt":
        # Windows never lets a rename replace an existing file or folder.
        os.rename(staging, target)
        return
    # POSIX rename replaces an empty folder, so claim the name first: mkdir fails
    # if anything has it. Should something land in the claimed folder meanwhile,
    # the rename fails (not empty) and that something stays.
    os.mkdir(target, 0o700)
    try:
        os.rename(staging, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.rmdir(target)
        if error.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR):
            raise FileExistsError(errno.EEXIST, "appeared while writing", str(target)) from None
        raise


def link_file_in(temp: Path, target: Path) -> None:
    """Give ``temp``'s content the name ``target``; FileExistsError if it is taken."""
    try:
        os.link(temp, target)
        return
    except FileExistsError:
        raise
    except OSError as error:
        # Some file systems (FAT, some network shares) have no hard links.
        if error.errno not in _UNSUPPORTED | {errno.EPERM, errno.EXDEV}:
            raise
    if _rename_special(temp, target, exchange=False):
        return
    if os.name == "nt":
        os.rename(temp, target)
        return
    # The last resort keeps only a moment's window between look and rename.
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "already there", str(target))
    os.rename(temp, target)


def swap_folders(staging: Path, target: Path) -> bool:
    """Exchange the two names in one step, where the system can; False if it cannot."""
    return _rename_special(staging, target, exchange=True)


def remove_tree(path: Path) -> bool:
    """Delete a folder (or file) this program made; True if it is gone."""
    try:
        if not is_real_folder(path):
            path.unlink()
            return True
        try:
            shutil.rmtree(path)
        except OSError:
            # rmtree opens the folder to walk it safely, which a folder we may not
            # open refuses; the flat folders written here need no walk.
            _remove_flat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _remove_flat(folder: Path) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            os.unlink(entry.path)
    os.rmdir(folder)


def is_real_folder(path: Path) -> bool:
    """A folder, not a link to one: replacing it would delete only what is inside."""
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def clean_leftovers(out: Path, *, mine: Path) -> None:
    """Delete what a killed export left in ``out``: hidden, and never a complete set.

    ``mine`` is this export's own staging folder or temp file, just made: kept,
    and its time is "now" by the folder's own clock (a network share's clock
    may differ from this computer's).
    """
    try:
        now = mine.lstat().st_mtime
        entries = list(os.scandir(out))
    except OSError:
        return
    for entry in entries:
        match = _LEFTOVER.fullmatch(entry.name)
        if match is None or entry.name == mine.name:
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if age < STALE_SECONDS and _still_writing(int(match.group(1))):
            continue
        remove_tree(Path(entry.path))


def _still_writing(pid: int) -> bool:
    """Whether process ``pid`` may still be writing its staging folder."""
    if pid == os.getpid():
        # This process writes one export at a time: its own leftovers are done with.
        return False
    if os.name != "posix":
        # No cheap, harmless liveness check (signal 0 does not exist there): age decides.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _rename_special(source: Path, target: Path, *, exchange: bool) -> bool:
    """renameat2 (Linux) or renamex_np (macOS) with no-replace or exchange.

    False when neither exists or the file system does not support the flag;
    any other failure is raised as the OSError it is.
    """
    call = _special_rename()
    if call is None:
        return False
    result, code = call(os.fsencode(source), os.fsencode(target), exchange)
    if result == 0:
        return True
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(source), None, str(target))


RenameCall = Callable[[bytes, bytes, bool], tuple[int, int]]


@functools.cache
def _special_rename() -> RenameCall | None:
    import ctypes
    import sys

    if os.name != "posix":
        return None
    try:
        # The running program's own symbols, the C library's among them.
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        renameat2 = libc.renameat2
        renameat2.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        renameat2.restype = ctypes.c_int

        def linux(source: bytes, target: bytes, exchange: bool) -> tuple[int, int]:
            flags = _RENAME_EXCHANGE if exchange else _RENAME_NOREPLACE
            result = renameat2(_AT_FDCWD, source, _AT_FDCWD, target, flags)
            return int(result), ctypes.get_errno()

        return linux
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        renamex_np = libc.renamex_np
        renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        renamex_np.restype = ctypes.c_int

        def mac(source: bytes, target: bytes, exchange: bool) -> tuple[int, int]:
            flags = _MAC_RENAME_SWAP if exchange else _MAC_RENAME_EXCL
            return int(renamex_np(source, target, flags)), ctypes.get_errno()

        return mac
    return None
