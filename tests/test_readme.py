"""The README: its command reference matches the commands, and its quick start is real."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import readme_reference

ROOT = Path(__file__).resolve().parents[1]


def test_reference_block_is_up_to_date() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert readme_reference.with_reference(readme) == readme, "run scripts/readme_reference.py"


def help_commands() -> list[list[str]]:
    import typer

    from rethink_cli.cli.app import app

    return [path[1:] for path, _ in readme_reference.walk(typer.main.get_command(app), ["rethink"])]


@pytest.mark.parametrize("command", help_commands(), ids=lambda c: " ".join(c))
def test_every_option_in_help_is_in_the_readme(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rethink_cli", *command, "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", "PATH": "/usr/bin:/bin"},
    )
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split(f"### `rethink {' '.join(command)}", 1)[1].split("### ", 1)[0]
    options = set(re.findall(r"(--[a-z][a-z-]+)", result.stdout)) - {"--help"}
    for option in options:
        assert f"`{option}`" in section, f"{option} of {' '.join(command)} is not in the README"


def test_quick_start_is_two_commands_that_exist() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["scripts/rethink session start", "scripts/test"]
    ci = (ROOT / ".ci/run").read_text("utf-8")
    assert "scripts/test" in ci
    for script in ("scripts/rethink", "scripts/test", "scripts/bootstrap"):
        assert (ROOT / script).stat().st_mode & 0o111, f"{script} is not executable"
