"""A kill at every question of a scripted session: resumed, nothing confirmed is lost or
asked again.

Each run is stopped at question k, the way kill -9 stops the real program: the
autosave holds whatever was saved before that question. It is then resumed from
the saved file with the rest of the same script. If the resume asked anything
twice, or skipped anything, the script would fall out of step and the run would
fail; and the files it writes must be exactly those of an uninterrupted run.
"""

from __future__ import annotations

import io
from collections import deque
from pathlib import Path
from typing import Any, TypeVar

import pytest
from rich.console import Console

from rethink_cli.app.session import _resume, new_session
from rethink_cli.app.terminal import SessionOptions, Terminal
from rethink_cli.core.errors import SessionDiscarded, SessionInterrupted
from rethink_cli.core.facts import GivenFacts
from rethink_cli.dialogs.ports import ConfirmQuestion, KeyQuestion, SelectQuestion, TextQuestion
from rethink_cli.storage.autosave import list_sessions, state_folder
from rethink_cli.ui.screen import RichScreen
from tests import flow_helpers as f
from tests.platform_helpers import POSIX
from tests.scripted import CTRL_C, FakeClock, ScriptedPrompter

T = TypeVar("T")
MARKER = "zqx7jw9ky"

# The folder a finished session writes its files into.
MEETING = "2026-11-26_PN-4471"


class Killed(BaseException):
    """Stands for kill -9: nothing in the program sees it coming or cleans up after it."""


class KillAt:
    """The scripted prompter, killed as question ``at`` (from 0) is about to be asked."""

    def __init__(self, inner: ScriptedPrompter, at: int) -> None:
        self.inner = inner
        self.at = at
        self.count = 0

    def _tick(self) -> None:
        if self.count == self.at:
            raise Killed
        self.count += 1

    def text(self, question: TextQuestion) -> str:
        self._tick()
        return self.inner.text(question)

    def select(self, question: SelectQuestion[T]) -> T:
        self._tick()
        return self.inner.select(question)

    def confirm(self, question: ConfirmQuestion) -> bool:
        self._tick()
        return self.inner.confirm(question)

    def key(self, question: KeyQuestion) -> str:
        self._tick()
        return self.inner.key(question)


def entries() -> list[Any]:
    return [
        *f.setup_answers("Strategy 3"),
        *f.intro_pages(),
        *f.introductions(),
        *f.agreement(),
        *f.goround(4, MARKER, 5),
        *f.goround(4, MARKER[::-1], 6),
        *f.three_actions(),
        *f.owners_and_dates(),
        *f.recording(),
        ("select", "Everyone agrees: export"),
    ]


def terminal(prompter: Any) -> Terminal:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    return Terminal(prompter, RichScreen(console, plain=False), plain=False)


