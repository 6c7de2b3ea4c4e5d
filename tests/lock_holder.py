"""Another rethink, for real: a separate process holding a session's (or review's) lock.

"Open in another terminal" is decided by the operating-system lock, not by the pid
written in the lock file, so tests make a process that truly holds it.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

# argv: folder, session ID, and "review" to lock a review's files instead.
_HOLD = """
import sys
from pathlib import Path
from rethink_cli.storage.autosave import SessionStore
from rethink_cli.storage.review_store import _ReviewFiles

kind = _ReviewFiles if sys.argv[3:] == ["review"] else SessionStore
kind(Path(sys.argv[1]), sys.argv[2]).acquire()
print("held", flush=True)
sys.stdin.read()  # hold until the test closes our stdin (or kills us)
"""


@contextlib.contextmanager
def holding(folder: Path, session_id: str, *, review: bool = False) -> Iterator[int]:
    """A process holding the lock of ``session_id`` in ``folder``, while in the block (its pid)."""
    args = [sys.executable, "-c", _HOLD, str(folder), session_id, *(["review"] if review else [])]
    child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "held", "the holder could not take the lock"
        yield child.pid
    finally:
        child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()


class Holders:
    """Holders started during one test, all stopped at its end."""

    def __init__(self) -> None:
        self._stack = contextlib.ExitStack()

    def hold(self, folder: Path, session_id: str, *, review: bool = False) -> int:
        return self._stack.enter_context(holding(folder, session_id, review=review))

    def close(self) -> None:
        self._stack.close()
