"""The room's window (``rethink session room``), in process: what the session tells it,
the file that carries it, how the window follows the session, and what it draws.

The end-to-end runs in two pseudo-terminals are in tests/test_room_e2e.py.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from rethink_cli.core.room import RoomAction, RoomState, left_now
from rethink_cli.dialogs.session.timekeeping import QUIETER, ROOM_WINDOW_OFF, ROOM_WINDOW_ON
from rethink_cli.formats import room as room_format
from rethink_cli.formats.agreement import load_agreement
from rethink_cli.storage.autosave import SessionStore, ensure_private_folder
from rethink_cli.ui.room_view import RoomView, clock, render
from rethink_cli.ui.room_window import announcements
from tests import flow_helpers as f
from tests.scripted import CTRL_C, FakeClock, ScriptedPrompter
from tests.test_flow import MARKER, strategy3_script

PEOPLE = ["Sam Patel", "Jo Reed", "Priya Shah", "Chris Doyle"]


def whole_session(tmp_path: Path) -> list[RoomState]:
    shown: list[RoomState] = []

    def tell(room: RoomState) -> bool:
        shown.append(room)
        return False  # no room's window is following

    f.run_session(strategy3_script(), tmp_path, room=tell)
    return shown


def test_the_facilitator_is_told_when_a_room_window_starts_and_stops_following(
    tmp_path: Path,
) -> None:
    def tell(room: RoomState) -> bool:
        return room.step in (3, 4, 5)  # the room's window opened at step 3, closed at 6

    outcome = f.run_session(strategy3_script(), tmp_path, room=tell)
    screen = outcome.screen_flat
    assert screen.count(" ".join(ROOM_WINDOW_ON.split())) == 1
    assert screen.count(" ".join(ROOM_WINDOW_OFF.split())) == 1
    assert screen.index("Group agreement") < screen.index("following this session")
    assert screen.index("following this session") < screen.index("has closed")


def in_turn(values: list[object]) -> list[object]:
    """``values`` with repeats in a row dropped: what changed, in order."""
    return [v for i, v in enumerate(values) if i == 0 or values[i - 1] != v]


def test_the_room_is_told_every_step_in_order(tmp_path: Path) -> None:
    shown = whole_session(tmp_path)
    assert in_turn([room.step for room in shown]) == list(range(1, 10))
    assert {room.case_reference for room in shown} == {"PN-4471"}


def test_the_room_sees_each_speaker_and_who_is_next_in_both_go_rounds(tmp_path: Path) -> None:
    shown = whole_session(tmp_path)
    for number in (4, 5):
        turns = in_turn(
            [(r.speaker, r.next_speaker) for r in shown if r.step == number and r.speaker]
        )
        assert turns == [(PEOPLE[i], PEOPLE[i + 1] if i < 3 else None) for i in range(4)]
        # A whole go-round's clock: an equal slice each, counting down.
        lefts = [r.speaker_left for r in shown if r.step == number and r.speaker]
        assert all(left is not None and 0 < left <= 60 * 60 for left in lefts)
    # Outside the go-rounds nobody is shown speaking.
    assert all(r.speaker is None for r in shown if r.step not in (4, 5))


def test_the_room_sees_each_agreement_point_as_it_is_read(tmp_path: Path) -> None:
    shown = whole_session(tmp_path)
    points = load_agreement().points
    read = in_turn([r.point_title for r in shown if r.step == 3 and r.point_title])
    assert read == [point.title for point in points]
    first = next(r for r in shown if r.point_title == points[0].title)
    assert (first.point_text, first.point_details) == (points[0].text, points[0].details)
    # Once the room has agreed, no point is left on its screen.
    assert shown[-1].point_title is None
    assert not any(r.point_title for r in shown if r.step != 3)


def test_the_room_sees_the_actions_as_agreed_from_step_6_on(tmp_path: Path) -> None:
    shown = whole_session(tmp_path)
    assert not any(r.actions for r in shown if r.step < 6)
    last = shown[-1].actions
    assert [a.what for a in last] == [
        "Arrange a joint home visit with the health visitor",
        # The agreed wording: the first wording was changed before it was agreed.
        "Share weekly attendance figures with the Lead Professional",
        "Book a developmental review at the clinic",
    ]
    assert [a.owner for a in last] == ["Sam Patel", "Priya Shah", "Dr Lee"]
    assert [a.due for a in last] == ["2026-12-04", "2026-11-27", "2026-12-10"]
    agencies = ["Children's Social Care", "Northside Primary School", "GP Practice"]
    assert [a.recorded_where for a in last] == [f.RECORDING[agency] for agency in agencies]
    # At step 6 an action has its wording alone: who and when come at step 7.
    first_seen = next(r.actions[0] for r in shown if r.actions)
    assert (first_seen.owner, first_seen.due) == ("", "")
    assert [a.number for a in last] == [1, 2, 3]


def test_the_room_sees_who_is_in_the_room_at_step_2_and_the_review_from_step_8(
    tmp_path: Path,
) -> None:
    shown = whole_session(tmp_path)
    at_step_2 = [r for r in shown if r.step == 2]
    assert at_step_2[-1].people == (
        ("Sam Patel", "Social worker", "Children's Social Care"),
        ("Jo Reed", "Health visitor", "Health Visiting"),
        ("Priya Shah", "Designated safeguarding lead", "Northside Primary School"),
        ("Chris Doyle", "Neighbourhood officer", "Police"),
    )
    # Introduced one by one, as the room hears them.
    assert in_turn([len(r.people) for r in at_step_2]) == [0, 1, 2, 3, 4]
    assert not any(r.people for r in shown if r.step != 2)
    assert not any(r.review_date for r in shown if r.step < 8)
    assert (shown[-1].review_date, shown[-1].review_by) == ("2027-01-08", "Sam Patel")


@pytest.mark.parametrize("quieter", [True, False], ids=["ordinary-type", "large-kept"])
def test_in_projector_mode_the_facilitator_may_keep_ordinary_type_while_a_room_window_follows(
    tmp_path: Path, quieter: bool
) -> None:
    script = list(strategy3_script().script)
    # The room's window starts following at step 3: asked at its first question.
    at = script.index(("select", "Everyone has introduced"))
    script[at + 1 : at + 1] = [("confirm", quieter)]

    def tell(room: RoomState) -> bool:
        return room.step >= 3

    outcome = f.run_session(ScriptedPrompter.of(*script), tmp_path, large=True, room=tell)
    assert outcome.prompter.asked.count(f"confirm: {QUIETER}") == 1
    go_rounds = outcome.screen_text.split("Step 4 of 9", 1)[1]
    # Large letters for the speaker's name only when the facilitator kept large type.
    assert any(c in go_rounds for c in "▀▄") is not quieter


def test_without_projector_mode_nothing_is_asked_when_a_room_window_follows(
    tmp_path: Path,
) -> None:
    outcome = f.run_session(strategy3_script(), tmp_path, room=lambda room: room.step >= 3)
    assert f"confirm: {QUIETER}" not in outcome.prompter.asked


def test_ctrl_c_in_the_facilitators_window_shows_the_room_paused_until_it_carries_on(
    tmp_path: Path,
) -> None:
    script = list(strategy3_script().script)
    at = script.index(("select", "Done"))  # end of step 6, two actions in
    script[at:at] = [CTRL_C, ("select", "Carry on")]
    shown: list[RoomState] = []

    def tell(room: RoomState) -> bool:
        shown.append(room)
        return False

    f.run_session(ScriptedPrompter.of(*script), tmp_path, room=tell)
    assert in_turn([(r.step, r.paused) for r in shown if r.step == 6]) == [
        (6, False),
        (6, True),
        (6, False),
    ]
    paused = next(r for r in shown if r.paused)
    text = drawn(RoomView("live", paused, paused.taken_at + 5, 80, 24))
    assert "Paused." in text
    assert "14:55 left" in text  # the clocks run on, as in the facilitator's window


def test_nothing_typed_in_a_go_round_or_from_the_setup_reaches_the_room(tmp_path: Path) -> None:
    shown = whole_session(tmp_path)
    carried = b"".join(room_format.encode(room) for room in shown)
    # Typed at the go-round prompts, in both rounds; the facilitator's name from the setup.
    for secret in (MARKER, MARKER[::-1], "Alex Morgan"):
        assert secret.encode() not in carried


# ------------------------------------------------------------------ the file


def sample(**changes: object) -> RoomState:
    room = RoomState(
        case_reference="PN-4471",
        step=4,
        step_left=300.0,
        session_left=3000.0,
        taken_at=1_000_000.0,
        speaker="Jo Reed",
        speaker_left=90.0,
        next_speaker="Priya Shah",
        actions=(RoomAction(1, "Book a review", "Jo Reed", "2026-12-04", "Health record"),),
    )
    return replace(room, **changes)  # type: ignore[arg-type]


def test_the_file_reads_back_as_written() -> None:
    room = sample(point_title="Respect", point_text="Listen.", point_details=("One", "Two"))
    assert room_format.decode(room_format.encode(room)) == room
    room = sample(people=(("Jo Reed", "Health visitor", "Health"),), review_date="2027-01-08")
    assert room_format.decode(room_format.encode(room)) == room


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"\xff\xfe",
        b"[]",
        b'{"schema": "rethink-room/2", "case_reference": "x", "step": 1}',
        b'{"schema": "rethink-room/1", "case_reference": "x", "step": true,'
        b' "step_left": 1, "session_left": 1, "taken_at": 1}',
        b'{"schema": "rethink-room/1", "case_reference": "x", "step": 1,'
        b' "step_left": "soon", "session_left": 1, "taken_at": 1}',
        b'{"schema": "rethink-room/1", "case_reference": "x", "step": 1, "step_left": 1,'
        b' "session_left": 1, "taken_at": 1, "actions": [{"number": 1, "what": 5}]}',
        b" " * (room_format.READ_LIMIT + 1),
        b'{"schema": "rethink-room/1", "case_reference": "x", "step": 10,'
        b' "step_left": 1, "session_left": 1, "taken_at": 1}',
    ],
)
def test_anything_else_in_the_file_is_not_a_room(payload: bytes) -> None:
    assert room_format.decode(payload) is None


@pytest.mark.posix  # file modes
def test_the_file_is_private_and_goes_with_the_autosave(tmp_path: Path) -> None:
    folder = ensure_private_folder(tmp_path / "sessions")
    store = SessionStore(folder, "abc123")
    store.save_room(room_format.encode(sample()))
    assert stat.S_IMODE(store.room_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert room_format.decode(store.room_path.read_bytes()) == sample()
    store.remove()
    assert list(folder.iterdir()) == []


# ------------------------------------------------------------------ following


def test_a_room_window_holding_the_watch_file_is_seen_and_gone_when_it_lets_go(
    tmp_path: Path,
) -> None:
    from rethink_cli.storage import session_lock

    folder = ensure_private_folder(tmp_path / "sessions")
    store = SessionStore(folder, "abc123")
    # No room's window yet: the session says so, and makes the file one can hold.
    assert store.save_room(room_format.encode(sample())) is False
    assert stat.S_IMODE(store.watch_path.stat().st_mode) == 0o600
    held = session_lock.hold_shared(store.watch_path)
    second = session_lock.hold_shared(store.watch_path)  # two windows may follow at once
    assert held is not None and second is not None
    assert store.save_room(room_format.encode(sample())) is True
    os.close(held)
    assert store.save_room(room_format.encode(sample())) is True
    os.close(second)
    assert store.save_room(room_format.encode(sample())) is False
    store.remove()
    assert list(folder.iterdir()) == []


def hold_lock(lock: Path) -> subprocess.Popen[str]:
    """Another process holding the session's lock, as a running session does."""
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from rethink_cli.storage import session_lock
        assert session_lock.take(Path({str(lock)!r}))
        print("held", flush=True)
        sys.stdin.read()
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


