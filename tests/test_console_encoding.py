"""A whole session on an 8-bit console (cp1252), killed and resumed, runs to its export.

Git Bash (mintty), a legacy Windows console and some IDE terminals give Python a
cp1252 output. The program's own symbols (step dots, the Lead's star, the large
digits, the menu pointer) are not in cp1252: before ui.glyphs the session died
at the first step header with "Something unexpected went wrong", and so did
every resume. Here the real program runs in a pty told its console is cp1252,
in projector mode (the large digits), is killed with kill -9 in step 6, resumed,
and finished through the export.
"""

from __future__ import annotations

import datetime as dt
import signal
import time
import tomllib
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from tests.e2e_helpers import (  # noqa: E402
    SETUP_CASE,
    SETUP_LEAD,
    Facilitator,
    add_action,
    agree_to_work_this_way,
    finish_introductions,
    go_round,
    introduce,
    leave_copy_menu,
    loose,
    program_env,
    program_today,
    read_introduction,
    saved_session_ids,
    setup_options,
    strip_ansi,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.posix,  # a pseudo-terminal (pexpect.spawn)
    pytest.mark.timeout(120),
]

CP1252 = "cp1252"
PEOPLE = [("Jo Reed", "Health visitor", "Health Visiting")]
ACTION = "Arrange a joint home visit with the health visitor"
# cp1252 lacks these: each must reach the screen as its plain stand-in, never as "?".
NOT_IN_CP1252 = "●◉○★█░▀▄❯✓✗"


def _cp1252_env(tmp_path: Path) -> dict[str, str]:
    for name in ("home", "state", "config", "out"):
        (tmp_path / name).mkdir()
    env = program_env(tmp_path / "home", tmp_path / "state", tmp_path / "config")
    env.update(PYTHONIOENCODING=CP1252, PYTHONUTF8="0")
    return env


def _no_failure(screen: str) -> None:
    assert "Traceback" not in screen
    assert "Something unexpected" not in screen
    assert "UnicodeEncodeError" not in screen
    for symbol in NOT_IN_CP1252:
        assert symbol not in screen, symbol


def _confirm_date(me: Facilitator) -> None:
    """Yes to the read-back of a typed date ("Keep it?" for a weekend or bank holiday).

    Either wording: a run across midnight (CI's moved clocks) may land on either.
    """
    me.child.expect([loose("is that right?"), loose("Keep it?")])
    me.child.send("\r")


def test_a_session_and_its_resume_run_to_export_on_a_cp1252_console(tmp_path: Path) -> None:
    env = _cp1252_env(tmp_path)
    out = tmp_path / "out"
    me = Facilitator(
        ["session", "start", "--large", "--out", str(out), *setup_options()],
        env,
        encoding=CP1252,
    )
    try:
        read_introduction(me)
        introduce(me, PEOPLE)
        finish_introductions(me)
        agree_to_work_this_way(me)
        go_round(me, 4, [SETUP_LEAD, "Jo Reed"])
        go_round(me, 5, [SETUP_LEAD, "Jo Reed"])
        me.see("Step 6 of 9")
        add_action(me, ACTION)
        me.see("Actions (1)")
        time.sleep(0.3)  # the action has reached the autosave
        me.child.kill(signal.SIGKILL)
        me.finish(timeout=10)
    finally:
        me.kill()
    first = strip_ansi(me.output)
    _no_failure(first)
    # The step dots as stand-ins: steps 1-5 done, step 6 here, three to come.
    assert "# # # # # @ o o o" in first
    assert "* Lead Professional" in first
    # The large countdown was drawn, in plain blocks.
    assert "####" in first

    (session_id,) = saved_session_ids(tmp_path / "state")
    again = Facilitator(["session", "resume", session_id, "--out", str(out)], env, encoding=CP1252)
    today = program_today()
    try:
        again.see(f"Resuming {SETUP_CASE} at step 6 of 9.")
        again.see("Actions (1)")
        again.select("Actions", "Done: on to step 7", downs=1)
        again.select("Who owns it?", SETUP_LEAD)
        again.text("Action 1, by when?", "in 2 weeks")
        _confirm_date(again)
        again.select("Who and by when", "Done: on to step 8")
        for agency in ("Children's Social Care", "Health Visiting"):
            again.text(f"Where does {agency} record these actions?", "Case notes")
        again.text("Review date: when will the network meet again", "in 6 weeks")
        _confirm_date(again)
        again.select("Who will call the review meeting?", SETUP_LEAD)
        again.select("Where recorded and the review", "Done: on to step 9")
        again.select("Is the network still stuck?", "No: the agreed actions are a way forward")
        again.select("Wrap up", "Everyone agrees: export the actions")
        again.see("Written")
        leave_copy_menu(again)
        status = again.finish()
    finally:
        again.kill()
    second = strip_ansi(again.output)
    assert status == 0, second[-2000:]
    _no_failure(second)
    (folder,) = out.iterdir()
    record = next(folder.glob("*_actions.toml")).read_text("utf-8")
    assert ACTION in record
    (action,) = tomllib.loads(record)["actions"]
    assert action["what"] == ACTION and action["owner"] == SETUP_LEAD
    # "in 2 weeks" from the program's today (a run across midnight: the day after).
    assert action["due"] - today in (dt.timedelta(days=14), dt.timedelta(days=15))
    # Nothing of the session is left in the state folder once it is exported.
    assert [p for p in (tmp_path / "state").rglob("*") if p.is_file()] == []
