"""Stopping a session on purpose or by force, in a real terminal, and picking it up again.

Ctrl-C offers a small menu (carry on, save and quit, discard); SIGTERM and SIGHUP
save quietly and leave with 128 + the signal; kill -9 leaves the last autosave
and a stale lock, and the next ``session start`` offers to resume it.

Run just these with ``pytest -m e2e``. They need a POSIX pty (pexpect).
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")

from rethink_cli.core.session import SessionState  # noqa: E402
from rethink_cli.storage.autosave import SessionStore, owner_is_alive, read_lock  # noqa: E402
from tests.e2e_helpers import (  # noqa: E402
    COPY_MENU,
    CTRL_C,
    DOWN,
    ENTER,
    SELECT_HINT,
    SETUP_CASE,
    SETUP_LEAD,
    SETUP_LEAD_AGENCY,
    Facilitator,
    add_action,
    agree_to_work_this_way,
    finish_introductions,
    go_round,
    introduce,
    leave_copy_menu,
    program_env,
    program_today,
    read_introduction,
    run_rethink,
    saved_session_ids,
    session_files,
    setup_options,
    strip_ansi,
)
from tests.test_e2e import read_back, typed  # noqa: E402

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.posix,  # a pseudo-terminal (pexpect.spawn)
    # Each test drives at most two short runs of the program: well under this.
    pytest.mark.timeout(60),
]

UP = "\x1b[A"

PEOPLE = [
    ("Jo Reed", "Health visitor", "Health Visiting"),
    ("Priya Shah", "Designated safeguarding lead", "Northside Primary School"),
]
ACTIONS = [
    "Arrange a joint home visit with the health visitor",
    "Book a developmental review at the clinic",
]
PAUSE_MENU = "Paused. What would you like to do?"
PAUSE_CHOICES = (
    "Carry on with this step",
    "Save and quit (resume later)",
    "Discard this session",
)
RESUME_HINT = re.compile(r"rethink session resume ([0-9a-f]+)")


def _env(places: dict[str, Path]) -> dict[str, str]:
    return program_env(places["home"], places["state"], places["config"])


def _start(places: dict[str, Path]) -> Facilitator:
    return Facilitator(
        ["session", "start", "--out", str(places["out"]), *setup_options()], _env(places)
    )


def _drive_to(me: Facilitator, step: int, *, people: int = 1, actions: int = 1) -> None:
    """Type a session up to ``step`` (2 or 6) and wait until that step's menu is drawn.

    Step 2: the Lead Professional and ``people`` more are in the room. Step 6:
    the same, both go-rounds done, and ``actions`` actions added. Every answer is
    confirmed (and so autosaved) once the menu is drawn.
    """
    read_introduction(me)
    introduce(me, PEOPLE[:people])
    if step == 2:
        me.see(f"› Introductions{SELECT_HINT}")
        return
    assert step == 6
    finish_introductions(me)
    agree_to_work_this_way(me)
    speakers = [SETUP_LEAD, *(name for name, _, _ in PEOPLE[:people])]
    go_round(me, 4, speakers)
    go_round(me, 5, speakers)
    me.see("Step 6 of 9")
    for what in ACTIONS[:actions]:
        add_action(me, what)
    me.see(f"Actions ({actions})")
    me.see(f"› Actions{SELECT_HINT}")


def _shows_step(me: Facilitator, step: int, *, people: int = 1, actions: int = 1) -> None:
    """What the room sees at ``step`` with everything typed before kept."""
    if step == 2:
        me.see(f"In the room ({people + 1})")
        for name, _, _ in PEOPLE[:people]:
            me.see(name)
        me.see(f"› Introductions{SELECT_HINT}")
    else:
        me.see(f"Actions ({actions})")
        for what in ACTIONS[:actions]:
            me.see(what)
        me.see(f"› Actions{SELECT_HINT}")


def _pause(me: Facilitator, choice: str) -> None:
    """Press Ctrl-C at the waiting prompt and pick ``choice`` from the pause menu."""
    me.child.send(CTRL_C)
    downs = PAUSE_CHOICES.index(choice)

    def every_choice_shown() -> None:
        for each in PAUSE_CHOICES:
            me.see(each)

    me.select(PAUSE_MENU, choice, downs=downs, before=every_choice_shown)


def _confirm_discard(me: Facilitator) -> None:
    # "No" is the default here: move up to "Yes".
    message = "Discard this session? Attendees and actions typed so far are deleted."
    me.see(f"› {message}")
    me.child.send(UP + ENTER)
    me.see(f"› {message} Yes")


def _finish_from_step6(
    me: Facilitator, actions: int, today: dt.date, *, people: int, leave: bool = True
) -> None:
    """From step 6's menu (already drawn) to the export: the Lead Professional owns all.

    Then "Done" at the offer to copy a text, unless ``leave`` is False (it waits there).
    """
    me.child.send(DOWN + ENTER)
    me.see("› Actions Done: on to step 7")
    me.see("Step 7 of 9")
    for number, what in enumerate(ACTIONS[:actions], start=1):
        due = today + dt.timedelta(days=7 * number)
        me.see(f"Action {number}: {what}")
        me.select("Who owns it?", SETUP_LEAD)
        me.text(f"Action {number}, by when?", typed(due))
        me.confirm(read_back(due))
    me.select("Who and by when", "Done: on to step 8")
    me.see("Step 8 of 9")
    # Every agency in the room is asked where it records the actions, owner or not.
    for agency in [SETUP_LEAD_AGENCY, *(agency for _, _, agency in PEOPLE[:people])]:
        me.text(f"Where does {agency} record these actions?", "Own case record")
    review = today + dt.timedelta(days=42)
    me.text("Review date: when will the network meet again", typed(review))
    me.confirm(read_back(review))
    me.select("Who will call the review meeting?", SETUP_LEAD)
    me.select("Where recorded and the review", "Done: on to step 9")
    me.see("Step 9 of 9")
    me.select("Is the network still stuck?", "No: the agreed actions are a way forward")
    me.select("Wrap up", "Everyone agrees: export the actions")
    me.see("Written")
    if leave:
        leave_copy_menu(me)


def _exported_record(out: Path, today: dt.date) -> dict[str, Any]:
    """The exported record, named after the meeting date the program chose.

    The program read its own clock: a run that crosses midnight may date the
    meeting ``today`` or the day after, never anything else.
    """
    # In the meeting's own folder, the only thing in ``out``.
    (folder,) = out.iterdir()
    (path,) = folder.glob(f"*_{SETUP_CASE}_actions.toml")
    day = dt.date.fromisoformat(path.name[:10])
    assert day in (today, today + dt.timedelta(days=1)), path.name
    assert folder.name == f"{day.isoformat()}_{SETUP_CASE}"
    return tomllib.loads(path.read_text("utf-8"))


def _load_only_autosave(places: dict[str, Path]) -> tuple[SessionStore, SessionState]:
    ids = saved_session_ids(places["state"])
    assert len(ids) == 1, session_files(places["state"])
    store = SessionStore(places["state"] / "sessions", ids[0])
    return store, store.load()


def _assert_kept(state: SessionState, step: int, *, people: int = 1, actions: int = 1) -> None:
    assert state.step == step
    assert state.setup.case_reference == SETUP_CASE
    assert [a.name for a in state.roster.attendees] == [
        SETUP_LEAD,
        *(name for name, _, _ in PEOPLE[:people]),
    ]
    assert state.roster.attendees[0].role == "Social worker"
    for got, (name, role, agency) in zip(state.roster.attendees[1:], PEOPLE, strict=False):
        assert (got.name, got.role, got.agency) == (name, role, agency)
    expected_actions = ACTIONS[:actions] if step >= 6 else []
    assert [a.what for a in state.actions] == expected_actions


def _tail(me: Facilitator) -> str:
    return strip_ansi(me.output)[-2500:]


def _process_state(pid: int) -> str:
    """The one-letter state in ``/proc/<pid>/stat`` (S = sleeping), or "" where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat[stat.rindex(")") + 2 :].split()[0]


