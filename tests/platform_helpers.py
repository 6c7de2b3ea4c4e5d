"""What this computer offers, read without calling anything Windows lacks.

Tests that need POSIX (a pseudo-terminal, SIGKILL or SIGHUP, file modes, fork, named
pipes) carry ``@pytest.mark.posix``; tests/conftest.py skips them elsewhere. Anything a
decorator or a module reads at import time comes from here, so that the suite still
collects on Windows (tests/test_windows_collection.py holds it to that).
"""

from __future__ import annotations

import os

POSIX = os.name == "posix"
# Windows has no geteuid: nobody is root there.
RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