def test_the_window_waits_follows_pauses_and_sees_the_end(tmp_path: Path) -> None:
    from rethink_cli.app.room import RoomLink

    folder = ensure_private_folder(tmp_path / "sessions")
    link = RoomLink(folder)
    assert link.look() == ("waiting", None)
    store = SessionStore(folder, "abc123")
    store.save_room(room_format.encode(sample()))
    # A file nobody is writing to: no session runs, so the window does not pick one.
    assert link.look() == ("waiting", None)
    holder = hold_lock(store.lock_path)
    try:
        assert link.look() == ("live", sample())
        store.save_room(room_format.encode(sample(speaker="Priya Shah")))
        assert link.look() == ("live", sample(speaker="Priya Shah"))
    finally:
        holder.communicate("")
    # Killed, or stopped with Ctrl-C: the last state stays on the room's screen.
    assert link.look() == ("paused", sample(speaker="Priya Shah"))
    store.remove()
    assert link.look() == ("ended", None)


def test_with_two_sessions_running_the_window_asks_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rethink_cli.app.room import follow_room
    from rethink_cli.core.errors import UsageError
    from rethink_cli.ui import room_window

    monkeypatch.setenv("RETHINK_STATE_DIR", str(tmp_path))
    folder = ensure_private_folder(tmp_path / "sessions")
    stores = [SessionStore(folder, name) for name in ("aaa111", "bbb222")]
    holders = []
    for store in stores:
        store.save_room(room_format.encode(sample()))
        holders.append(hold_lock(store.lock_path))
    try:
        with pytest.raises(UsageError, match="More than one session is running"):
            follow_room(None, large=False, plain=True, clock=FakeClock())
        followed: list[object] = []

        def show(look: Any, wall: Any, **options: bool) -> None:
            followed.append((look(), options["plain"]))

        monkeypatch.setattr(room_window, "show_room", show)
        monkeypatch.setenv("TERM", "dumb")  # a screen reader's terminal: plain by itself
        follow_room("bbb222", large=False, plain=False, clock=FakeClock())
        assert followed == [(("live", sample()), True)]
        with pytest.raises(UsageError):
            follow_room("../x", large=False, plain=True, clock=FakeClock())
    finally:
        for holder in holders:
            holder.communicate("")


