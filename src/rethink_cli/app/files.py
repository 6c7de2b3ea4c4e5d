"""The files a finished session writes: the record and its exports, and the calendar.

They go into one folder of their own inside the chosen one, named for the
meeting (``2026-11-26_PN-4471/``), which appears whole or not at all. Where a
path would be too long for the system (Windows), the case and agency parts of
the names are cut, the same way every time (``export.long_paths``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.core.errors import ExportError

if TYPE_CHECKING:
    from rethink_cli.core.session import SessionState


def write_session_files(state: SessionState, folder: Path) -> list[Path]:
    """A finished session's files: the record, all actions, one per agency.

    A resumed session that was killed just after its files went in finds them
    there, exactly as it would write them: that counts as written, so the
    session can always finish. A folder too deep for the system to hold them is
    refused (ExportError) before anything is written.
    """
    from rethink_cli.export.bundle import session_exports, session_placement
    from rethink_cli.export.writer import AlreadyExported, write_file_set
    from rethink_cli.formats.session_record import session_record

    record = session_record(state)
    placed = session_placement(record, folder)
    files = session_exports(record, width=placed.width)
    try:
        return write_file_set(folder, placed.folder, files, same_is_done=True)
    except AlreadyExported as error:
        raise ExportError(f"This meeting's files are already in {error.target}.") from None


def write_calendar_file(state: SessionState, folder: Path, *, wording: bool = False) -> list[Path]:
    """The due dates and the review as all-day calendar events, in the meeting's folder.

    Without ``wording`` an action's event gives only the case reference, the
    action's number, its owner and its date: calendars sync to phones.
    """
    from rethink_cli.export.bundle import build_exports, session_placement
    from rethink_cli.export.writer import AlreadyExported, write_one_file
    from rethink_cli.formats.session_record import session_record

    record = session_record(state)
    # The same placement as the session's files: the same folder, names as wide.
    placed = session_placement(record, folder)
    (calendar,) = build_exports(record, "ics", calendar_wording=wording, width=placed.width)
    try:
        return [write_one_file(folder / placed.folder, calendar, same_is_done=True)]
    except AlreadyExported as error:
        raise ExportError(f"A different calendar file is already at {error.target}.") from None
