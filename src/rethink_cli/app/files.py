"""The files a finished session writes: the record and its exports, and the calendar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rethink_cli.core.session import SessionState


def write_session_files(state: SessionState, folder: Path) -> list[Path]:
    """A finished session's files: the record, all actions, one per agency."""
    from rethink_cli.export.bundle import session_exports
    from rethink_cli.export.writer import write_new_files
    from rethink_cli.formats.session_record import session_record

    return write_new_files(folder, session_exports(session_record(state)))


def write_calendar_file(state: SessionState, folder: Path, *, wording: bool = False) -> list[Path]:
    """The due dates and the review as all-day calendar events.

    Without ``wording`` an action's event gives only the case reference, the
    action's number, its owner and its date: calendars sync to phones.
    """
    from rethink_cli.export.bundle import build_exports
    from rethink_cli.export.writer import write_new_files
    from rethink_cli.formats.session_record import session_record

    files = build_exports(session_record(state), "ics", calendar_wording=wording)
    return write_new_files(folder, files)