def test_a_damaged_file_keeps_the_last_good_state_on_screen(tmp_path: Path) -> None:
    from rethink_cli.app.room import RoomLink

    folder = ensure_private_folder(tmp_path / "sessions")
    store = SessionStore(folder, "abc123")
    store.save_room(room_format.encode(sample()))
    link = RoomLink(folder, "abc123")
    assert link.look() == ("paused", sample())
    store.room_path.write_bytes(b"{not json")
    assert link.look() == ("paused", sample())


# ------------------------------------------------------------------ drawing


def drawn(view: RoomView) -> str:
    console = Console(
        file=io.StringIO(), width=view.width, height=view.height, record=True, color_system=None
    )
    console.print(render(view))
    return console.export_text()


@pytest.mark.parametrize(("width", "height"), [(60, 20), (80, 24), (200, 50)])
def test_a_speaker_is_drawn_at_every_size_with_the_header_on_one_line(
    width: int, height: int
) -> None:
    room = sample()
    text = drawn(RoomView("live", room, room.taken_at + 30, width, height))
    lines = text.splitlines()
    assert lines[0].startswith("Step 4 of 9 · Go-round: perspectives")
    left = " left" if width >= 72 else ""
    assert lines[0].rstrip().endswith(f"04:30{left} · session 49:30")
    assert all(len(line) <= width for line in lines)
    assert "Next: Priya Shah" in text
    # Large type where there is room; the name in letters where there is not.
    assert ("Jo Reed" in text) == (height < 20)
    assert ("██████" in text) == (height >= 20)


