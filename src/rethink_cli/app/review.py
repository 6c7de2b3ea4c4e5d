"""``rethink review``: at the review date, go through each agreed action of a record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rethink_cli.core.errors import ExportError, InvalidInputError, UsageError

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from rethink_cli.core.clock import Clock
    from rethink_cli.formats.record import Record


def review_record(record_file: Path, out: Path, date_text: str | None, clock: Clock) -> list[Path]:
    """Ask about each action, then write the review record and a file per agency."""
    from rethink_cli.app.terminal import require_terminal

    require_terminal("review")
    from rethink_cli.dialogs.review import run_review
    from rethink_cli.export.review import review_exports
    from rethink_cli.export.writer import write_new_files
    from rethink_cli.formats.toml import load_record
    from rethink_cli.ui.prompter import TerminalPrompter

    review_date = _review_date(date_text, clock)
    record = load_record(record_file)
    _check_before_asking(record, review_date, out)
    result = run_review(record, TerminalPrompter(), review_date)
    try:
        return write_new_files(out, review_exports(record, result))
    except ExportError as error:
        raise ExportError(
            f"{error.message} Nothing was saved; run the review again to write it."
        ) from None


def _review_date(date_text: str | None, clock: Clock) -> dt.date:
    from rethink_cli.core.dates import DateError, parse_date

    today = clock.today()
    if date_text is None:
        return today
    try:
        return parse_date(date_text, today=today)
    except DateError as error:
        raise InvalidInputError(f"--date: {error}") from None


def _check_before_asking(record: Record, review_date: dt.date, out: Path) -> None:
    """Everything that could refuse the review, checked so no answer is typed in vain."""
    from rethink_cli.core.dates import format_long
    from rethink_cli.export.review import review_file_names

    if review_date <= record.meeting.date:
        raise InvalidInputError(
            f"--date: the review ({format_long(review_date)}) must come after the meeting "
            f"({format_long(record.meeting.date)})."
        )
    if not out.is_dir():
        raise UsageError(f"--out: the folder {out} does not exist.")
    existing = [n for n in review_file_names(record, review_date).values() if (out / n).exists()]
    if existing:
        raise ExportError(
            f"A review of this record on {format_long(review_date)} is already in {out}: "
            f"{', '.join(existing)}. Choose another folder with --out."
        )
