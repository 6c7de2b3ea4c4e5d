"""``rethink review``: at the review date, go through each agreed action."""

from pathlib import Path
from typing import Annotated

import typer


def review(
    ctx: typer.Context,
    record_file: Annotated[Path, typer.Argument(help="A rethink-actions/1 TOML record.")],
    # None when not given: a resumed review then writes where it was meant to.
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder to write the review into.", file_okay=False),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Review date, day first, e.g. 8/1/2027 (default today)."),
    ] = None,
) -> None:
    """At the review date: what became of each action, new dates, and whether still stuck."""
    from rethink_cli.app.clock import clock_of
    from rethink_cli.app.review import review_record

    for path in review_record(record_file, out, date, clock_of(ctx.obj)):
        typer.echo(f"Wrote {path}")
