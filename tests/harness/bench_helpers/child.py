"""Wall time, CPU time and peak memory of a child process.

Two ways to read a child's resource usage, for the two ways a benchmark runs one:

* :func:`run_measured` / :func:`reap_measured` start (or take) the child and reap it
  with ``os.wait4``, which returns the usage of *that* child alone (and of any
  grandchildren it waited for). This is the accurate one: prefer it.
* :class:`ChildrenUsage` snapshots ``getrusage(RUSAGE_CHILDREN)`` for when something
  else reaps the child (pexpect, for example). CPU times are sums, so a before/after
  difference is exact if only the one child was reaped in between. ``ru_maxrss`` is
  a high-water mark over *every* child ever reaped, so the difference is only
  meaningful when the new child set a new high: see :meth:`ChildrenUsage.since`.

:func:`process_cpu_seconds` reads the CPU time of a child that is still running
(Linux ``/proc``), for figures such as the CPU of an idle prompt over 60 s.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# ru_maxrss is in kibibytes on Linux and the BSDs, in bytes on macOS.
_MAXRSS_UNIT = 1 if sys.platform == "darwin" else 1024


@dataclass(frozen=True)
class ChildUsage:
    """What one child process cost, from start to exit."""

    wall_s: float
    user_s: float
    system_s: float
    peak_rss_bytes: int
    returncode: int
    stdout: bytes = b""
    stderr: bytes = b""

    @property
    def cpu_s(self) -> float:
        """User plus system CPU time, in seconds."""
        return self.user_s + self.system_s

    @property
    def peak_rss_mib(self) -> float:
        """Peak resident set size, in MiB."""
        return self.peak_rss_bytes / (1024 * 1024)


def _maxrss_bytes(usage: resource.struct_rusage) -> int:
    return int(usage.ru_maxrss) * _MAXRSS_UNIT


def reap_measured(proc: subprocess.Popen[bytes], started: float) -> ChildUsage:
    """Wait for ``proc`` with ``os.wait4`` and return its own resource usage.

    ``started`` is the ``time.perf_counter()`` reading taken just before the child
    was started. ``proc.returncode`` is set, so ``proc.wait()`` afterwards is harmless.
    Output is not collected here: pass files (not pipes) as stdout/stderr, or drain
    pipes on another thread, or the child may block on a full pipe.
    """
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ChildUsage(
        wall_s=wall,
        user_s=usage.ru_utime,
        system_s=usage.ru_stime,
        peak_rss_bytes=_maxrss_bytes(usage),
        returncode=proc.returncode,
    )


def run_measured(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    timeout_s: float | None = 120.0,
) -> ChildUsage:
    """Run ``argv`` to completion; return its wall time, CPU, peak RSS and output.

    Output goes to temporary files rather than pipes, so a chatty child can never
    block and the parent does no work while the child runs.
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryFile() as inp,
    ):
        if stdin is not None:
            inp.write(stdin)
            inp.seek(0)
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            stdin=inp if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=dict(env) if env is not None else None,
            cwd=cwd,
        )
        # A timer, not polling, so the parent stays idle while the child is timed.
        timer = threading.Timer(timeout_s, proc.kill) if timeout_s is not None else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        try:
            measured = reap_measured(proc, started)
        finally:
            if timer is not None:
                timer.cancel()
        out.seek(0)
        err.seek(0)
        return ChildUsage(
            wall_s=measured.wall_s,
            user_s=measured.user_s,
            system_s=measured.system_s,
            peak_rss_bytes=measured.peak_rss_bytes,
            returncode=measured.returncode,
            stdout=out.read(),
            stderr=err.read(),
        )


@dataclass(frozen=True)
class ChildrenUsage:
    """A snapshot of ``getrusage(RUSAGE_CHILDREN)``: all reaped children so far."""

    user_s: float
    system_s: float
    maxrss_bytes: int

    @classmethod
    def now(cls) -> ChildrenUsage:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return cls(usage.ru_utime, usage.ru_stime, _maxrss_bytes(usage))

    def since(self, earlier: ChildrenUsage) -> tuple[float, int | None]:
        """CPU seconds used by children reaped since ``earlier``, and their peak RSS.

        The peak is None when it did not exceed the earlier high-water mark, since
        then it cannot be told apart from an earlier child's.
        """
        cpu = (self.user_s - earlier.user_s) + (self.system_s - earlier.system_s)
        peak = self.maxrss_bytes if self.maxrss_bytes > earlier.maxrss_bytes else None
        return cpu, peak


def process_cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of a running process, or None where ``/proc`` is missing."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces; the fields after its ")" are fixed.
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def process_rss_bytes(pid: int) -> int | None:
    """Peak resident set size so far (``VmHWM``) of a running process, or None without ``/proc``."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None
