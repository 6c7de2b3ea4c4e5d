"""The room's window beside a real session, each in its own pseudo-terminal.

The room's window starts first and waits; the facilitator runs a session to its first
go-round, with notes typed at the prompt, and is told a room's window is following; the
session is killed (the room's window says it is paused) and resumed (it follows again);
Ctrl-C closes the room's window. Nothing typed in the facilitator's window reaches the
room's window or any file.
"""

from __future__ import annotations

import io
import random
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")

from tests.e2e_helpers import (  # noqa: E402
    ENTER,
    SETUP_LEAD,
    Facilitator,
    leave_copy_menu,
    loose,
    program_today,
    session_files,
    strip_ansi,
)
from tests.test_e2e import _run_whole_session  # noqa: E402
from tests.test_goround_e2e import (  # noqa: E402
    _env,
    _killed,
    _resumed,
    _saved,
    _to_the_first_round,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.posix,  # pseudo-terminals (pexpect.spawn)
    pytest.mark.timeout(90),
]

MARKER = "zqx7jw9ky"  # no bound go-round keys (n, s, b, a, p, t, +)


def _room_window(folders: dict[str, Path]) -> Any:
    # Under 20 rows: names in letters, not large type, so the test can read them.
    child = pexpect.spawn(
        sys.executable,
        ["-m", "rethink_cli", "session", "room"],
        env=_env(folders),
        encoding="utf-8",
        dimensions=(18, 80),
        timeout=15,
    )
    child.logfile_read = io.StringIO()
    return child


def test_the_room_window_follows_a_session_through_a_kill_and_a_resume(
    places: dict[str, Path],
) -> None:
    room = _room_window(places)
    try:
        room.expect(loose("Waiting for the session to start"))
        me = _to_the_first_round(places)
        try:
            room.expect(loose("Next: Jo Reed"))
            # Notes typed out of habit during a turn, then Enter for the next speaker.
            me.key_alone(f"{SETUP_LEAD} is speaking", ENTER, MARKER)
            me.see("Jo Reed is speaking")
            room.expect(loose("Next: Priya Shah"))
            _killed(me)
            # The facilitator was told the room has a window of its own.
            said = " ".join(strip_ansi(me.output).split())
            assert "The room's window is following this session" in said
        finally:
            me.kill()
        room.expect(loose("Paused"))
        session_id, _ = _saved(places)
        again = _resumed(places, session_id)
        try:
            again.key_alone("Jo Reed is speaking", ENTER)
            again.see("Priya Shah is speaking")
            room.expect(loose("Next: end of the round"))
        finally:
            again.kill()
        room.sendintr()
        room.expect(pexpect.EOF)
        room.close()
        assert room.exitstatus == 0
    finally:
        room.close(force=True)
    shown = strip_ansi(room.logfile_read.getvalue())
    assert MARKER not in shown
    assert "Traceback" not in shown
    for path in session_files(places["state"]):
        assert MARKER.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("killed", [True, False], ids=["room-window-killed", "room-window-kept"])
def test_the_session_runs_to_export_whatever_the_room_window_does_and_leaves_nothing(
    places: dict[str, Path], killed: bool
) -> None:
    # The room's window is killed at a moment drawn at random (the seed is in the test's
    # name on failure), or kept open to the end.
    seed = random.randrange(1 << 30)
    moment = random.Random(seed).uniform(0.5, 8.0)
    room = _room_window(places)
    me = Facilitator(["session", "start", "--out", str(places["out"])], _env(places))
    timer = threading.Timer(moment, lambda: room.kill(signal.SIGKILL))
    try:
        room.expect(loose("Waiting for the session to start"))
        if killed:
            timer.start()
        _run_whole_session(me, program_today())
        leave_copy_menu(me)
        status = me.finish()
        # Killed at its random moment, long before the session ended; else still there.
        assert room.isalive() is not killed, seed
        if not killed:
            room.expect(loose("The session has ended"))
            room.sendintr()
            room.expect(pexpect.EOF)
    finally:
        timer.cancel()
        me.kill()
        room.close(force=True)
    assert status == 0, (seed, strip_ansi(me.output)[-2000:])
    assert "Traceback" not in me.output
    # Exported: nothing of the session is left, the room's files included.
    assert session_files(places["state"]) == [], seed
    if not killed:
        assert room.exitstatus == 0
