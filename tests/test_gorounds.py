"""Go-rounds (steps 4 and 5), driven by a scripted prompter and a fake clock.

A round under way survives Ctrl-C, save and quit, and a kill: the same speaker
carries on, with who has spoken or passed and the shares so far, and the
speaker's clock honest about the gap. A late arrival is asked about first and
pauses the speaker's clock; Esc leaves that form. Afterwards the room sees one
line on how evenly the time was shared; each person's time only on request, and
nothing of it is saved. (Keys pressed by typing: tests/test_prompter.py and
tests/test_goround_e2e.py.)
"""

from __future__ import annotations

import io
import json
import random
from collections import deque
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from rethink_cli.app.files import write_session_files
from rethink_cli.core.errors import SessionInterrupted
from rethink_cli.core.session import SessionState
from rethink_cli.dialogs.ports import KeyQuestion
from rethink_cli.dialogs.session import SessionFlow, SessionParts
from rethink_cli.formats.agreement import load_agreement
from rethink_cli.formats.autosave import state_from_dict, state_to_dict
from rethink_cli.ui.screen import RichScreen
from tests import flow_helpers as f
from tests.scripted import CTRL_C, ESC, FakeClock, ScriptedPrompter

Script = list[Any]
SPEAKING = "is speaking"
PEOPLE = ["Sam Patel", "Jo Reed", "Priya Shah", "Chris Doyle"]


class Killed(BaseException):
    """Stands for kill -9: nothing in the program sees it coming or cleans up after it."""


class Room(ScriptedPrompter):
    """The scripted facilitator, with time passing as people speak and forms are filled.

    Each key prompt of a speaker waits ``per_key`` seconds (``slow_for`` gives some
    speakers longer); each text question of a form takes ``typing`` seconds. A
    key prompt whose message holds ``kill_at`` is the last thing the program does.
    """

    def __init__(self, script: Script, clock: FakeClock, **options: Any) -> None:
        super().__init__(deque(script), clock=clock, per_key=30.0, slow=SPEAKING)
        self.typing: float = options.get("typing", 0.0)
        self.slow_for: dict[str, float] = options.get("slow_for", {})
        self.kill_at: str = options.get("kill_at", "")
        # Killed at the kill_on-th key prompt that holds kill_at (from 1).
        self.kill_on: int = options.get("kill_on", 1)
        self.kill_at_text: str = options.get("kill_at_text", "")
        self.keys_seen: list[KeyQuestion] = []
        # The speaker's countdown line as each key prompt opened.
        self.lives: list[str] = []

    def key(self, question: KeyQuestion) -> str:
        self.keys_seen.append(question)
        self.lives.append(question.live() if question.live is not None else "")
        name = question.message.removesuffix(f" {SPEAKING}")
        if name in self.slow_for:
            self._wait(question, self.slow_for[name] - self.per_key)
        if self.kill_at and self.kill_at in question.message:
            self.kill_on -= 1
            if not self.kill_on:
                self._wait(question, self.per_key)
                raise Killed
        return super().key(question)

    def text(self, question: Any) -> str:
        if self.kill_at_text and self.kill_at_text == question.message:
            raise Killed
        assert self.clock is not None
        self.clock.advance(self.typing)
        return super().text(question)


def before_step4() -> Script:
    return [*f.setup_answers("Strategy 3"), *f.intro_pages(), *f.introductions(), *f.agreement()]


def round_of(keys: Script, next_step: int) -> Script:
    return [
        ("select", "then down the list"),
        *keys,
        ("select", "Finish this go-round"),
        ("select", f"Go on to step {next_step}"),
    ]


def from_step6(*, late_agency: str | None = None) -> Script:
    """Steps 6 to 9; ``late_agency``: a late arrival's agency, asked at step 8 after Police."""
    recording = f.recording()
    if late_agency is not None:
        recording.insert(list(f.RECORDING).index("Police") + 1, ("text", f"{late_agency} file"))
    return [
        *f.three_actions(),
        *f.owners_and_dates(),
        *recording,
        ("select", "Everyone agrees: export"),
    ]


def after_step4() -> Script:
    return [*round_of([("key", "enter")] * 4, 6), *from_step6()]


def whole_session(step4: Script) -> Script:
    return [*before_step4(), *round_of(step4, 5), *after_step4()]


