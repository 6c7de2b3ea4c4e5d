"""Autosave: private, atomic, one previous copy, locks, damage, and removal after export."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from rethink_cli.app.autosaving import GuardedAutosave
from rethink_cli.app.session import _run
from rethink_cli.app.terminal import SessionOptions, Terminal
from rethink_cli.core.errors import SessionInterrupted
from rethink_cli.core.facts import MeetingFacts
from rethink_cli.core.session import SessionState
from rethink_cli.formats.autosave import state_from_dict, state_to_dict
from rethink_cli.formats.texts import all_steps
from rethink_cli.storage.autosave import (
    DamagedAutosave,
    SessionLocked,
    SessionStore,
    ensure_private_folder,
    list_sessions,
    state_folder,
)
from rethink_cli.ui.screen import RichScreen
from tests import flow_helpers as f
from tests.platform_helpers import POSIX
from tests.scripted import FakeClock, ScriptedPrompter
from tests.test_flow import MARKER, MEETING, strategy3_script


def new_state(case: str = "PN-4471") -> SessionState:
    setup = MeetingFacts(case, dt.date(2026, 11, 26), "Alex Morgan", 3, "Sam Patel", "CSC", 90)
    return SessionState.new(setup, [s.weight for s in all_steps()])


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    state = new_state()
    from rethink_cli.core.action import DraftAction
    from rethink_cli.core.attendee import Attendee

    state.roster.add(Attendee("Sam Patel", "Social worker", "CSC"), lead=True)
    state.actions.append(DraftAction("Visit", "Sam Patel", "CSC", dt.date(2026, 12, 1), None))
    state.review.date = dt.date(2027, 1, 8)
    state.step = 7
    state.elapsed = {1: 300.0, 6: 12.5}
    assert state_from_dict(json.loads(json.dumps(state_to_dict(state)))) == state


@pytest.mark.posix  # file modes
def test_files_are_private_even_under_umask_000(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        folder = ensure_private_folder(tmp_path / "state" / "sessions")
        store = SessionStore(folder, "abc123")
        store.save(new_state())
        store.acquire()
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_state_folder_honours_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETHINK_STATE_DIR", str(tmp_path / "here"))
    assert state_folder() == tmp_path / "here" / "sessions"
    if POSIX:  # Windows keeps no such mode
        assert stat.S_IMODE((tmp_path / "here").stat().st_mode) == 0o700


def test_previous_copy_is_kept_and_used_when_latest_is_damaged(tmp_path: Path) -> None:
    store = SessionStore(tmp_path, "s1")
    state = new_state()
    store.save(state)
    state.step = 5
    store.save(state)
    assert store.load().step == 5
    store.path.write_text('{"format": 1, "setup": {', "utf-8")  # truncated
    with pytest.raises(DamagedAutosave, match="damaged"):
        store.load()
    assert store.load(previous=True).step == 1


def test_unchanged_state_is_not_rewritten(tmp_path: Path) -> None:
    store = SessionStore(tmp_path, "s1")
    state = new_state()
    assert store.save(state) is True
    assert store.save(state) is False


def test_autosave_with_escape_sequences_is_refused(tmp_path: Path) -> None:
    store = SessionStore(tmp_path, "s1")
    store.save(new_state())
    data = json.loads(store.path.read_text("utf-8"))
    data["setup"]["case_reference"] = "PN\x1b[2J"
    store.path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DamagedAutosave):
        store.load()


def test_live_lock_refuses_a_second_rethink(tmp_path: Path) -> None:
    from tests.lock_holder import holding

    store = SessionStore(tmp_path, "s1")
    with holding(tmp_path, "s1") as other:
        message = f"open in another rethink \\(process {other}\\)"
        with pytest.raises(SessionLocked, match=message):
            store.acquire()
    # The other process is gone (killed): its lock file is stale and this one may take over.
    assert json.loads(store.lock_path.read_text())["pid"] == other
    store.acquire()
    assert json.loads(store.lock_path.read_text())["pid"] == os.getpid()
    store.release()
    assert not store.lock_path.exists()


def test_a_live_pid_alone_does_not_lock_a_session(tmp_path: Path) -> None:
    # A pid is reused after a crash: a lock file naming a running process that does not
    # hold the operating-system lock is stale.
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        store = SessionStore(tmp_path, "s1")
        import socket

        store.lock_path.write_text(json.dumps({"pid": sleeper.pid, "host": socket.gethostname()}))
        store.acquire()
    finally:
        sleeper.kill()
        sleeper.wait()
    assert json.loads(store.lock_path.read_text())["pid"] == os.getpid()
    store.release()


def test_list_shows_case_step_and_damage(tmp_path: Path) -> None:
    good = SessionStore(tmp_path, "aaa111")
    state = new_state("PN-1")
    state.step = 6
    good.save(state)
    (tmp_path / "bbb222.json").write_text("not json", "utf-8")
    found = {s.session_id: s for s in list_sessions(tmp_path)}
    assert found["aaa111"].case_reference == "PN-1" and found["aaa111"].step == 6
    assert found["bbb222"].damaged


@pytest.fixture
def london_time() -> Iterator[None]:
    """The process's local time zone is Europe/London for the test, then put back."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Europe/London")
        time.tzset()
        try:
            yield
        finally:
            patch.undo()
            time.tzset()


