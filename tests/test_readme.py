"""The README: its command reference matches the commands, and its quick start is real."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
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
    # Each option that takes a value names it (REF, DATE, FOLDER), never a bare type such
    # as <str> or <int>; an argument is named in capitals, not as the code's variable.
    for line in result.stdout.splitlines():
        if re.search(r"\s--[a-z]", line):
            assert not re.search(r"<(str|int|bool|path|float)>", line), line
    (usage,) = [line for line in result.stdout.splitlines() if line.strip().startswith("Usage:")]
    assert not re.search(r"[{\[][a-z_]+[}\]]", usage), usage


def commands_under(heading: str) -> list[str]:
    """The commands of the first ``sh`` block under ``## heading``, without comments."""
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split(f"\n## {heading}\n", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("#")[0].strip() for line in block.strip().splitlines()]


def test_the_readme_starts_with_installing_for_everyday_use() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert re.findall(r"^## (.+)$", readme, flags=re.MULTILINE)[:2] == ["Install", "Quick start"]
    assert commands_under("Install") == ["pipx install rethink-cli", "rethink session start"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == "rethink-cli"
    assert project["scripts"] == {"rethink": "rethink_cli.cli.app:main"}
    assert (ROOT / "src" / "rethink_cli" / "__main__.py").is_file()  # python -m rethink_cli


def test_quick_start_is_two_commands_that_exist() -> None:
    commands = commands_under("Quick start")
    assert commands == ["python scripts/rethink.py session start", "python scripts/test.py"]
    for command in commands:
        assert (ROOT / command.split()[1]).is_file(), command
    # CI runs exactly the README's test command: .ci/run, and the hosted workflow.
    assert "python scripts/test.py" in (ROOT / ".ci/run").read_text("utf-8").splitlines()
    workflow = (ROOT / ".github/workflows/ci.yml").read_text("utf-8")
    assert "      - run: python scripts/test.py\n" in workflow
