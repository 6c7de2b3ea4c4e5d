"""Python as on Windows, for tests/test_windows_collection.py: POSIX-only parts taken away.

A child Python started with this folder first on PYTHONPATH runs this at start-up. For
the files under the folders named in RETHINK_AS_ON_WINDOWS (the tests):

- the modules Windows lacks (resource, fcntl, termios, pty, tty, pwd, grp) cannot be imported;
- ``os`` lacks what Windows lacks (geteuid, getuid, fork, mkfifo, killpg...) and its
  ``name`` is "nt"; ``sys.platform`` is "win32";
- ``signal`` has only Windows' signals (SIGINT, SIGTERM, SIGABRT...), and no alarm and the like;
- pexpect is as on Windows: without ``spawn`` and ``run``, which need a pty.

Everything else (the package, the libraries) keeps the real modules, and chooses its
code by the real platform: only the tests' own code is put to the test.
"""

from __future__ import annotations

import builtins
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType

ROOTS = tuple(
    str(Path(folder).resolve()) + os.sep
    for folder in os.environ.get("RETHINK_AS_ON_WINDOWS", "").split(os.pathsep)
    if folder
)
MODULES = frozenset(["resource", "fcntl", "termios", "pty", "tty", "pwd", "grp", "ptyprocess"])
# What os has on Linux or macOS and not on Windows.
OS_MISSING = frozenset(
    ["geteuid", "getuid", "getegid", "getgid", "getgroups", "getpgid", "getpgrp", "getsid"]
    + ["setsid", "setpgid", "setpgrp", "setuid", "setgid", "killpg", "fork", "forkpty"]
    + ["register_at_fork", "openpty", "mkfifo", "mknod", "chown", "lchown", "fchown", "sync"]
    + ["uname", "nice", "getloadavg", "sysconf", "ttyname", "ctermid", "WNOHANG", "O_NOFOLLOW"]
)
# The signals Windows has; every other SIG... name is taken away, and these functions.
WINDOWS_SIGNALS = frozenset(["SIGABRT", "SIGFPE", "SIGILL", "SIGINT", "SIGSEGV", "SIGTERM"])
SIGNAL_MISSING = frozenset(
    [n for n in dir(signal) if n.startswith("SIG") and "_" not in n and n not in WINDOWS_SIGNALS]
    + ["alarm", "pause", "setitimer", "getitimer", "siginterrupt", "pthread_kill"]
    + ["pthread_sigmask", "sigpending", "sigwait", "sigwaitinfo", "sigtimedwait"]
    + ["SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"]
)


class AsOnWindows(ModuleType):
    """A module as Windows has it: the real one, less what Windows lacks, plus ``said``."""

    def __init__(self, real: ModuleType, missing: frozenset[str], **said: str) -> None:
        super().__init__(real.__name__, real.__doc__)
        self.__dict__.update(said)
        self._real = real
        self._missing = missing

    def __getattr__(self, name: str) -> object:
        if name in self._missing:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r} (Windows)")
        return getattr(self._real, name)


AS_ON_WINDOWS = {
    "os": AsOnWindows(os, OS_MISSING, name="nt"),
    "signal": AsOnWindows(signal, SIGNAL_MISSING),
    "sys": AsOnWindows(sys, frozenset(), platform="win32"),
}
_real_import = builtins.__import__


def _import(
    name: str,
    globals: Mapping[str, object] | None = None,
    locals: Mapping[str, object] | None = None,
    fromlist: Sequence[str] | None = (),
    level: int = 0,
) -> ModuleType:
    importer = str((globals or {}).get("__file__") or "")
    if level == 0 and importer.startswith(ROOTS):
        top = name.partition(".")[0]
        if top in MODULES:
            raise ModuleNotFoundError(f"No module named {name!r} (as on Windows)", name=name)
        if top in AS_ON_WINDOWS and (name == top or not fromlist):
            _real_import(name, globals, locals, fromlist, level)
            return AS_ON_WINDOWS[top]
    return _real_import(name, globals, locals, fromlist, level)


def _pexpect_as_on_windows() -> None:
    real = sys.platform
    sys.platform = "win32"
    try:
        import pexpect  # noqa: F401 - stays in sys.modules, as Windows imports it
    except ImportError:
        pass
    finally:
        sys.platform = real


_pexpect_as_on_windows()
builtins.__import__ = _import
# Proof for the test that this ran.
os.environ["RETHINK_AS_ON_WINDOWS_RAN"] = "1"
