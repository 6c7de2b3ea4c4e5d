"""Faults and attacks on the state folder: IDs, folder modes, the lock, leftovers, bad files.

- A session ID is an opaque token matched exactly against the folder's listing:
  no ID, pattern or path reads, writes or deletes anything but that session's files.
- The program changes the mode only of folders it makes (0700 under any umask),
  and refuses its own folder when another user owns it, others can write to it,
  or it is a symbolic link.
- The lock is the operating system's: of two rethinks started together exactly one
  gets a session, and a session open elsewhere is never discarded.
- Temporary copies left by a kill are listed and discarded; one bad autosave (deep,
  huge, a FIFO, wrong types) never hides the others or hangs the listing; what is
  listed reaches the terminal without control characters.
- A read-only home or state folder is one line naming RETHINK_STATE_DIR.

The tests run as root: "another user" is played by changing what os.getuid says.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import json
import os
import stat
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

import rethink_cli.app.session as app_session
import rethink_cli.storage.private_folder as private_folder
from rethink_cli.app.saved import saved_session_rows
from rethink_cli.app.terminal import Terminal
from rethink_cli.cli.app import run
from rethink_cli.core.errors import ExitCode, UsageError
from rethink_cli.core.facts import MeetingFacts
from rethink_cli.core.session import SessionState
from rethink_cli.formats.texts import all_steps
from rethink_cli.storage.autosave import (
    DamagedAutosave,
    SavedSession,
    SessionLocked,
    SessionStore,
    ensure_private_folder,
    is_open_elsewhere,
    list_sessions,
    state_folder,
)
from rethink_cli.storage.review_store import ReviewStore
from rethink_cli.ui.screen import RichScreen
from tests.lock_holder import Holders, holding
from tests.scripted import FakeClock, ScriptedPrompter

posix_only = pytest.mark.posix  # file modes and FIFOs


def new_state(case: str = "PN-4471", step: int = 4) -> SessionState:
    setup = MeetingFacts(case, dt.date(2026, 11, 26), "Alex Morgan", 3, "Sam Patel", "CSC", 90)
    state = SessionState.new(setup, [s.weight for s in all_steps()])
    state.step = step
    return state


def save(session_id: str, case: str = "PN-4471", step: int = 4) -> SessionStore:
    store = SessionStore(state_folder(), session_id)
    store.save(new_state(case, step))
    return store


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


@pytest.fixture
def holders() -> Iterator[Holders]:
    started = Holders()
    try:
        yield started
    finally:
        started.close()


@pytest.fixture
def no_terminal_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    """``session start``/``resume`` without a real terminal: a scripted one, never asked."""
    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    terminal = Terminal(ScriptedPrompter(deque()), RichScreen(console), plain=False)
    monkeypatch.setattr(app_session, "require_terminal", lambda command: None)
    monkeypatch.setattr(app_session, "open_terminal", lambda options: terminal)


# ----------------------------------------------------------------- 1. IDs are exact


HOSTILE_IDS = [
    "../../victims/config",
    "../x",
    "*",
    ".x",
    "..",
    "/etc/passwd",
    "abc*",
    "abc123.prev",
    "abc123/../abc123",
    "a\0b",
    "..\\x",
    "",
]


@pytest.fixture
def victims() -> Path:
    """Files beside the state folder that an ID written as a path could reach."""
    base = Path(os.environ["RETHINK_STATE_DIR"]).parent
    folder = base / "victims"
    folder.mkdir()
    for name in ("config.json", "config.prev.json", "config.lock", "x.json"):
        (folder / name).write_text("{}", "utf-8")
    (base / "state").mkdir()
    (base / "state" / "x.json").write_text("{}", "utf-8")
    return base


@pytest.mark.parametrize("session_id", [i for i in HOSTILE_IDS if i])
def test_discard_and_resume_refuse_ids_that_are_paths_or_patterns(
    session_id: str,
    victims: Path,
    no_terminal_needed: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    save("abc123", "PN-1")
    save("abd456", "PN-2")
    (state_folder() / ".x.json.12.tmp").write_bytes(b"{")
    before = {p: p.read_bytes() for p in victims.rglob("*") if p.is_file()}
    for command in (["discard", session_id, "--yes"], ["resume", session_id]):
        assert run(["session", *command], clock=FakeClock()) == ExitCode.BAD_INPUT, command
        said = one_line(capsys.readouterr().err)
        assert "No saved session" in said and "'rethink session list'" in said
    assert {p: p.read_bytes() for p in victims.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("session_id", HOSTILE_IDS)
def test_a_store_never_takes_a_path_or_an_empty_id(session_id: str, tmp_path: Path) -> None:
    if session_id in ("*", "abc*"):
        pytest.skip("a pattern is a plain name here: it only ever matches itself")
    with pytest.raises(UsageError):
        SessionStore(tmp_path / "sessions", session_id)


def test_removing_a_session_deletes_only_its_own_files_found_by_exact_name(
    tmp_path: Path,
) -> None:
    folder = ensure_private_folder(tmp_path / "sessions")
    others = [
        ".abc.json.123.tmp",  # another session's temporary copy
        ".s1.notes",  # hidden, but not a temporary copy of ours
        ".s1.json.12x.tmp",  # not a pid
        ".s12.json.5.tmp",  # a session whose ID starts like ours
        "s12.json",
        "abc.json",
        ".keep",
    ]
    for name in others:
        (folder / name).write_text("x", "utf-8")
    store = SessionStore(folder, "s1")
    store.save(new_state())
    store.save(new_state("PN-2"))
    store.acquire()
    own = [".s1.json.123.tmp", ".s1.prev.json.9.tmp", ".s1.lock.77.tmp"]
    for name in own:
        (folder / name).write_text("x", "utf-8")
    store.remove()
    assert names(folder) == sorted(others)
    # An ID made of pattern characters is a plain name: it removes only files of that name.
    SessionStore(folder, "*").remove()
    SessionStore(folder, "s[0-9]*").remove()
    assert names(folder) == sorted(others)


# ----------------------------------------------------------------- 2. folder modes


@posix_only
def test_a_shared_sticky_folder_is_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("RETHINK_STATE_DIR", str(shared))
    folder = state_folder()
    assert folder == shared / "sessions"
    assert mode(folder) == 0o700
    assert mode(shared) == 0o1777


@posix_only
def test_every_folder_made_is_private_even_under_umask_000(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)
    monkeypatch.delenv("RETHINK_STATE_DIR")
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    base = Path(platformdirs.user_state_dir("rethink", appauthor=False))
    assert home in base.parents
    old = os.umask(0)
    try:
        folder = state_folder()
    finally:
        os.umask(old)
    assert folder == base / "sessions"
    made = [folder, *(p for p in folder.parents if home in p.parents)]
    assert len(made) >= 3  # e.g. .local, .local/state, .local/state/rethink, sessions
    assert {str(p.relative_to(home)): mode(p) for p in made} == {
        str(p.relative_to(home)): 0o700 for p in made
    }
    assert mode(home) == 0o755  # there already: not ours to change


@posix_only
def test_a_state_folder_owned_by_another_user_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = state_folder()
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 4242)
    assert run(["session", "list"], clock=FakeClock()) == ExitCode.FAILURE
    said = one_line(capsys.readouterr().err)
    assert "belongs to another user" in said and "RETHINK_STATE_DIR" in said
    assert str(folder) in said


@posix_only
@pytest.mark.parametrize("loose", [0o770, 0o702, 0o777])
def test_a_state_folder_others_can_write_to_is_refused_and_left_alone(
    loose: int, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = Path(os.environ["RETHINK_STATE_DIR"]) / "sessions"
    folder.mkdir(parents=True)
    folder.chmod(loose)
    assert run(["session", "list"], clock=FakeClock()) == ExitCode.FAILURE
    said = one_line(capsys.readouterr().err)
    assert "can be changed by other users" in said and "RETHINK_STATE_DIR" in said
    assert mode(folder) == loose


@posix_only
def test_a_state_folder_only_readable_by_others_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    folder.chmod(0o755)
    ensure_private_folder(folder)
    assert mode(folder) == 0o700


@posix_only
def test_a_sessions_link_is_refused_and_its_target_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    elsewhere.chmod(0o755)
    base = Path(os.environ["RETHINK_STATE_DIR"])
    base.mkdir(parents=True)
    (base / "sessions").symlink_to(elsewhere, target_is_directory=True)
    assert run(["session", "list"], clock=FakeClock()) == ExitCode.FAILURE
    said = one_line(capsys.readouterr().err)
    assert "symbolic link" in said and "RETHINK_STATE_DIR" in said
    assert mode(elsewhere) == 0o755
    assert list(elsewhere.iterdir()) == []


def test_a_file_where_the_folder_should_be_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = Path(os.environ["RETHINK_STATE_DIR"])
    base.mkdir(parents=True)
    (base / "sessions").write_text("not a folder", "utf-8")
    assert run(["session", "list"], clock=FakeClock()) == ExitCode.FAILURE
    said = one_line(capsys.readouterr().err)
    assert "is not a folder" in said and "RETHINK_STATE_DIR" in said


# ----------------------------------------------------------------- 3. the lock

# Takes one session's lock when told, says whether it got it, and lets go when told.
_RACER = """
import sys
from pathlib import Path
from rethink_cli.storage.autosave import SessionLocked, SessionStore

