"""Saved sessions: list, discard, and the choosers of ``session start`` and ``session resume``.

IDs are matched exactly; a single saved session needs no ID; after an
interruption resuming is the default; a session open in another terminal (another
process holds its lock) is shown as such and never offered for resume.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import socket
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from rich.console import Console

import rethink_cli.app.session as app_session
from rethink_cli.app.saved import discard_question, saved_when, sessions_to_discard
from rethink_cli.app.session import resume_session, start_session
from rethink_cli.app.terminal import SessionOptions, Terminal
from rethink_cli.cli.app import run
from rethink_cli.core.errors import RethinkError, UsageError
from rethink_cli.core.facts import GivenFacts, MeetingFacts
from rethink_cli.core.session import SessionState
from rethink_cli.dialogs.ports import SelectQuestion
from rethink_cli.formats.texts import all_steps
from rethink_cli.storage.autosave import (
    SessionStore,
    any_file_of,
    find_session,
    list_sessions,
    state_folder,
)
from rethink_cli.ui.screen import RichScreen
from tests.lock_holder import Holders
from tests.scripted import FakeClock, ScriptedPrompter

T = TypeVar("T")


# ----------------------------------------------------------------- helpers


def save(clock: FakeClock, session_id: str, case: str, step: int, *, ago: float = 0) -> Path:
    """A saved session in the state folder, saved ``ago`` seconds before the clock's now."""
    setup = MeetingFacts(case, dt.date(2026, 11, 26), "Alex Morgan", 3, "Sam Patel", "CSC", 90)
    state = SessionState.new(setup, [s.weight for s in all_steps()])
    state.step = step
    store = SessionStore(state_folder(), session_id)
    store.save(state)
    moment = clock.wall() - ago
    os.utime(store.path, (moment, moment))
    return store.path


def when(clock: FakeClock, ago: float = 0) -> str:
    return saved_when(dt.datetime.fromtimestamp(clock.wall() - ago, dt.UTC), clock)


@pytest.fixture
def holders() -> Iterator[Holders]:
    """Other rethinks, each holding a session's lock (open in another terminal)."""
    started = Holders()
    try:
        yield started
    finally:
        started.close()


def hold(holders: Holders, session_id: str) -> None:
    """Another running rethink has the session open: it holds the session's lock."""
    holders.hold(state_folder(), session_id)


def stale_lock(session_id: str, pid: int) -> None:
    """The lock file a killed rethink leaves: it names a process, but nobody holds it."""
    lock = state_folder() / f"{session_id}.lock"
    lock.write_text(json.dumps({"pid": pid, "host": socket.gethostname()}), "utf-8")


@dataclass
class Recording(ScriptedPrompter):
    """The scripted prompter, keeping every select question it was asked."""

    selects: list[SelectQuestion[Any]] = field(default_factory=list)

    def select(self, question: SelectQuestion[T]) -> T:
        self.selects.append(question)
        return super().select(question)


def recording(*entries: tuple[str, Any]) -> Recording:
    return Recording(deque(entries))


