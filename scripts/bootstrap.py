#!/usr/bin/env python3
"""Make .venv in this checkout hold rethink, and with ``--dev`` everything its checks need.

Cheap when nothing changed: it installs again only when pyproject.toml differs from the
last install (or the developer tools are wanted and were not installed then).
scripts/rethink.py and scripts/test.py run it first; on its own, in PowerShell, cmd or bash:

    python scripts/bootstrap.py          rethink alone: what running a meeting needs
    python scripts/bootstrap.py --dev    and the developer tools (ruff, mypy, pytest...)
"""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
# What the last install was made from: pyproject.toml's hash, then "dev" if it had the tools.
STAMP = VENV / ".installed-from"
WINDOWS = os.name == "nt"


def tool(name: str) -> Path:
    """A command in .venv: ``.venv/bin/NAME``, or ``.venv\\Scripts\\NAME.exe`` on Windows."""
    if WINDOWS:
        return VENV / "Scripts" / f"{name}.exe"
    return VENV / "bin" / name


def _wanted() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def _up_to_date(want: str, *, dev: bool) -> bool:
    if not tool("python").exists() or not STAMP.exists():
        return False
    have = STAMP.read_text("utf-8").split()
    return have[:1] == [want] and (not dev or "dev" in have[1:])


def _run(command: list[str]) -> None:
    # pip's own output goes to stderr: the program's output stays clean.
    if subprocess.run(command, cwd=ROOT, stdout=sys.stderr).returncode != 0:
        sys.exit("Setting up .venv failed (the lines above say why).")


def ensure(*, dev: bool) -> Path:
    """Set .venv up if it is missing or out of date; its Python."""
    # Whichever Python the user typed runs this file: it may be older than the project's.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit(f"rethink needs Python 3.11 or later; this is Python {platform.python_version()}.")
    want = _wanted()
    python = tool("python")
    if not _up_to_date(want, dev=dev):
        print("Setting up .venv (first run only)...", file=sys.stderr, flush=True)
        _run([sys.executable, "-m", "venv", str(VENV)])
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        _run([*pip, "--upgrade", "pip"])
        # Running a meeting needs rethink alone; the checks add the [dev] extra.
        _run([*pip, "-e", ".[dev]" if dev else "."])
        STAMP.write_text(want + (" dev" if dev else "") + "\n", "utf-8")
    return python


def main() -> None:
    ensure(dev="--dev" in sys.argv[1:])


if __name__ == "__main__":
    main()
