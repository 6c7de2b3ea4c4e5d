"""Keeping every path an export uses short enough for the system to hold.

Windows refuses a path of 260 characters or more (MAX_PATH) unless long paths
were switched on for the whole computer, and Explorer, Office and sync clients
refuse such paths even then. An export's names grow with the case reference
and the agencies' names, and its files are written inside a hidden staging
folder first, so in a deep folder they used to fail part-way with a baffling
"does not exist" error.

Where there is a limit, names are cut (the case reference and the agency
parts, never the date or the endings) to the widest of a few fixed widths at
which every path fits, the hidden ones included. The same names in the same
folder always get the same width. The widths being few and fixed, every name
rethink may have given a file is known: ``actions handed-over`` needs that.
When even the narrowest names do not fit, nothing is written and the message
says why.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from rethink_cli.core.errors import ExportError
from rethink_cli.export.filenames import MAX_COMPONENT, MIN_WIDTH
from rethink_cli.export.folder_set import STAGING_NAME_MAX, TEMP_NAME_MAX

# Under MAX_PATH (260, counting the drive and a closing NUL), with room to spare.
WINDOWS_PATH_LIMIT = 250
# The widths names are cut to, tried in turn: the first (no cut) wherever it fits.
WIDTHS = (MAX_COMPONENT, 32, MIN_WIDTH)


# The export's own folder's name; None when its files go straight into the chosen one.
Folder = TypeVar("Folder", bound=str | None)


@dataclass(frozen=True)
class Placement(Generic[Folder]):
    """Where an export goes inside the chosen folder, and how wide its names are."""

    folder: Folder
    width: int


def path_limit() -> int | None:
    """The longest full path the system safely holds, or None where length is no concern.

    Only Windows needs one: elsewhere a path may be thousands of characters long,
    and each name is already kept under the 255 bytes every file system allows.
    """
    return WINDOWS_PATH_LIMIT if sys.platform == "win32" else None


def fitted(out: Path, layout: Callable[[int], tuple[Folder, list[str]]]) -> Placement[Folder]:
    """The widest placement inside ``out`` at which every path the export uses fits.

    ``layout`` says what the export writes with its names cut to a width: its
    folder and its files' names.

    ExportError, before anything is written, when not even the narrowest does.
    """
    limit = path_limit()
    if limit is None:
        return Placement(layout(MAX_COMPONENT)[0], MAX_COMPONENT)
    for width in WIDTHS:
        folder, names = layout(width)
        if _longest(out, folder, names) < limit:
            return Placement(folder, width)
    narrowest_folder, narrowest_names = layout(WIDTHS[-1])
    raise _too_deep(out, _tail(narrowest_folder, narrowest_names), limit)


def check_fits(out: Path, folder: str | None, names: list[str]) -> None:
    """ExportError if writing ``names`` (into ``folder`` inside ``out``) needs too long a path."""
    limit = path_limit()
    if limit is not None and _longest(out, folder, names) >= limit:
        raise _too_deep(out, _tail(folder, names), limit)


def _longest(out: Path, folder: str | None, names: list[str]) -> int:
    return _length(_full(out)) + _tail(folder, names)


def _tail(folder: str | None, names: list[str]) -> int:
    """The longest part of a path the export uses below ``out``, separators included.

    A set's files are in the hidden staging folder before they are in their own;
    a single file (the calendar a session adds later too) has a hidden name first.
    """
    file = max([TEMP_NAME_MAX, *(_length(name) for name in names)])
    if folder is None:
        return 1 + file
    return 1 + max(STAGING_NAME_MAX, _length(folder)) + 1 + file


def _too_deep(out: Path, tail: int, limit: int) -> ExportError:
    return ExportError(
        f"The folder {_full(out)} is too deep for Windows to hold these files "
        f"(its path must be under {limit - tail} characters): choose a folder nearer "
        "the top, such as Documents. Nothing was written."
    )


def _full(out: Path) -> str:
    # The system counts the whole path, however it was given (``--out .`` too).
    return os.path.abspath(out)


def _length(text: str) -> int:
    # Windows counts UTF-16 units: a character beyond the Basic Multilingual Plane is two.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