def test_large_draws_the_speaker_twice_as_large_where_the_window_has_room() -> None:
    room = sample()

    def inked_rows(width: int, height: int, *, large: bool) -> int:
        view = RoomView("live", room, room.taken_at, width, height, large)
        return sum(any(c in line for c in "█▀▄") for line in drawn(view).splitlines())

    # Name (3 half-block rows) and countdown (5 rows); with --large on a projector's
    # 120 by 40, name 5 rows and countdown 10.
    assert inked_rows(120, 40, large=False) == 3 + 5
    assert inked_rows(120, 40, large=True) == 5 + 10
    # Where twice the size would not fit, --large keeps the large type.
    assert inked_rows(80, 24, large=True) == 3 + 5
    assert inked_rows(60, 40, large=True) == 3 + 5


def test_on_an_8_bit_console_the_name_is_in_ordinary_type() -> None:
    room = sample()
    view = RoomView("live", room, room.taken_at, 80, 24, block_letters=False)
    text = drawn(view)
    assert "Jo Reed" in text
    assert not any(c in text for c in "▀▄")  # the digits stay: "#" stands in for their blocks


def test_a_paused_session_stops_the_clocks_and_says_so() -> None:
    room = sample()
    text = drawn(RoomView("paused", room, room.taken_at + 600, 80, 10))
    assert "paused" in text.lower()
    assert "05:00 left · session 50:00" in text
    assert "01:30" in text


