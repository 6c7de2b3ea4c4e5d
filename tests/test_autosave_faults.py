"""A disk that refuses the autosave never ends the meeting, and loses nothing confirmed.

The autosave's writes are made to fail (the disk full, the folder read-only)
part-way through a whole scripted session. The session goes on from memory,
the facilitator's status line says the autosave is paused, the next answer
tries again, the export still works, and "Save and quit" offers another folder
rather than losing the session.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest

from rethink_cli.app.autosaving import GuardedAutosave, autosave_problem
from rethink_cli.app.session import _run, set_up
from rethink_cli.app.terminal import SessionOptions
from rethink_cli.core.errors import SessionInterrupted
from rethink_cli.core.facts import GivenFacts
from rethink_cli.core.session import Carried, SetupDraft
from rethink_cli.storage.autosave import SessionStore
from tests.platform_helpers import POSIX
from tests.scripted import FakeClock, ScriptedPrompter
from tests.test_flow import strategy3_script
from tests.test_store import scripted_state, terminal_for


class FlakyDisk:
    """Makes a store's writes fail with ``error`` while ``failing`` is set."""

    def __init__(self, store: SessionStore, error: int = errno.ENOSPC) -> None:
        self.failing = False
        self.refused = 0
        self.error = error
        self._save_bytes = store.save_bytes
        store.save_bytes = self.save_bytes  # type: ignore[method-assign]

    def save_bytes(self, payload: bytes) -> bool:
        if self.failing:
            self.refused += 1
            raise OSError(self.error, "refused")
        return self._save_bytes(payload)


def _session(tmp_path: Path) -> tuple[SessionStore, Path]:
    folder = tmp_path / "state"
    folder.mkdir(mode=0o700)
    out = tmp_path / "out"
    out.mkdir()
    return SessionStore(folder, "s1"), out


@pytest.mark.parametrize(
    ("error", "words"),
    [(errno.ENOSPC, "disk full"), (errno.EROFS, "folder read-only"), (errno.EIO, "folder gone")],
)
def test_the_problem_is_said_in_a_few_words(error: int, words: str) -> None:
    assert autosave_problem(OSError(error, "x")) == words


def test_a_full_disk_mid_meeting_pauses_the_autosave_not_the_meeting(tmp_path: Path) -> None:
    prompter = strategy3_script()
    state = scripted_state(prompter)
    store, out = _session(tmp_path)
    disk = FlakyDisk(store)
    autosave = GuardedAutosave(store)

    original_select = prompter.select

    def select(question: Any) -> Any:
        # The disk fills as step 2 opens and has room again once step 5 begins.
        if question.message.startswith("Introductions"):
            disk.failing = True
        return original_select(question)

    prompter.select = select  # type: ignore[method-assign]
    original_key = prompter.key

    def key(question: Any) -> str:
        if "Step 5 of 9" in (question.status() if question.status else ""):
            disk.failing = False
        return original_key(question)

    prompter.key = key  # type: ignore[method-assign]
    _run(state, autosave, SessionOptions(out_dir=out), terminal_for(prompter), FakeClock())
    assert disk.refused > 5
    paused = [s for s in prompter.statuses if s.startswith("Not saved (disk full) · ")]
    assert paused, "the status line never said the autosave was paused"
    # Once the disk had room, the line said so no longer.
    assert not prompter.statuses[-1].startswith("Not saved")
    # Everything confirmed reached the export, and the autosave went after it.
    (found,) = out.rglob("2026-11-26_PN-4471_actions.toml")
    record = found.read_text("utf-8")
    for name in ("Sam Patel", "Jo Reed", "Priya Shah", "Chris Doyle"):
        assert name in record
    assert record.count("[[actions]]") == 3
    assert list(store.folder.iterdir()) == []


def _quit_script(*then: tuple[str, object]) -> ScriptedPrompter:
    script = list(strategy3_script().script)
    stop_at = script.index(("select", "Done"), script.index(("text", "in 2 weeks")))
    return ScriptedPrompter.of(
        *script[:stop_at],
        ("select", "More options"),
        ("select", "Quit"),
        ("select", "Save and quit"),
        *then,
    )


