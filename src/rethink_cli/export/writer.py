"""Write exported files, all or nothing, with messages a facilitator can act on.

A set of files (a session's, a review's, a render's) goes into a folder of its
own inside the chosen folder, named for the meeting, e.g. ``2026-11-26_PN-4471/``.
It is written hidden and renamed into place in one step, so at every instant
the folder is either there with every file or not there at all: a kill, a
full disk or a failure part-way leaves nothing that looks like an export.
A single file is put in place just as whole, and never over one that exists.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
from dataclasses import dataclass
from pathlib import Path

from rethink_cli.core.errors import ExportError
from rethink_cli.export import folder_set
from rethink_cli.export.filenames import MAX_COMPONENT, safe_component
from rethink_cli.export.long_paths import check_fits
from rethink_cli.storage.atomic import fsync_folder


@dataclass(frozen=True)
class OutputFile:
    name: str
    content: str


class AlreadyExported(ExportError):
    """The folder or file is there already (or appeared while writing); it was left alone."""

    def __init__(self, message: str, *, target: Path) -> None:
        super().__init__(message)
        self.target = target


def export_folder_name(
    day: dt.date, case_reference: str, kind: str | None = None, *, width: int = MAX_COMPONENT
) -> str:
    """``<YYYY-MM-DD>_<case>`` (a session's set), or ``..._<kind>`` for any other set.

    The case reference is cut to ``width``, as in the names of the files inside.
    """
    if kind is not None and safe_component(kind, fallback="export") != kind:
        raise ValueError(f"kind {kind!r} is not a safe folder name part")
    case = safe_component(case_reference, fallback="case", width=width)
    # Formatted by hand, as the file names are: no ':' can come along.
    name = f"{day.year:04d}-{day.month:02d}-{day.day:02d}_{case}"
    return f"{name}_{kind}" if kind else name


def write_file_set(
    out: Path,
    folder_name: str,
    files: list[OutputFile],
    *,
    force: bool = False,
    same_is_done: bool = False,
) -> list[Path]:
    """Write ``files`` as the folder ``out/folder_name``, all at once or not at all.

    An existing folder is refused, or with ``force`` replaced whole (the old one
    is put back if the new one cannot go in). With ``same_is_done``, a folder
    already holding exactly these files counts as written: a retry after a kill
    that came just after the rename then finishes instead of being refused.
    """
    check_folder(out)
    # Before anything is written: a path too long for the system would fail part-way.
    check_fits(out, folder_name, [f.name for f in files])
    target = out / folder_name
    paths = [target / f.name for f in files]
    replacing = os.path.lexists(target)
    if replacing:
        if same_is_done and _holds(target, files):
            return paths
        if not force:
            raise AlreadyExported(
                f"Already exported to {target}. Use --force to replace it, "
                "or choose another folder with --out.",
                target=target,
            )
        if not folder_set.is_real_folder(target):
            raise ExportError(
                f"{target} is not a folder of exported files, so it was left alone. "
                "Move it away, or choose another folder with --out."
            )
    # True whenever a failure below is reported: nothing visible has changed.
    unchanged = (
        f"Nothing was written; {target} is as it was." if replacing else "Nothing was written."
    )
    staging = _staging_folder(out, unchanged)
    folder_set.clean_leftovers(out, mine=staging)
    try:
        _fill_staging(staging, files, out, unchanged)
        if replacing:
            _replace(staging, target, out)
        else:
            _move_in(staging, target, out)
    finally:
        # After a move nothing is left here; after a swap, the old set; after a failure,
        # the part written. Hidden either way, and cleared by a later export if not now.
        folder_set.remove_tree(staging)
    fsync_folder(out)
    return paths


def write_one_file(
    out: Path, output: OutputFile, *, force: bool = False, same_is_done: bool = False
) -> Path:
    """Write one file into ``out``: never over an existing file unless ``force``.

    The file is written under a hidden name, then linked to its own, which fails
    if that name was taken after the check: whatever took it is left alone.
    """
    check_folder(out)
    check_fits(out, None, [output.name])
    target = out / output.name
    content = output.content.encode("utf-8")
    if os.path.lexists(target):
        if same_is_done and _same_bytes(target, content):
            return target
        if not force:
            raise AlreadyExported(
                f"{target} already exists. Use --force to replace it, or choose another folder.",
                target=target,
            )
    try:
        temp = folder_set.new_temp_file(out, content)
    except OSError as error:
        raise ExportError(f"{describe_os_error(error, out)} Nothing was written.") from None
    folder_set.clean_leftovers(out, mine=temp)
    try:
        if force:
            # A rename replaces in one step: a reader sees the old file or the new.
            os.replace(temp, target)
        else:
            folder_set.link_file_in(temp, target)
    except FileExistsError:
        raise _appeared(target) from None
    except OSError as error:
        raise ExportError(f"{describe_os_error(error, out)} Nothing was written.") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    fsync_folder(out)
    return target


def check_folder(folder: Path) -> None:
    if not folder.exists():
        raise ExportError(f"The folder {folder} does not exist. Create it or choose another.")
    if not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder. Choose a folder with --out.")


def describe_os_error(error: OSError, folder: Path) -> str:
    """What went wrong and what to do, in words, never a traceback.

    It claims nothing about what was kept: the caller knows, and says so.
    """
    if error.errno == errno.ENOSPC:
        return f"The disk holding {folder} is full. Free some space or choose another folder."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Cannot write to {folder}: it is read-only or not yours. Choose another folder."
    if error.errno == errno.ENOENT:
        return f"The folder {folder} does not exist any more. Choose another folder."
    reason = error.strerror or "an unknown error"
    return f"Could not write to {folder}: {reason}."


def _staging_folder(out: Path, unchanged: str) -> Path:
    try:
        return folder_set.new_staging_folder(out)
    except OSError as error:
        raise ExportError(f"{describe_os_error(error, out)} {unchanged}") from None


def _fill_staging(staging: Path, files: list[OutputFile], out: Path, unchanged: str) -> None:
    try:
        for output in files:
            folder_set.put_file(staging / output.name, output.content.encode("utf-8"))
        fsync_folder(staging)
    except OSError as error:
        raise ExportError(f"{describe_os_error(error, out)} {unchanged}") from None


def _move_in(staging: Path, target: Path, out: Path) -> None:
    try:
        folder_set.move_folder_in(staging, target)
    except FileExistsError:
        raise _appeared(target) from None
    except OSError as error:
        raise ExportError(f"{describe_os_error(error, out)} Nothing was written.") from None


def _replace(staging: Path, target: Path, out: Path) -> None:
    """The new set in, the old one out: swapped in one step where the system can."""
    try:
        if folder_set.swap_folders(staging, target):
            return
    except FileNotFoundError:
        # The old folder went away after the check: there is nothing to replace.
        _move_in(staging, target, out)
        return
    except OSError as error:
        raise ExportError(
            f"{describe_os_error(error, out)} Nothing was written; {target} is as it was."
        ) from None
    _replace_in_two_steps(staging, target, out)


def _replace_in_two_steps(staging: Path, target: Path, out: Path) -> None:
    """Old set aside (hidden), new set in, old set deleted; the old one back on failure.

    For a moment neither is visible: never a mixture of the two.
    """
    aside = staging.with_name(staging.name.removesuffix(".partial") + ".old")
    try:
        folder_set.move_folder_in(target, aside)
    except OSError as error:
        raise ExportError(
            f"{describe_os_error(error, out)} Nothing was written; {target} is as it was."
        ) from None
    try:
        folder_set.move_folder_in(staging, target)
    except BaseException as failure:
        _put_back(aside, target, out, failure)
        raise
    folder_set.remove_tree(aside)


def _put_back(aside: Path, target: Path, out: Path, failure: BaseException) -> None:
    """After a failed replacement: the old set back in its place, or a true word on where."""
    try:
        folder_set.move_folder_in(aside, target)
    except OSError:
        raise ExportError(
            f"Could not replace {target}. The earlier files are in {aside}: "
            f"rename that folder to {target.name} to have them back."
        ) from None
    if isinstance(failure, FileExistsError):
        raise _appeared(target) from None
    if isinstance(failure, OSError):
        raise ExportError(
            f"{describe_os_error(failure, out)} Nothing was written; {target} is as it was."
        ) from None


def _appeared(target: Path) -> AlreadyExported:
    return AlreadyExported(
        f"{target} appeared while the files were being written, and was left as it is. "
        "Choose another folder with --out.",
        target=target,
    )


def _holds(folder: Path, files: list[OutputFile]) -> bool:
    """Whether ``folder`` already holds every one of ``files``, byte for byte."""
    if not folder_set.is_real_folder(folder):
        return False
    return all(_same_bytes(folder / f.name, f.content.encode("utf-8")) for f in files)


def _same_bytes(path: Path, content: bytes) -> bool:
    try:
        return not path.is_symlink() and path.is_file() and path.read_bytes() == content
    except OSError:
        return False
