"""The ``rethink`` command: thin Typer commands, and the one place errors become exit codes.

Only typer and the standard library are imported at start-up, so ``--help`` and
``--version`` stay fast. Each command imports what it needs when it runs.
"""

import contextlib
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
    command = typer.main.get_command(app)
    try:
        result = command.main(
            args=argv, prog_name="rethink", standalone_mode=False, obj=clock or SystemClock()
        )
    except typer.TyperException as error:
        # Usage errors (exit 2) and the like: Typer's own one-paragraph message.
        from typer import rich_utils

        rich_utils.rich_format_error(error)  # type: ignore[arg-type]
        return error.exit_code
    except (KeyboardInterrupt, typer.Abort):
        with contextlib.suppress(OSError):
            typer.echo("Stopped.", err=True)
        return ExitCode.INTERRUPTED
    except RethinkError as error:
        _say_rethink_error(error)
        return error.exit_code
    except Exception:
        if os.environ.get("RETHINK_DEBUG") == "1":
            raise
        _say_error(
            "Something unexpected went wrong and rethink stopped. "
            "Set RETHINK_DEBUG=1 to see the details (not on a shared screen)."
        )
        return ExitCode.FAILURE
    if result == ExitCode.INTERRUPTED:
        # Typer turns Ctrl-C outside a session into a bare 130: say so, calmly.
        with contextlib.suppress(OSError):
            typer.echo("Stopped.", err=True)
    return result if isinstance(result, int) else ExitCode.OK


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
        typer.secho(f"Error: {message}", err=True, fg="red")
