"""``rethink review``: at the review date, the review meeting, of a record or an earlier review."""

from pathlib import Path
from typing import Annotated

import typer


def review(
    ctx: typer.Context,
    record_file: Annotated[
        Path,
        typer.Argument(
            metavar="RECORD",
            help="A meeting's rethink-actions/1 record, or a rethink-review/2 review to "
            "review again.",
        ),
    ],
    # None when not given: a resumed review then writes where it was meant to.
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="FOLDER", help="Folder to write the review into.", file_okay=False
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="Review date, day first, e.g. 8/1/2027 (default today)."
        ),
    ] = None,
) -> None:
    """At the review date: who is here, each action, new actions, the next review."""
    from rethink_cli.app.clock import clock_of
    from rethink_cli.app.review import review_record

    for path in review_record(record_file, out, date, clock_of(ctx.obj)):
        typer.echo(f"Wrote {path}")
