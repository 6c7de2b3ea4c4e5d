"""``rethink actions``: check and render an exported record."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rethink_cli.cli.options import CalendarWordingOpt

if TYPE_CHECKING:
    from rethink_cli.export.long_paths import Placement
    from rethink_cli.export.writer import OutputFile

actions_app = typer.Typer(
    help=(
        "Check an exported record, write its files again, or delete this computer's "
        "copies once they have been handed over."
    ),
    no_args_is_help=True,
)


@actions_app.command("check")
def check(
    record_file: Annotated[
        Path, typer.Argument(metavar="RECORD", help="A rethink-actions/1 TOML record.")
    ],
) -> None:
    """Check a record file and list every problem, one a line."""
    # Then anything that looks odd but is allowed, as warnings: the record is still valid.
    from rethink_cli.formats.record_warnings import record_warnings
    from rethink_cli.formats.toml import load_record

    record = load_record(record_file)
    warnings = record_warnings(record)
    noted = f" ({_count(len(warnings), 'warning')})" if warnings else ""
    typer.echo(
        f"{record_file} is a valid record: {len(record.actions)} actions, "
        f"{len(record.agencies())} agencies{noted}."
    )
    # On stdout: they are part of the check's own report, and it still passes (exit 0).
    _say_warnings(warnings, err=False)


@actions_app.command("render")
def render(
    record_file: Annotated[
        Path, typer.Argument(metavar="RECORD", help="A rethink-actions/1 TOML record.")
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=(
                "md (Markdown), text (no marks), toml (the record) or ics "
                "(due dates and the review as calendar events)."
            ),
            metavar="md|text|toml|ics",
        ),
    ] = "md",
    agency: Annotated[
        # Named, not left to Typer: before 0.28 it named the option after the metavar.
        str | None,
        typer.Option("--agency", metavar="AGENCY", help="Write only this agency's file."),
    ] = None,
    out: Annotated[
        Path,
        typer.Option("--out", metavar="FOLDER", help="Folder to write into.", file_okay=False),
    ] = Path("."),
    force: Annotated[
        bool, typer.Option("--force", help="Replace files that already exist.")
    ] = False,
    calendar_wording: CalendarWordingOpt = False,
) -> None:
    """Write the exports again from a record."""
    from rethink_cli.core.errors import InvalidInputError
    from rethink_cli.core.privacy import CALENDAR_WORDING_WARNING
    from rethink_cli.export.bundle import FORMATS, build_exports, render_placement
    from rethink_cli.formats.record_warnings import record_warnings
    from rethink_cli.formats.toml import load_record

    if fmt not in FORMATS:
        raise InvalidInputError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}.")
    if calendar_wording and fmt != "ics":
        raise InvalidInputError("--calendar-wording goes with --format ics only.")
    record = load_record(record_file)
    # Names cut where a path would be too long, or refused before anything is made.
    placed = render_placement(record, out, fmt, agency)
    files = build_exports(
        record, fmt, agency=agency, calendar_wording=calendar_wording, width=placed.width
    )
    for path in _write(out, files, placed, force=force):
        typer.echo(f"Wrote {path}")
    # On stderr: stdout lists only the files written, for a script to read.
    _say_warnings(record_warnings(record), err=True)
    if calendar_wording:
        typer.echo(CALENDAR_WORDING_WARNING, err=True)


@actions_app.command("handed-over")
def handed_over(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="FOLDER", help="The meeting's folder of files, with its record in it."
        ),
    ],
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="NAME",
            help="Who received the files (default: the record's Lead Professional).",
        ),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="They have the files: delete without asking."),
    ] = False,
) -> None:
    """Once the files are handed over: delete this computer's copies of them."""
    from rethink_cli.app.handover import asking_prompter, hand_over, plan_hand_over

    plan = plan_hand_over(folder, to)
    # Asked for before anything is shown: without a terminal there is no one to answer.
    prompter = None if yes else asking_prompter()
    for line in plan.lines():
        typer.echo(line)
    typer.echo(hand_over(plan, prompter))


def _write(
    out: Path, files: "list[OutputFile]", placed: "Placement[str | None]", *, force: bool
) -> list[Path]:
    """A single file straight into ``out``; a set (md or text: all actions and a file
    per agency) as one folder named for the meeting and its format
    (``2026-11-26_PN-4471_md/``), which appears whole or not at all.

    The format is in the name so that a render never meets, let alone replaces
    with --force, the folder a session wrote with the record in it.
    """
    from rethink_cli.export.writer import write_file_set, write_one_file

    if placed.folder is None:
        return [write_one_file(out, output, force=force) for output in files]
    return write_file_set(out, placed.folder, files, force=force)


def _say_warnings(warnings: list[str], *, err: bool) -> None:
    from rethink_cli.core.plaintext import make_visible

    for warning in warnings:
        typer.echo(f"Warning: {make_visible(warning)}", err=err)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