def test_save_and_quit_on_a_full_disk_offers_another_folder(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    prompter = _quit_script(("text", str(stick)))
    state = scripted_state(prompter)
    store, out = _session(tmp_path)
    disk = FlakyDisk(store)
    disk.failing = True
    terminal = terminal_for(prompter)
    with pytest.raises(SessionInterrupted) as stopped:
        _run(state, GuardedAutosave(store), SessionOptions(out_dir=out), terminal, FakeClock())
    assert f"RETHINK_STATE_DIR={stick} rethink session resume s1" in stopped.value.message
    # The whole session, as confirmed, is in the new folder, private.
    moved = SessionStore(stick / "sessions", "s1").load()
    assert [a.name for a in moved.roster.attendees] == [a.name for a in state.roster.attendees]
    assert [a.what for a in moved.actions] == [a.what for a in state.actions]
    assert all(a.due is not None for a in moved.actions)
    if POSIX:  # Windows keeps no such mode
        assert (stick / "sessions").stat().st_mode & 0o777 == 0o700
    assert not list(out.iterdir())


def test_save_and_quit_on_a_full_disk_can_carry_on_instead(tmp_path: Path) -> None:
    from tests.scripted import ESC

    # Esc at the folder question: back in the meeting, which goes on to the export.
    script = list(strategy3_script().script)
    stop_at = script.index(("select", "Done"), script.index(("text", "in 2 weeks")))
    prompter = ScriptedPrompter.of(
        *script[:stop_at],
        ("select", "More options"),
        ("select", "Quit"),
        ("select", "Save and quit"),
        ESC,
        ("select", "Go on to step 8"),
        *script[stop_at + 1 :],
    )
    state = scripted_state(prompter)
    store, out = _session(tmp_path)
    FlakyDisk(store).failing = True
    terminal = terminal_for(prompter)
    _run(state, GuardedAutosave(store), SessionOptions(out_dir=out), terminal, FakeClock())
    shown = " ".join(terminal.screen.console.export_text().split())  # type: ignore[attr-defined]
    assert "The session cannot be saved here (disk full)" in shown
    assert list(out.rglob("2026-11-26_PN-4471_actions.toml"))


def test_a_read_only_state_folder_in_setup_loses_no_answer(tmp_path: Path) -> None:
    prompter = strategy3_script()
    store, _ = _session(tmp_path)
    disk = FlakyDisk(store, errno.EROFS)
    disk.failing = True
    draft = SetupDraft(given=GivenFacts(), carried=Carried(out_dir=str(tmp_path)))
    state = set_up(draft, GuardedAutosave(store), terminal_for(prompter), FakeClock())
    # Every setup answer is held, though none could be written.
    assert state.setup.case_reference == "PN-4471"
    assert state.setup.lead_professional == "Sam Patel"
    assert disk.refused >= 5
    assert not store.path.exists()


def test_the_autosave_written_after_a_failure_is_the_whole_state(tmp_path: Path) -> None:
    prompter = strategy3_script()
    state = scripted_state(prompter)
    store, _ = _session(tmp_path)
    disk = FlakyDisk(store)
    autosave = GuardedAutosave(store)
    disk.failing = True
    autosave.save(state)
    assert autosave.problem == "disk full"
    disk.failing = False
    autosave.save(state)
    assert autosave.problem is None
    saved = json.loads(store.path.read_text("utf-8"))
    assert saved["setup"]["case_reference"] == "PN-4471"


def test_save_and_quit_in_setup_on_a_read_only_disk_carries_on_with_every_answer(
    tmp_path: Path,
) -> None:
    from tests.scripted import CTRL_C

    script = list(strategy3_script().script)
    # Ctrl-C at the third question, "Save and quit": it cannot save, so the setup goes on.
    prompter = ScriptedPrompter.of(*script[:2], CTRL_C, ("select", "Save and quit"), *script[2:])
    store, _ = _session(tmp_path)
    FlakyDisk(store, errno.EROFS).failing = True
    draft = SetupDraft(given=GivenFacts(), carried=Carried(out_dir=str(tmp_path)))
    terminal = terminal_for(prompter)
    state = set_up(draft, GuardedAutosave(store), terminal, FakeClock())
    shown = " ".join(terminal.screen.console.export_text().split())  # type: ignore[attr-defined]
    assert "The setup cannot be saved (folder read-only), so it carries on." in shown
    assert state.setup.case_reference == "PN-4471"
    assert state.setup.facilitator == "Alex Morgan"


@pytest.mark.posix  # rlimits
def test_a_running_session_allows_no_core_dump(tmp_path: Path) -> None:
    import subprocess
    import sys

    # In a child, so the test process keeps its own limits.
    code = (
        "import resource\n"
        "from rethink_cli.app.terminal import no_core_dumps\n"
        "no_core_dumps()\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "(0, 0)"