class Saves:
    """Every autosave the session made, as the JSON it would write."""

    def __init__(self) -> None:
        self.made: list[dict[str, Any]] = []

    def __call__(self, state: SessionState) -> None:
        # Through JSON text, exactly as the file holds it.
        self.made.append(json.loads(json.dumps(state_to_dict(state))))

    @property
    def last(self) -> dict[str, Any]:
        return self.made[-1]


def started(script: Script, out: Path, clock: FakeClock, **options: Any) -> tuple[Room, Saves]:
    """Run a new session until it stops (Killed, or save and quit)."""
    room = Room(script, clock, **options)
    saves = Saves()
    with pytest.raises((Killed, SessionInterrupted)):
        f.run_session(room, out, clock=clock, checkpoint=saves)
    return room, saves


def resumed(
    saved: dict[str, Any], script: Script, out: Path, clock: FakeClock, **options: Any
) -> tuple[f.Outcome, Saves]:
    """Carry on from ``saved`` (an autosave) with the rest of the script, to the export."""
    room = Room(script, clock, **options)
    saves = Saves()
    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    parts = SessionParts(
        prompter=room,
        screen=RichScreen(console, plain=False),
        agreement=load_agreement(),
        exporter=write_session_files,
        out_dir=out,
        clock=clock,
        rng=random.Random(4),
        checkpoint=saves,
    )
    flow = SessionFlow(state_from_dict(saved), parts)
    paths = flow.run()
    assert not room.script, f"script not used up: {list(room.script)[:3]}"
    return f.Outcome(room, flow, console, paths), saves


def clock_after(saved: dict[str, Any], gap: float) -> FakeClock:
    """A new run's clock, ``gap`` seconds (wall clock) after ``saved`` was taken."""
    clock = FakeClock()
    clock.wall_now = saved["goround"]["taken_at"] + gap
    return clock