@pytest.fixture
def console() -> Console:
    return Console(file=io.StringIO(), width=100, record=True, color_system=None)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Stand-ins for the terminal check and for what follows the chooser, recording calls."""
    seen: dict[str, list[Any]] = {"resume": [], "new": []}
    monkeypatch.setattr(app_session, "require_terminal", lambda command: None)
    monkeypatch.setattr(app_session, "_resume", lambda sid, *rest: seen["resume"].append(sid))
    monkeypatch.setattr(app_session, "new_session", lambda *args, **kw: seen["new"].append(args))
    return seen


def use_terminal(monkeypatch: pytest.MonkeyPatch, prompter: Any, console: Console) -> None:
    terminal = Terminal(prompter, RichScreen(console), plain=False)
    monkeypatch.setattr(app_session, "open_terminal", lambda options: terminal)


def files() -> list[str]:
    return sorted(p.name for p in state_folder().iterdir())


# ----------------------------------------------------------------- discard


def test_discard_matches_ids_exactly_never_as_patterns(
    clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    save(clock, "abc123", "PN-1", 4)
    save(clock, "abd456", "PN-2", 6)
    before = files()
    for pattern in ("*", "ab*", "abc12?", "[a]bc123", "../sessions/abc123", ".."):
        assert run(["session", "discard", pattern, "--yes"], clock=clock) == 2, pattern
        err = capsys.readouterr().err
        assert f"No saved session {pattern!r}" in err and "Traceback" not in err
        assert not any_file_of(state_folder(), pattern)
    assert files() == before


def test_discard_without_an_id_takes_the_only_session(
    clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    save(clock, "abc123", "PN-77", 4)
    assert run(["session", "discard", "--yes"], clock=clock) == 0
    assert capsys.readouterr().out.splitlines() == ["Discarded session abc123 (PN-77)."]
    assert files() == []


def test_discard_without_an_id_among_several_says_how_to_see_them(
    clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    save(clock, "abc123", "PN-1", 4)
    save(clock, "def456", "PN-2", 6)
    assert run(["session", "discard"], clock=clock) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert "2 sessions are saved" in err[0] and "'rethink session list'" in err[0]
    assert "--all" in err[0]
    assert len(files()) == 2


def test_discard_confirmation_shows_case_step_and_when_saved(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import rethink_cli.app.terminal

    save(clock, "abc123", "PN-77", 4, ago=60)
    question = f"Delete session abc123, PN-77 (step 4 of 9, saved {when(clock, 60)})?"
    assert discard_question(sessions_to_discard(None, False), clock).startswith(question)
    monkeypatch.setattr(rethink_cli.app.terminal, "require_terminal", lambda command: None)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert run(["session", "discard"], clock=clock) == 0
    out = capsys.readouterr().out
    assert question in out and "Nothing was deleted." in out
    assert len(files()) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert run(["session", "discard", "abc123"], clock=clock) == 0
    assert "Discarded session abc123 (PN-77)." in capsys.readouterr().out
    assert files() == []


def test_discard_all_names_the_sessions_it_deletes(clock: FakeClock) -> None:
    for n in range(5):
        save(clock, f"s{n}", f"PN-{n}", 3, ago=n)
    asked = discard_question(sessions_to_discard(None, True), clock)
    assert asked == (
        "Delete all 5 saved sessions (PN-0, PN-1, PN-2 and 2 more)? This cannot be undone."
    )


def test_discard_keeps_a_session_open_in_another_terminal(
    clock: FakeClock, holders: Holders, capsys: pytest.CaptureFixture[str]
) -> None:
    save(clock, "aaa111", "PN-1", 6)
    save(clock, "bbb222", "PN-2", 3, ago=10)
    hold(holders, "aaa111")
    assert run(["session", "discard", "aaa111", "--yes"], clock=clock) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "open in another terminal" in err[0] and "PN-1" in err[0]
    assert run(["session", "discard", "--all", "--yes"], clock=clock) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Discarded session bbb222 (PN-2).",
        "Kept session aaa111 (PN-1): open in another terminal.",
    ]
    assert files() == ["aaa111.json", "aaa111.lock"]
    # The only session left is open elsewhere: no ID needed to be told so.
    assert run(["session", "discard", "--yes"], clock=clock) == 1
    assert "open in another terminal" in capsys.readouterr().err
    assert files() == ["aaa111.json", "aaa111.lock"]


# ----------------------------------------------------------------- list


def test_list_shows_a_session_open_in_another_terminal(
    clock: FakeClock, holders: Holders, capsys: pytest.CaptureFixture[str]
) -> None:
    save(clock, "aaa111", "PN-1", 6)
    save(clock, "bbb222", "PN-2", 3, ago=10)
    hold(holders, "aaa111")
    # A lock left by a process that is gone (kill -9) is not "open elsewhere".
    stale_lock("bbb222", 2**22 + 7)
    assert run(["session", "list"], clock=clock) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "PN-1" in rows["aaa111"] and "6 of 9" in rows["aaa111"]
    assert rows["aaa111"].endswith("(open in another terminal)")
    assert "PN-2" in rows["bbb222"] and "open in another terminal" not in rows["bbb222"]
    found = {s.session_id: s.open_elsewhere for s in list_sessions(state_folder())}
    assert found == {"aaa111": True, "bbb222": False}


def test_find_session_is_exact_and_finds_a_session_without_its_latest_copy(
    clock: FakeClock,
) -> None:
    path = save(clock, "abc123", "PN-1", 4)
    folder = state_folder()
    found = find_session(folder, "abc123")
    assert found is not None and found.case_reference == "PN-1" and found.step == 4
    assert find_session(folder, "abc*") is None and find_session(folder, "abc12") is None
    path.rename(folder / "abc123.prev.json")
    leftover = find_session(folder, "abc123")
    assert leftover is not None and leftover.damaged


# ----------------------------------------------------------------- session start


def test_start_offers_the_saved_session_with_resume_as_the_default(
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    console: Console,
    calls: dict[str, list[Any]],
) -> None:
    save(clock, "abc123", "PN-77", 4, ago=120)
    prompter = recording(("select", None))  # Enter: the default
    use_terminal(monkeypatch, prompter, console)
    start_session(GivenFacts(), SessionOptions(), clock=clock)
    question = prompter.selects[0]
    assert question.message == "An unfinished session is saved on this computer."
    titles = [c.title for c in question.choices]
    assert titles[0] == f"Resume PN-77 (step 4 of 9, saved {when(clock, 120)})"
    assert titles[-1].startswith("Start a new session")
    assert question.default == "abc123"
    assert calls["resume"] == ["abc123"] and calls["new"] == []


def test_start_anew_is_a_deliberate_choice_and_keeps_the_saved_sessions(
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    console: Console,
    calls: dict[str, list[Any]],
) -> None:
    save(clock, "old111", "PN-1", 2, ago=300)
    save(clock, "new222", "PN-2", 7, ago=60)
    prompter = recording(("select", "Start a new session"))
    use_terminal(monkeypatch, prompter, console)
    start_session(GivenFacts(), SessionOptions(), clock=clock)
    question = prompter.selects[0]
    assert question.message == "2 unfinished sessions are saved on this computer."
    # Newest first, and the default; each shows its case, step and when it was saved.
    assert [c.title for c in question.choices] == [
        f"Resume PN-2 (step 7 of 9, saved {when(clock, 60)})",
        f"Resume PN-1 (step 2 of 9, saved {when(clock, 300)})",
        "Start a new session (the saved ones are kept)",
    ]
    assert question.default == "new222"
    assert calls["resume"] == [] and len(calls["new"]) == 1
    assert len(files()) == 2


def test_start_never_offers_a_session_open_in_another_terminal(
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    console: Console,
    calls: dict[str, list[Any]],
    holders: Holders,
) -> None:
    save(clock, "aaa111", "PN-1", 6)
    hold(holders, "aaa111")
    # Only the open one: nothing to choose, a new session starts and the screen says why.
    prompter = recording()
    use_terminal(monkeypatch, prompter, console)
    start_session(GivenFacts(), SessionOptions(), clock=clock)
    assert prompter.selects == [] and len(calls["new"]) == 1
    screen = " ".join(console.export_text().split())
    assert "PN-1 (step 6 of 9) is open in another terminal" in screen
    # With another one saved, only that one is offered.
    save(clock, "bbb222", "PN-2", 3, ago=30)
    prompter = recording(("select", None))
    use_terminal(monkeypatch, prompter, console)
    start_session(GivenFacts(), SessionOptions(), clock=clock)
    titles = [c.title for c in prompter.selects[0].choices]
    assert not any("PN-1" in t for t in titles) and titles[0].startswith("Resume PN-2")
    assert calls["resume"] == ["bbb222"]


# ----------------------------------------------------------------- session resume


def test_resume_by_id_of_a_session_open_elsewhere_says_so_in_one_line(
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    calls: dict[str, list[Any]],
    holders: Holders,
    capsys: pytest.CaptureFixture[str],
) -> None:
    save(clock, "aaa111", "PN-1", 6)
    hold(holders, "aaa111")

    def no_terminal(options: SessionOptions) -> Terminal:
        raise AssertionError("nothing may be drawn for a session open elsewhere")

    monkeypatch.setattr(app_session, "open_terminal", no_terminal)
    with pytest.raises(RethinkError, match="PN-1, step 6 of 9\\) is open in another terminal"):
        resume_session("aaa111", SessionOptions(), clock=clock)
    assert run(["session", "resume", "aaa111"], clock=clock) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "Error: Session aaa111 (PN-1, step 6 of 9) is open in another terminal: "
        "carry on there, or close it there first."
    ]
    assert calls["resume"] == []
    # Without an ID, the only session being open elsewhere is said the same way.
    with pytest.raises(RethinkError, match="open in another terminal"):
        resume_session(None, SessionOptions(), clock=clock)
    with pytest.raises(UsageError, match="No saved session '\\*'"):
        resume_session("*", SessionOptions(), clock=clock)


def test_resume_without_an_id_skips_a_session_open_elsewhere(
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    console: Console,
    calls: dict[str, list[Any]],
    holders: Holders,
) -> None:
    save(clock, "aaa111", "PN-1", 6)
    save(clock, "bbb222", "PN-2", 3, ago=30)
    hold(holders, "aaa111")
    prompter = recording()  # one session is ready: nothing to ask
    use_terminal(monkeypatch, prompter, console)
    resume_session(None, SessionOptions(), clock=clock)
    assert calls["resume"] == ["bbb222"] and prompter.selects == []
    assert "PN-1 (step 6 of 9) is open in another terminal" in console.export_text()


def test_resume_which_session_shows_case_step_and_when(
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    console: Console,
    calls: dict[str, list[Any]],
) -> None:
    save(clock, "aaa111", "PN-1", 6, ago=90)
    save(clock, "bbb222", "PN-2", 3, ago=30)
    prompter = recording(("select", "PN-1"))
    use_terminal(monkeypatch, prompter, console)
    resume_session(None, SessionOptions(), clock=clock)
    question = prompter.selects[0]
    assert [c.title for c in question.choices] == [
        f"bbb222  PN-2 (step 3 of 9, saved {when(clock, 30)})",
        f"aaa111  PN-1 (step 6 of 9, saved {when(clock, 90)})",
    ]
    assert question.default == "bbb222"
    assert calls["resume"] == ["aaa111"]


def test_a_session_stopped_in_setup_is_offered_with_its_case_and_no_step_number(
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    console: Console,
    calls: dict[str, list[Any]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rethink_cli.core.session import SetupDraft

    store = SessionStore(state_folder(), "set123")
    store.save(SetupDraft(GivenFacts(case_reference="PN-5")))
    os.utime(store.path, (clock.wall(), clock.wall()))
    (state_folder() / "bad999.json").write_text("not json", "utf-8")
    assert run(["session", "list"], clock=clock) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "PN-5" in rows["set123"] and "setup" in rows["set123"]
    assert "(damaged)" in rows["bad999"]
    prompter = recording(("select", None))
    use_terminal(monkeypatch, prompter, console)
    start_session(GivenFacts(), SessionOptions(), clock=clock)
    # A damaged autosave is not offered here ('session resume' can try its previous copy).
    assert [c.title for c in prompter.selects[0].choices] == [
        f"Resume PN-5 (setting up, saved {when(clock)})",
        "Start a new session (the saved one is kept)",
    ]
    assert calls["resume"] == ["set123"]