def test_list_orders_by_utc_through_the_repeated_autumn_hour(
    tmp_path: Path, london_time: None
) -> None:
    # 25 October 2026: clocks go back at 02:00 BST, so 01:00-02:00 happens twice.
    first = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # 01:30 BST
    second = first + dt.timedelta(minutes=50)  # 01:20 GMT, later in real time
    # The set-up really is the trap: on the wall clock the later save reads earlier.
    first_local = time.localtime(first.timestamp())
    second_local = time.localtime(second.timestamp())
    assert (first_local.tm_hour, first_local.tm_min, first_local.tm_isdst) == (1, 30, 1)
    assert (second_local.tm_hour, second_local.tm_min, second_local.tm_isdst) == (1, 20, 0)

    for session_id, case, when in (("bst130", "PN-BST", first), ("gmt120", "PN-GMT", second)):
        store = SessionStore(tmp_path, session_id)
        store.save(new_state(case))
        os.utime(store.path, (when.timestamp(), when.timestamp()))

    found = list_sessions(tmp_path)
    assert [s.session_id for s in found] == ["gmt120", "bst130"]
    assert [s.saved_at for s in found] == [second, first]
    for saved in found:
        assert saved.saved_at.tzinfo is not None
        assert saved.saved_at.utcoffset() == dt.timedelta(0)


def test_remove_deletes_everything_of_the_session(tmp_path: Path) -> None:
    store = SessionStore(tmp_path, "s1")
    store.save(new_state())
    store.save(new_state("PN-2"))
    store.acquire()
    (tmp_path / ".s1.json.123.tmp").write_text("x")
    other = SessionStore(tmp_path, "s2")
    other.save(new_state())
    store.remove()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s2.json"]


def terminal_for(prompter: ScriptedPrompter) -> Terminal:
    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    return Terminal(prompter, RichScreen(console), plain=False)


def scripted_state(prompter: ScriptedPrompter) -> SessionState:
    from rethink_cli.core.facts import GivenFacts
    from rethink_cli.dialogs.facts import adjust_plan, ask_setup

    screen = terminal_for(prompter).screen
    setup = ask_setup(GivenFacts(), prompter=prompter, screen=screen, today=f.TODAY)
    state = SessionState.new(setup, [s.weight for s in all_steps()])
    adjust_plan(state, prompter=prompter, screen=screen)
    return state