def exported(folder: Path) -> dict[str, str]:
    # The meeting's folder and every file in it (the export is one folder per meeting).
    return {
        str(p.relative_to(folder)): p.read_text("utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def uninterrupted(out: Path) -> tuple[list[str], dict[str, str], int]:
    """What an uninterrupted run asks (every script entry) and writes, and its question count."""
    prompter = ScriptedPrompter(deque(entries()))
    counted = KillAt(prompter, at=-1)
    new_session(GivenFacts(), SessionOptions(out_dir=out), terminal(counted), FakeClock())
    assert not prompter.script
    return prompter.asked, exported(out), counted.count


def killed_and_resumed(at: int, out: Path) -> tuple[list[str], dict[str, str]]:
    inner = ScriptedPrompter(deque(entries()))
    with pytest.raises(Killed):
        new_session(
            GivenFacts(), SessionOptions(out_dir=out), terminal(KillAt(inner, at)), FakeClock()
        )
    asked_before = list(inner.asked)
    saved = list_sessions(state_folder())
    if not saved:
        # Killed before the first answer: there is nothing to resume, and nothing was lost.
        assert at == 0
        asked, files, _ = uninterrupted(out)
        return asked, files
    # Resumed from elsewhere: the files still go where the session was started to put them.
    rest = ScriptedPrompter(inner.script)
    _resume(saved[0].session_id, SessionOptions(), terminal(rest), FakeClock())
    assert not rest.script, f"script not used up after a kill at {at}"
    return asked_before + rest.asked, exported(out)


def test_a_kill_at_every_question_loses_nothing_and_asks_nothing_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    reference_out = tmp_path / "reference"
    reference_out.mkdir()
    asked, files, questions = uninterrupted(reference_out)
    assert len(files) == 13
    broken: list[str] = []
    for at in range(questions):
        out = tmp_path / f"out{at}"
        out.mkdir()
        monkeypatch.setenv("RETHINK_STATE_DIR", str(tmp_path / f"state{at}"))
        try:
            got_asked, got_files = killed_and_resumed(at, out)
        except (AssertionError, Exception) as error:  # one broken point must not hide the rest
            broken.append(f"{at}: {str(error).splitlines()[0][:160]}")
            continue
        if got_asked != asked:
            broken.append(f"{at}: asked differently")
        elif got_files != files:
            broken.append(f"{at}: files differ")
        # Exported and confirmed: nothing of the meeting stays behind.
        elif list_sessions(state_folder()):
            broken.append(f"{at}: the autosave stayed behind")
    print(f"{questions} kill points, {questions - len(broken)} intact")
    assert not broken, "\n".join(broken)


def _with_interrupt(
    before: tuple[str, object], *then: tuple[str, object], after: tuple[str, object] | None = None
) -> list[Any]:
    """The whole script with Ctrl-C pressed at ``before``'s question (the first one
    after ``after``), then ``then``."""
    script = entries()
    at = script.index(before, script.index(after) if after else 0)
    return [*script[:at], CTRL_C, *then, *script[at:]]


def test_carry_on_at_an_absent_owners_agency_asks_only_the_agency(tmp_path: Path) -> None:
    # Dr Lee's name is confirmed; Ctrl-C lands on the agency question.
    script = _with_interrupt(
        ("select", "Another agency"), ("select", "Carry on"), after=("text", "Dr Lee")
    )
    prompter = ScriptedPrompter(deque(script))
    new_session(GivenFacts(), SessionOptions(out_dir=tmp_path), terminal(prompter), FakeClock())
    assert not prompter.script
    after = prompter.asked[prompter.asked.index("select: Paused. What would you like to do?") :]
    # Straight back to the agency: the owner is not asked for again.
    assert after[1] == "select: Dr Lee's agency"
    record = (tmp_path / MEETING / "2026-11-26_PN-4471_actions.toml").read_text("utf-8")
    assert 'owner = "Dr Lee"\nagency = "GP Practice"' in record


def test_ctrl_c_in_setup_pauses_and_carries_on_at_the_same_question(tmp_path: Path) -> None:
    script = _with_interrupt(("select", "Strategy 3"), ("select", "Carry on with the setup"))
    prompter = ScriptedPrompter(deque(script))
    new_session(GivenFacts(), SessionOptions(out_dir=tmp_path), terminal(prompter), FakeClock())
    assert not prompter.script
    paused = prompter.asked.index("select: Paused. What would you like to do?")
    assert prompter.asked[paused + 1] == "select: Which strategy is this session?"
    assert [p.name for p in tmp_path.iterdir()] == [MEETING]
    assert len(list((tmp_path / MEETING).iterdir())) == 13


def test_save_and_quit_in_setup_keeps_the_answers_so_far(tmp_path: Path) -> None:
    script = entries()
    at = script.index(("select", "Strategy 3"))
    prompter = ScriptedPrompter(deque([*script[:at], CTRL_C, ("select", "Save and quit")]))
    with pytest.raises(SessionInterrupted, match="rethink session resume"):
        new_session(GivenFacts(), SessionOptions(out_dir=tmp_path), terminal(prompter), FakeClock())
    saved = list_sessions(state_folder())
    assert [s.case_reference for s in saved] == ["PN-4471"]
    folder = state_folder()
    if POSIX:  # Windows keeps no such modes
        assert all(p.stat().st_mode & 0o777 == 0o600 for p in folder.iterdir())
        assert folder.stat().st_mode & 0o777 == 0o700
    # Resumed from another folder: the three answers are not asked again.
    rest = ScriptedPrompter(deque(script[at:]))
    _resume(saved[0].session_id, SessionOptions(), terminal(rest), FakeClock())
    assert not rest.script
    assert rest.asked[0] == "select: Which strategy is this session?"
    assert [p.name for p in tmp_path.iterdir()] == [MEETING]
    assert len(list((tmp_path / MEETING).iterdir())) == 13
    assert list(folder.iterdir()) == []


def test_discard_in_setup_leaves_nothing(tmp_path: Path) -> None:
    script = entries()
    at = script.index(("text", "Sam Patel"))
    prompter = ScriptedPrompter(
        deque([*script[:at], CTRL_C, ("select", "Discard"), ("confirm", True)])
    )
    with pytest.raises(SessionDiscarded):
        new_session(GivenFacts(), SessionOptions(out_dir=tmp_path), terminal(prompter), FakeClock())
    assert list(state_folder().iterdir()) == []


def test_a_resume_reads_the_agreement_the_session_started_with(tmp_path: Path) -> None:
    own = tmp_path / "ours.toml"
    own.write_text(
        'name = "ours"\ntitle = "Our way"\n'
        '[[points]]\ntitle = "Listen"\ntext = "We listen to each other."\n'
        '[[points]]\ntitle = "Respect"\ntext = "We respect every agency."\n',
        "utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    script = [*entries()[:7], *f.intro_pages(), *f.introductions()]
    prompter = ScriptedPrompter(
        deque([*script, ("key", "enter"), CTRL_C, ("select", "Save and quit")])
    )
    options = SessionOptions(out_dir=out, agreement=str(own))
    with pytest.raises(SessionInterrupted):
        new_session(GivenFacts(), options, terminal(prompter), FakeClock())
    own.unlink()  # moved or deleted since: the session kept its words
    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    rest = ScriptedPrompter(
        deque([("key", "enter"), ("confirm", True), ("select", "Quit"), ("select", "Save")])
    )
    saved = list_sessions(state_folder())
    with pytest.raises(SessionInterrupted):
        _resume(
            saved[0].session_id,
            SessionOptions(),
            Terminal(rest, RichScreen(console, plain=False), plain=False),
            FakeClock(),
        )
    shown = console.export_text()
    assert "Respect" in shown and "We respect every agency." in shown
    assert f"The files will be written to {out.resolve()}" in " ".join(shown.split())


def test_a_name_like_reference_once_kept_is_not_questioned_again(tmp_path: Path) -> None:
    # Kept on purpose, then the setup is saved and resumed: the check is not repeated.
    given = GivenFacts(case_reference="Sarah Jones")
    rest = entries()[1:]  # every setup answer after the case reference
    prompter = ScriptedPrompter(
        deque([("confirm", True), rest[0], CTRL_C, ("select", "Save and quit")])
    )
    with pytest.raises(SessionInterrupted):
        new_session(given, SessionOptions(out_dir=tmp_path), terminal(prompter), FakeClock())
    assert prompter.asked[0] == "confirm: Keep it anyway?"
    resumed = ScriptedPrompter(deque(rest[1:]))
    saved = list_sessions(state_folder())
    _resume(saved[0].session_id, SessionOptions(), terminal(resumed), FakeClock())
    assert not any("Keep it anyway" in q for q in resumed.asked)
    assert any(p.name.startswith("2026-11-26_Sarah-Jones") for p in tmp_path.iterdir())