def _when_idle(me: Facilitator) -> None:
    """Wait until the program is asleep at its prompt, between two redraws.

    A signal that lands while prompt_toolkit is busy (handling keys, redrawing)
    is the other case, checked by test_a_signal_while_keys_are_being_handled_...
    (it once printed a traceback and waited for Enter). Here: a prompt that waits.
    """
    time.sleep(0.6)  # past prompt_toolkit's 0.5 s key-flush timer after the last key
    deadline = time.monotonic() + 5
    while _process_state(me.child.pid) not in {"S", ""} and time.monotonic() < deadline:
        time.sleep(0.005)


def _finish(me: Facilitator, timeout: float = 10) -> int:
    """The exit status; a program that does not end shows its screen in the failure."""
    try:
        return me.finish(timeout=timeout)
    except pexpect.TIMEOUT:
        pytest.fail(f"the program did not exit; its screen ends:\n{_tail(me)}")


# ----------------------------------------------------------------- Ctrl-C


@pytest.mark.parametrize("step", [2, 6])
def test_ctrl_c_save_and_quit_then_resume_at_the_same_step(
    places: dict[str, Path], step: int
) -> None:
    today = program_today()
    env = _env(places)
    me = _start(places)
    try:
        _drive_to(me, step)
        # Carry on: the same step is shown again, nothing lost.
        _pause(me, "Carry on with this step")
        _shows_step(me, step)
        _pause(me, "Save and quit (resume later)")
        status = _finish(me)
    finally:
        me.kill()
    screen = strip_ansi(me.output)
    assert status == 130, _tail(me)
    assert "Traceback" not in screen
    hint = RESUME_HINT.search(screen)
    assert hint is not None, _tail(me)
    session_id = hint.group(1)
    assert "The session is saved." in screen
    assert "Error:" not in screen  # stopping on purpose is not an error
    assert saved_session_ids(places["state"]) == [session_id]
    store = SessionStore(places["state"] / "sessions", session_id)
    assert not store.lock_path.exists()  # closed properly: the lock is released
    _assert_kept(store.load(), step)

    listed = run_rethink(["session", "list"], env)
    assert listed.returncode == 0, listed.stderr
    row = next((line for line in listed.stdout.splitlines() if session_id in line), "")
    assert SETUP_CASE in row, listed.stdout
    assert f"{step} of 9" in row, listed.stdout
    assert "Traceback" not in listed.stdout + listed.stderr

    again = Facilitator(["session", "resume", session_id, "--out", str(places["out"])], env)
    try:
        again.see(f"Resuming {SETUP_CASE} at step {step} of 9.")
        again.see(f"Step {step} of 9")
        _shows_step(again, step)
        if step == 2:
            # Done with it: throw it away from the pause menu.
            _pause(again, "Discard this session")
            _confirm_discard(again)
        else:
            _finish_from_step6(again, 1, today, people=1)
        status = _finish(again)
    finally:
        again.kill()
    resumed = strip_ansi(again.output)
    assert "Traceback" not in resumed
    assert "was not closed properly" not in resumed  # it was closed properly
    assert session_files(places["state"]) == []
    if step == 2:
        assert status == 130, _tail(again)
        assert list(places["out"].iterdir()) == []
    else:
        assert status == 0, _tail(again)
        record = _exported_record(places["out"], today)
        assert [a["name"] for a in record["attendees"]] == [SETUP_LEAD, PEOPLE[0][0]]
        assert [a["what"] for a in record["actions"]] == ACTIONS[:1]