def test_the_actions_are_a_table_and_the_waiting_and_ended_windows_say_so() -> None:
    room = sample(step=7, speaker=None, speaker_left=None, next_speaker=None)
    text = drawn(RoomView("live", room, room.taken_at, 100, 30))
    assert "Actions agreed so far" in text
    assert "Book a review" in text and "Fri 04 Dec" in text
    assert "Waiting for the session" in drawn(RoomView("waiting", None, 0, 60, 20))
    assert "has ended" in drawn(RoomView("ended", None, 0, 60, 20))


def test_a_held_speaker_the_people_and_the_review_are_drawn() -> None:
    held = sample(speaker_held=True)
    text = drawn(RoomView("live", held, held.taken_at + 60, 80, 16))
    assert "Paused" in text and "01:30" in text  # the speaker's clock stands still
    people = sample(step=2, speaker=None, people=(("Jo Reed", "Health visitor", "Health"),))
    text = drawn(RoomView("live", people, people.taken_at, 80, 16))
    assert "In the room (1)" in text and "Health visitor" in text
    review = sample(step=9, speaker=None, review_date="2027-01-08", review_by="Sam Patel")
    text = drawn(RoomView("live", review, review.taken_at, 100, 30))
    assert "The review: Friday 8 January 2027, called by Sam Patel." in text
    odd = replace(review, review_date="soon")
    assert "The review" not in drawn(RoomView("live", odd, odd.taken_at, 100, 30))


def test_the_clock_counts_down_then_over() -> None:
    assert [clock(s) for s in (90, 0.2, 0, -0.5, -61)] == [
        "01:30",
        "00:01",
        "00:00",
        "00:00",
        "+01:01",
    ]
    assert left_now(100, 50, 80) == 70
    assert left_now(100, 50, 80, running=False) == 100
    # A wall clock set back adds no time.
    assert left_now(100, 50, 20) == 100


def test_a_screen_reader_hears_each_change_and_each_time_up_once() -> None:
    first = sample(speaker_left=5.0)
    said = announcements(None, ("live", first, first.taken_at))
    assert said == [
        "The session is running.",
        "Step 4 of 9: Go-round: perspectives.",
        "Now speaking: Jo Reed. Next: Priya Shah.",
    ]
    t = first.taken_at
    assert announcements(("live", first, t), ("live", first, t + 4)) == []
    assert announcements(("live", first, t + 4), ("live", first, t + 6)) == [
        "Jo Reed's time is up."
    ]
    assert announcements(("live", first, t + 6), ("live", first, t + 7)) == []
    after = sample(speaker="Priya Shah", next_speaker=None, taken_at=t + 8)
    assert announcements(("live", first, t + 7), ("paused", after, t + 8)) == [
        "The session is paused.",
        "Now speaking: Priya Shah. Next: the end of the round.",
    ]
    stopped = replace(after, paused=True)
    assert announcements(("live", after, t + 8), ("live", stopped, t + 9)) == ["Paused."]
    assert announcements(("live", stopped, t + 9), ("live", after, t + 10)) == [
        "The session carries on."
    ]
    assert announcements(("paused", after, t + 8), ("ended", None, t + 9)) == [
        "The session has ended."
    ]
