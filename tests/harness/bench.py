"""Measure rethink against the performance budgets in DESIGN.md ("Performance budgets").

Budgets are ratios against a baseline measured in the same run, so a slow or busy
machine slows both sides alike. The absolute budgets (render 1,000 actions in at
most 0.3 s; a waiting prompt at most 1 % of a core; a whole session at most 64 MiB)
are shown against that limit as their baseline. first-prompt, idle-cpu and memory
drive the real program in a pseudo-terminal (pexpect, tests/e2e_helpers.py).

    scripts/bench                 every figure, full repetitions
    scripts/bench --quick         fewer repetitions: a smoke run
    scripts/bench --only help     one figure (repeat --only for more)
    scripts/bench --list          the figures, measured and planned
    scripts/bench --strict        exit 1 if any figure fails its budget

Adding a figure is one function: decorate it with ``@figure(name, summary)``; it
takes the run's ``Settings`` and returns ``Row``s. Child-process CPU time and peak
memory come from ``bench_helpers.child`` (``run_measured`` and friends). The figures
live in ``bench_helpers.figures`` (in-process and short children) and
``bench_helpers.pty_figures`` (the real program in a pseudo-terminal); the table
and the registry in ``bench_helpers.table``.

Run it from the repository root (``scripts/bench`` does: it sets up .venv first)::

    .venv/bin/python -m tests.harness.bench --quick
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

# Imported for their @figure registrations, in the order the table shows them.
from tests.harness.bench_helpers import figures, pty_figures, room_figures  # noqa: F401
from tests.harness.bench_helpers.table import FIGURES, PLANNED, Row, Settings, Table


def bench_env(scratch: Path) -> dict[str, str]:
    """The environment every child gets: a pinned terminal, throwaway state folders."""
    env = dict(os.environ)
    env.pop("RETHINK_DEBUG", None)
    env.update(
        COLUMNS="100",
        LINES="40",
        NO_COLOR="1",
        TERM="dumb",
        RETHINK_STATE_DIR=str(scratch / "state"),
        RETHINK_CONFIG_DIR=str(scratch / "config"),
    )
    return env


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    names = [f.name for f in FIGURES]
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Measure rethink against the DESIGN.md performance budgets.",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help=f"run only this figure; may be repeated ({', '.join(names)})",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 if any figure fails")
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    args = parser.parse_args(argv)
    for name in args.only or []:
        if name in PLANNED:
            parser.error(f"figure {name!r} is planned but not implemented yet: {PLANNED[name]}")
        if name not in names:
            parser.error(f"no figure {name!r}; choose from: {', '.join(names)}")
    return args


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    if args.list:
        for f in FIGURES:
            print(f"{f.name:14} {f.summary}")
        for name, summary in PLANNED.items():
            print(f"{name:14} (planned) {summary}")
        return 0
    chosen = [f for f in FIGURES if not args.only or f.name in args.only]
    table = Table()
    with tempfile.TemporaryDirectory(prefix="rethink-bench-") as tmp:
        scratch = Path(tmp)
        settings = Settings(
            quick=args.quick, python=Path(sys.executable), env=bench_env(scratch), scratch=scratch
        )
        for f in chosen:
            print(f"bench: {f.name}: {f.summary} ...", file=sys.stderr, flush=True)
            started = time.perf_counter()
            try:
                table.rows += f.run(settings)
            except Exception as error:  # one broken figure must not hide the others
                traceback.print_exc(file=sys.stderr)
                table.rows.append(Row(f.name, "-", "-", None, None, error=repr(error)))
            print(
                f"bench: {f.name}: done in {time.perf_counter() - started:.1f} s", file=sys.stderr
            )
    print(table.render(), flush=True)
    if not args.only and PLANNED:
        print("\nNot measured yet: " + ", ".join(PLANNED) + " (see scripts/bench --list)")
    failed = [r for r in table.rows if r.verdict in {"FAIL", "ERROR"}]
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