@pytest.mark.parametrize("step", [2, 6])
def test_ctrl_c_discard_leaves_no_session_files(places: dict[str, Path], step: int) -> None:
    me = _start(places)
    try:
        _drive_to(me, step)
        assert session_files(places["state"]) != []  # the autosave and its lock
        _pause(me, "Discard this session")
        _confirm_discard(me)
        status = _finish(me)
    finally:
        me.kill()
    screen = strip_ansi(me.output)
    assert status == 130, _tail(me)
    assert "Traceback" not in screen
    assert "The session was discarded" in screen
    assert "Error:" not in screen
    assert session_files(places["state"]) == []
    assert list(places["out"].iterdir()) == []
    listed = run_rethink(["session", "list"], _env(places))
    assert "No interrupted sessions" in listed.stdout


# ----------------------------------------------------------------- SIGTERM, SIGHUP


@pytest.mark.parametrize("step", [2, 6])
@pytest.mark.parametrize(
    ("signame", "code"), [("SIGTERM", 143), ("SIGHUP", 129)], ids=["TERM", "HUP"]
)
def test_sigterm_and_sighup_save_everything_and_release_the_lock(
    places: dict[str, Path], step: int, signame: str, code: int
) -> None:
    me = _start(places)
    try:
        _drive_to(me, step)
        _when_idle(me)
        me.child.kill(signal.Signals[signame])
        status = _finish(me)
    finally:
        me.kill()
    screen = strip_ansi(me.output)
    assert status == code, _tail(me)
    assert "Traceback" not in screen
    assert "Stopped by the system. The session is saved." in screen, _tail(me)
    store, state = _load_only_autosave(places)
    assert f"rethink session resume {store.session_id}" in screen
    _assert_kept(state, step)
    assert not store.lock_path.exists()


