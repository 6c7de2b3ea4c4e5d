#!/usr/bin/env python3
"""Run rethink from this checkout, setting it up on first use (rethink alone, no dev tools).

In PowerShell, cmd or bash: ``python scripts/rethink.py session start``; the arguments
go to rethink.
"""

from __future__ import annotations

import os
import subprocess
import sys

import bootstrap


def main() -> int:
    bootstrap.ensure(dev=False)
    program = str(bootstrap.tool("rethink"))
    args = [program, *sys.argv[1:]]
    if os.name == "posix":
        # The program takes this process's place: Ctrl-C and signals reach it directly.
        os.execv(program, args)  # noqa: S606 - .venv's own rethink, the user's arguments
    # Windows cannot replace a process: wait for the program, which handles Ctrl-C itself
    # (the console sends it to both of us), and pass on its exit status.
    child = subprocess.Popen(args)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue


if __name__ == "__main__":
    sys.exit(main())
