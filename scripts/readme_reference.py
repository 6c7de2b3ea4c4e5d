#!/usr/bin/env python3
"""Write the README's command reference from the commands (tests/harness/readme_reference.py).

scripts/readme_reference.py           # rewrite the block in README.md
scripts/readme_reference.py --check   # exit 1 if README is out of date
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"


def main() -> None:
    # Run as a module from the checkout, so ``tests`` imports without touching sys.path;
    # under .venv's Python, where rethink is installed.
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    os.chdir(ROOT)
    args = [python, "-m", "tests.harness.readme_reference", *sys.argv[1:]]
    os.execv(python, args)  # noqa: S606 - our own interpreter, fixed arguments


if __name__ == "__main__":
    main()
