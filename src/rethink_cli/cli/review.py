"""``rethink review``: at the review date, go through each agreed action."""

from pathlib import Path
from typing import Annotated

import typer


def review(
    ctx: typer.Context,
    record_file: Annotated[Path, typer.Argument(help="A rethink-actions/1 TOML record.")],
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write the review into.", file_okay=False)
    ] = Path("."),
    date: Annotated[
        str | None,
        typer.Option("--date", help="Review date, day first, e.g. 8/1/2027 (default today)."),
    ] = None,
) -> None:
    """At the review date: done, partly, not done or no longer needed, and new dates."""
    from rethink_cli.app.terminal import require_terminal

    require_terminal("review")

    from rethink_cli.app.clock import clock_of
    from rethink_cli.core.dates import DateError, format_long, parse_date
    from rethink_cli.core.errors import ExportError, InvalidInputError, UsageError
    from rethink_cli.dialogs.review import run_review
    from rethink_cli.export.review import review_exports, review_file_names
    from rethink_cli.export.writer import write_new_files
    from rethink_cli.formats.toml import load_record

    today = clock_of(ctx.obj).today()
    if date is None:
        review_date = today
    else:
        try:
            review_date = parse_date(date, today=today)
        except DateError as error:
            raise InvalidInputError(f"--date: {error}") from None
    record = load_record(record_file)
    if review_date <= record.meeting.date:
        raise InvalidInputError(
            f"--date: the review ({format_long(review_date)}) must come after the meeting "
            f"({format_long(record.meeting.date)})."
        )
    # Checked before any question, so no answer is typed in vain.
    if not out.is_dir():
        raise UsageError(f"--out: the folder {out} does not exist.")
    existing = [n for n in review_file_names(record, review_date).values() if (out / n).exists()]
    if existing:
        raise ExportError(
            f"A review of this record on {format_long(review_date)} is already in {out}: "
            f"{', '.join(existing)}. Choose another folder with --out."
        )

    from rethink_cli.ui.prompter import TerminalPrompter

    result = run_review(record, TerminalPrompter(), review_date)
    try:
        written = write_new_files(out, review_exports(record, result))
    except ExportError as error:
        raise ExportError(
            f"{error.message} Nothing was saved; run the review again to write it."
        ) from None
    for path in written:
        typer.echo(f"Wrote {path}")