def exported(folder: Path) -> dict[str, str]:
    """Every exported file under ``folder`` (a session's are in a folder of their own)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert files, f"nothing exported into {folder}"
    return {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in files}


def reference(tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "reference"
    out.mkdir()
    room = Room(whole_session([("key", "enter")] * 4), FakeClock())
    f.run_session(room, out, clock=room.clock)
    return exported(out)


def first_round_saves(saves: Saves) -> list[dict[str, Any]]:
    return [s for s in saves.made if s.get("goround")]


# ------------------------------------------------------------------ save and quit, kill


def test_save_and_quit_mid_turn_carries_on_with_the_same_speaker(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # Sam speaks for 30 s; 30 s into Jo's turn, Ctrl-C, then save and quit.
    head = [*before_step4(), ("select", "then down the list"), ("key", "enter")]
    _, saves = started([*head, CTRL_C, ("select", "Save and quit")], out, FakeClock())
    round_now = saves.last["goround"]
    assert saves.last["step"] == 4
    assert round_now["order"] == [0, 1, 2, 3] and round_now["position"] == 1
    assert round_now["spoken"] == [0]
    assert round_now["used"] == {"0": 30.0, "1": 30.0}
    # Indexes and seconds: no name, and nothing said, is in the round's record.
    assert "Jo" not in json.dumps(round_now)

    # Back 20 s later: the room went on talking, so Jo's clock counts the gap.
    rest = [("key", "enter"), ("key", "enter"), ("key", "enter"), *round_of([], 5)[1:]]
    rest += after_step4()
    outcome, again = resumed(saves.last, rest, out, clock_after(saves.last, 20))
    assert outcome.prompter.asked[0] == "key: Jo Reed is speaking"  # not "Who starts?"
    assert again.made[0]["goround"]["used"] == {"0": 30.0, "1": 50.0}
    assert again.made[0]["elapsed"]["4"] == pytest.approx(saves.last["elapsed"]["4"] + 20, abs=1)
    assert "Turn 2 of 4" in outcome.screen_text
    assert exported(out) == reference(tmp_path)


@pytest.mark.parametrize("count", [True, False])
def test_a_long_gap_is_asked_about_like_a_sleeping_laptop(tmp_path: Path, count: bool) -> None:
    head = [*before_step4(), ("select", "then down the list"), ("key", "enter")]
    _, saves = started([*head, CTRL_C, ("select", "Save and quit")], tmp_path, FakeClock())
    rest = [("confirm", count), *[("key", "enter")] * 3, *round_of([], 5)[1:], *after_step4()]
    outcome, again = resumed(saves.last, rest, tmp_path, clock_after(saves.last, 12 * 60))
    assert outcome.prompter.asked[0] == (
        "confirm: This go-round stopped about 12 minutes ago, while Jo Reed was speaking. "
        "Count that time as part of Jo Reed's turn?"
    )
    jo = again.made[1]["goround"]["used"]["1"]
    assert jo == (30.0 + 12 * 60 if count else 30.0)


def test_kill_mid_turn_keeps_the_turn_and_most_of_the_speakers_time(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    head = [*before_step4(), ("select", "then down the list"), ("key", "enter")]
    # Jo speaks for 35 s, then the laptop dies: nothing is saved on the way out.
    _, saves = started(head, out, FakeClock(), kill_at="Jo Reed", slow_for={"Jo Reed": 35.0})
    # Saved while Jo spoke, not only when her turn began.
    assert saves.last["goround"]["position"] == 1
    assert saves.last["goround"]["used"]["1"] >= 30.0
    rest = [*[("key", "enter")] * 3, *round_of([], 5)[1:], *after_step4()]
    outcome, _ = resumed(saves.last, rest, out, clock_after(saves.last, 5))
    assert outcome.prompter.asked[0] == "key: Jo Reed is speaking"
    assert exported(out) == reference(tmp_path)


def test_kill_between_turns_after_a_pass_and_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # Sam passes, Jo speaks, Priya speaks; killed as Chris's turn opens.
    keys: Script = [("key", "s"), ("key", "enter"), ("key", "enter")]
    head = [*before_step4(), ("select", "then down the list"), *keys]
    _, saves = started(head, out, FakeClock(), kill_at="Chris Doyle")
    round_now = saves.last["goround"]
    assert round_now["order"] == [0, 1, 2, 3, 0]  # Sam is offered the floor again at the end
    assert (round_now["passed"], round_now["spoken"], round_now["position"]) == ([0], [1, 2], 3)
    # Resumed: Chris, then Sam's second offer, then the round ends.
    rest = [("key", "enter"), ("key", "enter"), *round_of([], 5)[1:], *after_step4()]
    outcome, _ = resumed(saves.last, rest, out, clock_after(saves.last, 1))
    asked = [q for q in outcome.prompter.asked if SPEAKING in q]
    assert asked[:2] == ["key: Chris Doyle is speaking", "key: Sam Patel is speaking"]
    assert "Offered a turn again" in outcome.screen_text


def test_kill_while_paused_stays_paused_and_counts_no_gap(tmp_path: Path) -> None:
    head = [*before_step4(), ("select", "then down the list"), ("key", "enter"), ("key", "p")]
    # Jo is paused after 30 s; 30 s later (paused) the laptop dies.
    _, saves = started(head, tmp_path, FakeClock(), kill_at="Jo Reed", kill_on=2)
    assert saves.last["goround"]["paused"] is True
    assert saves.last["goround"]["used"]["1"] == 30.0
    rest = [("key", "p"), *[("key", "enter")] * 3, *round_of([], 5)[1:], *after_step4()]
    outcome, again = resumed(saves.last, rest, tmp_path, clock_after(saves.last, 40))
    assert again.made[0]["goround"]["used"]["1"] == 30.0  # paused: the gap is not hers
    first = outcome.prompter.keys_seen[0]  # type: ignore[attr-defined]
    # Still paused, and the key line says how to carry on.
    assert [k.label for k in first.keys if k.value == "pause"] == ["resume"]
    assert outcome.prompter.lives[0] == "Paused · 04:30 left of 05:00"  # type: ignore[attr-defined]


def test_ctrl_c_carry_on_returns_to_the_same_speaker(tmp_path: Path) -> None:
    script = whole_session(
        [("key", "enter"), CTRL_C, ("select", "Carry on"), *[("key", "enter")] * 3]
    )
    room = Room(script, FakeClock())
    f.run_session(room, tmp_path, clock=room.clock)
    paused = room.asked.index("select: Paused. What would you like to do?")
    assert room.asked[paused - 1 : paused + 2] == [
        "key: Jo Reed is speaking",
        "select: Paused. What would you like to do?",
        "key: Jo Reed is speaking",
    ]
    assert room.asked.count("select: Who starts?") == 2  # once for each step, not again


# ------------------------------------------------------------------ a late arrival


LATE = [("text", "Kim Lowe"), ("text", "Family support worker"), ("select", "Another agency")]


def test_a_late_arrival_is_asked_about_first_and_pauses_the_speakers_clock(
    tmp_path: Path,
) -> None:
    keys: Script = [
        ("key", "enter"),
        ("key", "a"),
        ("select", None),  # the default: no one, back to Jo
        ("key", "a"),
        ("select", "Yes: add them now"),
        *LATE,
        ("text", "Early Help"),
        ("select", "Go on"),  # the confidentiality points read to them
        *[("key", "enter")] * 4,
    ]
    script = [
        *before_step4(),
        *round_of(keys, 5),
        *round_of([("key", "enter")] * 5, 6),  # Kim has a turn in step 5 too
        *from_step6(late_agency="Early Help"),
    ]
    room = Room(script, FakeClock(), typing=20.0)
    saves = Saves()
    outcome = f.run_session(room, tmp_path, clock=room.clock, checkpoint=saves)
    arrived = [q for q in room.asked if q.startswith("select: Has someone arrived?")]
    assert arrived == ["select: Has someone arrived? Jo Reed's clock waits meanwhile."] * 2
    # Three key prompts of 30 s each for Jo; the minute of typing is not hers.
    during = [s["goround"] for s in saves.made if s.get("goround") and s["step"] == 4]
    assert max(r["used"].get("1", 0.0) for r in during) == 90.0
    assert any(r["held"] and r["paused"] for r in during)
    assert not during[-1]["paused"]
    assert "Kim Lowe will have a turn at the end of this round." in outcome.screen_flat
    assert "Turn 5 of 5" in outcome.screen_text


@pytest.mark.parametrize("where", ["menu", "name", "agency"])
def test_esc_leaves_the_late_arrival_form_and_keeps_nothing(tmp_path: Path, where: str) -> None:
    forms: dict[str, Script] = {
        "menu": [ESC],
        "name": [("select", "Yes: add them now"), ESC],
        "agency": [("select", "Yes: add them now"), *LATE, ESC],
    }
    keys: Script = [("key", "enter"), ("key", "a"), *forms[where], *[("key", "enter")] * 3]
    room = Room(whole_session(keys), FakeClock())
    outcome = f.run_session(room, tmp_path, clock=room.clock)
    assert "Back to Jo Reed." in outcome.screen_text
    assert [a.name for a in outcome.flow.state.roster.attendees] == PEOPLE
    assert outcome.flow.state.pending is None
    for text in exported(tmp_path).values():
        assert "Kim Lowe" not in text
    # The same speaker carried on: her next key prompt followed the form.
    after = room.asked.index("key: Jo Reed is speaking") + 1
    assert "key: Jo Reed is speaking" in room.asked[after:]


def test_kill_during_a_late_arrival_resumes_the_form_then_the_round(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    head = [
        *before_step4(),
        ("select", "then down the list"),
        ("key", "enter"),
        ("key", "a"),
        ("select", "Yes: add them now"),
        ("text", "Kim Lowe"),
    ]
    _, saves = started(
        head, out, FakeClock(), kill_at_text="Kim Lowe's role in this child's network"
    )
    assert saves.last["pending"]["parts"]["name"] == "Kim Lowe"
    assert saves.last["goround"]["held"] and saves.last["goround"]["paused"]
    rest = [
        ("text", "Family support worker"),
        ("select", "Another agency"),
        ("text", "Early Help"),
        ("select", "Go on"),  # the confidentiality points read to them
        *[("key", "enter")] * 4,  # Jo, Priya, Chris, then Kim
        ("select", "Finish this go-round"),
        ("select", "Go on to step 5"),
        *round_of([("key", "enter")] * 5, 6),
        *from_step6(late_agency="Early Help"),
    ]
    outcome, again = resumed(saves.last, rest, out, clock_after(saves.last, 30))
    asked = outcome.prompter.asked
    # The form first, where it was left, then the same speaker; Kim at the end of the round.
    assert asked[0] == "text: Kim Lowe's role in this child's network"
    speakers = [q.removeprefix("key: ") for q in asked if SPEAKING in q]
    assert speakers[:4] == [
        f"{n} {SPEAKING}" for n in ["Jo Reed", "Priya Shah", "Chris Doyle", "Kim Lowe"]
    ]
    # The first save once the round carries on (the form's own saves come before).
    round_now = next(
        s["goround"] for s in again.made if s.get("goround") and len(s["goround"]["order"]) == 5
    )
    # Joined at the end; the clock runs again, and the form's time was not Jo's.
    assert round_now["order"] == [0, 1, 2, 3, 4]
    assert not round_now["paused"] and not round_now["held"]
    assert round_now["used"]["1"] == saves.last["goround"]["used"]["1"]


# ------------------------------------------------------------------ how the time was shared


def test_the_room_sees_one_line_and_the_facilitator_the_details(tmp_path: Path) -> None:
    slow = {"Jo Reed": 400.0}  # Jo speaks for over six minutes, the others for 30 s
    keys: Script = [("key", "enter")] * 4
    script = [*before_step4(), ("select", "then down the list"), *keys]
    script += [
        ("select", "Each person's time"),
        ("key", "enter"),  # hide it again
        ("select", "Finish this go-round"),
        ("select", "Go on to step 5"),
        *round_of([("key", "enter")] * 4, 6),
        *from_step6(),
    ]
    room = Room(script, FakeClock(), slow_for=slow)
    saves = Saves()
    outcome = f.run_session(room, tmp_path, clock=room.clock, checkpoint=saves)
    screen = outcome.screen_flat
    balance = "How the time was shared: the longest and shortest shares were about 6 minutes apart."
    line = screen.index(balance)
    details = screen.index("How the time was shared", line + len(balance))
    # Before the facilitator asks: no names with times, no chart.
    assert "6:40 of" not in screen[:details]
    assert "Jo Reed" in screen[details:] and "6:40 of 5:00" in screen[details:]
    hide = room.asked.index("key: Each person's time: shown only now, never saved.")
    assert room.asked[hide + 1] == "select: Everyone has had a turn."
    # Nothing of it is kept once the round is finished.
    assert all("How the time" not in json.dumps(s) for s in saves.made)
    at_step5 = next(s for s in saves.made if s["step"] == 5)
    assert at_step5.get("goround") is None
    for text in exported(tmp_path).values():
        assert "6:40" not in text


# ------------------------------------------------------------------ the autosave's form


def test_an_autosave_without_a_go_round_still_loads(tmp_path: Path) -> None:
    head = [*before_step4(), ("select", "then down the list")]
    _, saves = started(head, tmp_path, FakeClock(), kill_at="Sam Patel")
    saved = dict(saves.last)
    assert saved["goround"]["position"] == 0
    del saved["goround"]  # as written before go-rounds were kept
    assert state_from_dict(saved).goround is None


@pytest.mark.parametrize(
    "damage",
    [
        {"order": [0, 1, 2, 9]},  # someone who is not an attendee
        {"position": 7},
        {"used": {"1": -5.0}},
        {"spoken": [6]},
        {"said": "mum says"},  # no field for anything said
    ],
)
def test_a_damaged_go_round_is_refused(tmp_path: Path, damage: dict[str, Any]) -> None:
    head = [*before_step4(), ("select", "then down the list")]
    _, saves = started(head, tmp_path, FakeClock(), kill_at="Sam Patel")
    saved = json.loads(json.dumps(saves.last))
    saved["goround"].update(damage)
    with pytest.raises(ValueError):
        state_from_dict(saved)


def test_ctrl_c_in_the_late_arrival_form_then_carry_on(tmp_path: Path) -> None:
    keys: Script = [
        ("key", "enter"),
        ("key", "a"),
        ("select", "Yes: add them now"),
        ("text", "Kim Lowe"),
        CTRL_C,  # at the role question
        ("select", "Carry on"),
        ("text", "Family support worker"),
        ("select", "Another agency"),
        ("text", "Early Help"),
        ("select", "Go on"),  # the confidentiality points read to them
        *[("key", "enter")] * 4,
    ]
    script = [*before_step4(), *round_of(keys, 5), *round_of([("key", "enter")] * 5, 6)]
    room = Room([*script, *from_step6(late_agency="Early Help")], FakeClock(), typing=20.0)
    saves = Saves()
    outcome = f.run_session(room, tmp_path, clock=room.clock, checkpoint=saves)
    paused = room.asked.index("select: Paused. What would you like to do?")
    # Straight back to the role, then to Jo: the name is not asked again.
    assert room.asked[paused + 1] == "text: Kim Lowe's role in this child's network"
    assert room.asked[paused + 4] == "select: Once Kim Lowe has heard this, go on"
    assert room.asked[paused + 5] == "key: Jo Reed is speaking"
    assert "Turn 2 of 5" in outcome.screen_text
    during = [s["goround"] for s in saves.made if s.get("goround") and s["step"] == 4]
    assert max(r["used"].get("1", 0.0) for r in during) == 60.0  # the form is not hers
