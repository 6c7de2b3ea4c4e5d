"""``rethink guide``: which strategy fits now, and what to prepare for it."""

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
    """Answer a few yes/no questions to see which strategy fits now: 1, 2, 3 or escalation."""
    import shutil

    from rethink_cli.core.errors import InvalidInputError
    from rethink_cli.core.guide import parse_strategy_key
    from rethink_cli.dialogs.guide import run_guide, strategy_lines
    from rethink_cli.formats.texts import strategy as load_strategy

    if strategy is not None:
        try:
            key = parse_strategy_key(strategy)
        except ValueError as error:
            raise InvalidInputError(f"--strategy {error}.") from None
    else:
        from rethink_cli.app.terminal import require_terminal

        require_terminal("guide")
        from rethink_cli.ui.prompter import TerminalPrompter

        typer.echo("A few yes/no questions to find the strategy that fits now.\n")
        key = run_guide(TerminalPrompter())
        typer.echo("\nFrom your answers, this fits now:\n")
    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
    for line in strategy_lines(load_strategy(key), width=width):
        typer.echo(line)
