"""``rethink plan``: the time plan for the nine steps."""

from typing import Annotated

import typer


def plan(
    minutes: Annotated[
        int, typer.Option("--minutes", "-m", help="Session length, 20 to 240.")
    ] = 90,
) -> None:
    """Show the time plan for the nine steps."""
    from rethink_cli.core.errors import InvalidInputError
    from rethink_cli.core.timing import ACTION_RULE, ACTION_STEPS, make_plan
    from rethink_cli.formats.texts import all_steps

    try:
        time_plan = make_plan(minutes, [s.weight for s in all_steps()])
    except ValueError as error:
        raise InvalidInputError(f"--minutes: {error}.") from None
    for step in all_steps():
        mark = "  (agreeing actions)" if step.number in ACTION_STEPS else ""
        typer.echo(f"{step.number}. {step.title:<26}{time_plan.for_step(step.number):>4} min{mark}")
    typer.echo(f"   {'Total':<26}{time_plan.total:>4} min")
    typer.echo(
        "\nIf discussion runs over, the steps still to come are re-planned. The go-rounds "
        "keep about a minute for each person. "
        f"{ACTION_RULE} If both cannot be kept, you choose: run over, or shorten one of them."
    )