def test_sigterm_at_the_offer_to_copy_says_the_files_are_written(
    places: dict[str, Path],
) -> None:
    today = program_today()
    me = _start(places)
    try:
        _drive_to(me, 6)
        _finish_from_step6(me, 1, today, people=1, leave=False)
        me.see(f"› {COPY_MENU}{SELECT_HINT}")
        _when_idle(me)
        me.child.kill(signal.SIGTERM)
        status = _finish(me)
    finally:
        me.kill()
    screen = strip_ansi(me.output)
    assert status == 143, _tail(me)
    assert "Traceback" not in screen
    assert "Stopped by the system. The files are written; nothing else of the session" in screen
    # Nothing was copied, the set is whole, and nothing is left to resume.
    assert "\x1b]52;" not in me.output
    assert [a["what"] for a in _exported_record(places["out"], today)["actions"]] == ACTIONS[:1]
    assert session_files(places["state"]) == []


@pytest.mark.parametrize(
    ("signame", "code"), [("SIGTERM", 143), ("SIGHUP", 129)], ids=["TERM", "HUP"]
)
def test_a_signal_while_keys_are_being_handled_still_saves_and_exits(
    places: dict[str, Path], signame: str, code: int
) -> None:
    """Someone is typing (or the status line is redrawing) when the system stops rethink."""
    me = _start(places)
    try:
        me.select("The time plan", "Use this plan")
        me.see("Page 1 of 5")
        # Keys the prompt swallows: the program is busy handling them when the signal lands.
        me.child.send("Q" * 3000)
        time.sleep(0.05)
        me.child.kill(signal.Signals[signame])
        # Generous: this catches a program that never ends (waiting for Enter), not a slow one.
        status = _finish(me, timeout=10)
    finally:
        me.kill()
    screen = strip_ansi(me.output)
    assert "Traceback" not in screen, _tail(me)
    assert "Unhandled exception" not in screen, _tail(me)
    assert status == code, _tail(me)
    store, state = _load_only_autosave(places)
    assert state.step == 1
    assert not store.lock_path.exists()


