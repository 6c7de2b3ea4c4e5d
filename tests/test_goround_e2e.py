"""Go-rounds in a real terminal: kill -9 at any moment of a round, and the round carries on.

The program is killed mid-turn, between turns, while a speaker is paused and
while a late arrival is being added; ``session resume`` then opens on the same
speaker (no "Who starts?"), with the round's order, passes and clocks as they
were. Notes typed at the go-round prompts: tests/harness/privacy_scan.py.

Run just these with ``pytest -m e2e``. They need a POSIX pty (pexpect).
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from rethink_cli.core.session import SessionState  # noqa: E402
from rethink_cli.storage.autosave import SessionStore  # noqa: E402
from tests.e2e_helpers import (  # noqa: E402
    DOWN,
    ENTER,
    SETUP_LEAD,
    Facilitator,
    agree_to_work_this_way,
    finish_introductions,
    introduce,
    program_env,
    read_introduction,
    saved_session_ids,
    setup_options,
    start_go_round,
    strip_ansi,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.posix,  # a pseudo-terminal (pexpect.spawn)
    pytest.mark.timeout(90),
]

PEOPLE = [
    ("Jo Reed", "Health visitor", "Health Visiting"),
    ("Priya Shah", "Designated safeguarding lead", "Northside Primary School"),
]
SPEAKERS = [SETUP_LEAD, "Jo Reed", "Priya Shah"]


def _env(places: dict[str, Path]) -> dict[str, str]:
    return program_env(places["home"], places["state"], places["config"])


def _to_the_first_round(places: dict[str, Path]) -> Facilitator:
    me = Facilitator(
        ["session", "start", "--out", str(places["out"]), *setup_options()], _env(places)
    )
    read_introduction(me)
    introduce(me, PEOPLE)
    finish_introductions(me)
    agree_to_work_this_way(me)
    start_go_round(me, 4, SETUP_LEAD)
    return me


def _killed(me: Facilitator) -> None:
    time.sleep(0.3)  # the last key has reached the program (and its autosave)
    me.child.kill(signal.SIGKILL)
    me.finish(timeout=10)
    assert "Traceback" not in strip_ansi(me.output)


def _saved(places: dict[str, Path]) -> tuple[str, SessionState]:
    (session_id,) = saved_session_ids(places["state"])
    return session_id, SessionStore(places["state"] / "sessions", session_id).load()


def _resumed(places: dict[str, Path], session_id: str) -> Facilitator:
    again = Facilitator(
        ["session", "resume", session_id, "--out", str(places["out"])], _env(places)
    )
    again.see("Resuming PN-4471 at step 4 of 9.")
    return again


def _round_ends(me: Facilitator, speakers: list[str], *, resumed: bool = True) -> None:
    """Each of ``speakers`` in turn, then the round's end; then stop the program."""
    for name in speakers:
        me.key_alone(f"{name} is speaking", ENTER)
    me.see("Everyone has had a turn.")
    screen = strip_ansi(me.output)
    if resumed:
        assert "Who starts?" not in screen
    assert "Traceback" not in screen
    me.kill()


def test_kill_mid_turn_resumes_with_the_same_speaker(places: dict[str, Path]) -> None:
    me = _to_the_first_round(places)
    try:
        me.key_alone(f"{SETUP_LEAD} is speaking", ENTER)
        me.see("Jo Reed is speaking")
        time.sleep(1.5)  # Jo has the floor for a while
        _killed(me)
    finally:
        me.kill()
    session_id, state = _saved(places)
    assert state.goround is not None
    assert state.goround.turns.current == 1
    assert state.goround.turns.spoken == [0]
    again = _resumed(places, session_id)
    try:
        again.see("Turn 2 of 3")
        _round_ends(again, SPEAKERS[1:])
    finally:
        again.kill()


