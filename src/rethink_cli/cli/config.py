"""``rethink config``: the facilitator's own defaults."""

import typer

config_app = typer.Typer(
    help="Your defaults (name, session length, export folder, agreement) and your area's names."
)


@config_app.command("show")
def show() -> None:
    """Show the settings in use (from the config file, or the defaults)."""
    from rethink_cli.formats.config import config_path, load_config

    path = config_path()
    config = load_config(path)
    source = str(path) if path.exists() else f"{path} (no file yet: defaults)"
    typer.echo(f"Config: {source}")
    shown = config.shown()
    width = max(len(key) for key, _ in shown) + 2
    for key, value in shown:
        typer.echo(f"  {key:<{width}}{value}")


@config_app.command("path")
def path() -> None:
    """Print where the config file lives."""
    from rethink_cli.formats.config import config_path

    typer.echo(str(config_path()))
