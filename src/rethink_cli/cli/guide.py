"""``rethink guide``: which route fits now, and what to prepare for it."""

from typing import Annotated

import typer


def guide(
    strategy: Annotated[
        str | None,
        typer.Option(
            "--strategy",
            "-s",
            help="Show this strategy straight away, without the questions.",
            metavar="1|2|3|escalation",
        ),
    ] = None,
) -> None:
    """A few yes/no questions: which of Strategy 1, 2, 3 or escalation fits now, if any."""
    import shutil

    from rethink_cli.core.errors import InvalidInputError
    from rethink_cli.core.guide import parse_strategy_key
    from rethink_cli.dialogs.guide import opening_lines, page_lines, route_page, run_guide
    from rethink_cli.formats.config import load_config

    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
    if strategy is not None:
        try:
            key = parse_strategy_key(strategy)
        except ValueError as error:
            raise InvalidInputError(f"--strategy {error}.") from None
        area = load_config().area
    else:
        from rethink_cli.app.terminal import require_terminal

        require_terminal("guide")
        from rethink_cli.ui.prompter import TerminalPrompter

        area = load_config().area
        for line in opening_lines(area, width=width):
            typer.echo(line)
        typer.echo("A few yes/no questions to find the route that fits now.\n")
        key = run_guide(TerminalPrompter())
        typer.echo("\nFrom your answers, this fits now:\n")
    for line in page_lines(route_page(key), area, width=width):
        typer.echo(line)
