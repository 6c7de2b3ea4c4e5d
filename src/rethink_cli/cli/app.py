"""The ``rethink`` command: thin Typer commands, and the one place errors become exit codes.

Only typer and the standard library are imported at start-up, so ``--help`` and
``--version`` stay fast. Each command imports what it needs when it runs.
"""

import contextlib
import errno
import os
import sys
from typing import Annotated, NoReturn

import typer

from rethink_cli import __version__
from rethink_cli.app.clock import SystemClock
from rethink_cli.cli.actions import actions_app
from rethink_cli.cli.agreement import agreement_app
from rethink_cli.cli.config import config_app
from rethink_cli.cli.guide import guide
from rethink_cli.cli.plan import plan
from rethink_cli.cli.review import review
from rethink_cli.cli.session import session_app
from rethink_cli.core.clock import Clock
from rethink_cli.core.errors import ExitCode, RethinkError

app = typer.Typer(
    name="rethink",
    help=(
        "A calm guide for facilitators of Re-think sessions: the nine steps, fair timing, "
        "and only the agreed actions leave the room."
    ),
    no_args_is_help=True,
    # A projected screen must never show a traceback with the case details in it.
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(session_app, name="session")
app.add_typer(actions_app, name="actions")
app.command("plan")(plan)
app.add_typer(config_app, name="config")
app.command("review")(review)
app.command("guide")(guide)
app.add_typer(agreement_app, name="agreement")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"rethink {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """A calm guide for facilitators of Re-think sessions."""


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the CLI and map every outcome to one of the documented exit codes."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None, *, clock: Clock | None = None) -> int:
    """The CLI as a function: returns the exit code, prints errors as single lines.

    ``clock`` is the one clock every command reads (tests pass a fixed one); it
    reaches the commands as Click's context object.
    """
    _usable_streams()
    command = typer.main.get_command(app)
    try:
        result = command.main(
            args=argv, prog_name="rethink", standalone_mode=False, obj=clock or SystemClock()
        )
        # Now, inside the handlers below, not at exit, where a full disk is a traceback.
        _flush_output()
    except SystemExit as stop:
        # Click's own answer to a broken pipe: it has quietened the streams already.
        return stop.code if isinstance(stop.code, int) else ExitCode.FAILURE
    except KeyboardInterrupt:
        return _stopped()
    except Exception as error:
        return _explained(error)
    if result == ExitCode.INTERRUPTED:
        # Typer turns Ctrl-C outside a session into a bare 130: say so, calmly.
        return _stopped()
    return result if isinstance(result, int) else ExitCode.OK


def _explained(error: Exception) -> int:
    """The exit code for ``error``, said in one line (never a traceback, unless debugging)."""
    if isinstance(error, typer.TyperException):
        return _usage_error(error)
    if isinstance(error, typer.Abort):
        return _stopped()
    if isinstance(error, RethinkError):
        _say_rethink_error(error)
        return error.exit_code
    if _output_lost(error):
        return _say_output_lost(error)
    if os.environ.get("RETHINK_DEBUG") == "1":
        raise error
    _say_error(
        "Something unexpected went wrong and rethink stopped. "
        "Set RETHINK_DEBUG=1 to see the details (not on a shared screen)."
    )
    return ExitCode.FAILURE


def _usage_error(error: typer.TyperException) -> int:
    """Usage errors (exit 2) and the like: Typer's own one-paragraph message.

    Whatever was typed in it (a command name, an option's value) is made visible first.
    """
    from typer import rich_utils

    from rethink_cli.core.plaintext import make_visible

    message = getattr(error, "message", None)
    if isinstance(message, str):
        error.message = make_visible(message)
    with contextlib.suppress(OSError):
        rich_utils.rich_format_error(error)  # type: ignore[arg-type]
    return int(getattr(error, "exit_code", ExitCode.BAD_INPUT))


def _stopped() -> int:
    with contextlib.suppress(OSError):
        typer.echo("Stopped.", err=True)
    return ExitCode.INTERRUPTED


# The output went nowhere: a reader that stopped reading (``| head``) or a full disk.
_OUTPUT_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _usable_streams() -> None:
    """Output that can always be written, whatever the terminal or locale.

    Under cp1252 (Git Bash, a legacy Windows console) or a true ASCII locale
    (LC_ALL=C, no UTF-8 mode) Python's stdout refuses "●" or "✓", and Rich would
    stop the first page with a traceback: each character the console cannot show
    becomes a like-looking plain one instead (ui.glyphs). A closed stdout or
    stderr (``1>&-``) becomes a sink, so saying something never fails.
    """
    from rethink_cli.ui.glyphs import use_stand_ins

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
            continue
        use_stand_ins(stream)


def _flush_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()


def _output_lost(error: BaseException) -> bool:
    # Files are written through export.writer and storage, which explain their own
    # failures; a bare one of these at the top is the output itself.
    return isinstance(error, OSError) and error.errno in _OUTPUT_ERRNOS


def _say_output_lost(error: BaseException) -> int:
    """Stop writing to an output that cannot take it, say so once, and fail (exit 1).

    Whatever the command did (files written) stands; only its report was lost.
    No traceback, and none at exit either: stdout is pointed at the null device.
    """
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    if isinstance(error, OSError) and error.errno != errno.EPIPE:
        # A reader that stopped reading meant to; a full disk is worth one line.
        reason = (error.strerror or "it failed").lower()
        _say_error(f"Could not write the output: {reason}. Anything already done stands.")
    return ExitCode.FAILURE


def _say_rethink_error(error: RethinkError) -> None:
    """A known problem: one line (red only when it is an error), then any details."""
    from rethink_cli.core.plaintext import make_visible

    if error.is_error:
        _say_error(make_visible(error.message))
    else:
        with contextlib.suppress(OSError):
            typer.echo(make_visible(error.message), err=True)
    with contextlib.suppress(OSError):
        for detail in error.details:
            typer.echo(f"  {make_visible(detail)}", err=True)


def _say_error(message: str) -> None:
    # After SIGHUP the terminal is gone: failing to say so must not become a traceback.
    with contextlib.suppress(OSError):
        if os.environ.get("NO_COLOR"):
            # no-color.org: any value but empty asks for no colour codes at all.
            typer.echo(f"Error: {message}", err=True)
        else:
            typer.secho(f"Error: {message}", err=True, fg="red")