def test_kill_between_turns_after_a_pass(places: dict[str, Path]) -> None:
    me = _to_the_first_round(places)
    try:
        me.key_alone(f"{SETUP_LEAD} is speaking", "s")
        me.see(f"{SETUP_LEAD} passes for now")
        # Killed the moment Jo's turn is drawn.
        me.see("Jo Reed is speaking")
        _killed(me)
    finally:
        me.kill()
    session_id, state = _saved(places)
    assert state.goround is not None
    assert state.goround.turns.passed == [0]
    assert state.goround.turns.order == [0, 1, 2, 0]
    again = _resumed(places, session_id)
    try:
        again.see("Turn 2 of 3")
        # Jo, Priya, then Sam's second offer.
        _round_ends(again, [*SPEAKERS[1:], SETUP_LEAD])
        assert "Offered a turn again" in strip_ansi(again.output)
    finally:
        again.kill()


def test_kill_while_paused_resumes_paused(places: dict[str, Path]) -> None:
    me = _to_the_first_round(places)
    try:
        me.key_alone(f"{SETUP_LEAD} is speaking", ENTER)
        me.key_alone("Jo Reed is speaking", "p")
        me.see("Paused.")
        me.see("p resume")  # the key line says how to carry on
        _killed(me)
    finally:
        me.kill()
    session_id, state = _saved(places)
    assert state.goround is not None and state.goround.paused
    again = _resumed(places, session_id)
    try:
        # The countdown is drawn above the speaker's line and keys.
        again.see("Paused · ")
        again.see("Jo Reed is speaking")
        again.see("p resume")
        again.child.send("p")
        again.see("Running again.")
        _round_ends(again, SPEAKERS[1:])
    finally:
        again.kill()


def test_kill_during_a_late_arrival_finishes_the_form_then_the_round(
    places: dict[str, Path],
) -> None:
    me = _to_the_first_round(places)
    try:
        me.key_alone(f"{SETUP_LEAD} is speaking", ENTER)
        me.key_alone("Jo Reed is speaking", "a")
        me.select(
            "Has someone arrived? Jo Reed's clock waits meanwhile.", "Yes: add them now", downs=1
        )
        me.text("Name", "Kim Lowe")
        me.see("Kim Lowe's role in this child's network")
        _killed(me)
    finally:
        me.kill()
    session_id, state = _saved(places)
    assert state.goround is not None and state.goround.held and state.goround.paused
    assert state.pending is not None and state.pending.parts["name"] == "Kim Lowe"
    again = _resumed(places, session_id)
    try:
        again.text("Kim Lowe's role in this child's network", "Family support worker")
        # "Another agency…" is the last choice and already highlighted.
        again.select("Kim Lowe's agency", "Another agency…")
        again.text("Agency name", "Early Help")
        # Before joining in, they hear what the room agreed on confidentiality.
        again.see("Kim Lowe missed the group agreement. Read this to them:")
        again.select("Once Kim Lowe has heard this, go on", "Go on")
        again.see("Turn 2 of 4")  # Jo again, and Kim joined the round
        again.see("Jo Reed is speaking")
        assert "Paused" not in strip_ansi(again.output).split("Early Help")[-1]
        again.child.send(ENTER)
        _round_ends(again, ["Priya Shah", "Kim Lowe"])
    finally:
        again.kill()


def test_esc_leaves_the_late_arrival_form(places: dict[str, Path]) -> None:
    me = _to_the_first_round(places)
    try:
        me.key_alone(f"{SETUP_LEAD} is speaking", "a")
        me.see("Has someone arrived?")
        me.child.send(DOWN + ENTER)
        me.see("› Name")
        me.child.send("Kim")
        time.sleep(0.3)
        me.child.send("\x1b")
        # The same turn, drawn afresh, and nobody added.
        me.see("Turn 1 of 3")
        me.see(f"Back to {SETUP_LEAD}.")
        _round_ends(me, SPEAKERS, resumed=False)
        assert "Kim" not in strip_ansi(me.output).split("Back to")[-1]
    finally:
        me.kill()
