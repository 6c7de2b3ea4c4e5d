"""The room's window at rest: its CPU beside the facilitator's window it follows."""

from __future__ import annotations

import sys

from tests.harness.bench_helpers.pty_figures import cpu_percent, pty_env
from tests.harness.bench_helpers.table import Row, Settings, figure

# DESIGN.md's idle budget, and the room issue's goal for the room's window.
BUDGET_PERCENT = 1.0
GOAL_PERCENT = 0.3


@figure("room-idle-cpu", "CPU of the room's window following a waiting session")
def room_idle_cpu_figure(settings: Settings) -> list[Row]:
    import pexpect

    from tests.e2e_helpers import Facilitator, setup_options

    seconds = 30.0 if settings.quick else 60.0
    settle = 2.0
    env = pty_env(settings, "room-idle-cpu")
    out = settings.scratch / "room-idle-cpu" / "out"
    me = Facilitator(["session", "start", "--out", str(out), *setup_options()], env, timeout=30)
    room = None
    try:
        me.select("The time plan", "Use this plan")
        me.see("Page 1 of 5")
        me.child.logfile_read = None
        room = pexpect.spawn(
            sys.executable,
            ["-m", "rethink_cli", "session", "room"],
            env=env,
            encoding="utf-8",
            dimensions=(40, 120),
            timeout=30,
        )
        room.expect("Introduction")  # following: step 1 is on the room's screen
        pids = {"room": room.pid, "facilitator": me.child.pid}
        percent, drawn, wall = cpu_percent([me.child, room], pids, seconds, settle)
    finally:
        me.kill()
        if room is not None:
            room.terminate(force=True)
            room.close()
    how = f"over {wall:.0f} s after {settle:.0f} s settling, both at once, ptys drained"
    return [
        Row(
            figure="room-idle-cpu: room's window",
            measured=f"{percent['room']:.2f} % of a core",
            baseline=f"{BUDGET_PERCENT:g} % (absolute)",
            ratio=percent["room"] / BUDGET_PERCENT,
            budget=1.0,
            notes=(
                "room-idle-cpu: `session room` (120x40) following `session start` waiting at "
                f"step 1's 'Page 1 of 5', {how}; {drawn[room.pid]:,} characters drawn "
                f"(redrawn once a second for the clocks); goal {GOAL_PERCENT:g} %",
            ),
        ),
        Row(
            figure="room-idle-cpu: facilitator's window",
            measured=f"{percent['facilitator']:.2f} % of a core",
            baseline="-",
            ratio=None,
            budget=None,
            notes=(f"room-idle-cpu: the facilitator's window meanwhile, {how}",),
        ),
    ]
