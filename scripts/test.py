#!/usr/bin/env python3
"""The whole check; CI runs exactly this. Arguments go to pytest. In PowerShell, cmd or bash:

    python scripts/test.py                      everything
    python scripts/test.py tests/test_flow.py   the same stages, pytest on one file

It sets .venv up first, with the developer tools, then runs:
  ruff (lint and format) on src, tests and scripts;
  mypy strict (pydantic plugin) on the package, tests and scripts/*.py;
  lint-imports: the layers and who may use the terminal libraries (pyproject.toml);
  pytest, including the size and complexity gates (tests/test_architecture.py).
Every stage runs even if one before it failed, so one run shows everything that is wrong;
the exit status is 1 if any failed.
"""

from __future__ import annotations

import os
import subprocess
import sys

import bootstrap


def stages(python: str, pytest_args: list[str]) -> list[tuple[str, list[str]]]:
    def tool(name: str) -> str:
        return str(bootstrap.tool(name))

    return [
        ("ruff", [tool("ruff"), "check", "src", "tests", "scripts"]),
        ("ruff format", [tool("ruff"), "format", "--check", "src", "tests", "scripts"]),
        ("mypy", [tool("mypy")]),
        ("lint-imports", [tool("lint-imports"), "--no-cache"]),
        ("pytest", [python, "-m", "pytest", "-q", *pytest_args]),
    ]


def main() -> int:
    python = str(bootstrap.ensure(dev=True))
    os.chdir(bootstrap.ROOT)
    failed = []
    try:
        for name, command in stages(python, sys.argv[1:]):
            print(f"== {name}", flush=True)
            if subprocess.run(command).returncode != 0:
                failed.append(name)
    except KeyboardInterrupt:
        print("== stopped (Ctrl-C)", file=sys.stderr)
        return 130
    if failed:
        print(f"== failed: {' '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
