"""Figures that drive the real program in a pseudo-terminal: first-prompt, idle-cpu, memory."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tests.harness import ROOT
from tests.harness.bench_helpers.child import (
    process_cpu_seconds,
    process_rss_bytes,
    run_measured,
)
from tests.harness.bench_helpers.table import (
    Row,
    Settings,
    check_ran,
    figure,
    fmt_seconds,
    spread,
)

MIB = 1024 * 1024


def with_bytecode(settings: Settings, env: dict[str, str]) -> dict[str, str]:
    """``env`` with Python's bytecode cache on, kept in the scratch folder.

    An installed rethink has its modules compiled; a checkout run with
    PYTHONDONTWRITEBYTECODE=1 (as on the project's machines) compiles every module
    not yet cached on each start. The first (warm-up) run fills this cache, for
    rethink and the baseline alike, without writing into the work tree.
    """
    env = dict(env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(settings.scratch / "pycache")
    return env


def pty_env(settings: Settings, name: str) -> dict[str, str]:
    """A terminal as tests/e2e_helpers.program_env sets one up, with throwaway folders.

    TERM=xterm-256color (bench_env's TERM=dumb would switch on plain mode, in which
    nothing redraws by itself), and PROMPT_TOOLKIT_NO_CPR=1: a pty never answers
    prompt_toolkit's cursor-position request, and a prompt would wait for the answer.
    """
    from tests.e2e_helpers import program_env

    base = settings.scratch / name
    places = [base / sub for sub in ("home", "state", "config", "out")]
    for folder in places:
        folder.mkdir(parents=True, exist_ok=True)
    return with_bytecode(settings, program_env(*places[:3]))


def spawn_in_pty(argv: Sequence[str], env: dict[str, str], cwd: Path) -> Any:
    import pexpect

    return pexpect.spawn(
        argv[0],
        list(argv[1:]),
        env=env,
        cwd=str(cwd),
        encoding="utf-8",
        dimensions=(40, 120),
        timeout=60,
    )


def seconds_until(argv: Sequence[str], env: dict[str, str], cwd: Path, until: object) -> float:
    """Wall time from starting ``argv`` in a pty until ``until`` (a pattern, or EOF) is read."""
    started = time.perf_counter()
    child = spawn_in_pty(argv, env, cwd)
    try:
        child.expect(until)
        return time.perf_counter() - started
    finally:
        child.terminate(force=True)
        child.close()


@figure(
    "first-prompt",
    "`rethink session start` in a pty to its first prompt vs "
    '`python -c "import typer, rich, questionary, pydantic"`',
)
def first_prompt_figure(settings: Settings) -> list[Row]:
    import pexpect

    from tests.e2e_helpers import loose

    env = pty_env(settings, "first-prompt")
    cwd = settings.scratch / "first-prompt" / "out"
    py = str(settings.python)
    start = [py, "-m", "rethink_cli", "session", "start"]
    baseline = [py, "-c", "import typer, rich, questionary, pydantic"]
    first = loose("Case reference")
    measures: dict[str, Callable[[], float]] = {
        "rethink": lambda: seconds_until(start, env, cwd, first),
        "baseline": lambda: seconds_until(baseline, env, cwd, pexpect.EOF),
    }
    runs, warmups = settings.reps(15, 5), 2
    samples: dict[str, list[float]] = {name: [] for name in measures}
    order = list(measures)
    for round_ in range(warmups + runs):
        for name in order if round_ % 2 == 0 else reversed(order):
            took = measures[name]()
            if round_ >= warmups:
                samples[name].append(took)
    if list((settings.scratch / "first-prompt" / "state").rglob("*.json")):
        raise RuntimeError("a session was saved: the first prompt was not Case reference")
    measured = statistics.median(samples["rethink"])
    base = statistics.median(samples["baseline"])
    return [
        Row(
            figure="first-prompt: session start",
            measured=fmt_seconds(measured),
            baseline=fmt_seconds(base),
            ratio=measured / base,
            budget=1.3,
            notes=(
                "first-prompt: from spawning `python -m rethink_cli session start` in a pty "
                f'until "Case reference" is drawn: {spread(samples["rethink"])}',
                "first-prompt, idle-cpu, memory: bytecode cached (PYTHONPYCACHEPREFIX in the "
                "scratch folder, filled by the first run), as in an installed rethink",
                'first-prompt baseline: `python -c "import typer, rich, questionary, '
                f'pydantic"` in a pty, spawn to exit: {spread(samples["baseline"])}',
            ),
        )
    ]


def drain(children: Sequence[Any], seconds: float) -> dict[int, int]:
    """Read everything the children draw for ``seconds`` (a full pty would block them).

    Returns how many characters each child (by pid) drew meanwhile.
    """
    import select

    import pexpect

    fds = {child.child_fd: child for child in children}
    drawn = {child.pid: 0 for child in children}
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select(list(fds), [], [], min(left, 0.25))
        for fd in ready:
            try:
                drawn[fds[fd].pid] += len(fds[fd].read_nonblocking(65536, timeout=0))
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                raise RuntimeError(f"{fds[fd].args} ended while being measured") from None
    return drawn


def cpu_percent(
    children: Sequence[Any], pids: dict[str, int], seconds: float, settle: float
) -> tuple[dict[str, float], dict[int, int], float]:
    """Each named process's CPU (% of a core) over ``seconds``, after ``settle``, their ptys
    drained meanwhile; also the characters each child drew, and the wall time measured."""
    drain(children, settle)
    before = {name: process_cpu_seconds(pid) for name, pid in pids.items()}
    started = time.monotonic()
    drawn = drain(children, seconds)
    after = {name: process_cpu_seconds(pid) for name, pid in pids.items()}
    wall = time.monotonic() - started
    percent: dict[str, float] = {}
    for name in pids:
        b, a = before[name], after[name]
        if b is None or a is None:
            raise RuntimeError("no /proc: the CPU of a running process cannot be read here")
        percent[name] = 100 * (a - b) / wall
    return percent, drawn, wall


def termdown_path() -> Path:
    """termdown in the project's venv, installed from PyPI the first time it is needed."""
    # Next to the running interpreter: scripts/bench runs the bench under .venv's Python.
    path = Path(sys.executable).parent / "termdown"
    if not path.exists():
        print("bench: idle-cpu: installing termdown (the peer) into .venv ...", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "termdown"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


@figure("idle-cpu", "CPU of a prompt with a live status line, waiting (termdown as the peer)")
def idle_cpu_figure(settings: Settings) -> list[Row]:
    from tests.e2e_helpers import Facilitator, setup_options

    seconds = 30.0 if settings.quick else 60.0
    settle = 2.0
    env = pty_env(settings, "idle-cpu")
    out = settings.scratch / "idle-cpu" / "out"
    me = Facilitator(["session", "start", "--out", str(out), *setup_options()], env, timeout=30)
    peer = None
    peer_error = None
    try:
        me.select("The time plan", "Use this plan")
        me.see("Page 1 of 5")  # step 1's first key prompt: status line redrawn twice a second
        me.child.logfile_read = None  # nothing kept while measuring
        children: list[Any] = [me.child]
        try:
            peer = spawn_in_pty([str(termdown_path()), "120"], env, settings.scratch)
            children.append(peer)
        except (OSError, subprocess.CalledProcessError) as error:
            peer_error = f"termdown could not be started: {error}"
        pids = {"rethink": me.child.pid}
        if peer is not None:
            pids["termdown"] = peer.pid
        percent, drawn, wall = cpu_percent(children, pids, seconds, settle)
        alive = me.child.isalive()
    finally:
        me.kill()
        if peer is not None:
            peer.terminate(force=True)
            peer.close()
    if not alive:
        raise RuntimeError("rethink exited while it was being measured")
    how = f"over {wall:.0f} s after {settle:.0f} s settling, both at once, ptys drained"
    drew = {name: f"{drawn[pid]:,} characters drawn meanwhile" for name, pid in pids.items()}
    rows = [
        Row(
            figure="idle-cpu: waiting prompt, live status",
            measured=f"{percent['rethink']:.2f} % of a core",
            baseline="1 % (absolute)",
            ratio=percent["rethink"] / 1.0,
            budget=1.0,
            notes=(
                "idle-cpu: `session start` with every setup option, the plan accepted, waiting "
                f"at step 1's 'Page 1 of 5' (status line redrawn every 0.5 s), {how}; "
                f"{drew['rethink']}",
            ),
        )
    ]
    if "termdown" in percent:
        rows.append(
            Row(
                figure="idle-cpu: termdown 120 (peer)",
                measured=f"{percent['termdown']:.2f} % of a core",
                baseline="-",
                ratio=None,
                budget=None,
                notes=(
                    f"idle-cpu peer: `termdown 120` counting down in a pty, {how}; "
                    f"{drew['termdown']}",
                ),
            )
        )
    else:
        rows.append(Row("idle-cpu: termdown 120 (peer)", "-", "-", None, None, error=peer_error))
    return rows


MEMORY_CHILD = """\
import resource, tempfile
from pathlib import Path

from tests import flow_helpers
from tests.test_flow import strategy3_script

with tempfile.TemporaryDirectory() as out:
    outcome = flow_helpers.run_session(strategy3_script(), Path(out))
    # The record, then all actions and each agency's file, as .md and .txt.
    assert sum(p.name.endswith("_actions.toml") for p in outcome.paths) == 1, outcome.paths
    assert len(outcome.paths) > 3, outcome.paths
hwm = 0
try:
    with open("/proc/self/status") as status:
        hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    pass
print(hwm, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def real_session_peak(settings: Settings) -> tuple[int, str]:
    """Peak RSS (VmHWM) of a whole Strategy 3 session typed in a pty, read at its export."""
    import threading

    from tests.e2e_helpers import Facilitator, leave_copy_menu, program_today
    from tests.test_e2e import _run_whole_session

    env = pty_env(settings, "memory")
    out = settings.scratch / "memory" / "out"
    me = Facilitator(["session", "start", "--out", str(out)], env, timeout=30)
    me.child.logfile_read = None
    pid = me.child.pid
    peaks: list[int] = []
    done = threading.Event()

    def sample() -> None:
        # VmHWM only grows: the last reading before exit is the peak so far.
        while not done.wait(0.1):
            if (rss := process_rss_bytes(pid)) is not None:
                peaks.append(rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _run_whole_session(me, program_today())
        at_export = process_rss_bytes(pid)  # "Written" is drawn: the files are written
        if at_export is not None:
            peaks.append(at_export)
        leave_copy_menu(me)  # the offer to copy an agency's text, after the export
        status = me.finish(timeout=30)
    finally:
        done.set()
        sampler.join()
        me.kill()
    if status != 0:
        raise RuntimeError(f"the typed session exited {status}")
    if not peaks:
        raise RuntimeError("no /proc: VmHWM of the session could not be read")
    when = "at the export" if at_export is not None else "last sampled before the export"
    return max(peaks), when


@figure("memory", "peak RSS of a whole session: scripted in-process, and typed in a pty")
def memory_figure(settings: Settings) -> list[Row]:
    runs = settings.reps(3, 1)
    hwm: list[int] = []
    maxrss: list[int] = []
    for round_ in range(1 + runs):
        usage = run_measured(
            [str(settings.python), "-c", MEMORY_CHILD],
            env=with_bytecode(settings, settings.env),
            # ``python -c`` imports from its working directory: the checkout, for ``tests``.
            cwd=ROOT,
        )
        check_ran(usage, "the scripted session")
        if round_ == 0:
            continue  # the warm-up compiles every module, which costs memory of its own
        own_hwm, own_maxrss = (int(n) * 1024 for n in usage.stdout.split()[-2:])
        hwm.append(own_hwm)
        maxrss.append(max(own_maxrss, usage.peak_rss_bytes))
    # On Linux a child's ru_maxrss (getrusage or wait4) starts from the peak of the
    # process that forked it, carried over exec: after the render figure this bench is
    # ~300 MiB, and so would every child be. VmHWM belongs to the child's own memory.
    peak = max(hwm) if all(hwm) else max(maxrss)
    source = "the child's /proc/self/status VmHWM" if all(hwm) else "ru_maxrss"
    rows = [
        Row(
            figure="memory: scripted session",
            measured=f"{peak / MIB:.1f} MiB",
            baseline="64 MiB (absolute)",
            ratio=peak / (64 * MIB),
            budget=1.0,
            notes=(
                "memory: tests.test_flow.strategy3_script run in-process by "
                f"tests.flow_helpers.run_session in a child, exports written; max of {runs} "
                f"after a warm-up, "
                f"from {source} (includes importing pytest via tests.test_flow; no "
                "prompt_toolkit: the prompter is scripted)",
                f"memory: ru_maxrss of the same child (wait4 / getrusage) says "
                f"{max(maxrss) / MIB:.1f} MiB: Linux starts it from the forking process's peak, "
                "so bench_helpers.child.run_measured's peak_rss_bytes overstates a child "
                "started by a larger parent",
            ),
        )
    ]
    try:
        real, when = real_session_peak(settings)
    except Exception as error:  # optional: keep the scripted figure if this one fails
        rows.append(Row("memory: real session in a pty", "-", "-", None, None, error=repr(error)))
        return rows
    rows.append(
        Row(
            figure="memory: real session in a pty",
            measured=f"{real / MIB:.1f} MiB",
            baseline="64 MiB (absolute)",
            ratio=real / (64 * MIB),
            budget=1.0,
            notes=(
                "memory (pty): the whole Strategy 3 session of tests/test_e2e.py typed into "
                f"`session start` (prompt_toolkit, autosave, export); /proc VmHWM {when}",
            ),
        )
    )
    return rows