@pytest.mark.parametrize("moment", ["notes", "key", "closing"])
def test_sigterm_at_any_moment_of_a_go_round_saves_and_exits(
    places: dict[str, Path], moment: str
) -> None:
    """While notes are typed, while a key waits to act, and as a turn ends and the next opens.

    The handler never raises where it lands (ui.stopping): the prompt open then, or
    the next one, ends with it, and the session saves and stops.
    """
    me = _start(places)
    try:
        read_introduction(me)
        introduce(me, PEOPLE[:1])
        finish_introductions(me)
        agree_to_work_this_way(me)
        me.select("Who starts?", f"{SETUP_LEAD}, then down the list")
        me.see(f"{SETUP_LEAD} is speaking")
        keys = {"notes": "mum says dad is back " * 40, "key": "s", "closing": ENTER}[moment]
        me.child.send(keys)
        # "key": within the typing gap, the pass waits to act; "closing": just after it.
        time.sleep({"notes": 0.05, "key": 0.1, "closing": 0.45}[moment])
        me.child.kill(signal.SIGTERM)
        status = _finish(me, timeout=10)
    finally:
        me.kill()
    screen = strip_ansi(me.output)
    assert "Traceback" not in screen, _tail(me)
    assert "Unhandled exception" not in screen and "Press ENTER" not in screen, _tail(me)
    assert status == 143, _tail(me)
    assert "Stopped by the system. The session is saved." in screen
    store, state = _load_only_autosave(places)
    assert state.step == 4 and state.goround is not None
    assert not store.lock_path.exists()


# ----------------------------------------------------------------- kill -9


def test_kill_9_at_step_6_leaves_the_autosave_and_the_next_start_resumes_it(
    places: dict[str, Path],
) -> None:
    today = program_today()
    me = _start(places)
    try:
        _drive_to(me, 6, people=2, actions=2)
        pid = me.child.pid
        me.child.kill(signal.SIGKILL)
        status = _finish(me)
    finally:
        me.kill()
    assert status == 128 + signal.SIGKILL, _tail(me)
    assert "Traceback" not in strip_ansi(me.output)

    store, state = _load_only_autosave(places)
    _assert_kept(state, 6, people=2, actions=2)
    owner = read_lock(store.lock_path)
    assert owner is not None, "kill -9 cannot remove the lock: a stale one must remain"
    assert owner["pid"] == pid
    assert not owner_is_alive(owner)

    again = Facilitator(["session", "start", "--out", str(places["out"])], _env(places))
    try:
        again.select(
            "An unfinished session is saved on this computer.",
            f"Resume {SETUP_CASE} (step 6 of 9, saved ",  # the default: Enter resumes
        )
        again.see(f"Session {store.session_id} was not closed properly. Picking it up here.")
        again.see(f"Resuming {SETUP_CASE} at step 6 of 9.")
        _shows_step(again, 6, people=2, actions=2)
        _finish_from_step6(again, 2, today, people=2)
        status = _finish(again)
    finally:
        again.kill()
    assert status == 0, _tail(again)
    assert "Traceback" not in strip_ansi(again.output)
    assert session_files(places["state"]) == []
    record = _exported_record(places["out"], today)
    assert [a["name"] for a in record["attendees"]] == [
        SETUP_LEAD,
        *(name for name, _, _ in PEOPLE),
    ]
    assert [a["what"] for a in record["actions"]] == ACTIONS


def test_a_signal_at_the_offer_to_resume_changes_nothing(places: dict[str, Path]) -> None:
    """Before any session is open: which saved one to take up. SIGTERM leaves it as it was."""
    me = _start(places)
    try:
        _drive_to(me, 2)
        me.child.kill(signal.SIGKILL)
        _finish(me)
    finally:
        me.kill()
    store, _ = _load_only_autosave(places)
    before = store.path.read_bytes()
    again = Facilitator(["session", "start", "--out", str(places["out"])], _env(places))
    try:
        again.see("An unfinished session is saved on this computer.")
        _when_idle(again)
        again.child.kill(signal.SIGTERM)
        status = _finish(again)
    finally:
        again.kill()
    screen = strip_ansi(again.output)
    assert status == 143, _tail(again)
    assert "Stopped by the system. Nothing was changed." in screen, _tail(again)
    assert "Traceback" not in screen
    # Untouched, and free for the next start to take up.
    assert store.path.read_bytes() == before
    listed = run_rethink(["session", "list"], _env(places))
    assert store.session_id in listed.stdout and "open in another" not in listed.stdout