folder = Path(sys.argv[1])
store = None
print("ready", flush=True)
for line in sys.stdin:
    word, _, session_id = line.strip().partition(" ")
    if word == "go":
        store = SessionStore(folder, session_id)
        try:
            store.acquire()
            print("won", flush=True)
        except SessionLocked:
            store = None
            print("lost", flush=True)
    elif word == "release":
        if store is not None:
            store.release()
        print("done", flush=True)
"""


def _racer(folder: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", _RACER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def _tell(children: list[subprocess.Popen[str]], line: str) -> list[str]:
    for child in children:  # both first, then both answers: they race
        assert child.stdin is not None
        child.stdin.write(line + "\n")
        child.stdin.flush()
    answers = []
    for child in children:
        assert child.stdout is not None
        answers.append(child.stdout.readline().strip())
    return answers


def test_two_rethinks_started_together_never_both_get_a_session(tmp_path: Path) -> None:
    folder = ensure_private_folder(tmp_path / "sessions")
    children = [_racer(folder), _racer(folder)]
    try:
        for round_ in range(40):
            session_id = f"race{round_ % 4}"  # sessions are taken again after release
            answers = _tell(children, f"go {session_id}")
            assert sorted(answers) == ["lost", "won"], (round_, answers)
            assert _tell(children, "release") == ["done", "done"]
            assert not (folder / f"{session_id}.lock").exists()
    finally:
        for child in children:
            child.kill()
            child.wait()
            for stream in (child.stdin, child.stdout):
                if stream is not None:
                    stream.close()


def _descriptors_on(path: Path) -> list[str]:
    fds = Path("/proc/self/fd")
    found = []
    for fd in fds.iterdir():
        try:
            if os.readlink(fd).startswith(str(path)):
                found.append(fd.name)
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_the_lock_is_held_on_an_open_file_until_release(tmp_path: Path) -> None:
    folder = ensure_private_folder(tmp_path / "sessions")
    store = SessionStore(folder, "s1")
    store.acquire()
    assert _descriptors_on(store.lock_path)
    assert json.loads(store.lock_path.read_text("utf-8"))["pid"] == os.getpid()
    # This process has it: not "open elsewhere" here, and a second store shares it.
    assert not is_open_elsewhere(store.lock_path)
    SessionStore(folder, "s1").acquire()
    store.release()
    assert _descriptors_on(store.lock_path) == []
    assert not store.lock_path.exists()
    # Let go for real: another process takes it at once.
    with holding(folder, "s1"):
        assert is_open_elsewhere(store.lock_path)


def test_open_elsewhere_is_the_os_lock_not_the_pid_written(tmp_path: Path) -> None:
    folder = ensure_private_folder(tmp_path / "sessions")
    store = SessionStore(folder, "s1")
    store.save(new_state())
    with holding(folder, "s1"):
        store.lock_path.write_text("", "utf-8")  # the note wiped: the lock still holds
        assert is_open_elsewhere(store.lock_path)
        with pytest.raises(SessionLocked, match=r"open in another rethink\. Close"):
            store.acquire()
        [listed] = list_sessions(folder)
        assert listed.open_elsewhere
    # Killed: the file stays, naming nobody running; the session is free.
    assert store.lock_path.exists()
    assert not is_open_elsewhere(store.lock_path)
    store.acquire()
    store.release()


def test_a_review_open_in_another_rethink_is_refused(tmp_path: Path) -> None:
    folder = ensure_private_folder(tmp_path / "sessions")
    key = "0123456789abcdef"
    refused = pytest.raises(SessionLocked, match="review of this record is open in another")
    with holding(folder, key, review=True), refused:
        ReviewStore(folder, key).acquire()
    mine = ReviewStore(folder, key)
    mine.acquire()
    mine.release()


# ----------------------------------------------------------------- 4. discard and the lock


def test_discard_refuses_a_session_open_elsewhere_even_when_its_note_is_gone(
    holders: Holders, capsys: pytest.CaptureFixture[str]
) -> None:
    save("aaa111", "PN-1", 6)
    save("bbb222", "PN-2", 3)
    holders.hold(state_folder(), "aaa111")
    (state_folder() / "aaa111.lock").write_text("", "utf-8")
    assert run(["session", "discard", "aaa111", "--yes"], clock=FakeClock()) == 1
    said = one_line(capsys.readouterr().err)
    assert "aaa111 (PN-1, step 6 of 9) is open in another terminal" in said
    assert run(["session", "discard", "--all", "--yes"], clock=FakeClock()) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Discarded session bbb222 (PN-2).",
        "Kept session aaa111 (PN-1): open in another terminal.",
    ]
    assert names(state_folder()) == ["aaa111.json", "aaa111.lock"]


# ----------------------------------------------------------------- 5. leftover temporary copies


def test_leftover_temporary_copies_are_listed_and_discarded(
    no_terminal_needed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = state_folder()
    save("live01", "PN-1")
    (folder / ".live01.json.4242.tmp").write_bytes(b'{"format": 1, "se')
    (folder / ".cut001.json.4242.tmp").write_bytes(b'{"format": 1, "se')
    (folder / ".cut002.prev.json.77.tmp").write_bytes(b"")
    (folder / "cut002.lock").write_text("{}", "utf-8")
    assert run(["session", "list"], clock=FakeClock()) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
    assert set(rows) == {"live01", "cut001", "cut002"}
    assert "(leftover copy)" in rows["cut001"] and "discard" in rows["cut001"]
    assert "PN-1" in rows["live01"]
    assert run(["session", "resume", "cut001"], clock=FakeClock()) == 1
    assert "nothing saved to resume" in one_line(capsys.readouterr().err)
    assert run(["session", "discard", "cut001", "--yes"], clock=FakeClock()) == 0
    assert one_line(capsys.readouterr().out).startswith("Discarded session cut001")
    assert ".cut001.json.4242.tmp" not in names(folder)
    assert run(["session", "discard", "--all", "--yes"], clock=FakeClock()) == 0
    assert names(folder) == []


# ----------------------------------------------------------------- 6. bad autosaves


def _listed_within(folder: Path, seconds: float) -> list[SavedSession]:
    """``list_sessions``, failing (not hanging) if it takes longer than ``seconds``."""
    result: list[list[SavedSession]] = []
    worker = threading.Thread(target=lambda: result.append(list_sessions(folder)), daemon=True)
    worker.start()
    worker.join(seconds)
    hung = worker.is_alive()
    for _ in range(20):
        if not worker.is_alive():
            break
        # Stuck: open the FIFOs' other ends, so the thread can end with the test.
        for fifo in (p for p in folder.iterdir() if stat.S_ISFIFO(os.lstat(p).st_mode)):
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(0.5)
    assert not hung, "listing the sessions hung"
    assert result, "listing the sessions failed"
    return result[0]
    return result[0]


def test_one_bad_autosave_never_hides_the_others(tmp_path: Path) -> None:
    folder = ensure_private_folder(tmp_path / "sessions")
    SessionStore(folder, "good01").save(new_state("PN-GOOD", 5))
    (folder / "deep01.json").write_text("[" * 200_000, "utf-8")
    (folder / "deep02.json").write_text('{"a":' * 100_000 + "1" + "}" * 100_000, "utf-8")
    (folder / "list01.json").write_text("[1, 2]", "utf-8")
    (folder / "num001.json").write_text("12", "utf-8")
    (folder / "types1.json").write_text('{"format": 1, "setup": [], "step": "x"}', "utf-8")
    (folder / "bytes1.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "dir001.json").mkdir()
    (folder / "link01.json").symlink_to(folder / "good01.json")
    big = SessionStore(folder, "big001")
    big.save(new_state("PN-BIG"))
    with big.path.open("ab") as padded:  # valid JSON, but far larger than any autosave
        padded.write(b" " * (1 << 20))
    found = {s.session_id: s for s in _listed_within(folder, 30)}
    assert found["good01"].case_reference == "PN-GOOD" and not found["good01"].damaged
    bad = {"deep01", "deep02", "list01", "num001", "types1", "bytes1", "dir001", "link01"}
    assert bad | {"big001"} <= set(found)
    assert all(found[i].damaged and found[i].case_reference == "(damaged)" for i in bad)
    assert found["big001"].damaged and found["big001"].case_reference == "(too large to list)"
    assert SessionStore(folder, "big001").load().setup.case_reference == "PN-BIG"
    with pytest.raises(DamagedAutosave):
        SessionStore(folder, "deep01").load()


@posix_only
def test_a_fifo_named_like_an_autosave_or_lock_does_not_hang(tmp_path: Path) -> None:
    folder = ensure_private_folder(tmp_path / "sessions")
    SessionStore(folder, "good01").save(new_state("PN-GOOD"))
    SessionStore(folder, "fifo02").save(new_state("PN-FIFO"))
    os.mkfifo(folder / "fifo01.json")
    os.mkfifo(folder / "fifo02.lock")
    found = {s.session_id: s for s in _listed_within(folder, 10)}
    assert found["fifo01"].damaged and not found["good01"].damaged
    assert found["fifo02"].case_reference == "PN-FIFO" and not found["fifo02"].open_elsewhere
    with pytest.raises(DamagedAutosave):
        SessionStore(folder, "fifo01").load()


@posix_only
def test_the_listing_shows_no_control_characters_from_names_or_cases(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = state_folder()
    evil = "ev\x1b]0;owned\x07il\x1b[2J\u202e"
    store = SessionStore(folder, evil)
    store.save(new_state("PN-1"))
    assert run(["session", "list"], clock=FakeClock()) == 0
    out = capsys.readouterr().out
    assert "evil" in out and "owned" not in out
    assert not any(c in out for c in "\x1b\x07\u202e")
    # A case reference that got past the checks is cleaned the same way.
    when = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
    odd = SavedSession("abc\x9b2J", "PN\x1b[31m-7\x00\r", 3, when)
    monkeypatch.setattr("rethink_cli.storage.autosave.list_sessions", lambda folder: [odd])
    rows = saved_session_rows(FakeClock())
    assert rows[1].startswith("abc     PN-7 ")
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in "".join(rows))


# ----------------------------------------------------------------- 7. read-only places


def _read_only_below(monkeypatch: pytest.MonkeyPatch, top: Path) -> None:
    """mkdir under ``top`` fails as on a read-only disk (root ignores modes, not mounts)."""
    real_mkdir = os.mkdir

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if top in Path(path).parents:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)


@pytest.mark.parametrize("command", [["session", "list"], ["session", "start"]])
def test_a_read_only_home_is_one_line_naming_rethink_state_dir(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_terminal_needed: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv("RETHINK_STATE_DIR")
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    _read_only_below(monkeypatch, home)
    assert run(command, clock=FakeClock()) == ExitCode.FAILURE
    said = one_line(capsys.readouterr().err)
    assert said.startswith("Error: The state folder ")
    assert "read-only file system" in said and "RETHINK_STATE_DIR" in said
    assert list(home.iterdir()) == []


@pytest.mark.parametrize("command", [["session", "list"], ["session", "start"]])
def test_an_unwritable_state_folder_is_one_line_naming_rethink_state_dir(
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    no_terminal_needed: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    state_folder()
    # Root can write anywhere but a read-only mount: the check is played here.
    monkeypatch.setattr(private_folder, "_writable", lambda folder: False)
    assert run(command, clock=FakeClock()) == ExitCode.FAILURE
    said = one_line(capsys.readouterr().err)
    assert "cannot be written to" in said and "RETHINK_STATE_DIR" in said


def test_an_autosave_from_a_newer_rethink_says_so_not_damaged(tmp_path: Path) -> None:
    folder = ensure_private_folder(tmp_path / "sessions")
    store = SessionStore(folder, "s1")
    store.save(new_state())
    data = json.loads(store.path.read_text("utf-8"))
    data["format"] = 99
    store.path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DamagedAutosave, match="saved by a newer rethink: update rethink"):
        SessionStore(folder, "s1").load()
