"""``rethink plan``: the time plan for the nine steps."""

import typer

from rethink_cli.cli.options import MinutesOpt


def plan(minutes: MinutesOpt = None) -> None:
    """Show the time plan for the nine steps (from --minutes, else your config)."""
    from rethink_cli.app.settings import time_plan_for
    from rethink_cli.core.errors import InvalidInputError
    from rethink_cli.core.timing import ACTION_RULE, ACTION_STEPS
    from rethink_cli.formats.config import load_config
    from rethink_cli.formats.texts import all_steps

    try:
        time_plan = time_plan_for(minutes, load_config())
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
