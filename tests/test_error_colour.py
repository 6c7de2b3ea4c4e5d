"""An error line is red on a colour terminal, and plain when NO_COLOR is set (no-color.org)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.posix  # a pseudo-terminal (pexpect.spawn)

RED = "\x1b[31m"


def _error_line_on_a_terminal(tmp_path: Path, **env: str) -> str:
    import pexpect

    environment = {**os.environ, "TERM": "xterm-256color", "HOME": str(tmp_path), **env}
    if "NO_COLOR" not in env:
        environment.pop("NO_COLOR", None)
    environment.pop("FORCE_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "rethink_cli", "actions", "check", str(tmp_path / "missing.toml")],
        env=environment,
        encoding="utf-8",
        timeout=20,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus != 0
    return str(child.before)


def test_an_error_is_red_on_a_colour_terminal(tmp_path: Path) -> None:
    shown = _error_line_on_a_terminal(tmp_path)
    assert "Error: No record file at" in shown
    assert RED in shown


@pytest.mark.parametrize("value", ["1", "true", "yes"])
def test_no_color_leaves_the_error_plain(tmp_path: Path, value: str) -> None:
    shown = _error_line_on_a_terminal(tmp_path, NO_COLOR=value)
    assert "Error: No record file at" in shown
    assert "\x1b[" not in shown