def test_every_confirmed_answer_is_on_disk_before_the_next_prompt(tmp_path: Path) -> None:
    prompter = strategy3_script()
    state = scripted_state(prompter)
    store = SessionStore(tmp_path / "state", "s1")
    (tmp_path / "state").mkdir()
    seen: list[dict[str, object]] = []
    original = store.save

    def save_and_look(current: SessionState) -> bool:
        wrote = original(current)
        on_disk = json.loads(store.path.read_text("utf-8"))
        # What the room has confirmed so far is exactly what is on disk.
        assert on_disk == json.loads(json.dumps(state_to_dict(current)))
        seen.append(on_disk)
        return wrote

    store.save = save_and_look  # type: ignore[method-assign,assignment]
    out = tmp_path / "out"
    out.mkdir()
    _run(
        state,
        GuardedAutosave(store),
        SessionOptions(out_dir=out),
        terminal_for(prompter),
        FakeClock(),
    )
    assert len(seen) > 50
    assert [len(s["actions"]) for s in seen][-1] == 3  # type: ignore[arg-type]
    # After the confirmed export, nothing of the session stays in the state folder.
    assert list((tmp_path / "state").iterdir()) == []
    # One folder for the meeting, holding the whole set.
    assert [p.name for p in out.iterdir()] == [MEETING]
    assert len(list((out / MEETING).iterdir())) == 13


def test_save_and_quit_then_resume_finishes_with_everything(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    # Stop at the end of step 7, with every owner and date confirmed.
    stop_at = script.index(("select", "Done"), script.index(("text", "in 2 weeks")))
    first = ScriptedPrompter.of(
        *script[:stop_at],
        ("select", "More options"),
        ("select", "Quit"),
        ("select", "Save and quit"),
    )
    state = scripted_state(first)
    folder = tmp_path / "state"
    folder.mkdir()
    store = SessionStore(folder, "s1")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(SessionInterrupted, match="rethink session resume s1"):
        _run(
            state,
            GuardedAutosave(store),
            SessionOptions(out_dir=out),
            terminal_for(first),
            FakeClock(),
        )
    assert not store.lock_path.exists()
    resumed = SessionStore(folder, "s1").load()
    assert resumed.step == 7 and [a.owner for a in resumed.actions][:2] == [
        "Sam Patel",
        "Priya Shah",
    ]
    # Quit from the menu after step 7: the resume opens that same menu.
    assert resumed.pending is not None and resumed.pending.kind == "menu"
    rest = ScriptedPrompter.of(("select", "Go on to step 8"), *script[stop_at + 1 :])
    _run(
        resumed,
        GuardedAutosave(SessionStore(folder, "s1")),
        SessionOptions(out_dir=out),
        terminal_for(rest),
        FakeClock(),
    )
    assert list(folder.iterdir()) == []
    written = "".join(p.read_text("utf-8") for p in (out / MEETING).iterdir())
    assert "GP Practice" in written and MARKER not in written


def test_cli_list_and_discard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rethink_cli.cli.app import run

    monkeypatch.setenv("RETHINK_STATE_DIR", str(tmp_path))
    folder = state_folder()
    state = new_state("PN-77")
    state.step = 4
    SessionStore(folder, "abc123").save(state)
    assert run(["session", "list"]) == 0
    listed = capsys.readouterr().out
    assert "abc123" in listed and "PN-77" in listed and "4 of 9" in listed
    assert run(["session", "discard", "nope12", "--yes"]) == 2
    assert run(["session", "discard", "abc123", "--yes"]) == 0
    assert list(folder.iterdir()) == []
    assert run(["session", "list"]) == 0
    assert "No interrupted sessions" in capsys.readouterr().out


def test_cli_resume_needs_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from rethink_cli.cli.app import run

    # Under pytest standard input is not a terminal: one line, exit 2, never a hang.
    assert run(["session", "resume"]) == 2
    assert "needs a terminal" in capsys.readouterr().err
    assert run(["session", "demo"]) == 2


def test_the_real_session_offers_a_calendar(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    script[-1] = ("select", "with the dates as a calendar")
    prompter = ScriptedPrompter.of(*script)
    state = scripted_state(prompter)
    folder = tmp_path / "state"
    folder.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    _run(
        state,
        GuardedAutosave(SessionStore(folder, "s1")),
        SessionOptions(out_dir=out),
        terminal_for(prompter),
        FakeClock(),
    )
    ics = out / MEETING / "2026-11-26_PN-4471_actions.ics"
    assert ics.exists() and "BEGIN:VEVENT" in ics.read_text("utf-8")
    assert len(list((out / MEETING).iterdir())) == 14
