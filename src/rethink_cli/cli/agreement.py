"""``rethink agreement``: the group agreements shipped with rethink, or an organisation's own."""

from pathlib import Path
from typing import Annotated

import typer

agreement_app = typer.Typer(
    help="The group agreements read out at step 3: list them, or show one point by point.",
    no_args_is_help=True,
)


@agreement_app.command("list")
def list_agreements() -> None:
    """List the group agreements shipped with rethink, by name and title."""
    from rethink_cli.formats.agreement import load_agreement, packaged_agreement_names

    names = packaged_agreement_names()
    column = max(len(n) for n in names) + 2
    for name in names:
        typer.echo(f"{name:<{column}}{load_agreement(name).title}")
    typer.echo(
        "\nShow one with 'rethink agreement show NAME'; "
        "load your organisation's own with 'rethink agreement show --file PATH'."
    )


@agreement_app.command("show")
def show(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="A shipped agreement (see 'rethink agreement list'); default: default.",
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Your organisation's own agreement: a TOML file shaped like the default one.",
            metavar="PATH",
        ),
    ] = None,
) -> None:
    """Show a group agreement point by point."""
    import shutil

    from rethink_cli.core.errors import InvalidInputError
    from rethink_cli.formats.agreement import (
        agreement_lines,
        load_agreement,
        load_agreement_file,
        packaged_agreement_names,
    )

    if file is not None:
        if name is not None:
            raise InvalidInputError("Give an agreement NAME or --file PATH, not both.")
        agreement = load_agreement_file(file)
    else:
        name = name or "default"
        names = packaged_agreement_names()
        if name not in names:
            raise InvalidInputError(
                f"There is no agreement called {name!r}. Available: {', '.join(names)}."
            )
        agreement = load_agreement(name)
    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
    for line in agreement_lines(agreement, width=width):
        typer.echo(line)
