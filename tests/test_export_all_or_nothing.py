"""Exports are all or nothing at every instant.

What anyone looking at the output folder can see (every file whose path has no
hidden component) is, at every moment, either none of an export or the whole of
it: under a full disk at any write, a failure at the final rename, a --force
replacement that fails part-way, something appearing at the target while the
files are written, and SIGKILL, SIGTERM or SIGHUP at a random moment of a real
``rethink actions render``. A session killed while exporting finishes its export
when resumed.

The instants are sampled at every ``os.fsync`` the writer makes (each file, each
folder) and, for the real processes, by polling the folder while they run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rethink_cli.cli.app import run
from rethink_cli.export import folder_set

REPO = Path(__file__).resolve().parents[1]
MD_FOLDER = "2026-11-26_PN-4471_md"
TOML = "2026-11-26_PN-4471_actions.toml"

Snapshot = dict[str, bytes]


def visible(out: Path) -> Snapshot:
    """Every file a person or a sync client would see in ``out``, with its bytes.

    Files straight in ``out`` are read as they are. A folder is read through one
    handle and kept only if the same folder is still at its name afterwards: a
    reader caught by a rename would otherwise stitch two instants together.
    Anything that vanishes mid-read is simply not seen, as a person listing the
    folder at that instant would not see it.
    """
    for _ in range(100):
        seen: Snapshot = {}
        torn = False
        for name in _names(out):
            if name.startswith("."):
                continue
            path = out / name
            if path.is_dir():
                inside = _read_folder(path)
                if inside is None:
                    torn = True
                    break
                seen.update({f"{name}/{inner}": data for inner, data in inside.items()})
            else:
                with contextlib.suppress(OSError):
                    seen[name] = path.read_bytes()
        if not torn:
            return seen
    raise AssertionError(f"{out} kept changing under the reader")


def _names(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except FileNotFoundError:
        return []


def _read_folder(folder: Path) -> Snapshot | None:
    """The visible files of one folder instance; None if another took its name meanwhile."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return {}
    try:
        held = os.fstat(fd).st_ino
        files: Snapshot = {}
        for name in sorted(os.listdir(fd)):
            if name.startswith("."):
                continue
            with contextlib.suppress(OSError):
                inner = os.open(name, os.O_RDONLY, dir_fd=fd)
                with open(inner, "rb") as handle:
                    files[name] = handle.read()
        try:
            still = os.stat(folder, follow_symlinks=False).st_ino
        except FileNotFoundError:
            return None
        return files if still == held else None
    finally:
        os.close(fd)


def hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def write_record(folder: Path, data: dict[str, Any], name: str = "record.toml") -> Path:
    path = folder / name
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def render(record: Path, out: Path, *extra: str) -> int:
    return run(["actions", "render", str(record), "--out", str(out), *extra])


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def record(tmp_path: Path, record_data: dict[str, Any]) -> Path:
    return write_record(tmp_path, record_data)


@pytest.fixture
def expected(tmp_path: Path, record: Path) -> Snapshot:
    """The whole Markdown set of the sample record, as a clean render writes it."""
    clean = tmp_path / "clean"
    clean.mkdir()
    assert render(record, clean) == 0
    whole = visible(clean)
    assert len(whole) == 5 and all(name.startswith(f"{MD_FOLDER}/") for name in whole)
    return whole


@pytest.fixture
def old_set(tmp_path: Path, record_data: dict[str, Any], out: Path) -> Snapshot:
    """An earlier render in ``out``: same names as the new one, different words."""
    record_data["actions"][0]["what"] = "An earlier wording of the first action"
    earlier = write_record(tmp_path, record_data, "earlier.toml")
    assert render(earlier, out) == 0
    before = visible(out)
    assert len(before) == 5
    return before


@pytest.fixture(params=["swap", "portable"])
def rename_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with the system's one-step rename (renameat2) and with the portable fallback."""
    if request.param == "portable":
        monkeypatch.setattr(folder_set, "_special_rename", lambda: None)
    elif folder_set._special_rename() is None:
        pytest.skip("no renameat2 or renamex_np here")
    return str(request.param)


class Watch:
    """Samples the visible folder at every fsync; can make the nth fsync fail."""

    def __init__(self, out: Path, fail_at: int | None = None, error: int = errno.ENOSPC) -> None:
        self.out = out
        self.fail_at = fail_at
        self.error = error
        self.calls = 0
        self.snapshots: list[Snapshot] = []

    def __call__(self, real: Callable[[int], None]) -> Callable[[int], None]:
        def fsync(fd: int) -> None:
            self.snapshots.append(visible(self.out))
            self.calls += 1
            if self.calls - 1 == self.fail_at:
                raise OSError(self.error, os.strerror(self.error))
            real(fd)

        return fsync


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch, out: Path) -> Iterator[Callable[..., Watch]]:
    def start(fail_at: int | None = None, error: int = errno.ENOSPC) -> Watch:
        watcher = Watch(out, fail_at, error)
        monkeypatch.setattr(os, "fsync", watcher(os.fsync))
        return watcher

    yield start


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    return err[0]


# ------------------------------------------------------------------ a failure part-way


# One fsync for each of the five files before the set goes in.
@pytest.mark.parametrize("fail_at", range(5))
def test_a_full_disk_at_any_write_leaves_no_file_of_the_set(
    out: Path,
    record: Path,
    expected: Snapshot,
    watch: Callable[..., Watch],
    capsys: pytest.CaptureFixture[str],
    fail_at: int,
) -> None:
    capsys.readouterr()
    watcher = watch(fail_at)
    code = render(record, out)
    # At every instant sampled, and afterwards: nothing of the set is visible.
    assert all(seen == {} for seen in watcher.snapshots)
    assert visible(out) == {}
    assert hidden(out) == []  # the staging folder is taken away too
    assert code == 1 and watcher.calls == fail_at + 1
    said = one_line(capsys)
    assert "is full" in said and said.endswith("Nothing was written.")


def test_every_instant_of_a_good_export_shows_none_or_all(
    out: Path, record: Path, expected: Snapshot, watch: Callable[..., Watch], rename_kind: str
) -> None:
    watcher = watch()
    assert render(record, out) == 0
    assert watcher.snapshots and all(seen in ({}, expected) for seen in watcher.snapshots)
    assert visible(out) == expected
    assert hidden(out) == []


def test_a_failure_at_the_final_rename_leaves_nothing(
    out: Path,
    record: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    rename_kind: str,
) -> None:
    def full(source: Path, target: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(folder_set, "move_folder_in", full)
    assert render(record, out) == 1
    assert "is full" in one_line(capsys)
    assert visible(out) == {} and hidden(out) == []


# ------------------------------------------------------------------ --force


@pytest.mark.parametrize("fail_at", range(5))
def test_force_failing_part_way_keeps_the_old_set_whole(
    out: Path,
    record: Path,
    old_set: Snapshot,
    expected: Snapshot,
    watch: Callable[..., Watch],
    capsys: pytest.CaptureFixture[str],
    fail_at: int,
) -> None:
    capsys.readouterr()
    watcher = watch(fail_at)
    code = render(record, out, "--force")
    assert all(seen == old_set for seen in watcher.snapshots)
    assert visible(out) == old_set
    assert hidden(out) == []
    assert code == 1
    said = one_line(capsys)
    assert "is full" in said
    assert f"Nothing was written; {out / MD_FOLDER} is as it was." in said
    assert "half-written" not in said


@pytest.mark.parametrize("step", ["swap", "aside", "in"])
def test_force_failing_at_the_replacement_puts_the_old_set_back(
    out: Path,
    record: Path,
    old_set: Snapshot,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    step: str,
) -> None:
    """The one-step swap, or either rename of the portable way, fails."""
    real_move = folder_set.move_folder_in
    moves: list[str] = []

    def move(source: Path, target: Path) -> None:
        moves.append(target.name)
        if (step == "aside" and len(moves) == 1) or (step == "in" and len(moves) == 2):
            raise OSError(errno.EIO, "Input/output error")
        real_move(source, target)

    def swap(staging: Path, target: Path) -> bool:
        if step == "swap":
            raise OSError(errno.EIO, "Input/output error")
        return False  # as on a system without a one-step swap

    monkeypatch.setattr(folder_set, "move_folder_in", move)
    monkeypatch.setattr(folder_set, "swap_folders", swap)
    capsys.readouterr()
    assert render(record, out, "--force") == 1
    said = one_line(capsys)
    assert said.startswith(f"Error: Could not write to {out}: Input/output error.")
    assert said.endswith(f"Nothing was written; {out / MD_FOLDER} is as it was.")
    assert visible(out) == old_set
    assert hidden(out) == []


def test_force_that_cannot_put_the_old_set_back_says_where_it_is(
    out: Path,
    record: Path,
    old_set: Snapshot,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    real_move = folder_set.move_folder_in
    moves: list[Path] = []

    def move(source: Path, target: Path) -> None:
        moves.append(target)
        if len(moves) >= 2:  # the new set cannot go in, nor the old one back
            raise OSError(errno.EIO, "Input/output error")
        real_move(source, target)

    monkeypatch.setattr(folder_set, "swap_folders", lambda staging, target: False)
    monkeypatch.setattr(folder_set, "move_folder_in", move)
    capsys.readouterr()
    assert render(record, out, "--force") == 1
    said = one_line(capsys)
    aside = moves[0]
    assert said == (
        f"Error: Could not replace {out / MD_FOLDER}. The earlier files are in {aside}: "
        f"rename that folder to {MD_FOLDER} to have them back."
    )
    # Nothing half-visible; the earlier set is whole where the message says.
    assert visible(out) == {}
    assert {f"{MD_FOLDER}/{p.name}": p.read_bytes() for p in aside.iterdir()} == old_set
    # A later export leaves it alone: it may be the only copy.
    monkeypatch.setattr(folder_set, "move_folder_in", real_move)
    assert render(record, out) == 0
    assert aside.is_dir()


def test_force_replaces_the_set_whole_and_at_every_instant(
    out: Path,
    record: Path,
    old_set: Snapshot,
    expected: Snapshot,
    watch: Callable[..., Watch],
    rename_kind: str,
) -> None:
    watcher = watch()
    assert render(record, out, "--force") == 0
    assert visible(out) == expected and hidden(out) == []
    # With a one-step swap the folder is never missing; the portable way may miss it a moment.
    allowed = [old_set, expected] + ([{}] if rename_kind == "portable" else [])
    assert all(seen in allowed for seen in watcher.snapshots)


# ------------------------------------------------------------------ something appears meanwhile


def _intrude(kind: str, target: Path) -> None:
    if kind == "file":
        target.write_text("someone else's", encoding="utf-8")
    else:
        target.mkdir()
        if kind == "folder":
            (target / "notes.txt").write_text("someone else's", encoding="utf-8")


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("kind", ["file", "empty folder", "folder"])
def test_a_folder_that_appears_after_the_check_is_not_replaced(
    out: Path,
    record: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    rename_kind: str,
    kind: str,
    force: bool,
) -> None:
    target = out / MD_FOLDER
    real = os.fsync

    def fsync_then_intrude(fd: int) -> None:
        real(fd)
        if not os.path.lexists(target):
            _intrude(kind, target)  # after the check, while the files are written

    monkeypatch.setattr(os, "fsync", fsync_then_intrude)
    before = None
    capsys.readouterr()
    assert render(record, out, *(["--force"] if force else [])) == 1
    said = one_line(capsys)
    assert said == (
        f"Error: {target} appeared while the files were being written, and was left as it is. "
        "Choose another folder with --out."
    )
    if kind == "file":
        before = {MD_FOLDER: b"someone else's"}
    elif kind == "folder":
        before = {f"{MD_FOLDER}/notes.txt": b"someone else's"}
    else:
        before = {}
        assert target.is_dir() and list(target.iterdir()) == []
    assert visible(out) == before
    assert hidden(out) == []


def test_a_single_file_that_appears_after_the_check_is_not_replaced(
    out: Path,
    record: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = out / TOML
    real = os.fsync

    def fsync_then_intrude(fd: int) -> None:
        real(fd)
        if not target.exists():
            target.write_text("mine", encoding="utf-8")

    monkeypatch.setattr(os, "fsync", fsync_then_intrude)
    capsys.readouterr()
    assert render(record, out, "--format", "toml") == 1
    assert "appeared while the files were being written" in one_line(capsys)
    assert visible(out) == {TOML: b"mine"}
    assert hidden(out) == []


def test_a_plan_file_that_appears_after_the_check_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.toml"
    real = os.fsync

    def fsync_then_intrude(fd: int) -> None:
        real(fd)
        if not plan.exists():
            plan.write_text("mine", encoding="utf-8")

    monkeypatch.setattr(os, "fsync", fsync_then_intrude)
    args = ["session", "prepare", "--case", "PN-4471", "--facilitator", "Alex Morgan"]
    args += ["--strategy", "3", "--lead", "Sam Patel", "--lead-agency", "CSC"]
    args += ["--attendee", "Jo Reed|Health visitor|Health Visiting", "--output", str(plan)]
    assert run(args) == 1
    assert "appeared while the files were being written" in one_line(capsys)
    assert plan.read_text(encoding="utf-8") == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]


# ------------------------------------------------------------------ leftovers of a kill


def _leftover(out: Path, pid: int, *, minutes_old: float = 0, suffix: str = "partial") -> Path:
    path = out / f".rethink-{pid}-abc123_x.{suffix}"
    path.mkdir()
    (path / "2026-11-26_PN-4471_actions.md").write_text("half", encoding="utf-8")
    then = time.time() - minutes_old * 60
    os.utime(path, (then, then))
    return path


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.posix  # process ids are checked on POSIX
def test_leftovers_are_hidden_ignored_and_cleared_by_the_next_export(
    out: Path, record: Path, expected: Snapshot
) -> None:
    dead = _leftover(out, _dead_pid())
    alive_old = _leftover(out, os.getppid(), minutes_old=11)
    alive_new = _leftover(out, os.getppid(), minutes_old=0.1, suffix="tmp")
    kept_old_set = _leftover(out, _dead_pid(), minutes_old=60, suffix="old")
    other = out / ".rethink-notes"
    other.mkdir()
    # Never part of what anyone sees, and not an export the checks would refuse.
    assert visible(out) == {}
    assert render(record, out) == 0
    assert visible(out) == expected
    assert not dead.exists() and not alive_old.exists()
    # Still being written by a live process, a set moved aside, and anything else: kept.
    assert alive_new.exists() and kept_old_set.exists() and other.exists()


# ------------------------------------------------------------------ real kills


CHILD = """
import os, sys, time

# Every file and folder the writer syncs takes a moment longer, and the first
# one tells the parent that writing has begun.
delay = float(sys.argv[1])
real_fsync = os.fsync
told = []

def fsync(fd):
    if not told:
        told.append(1)
        sys.stdout.write("writing\\n")
        sys.stdout.flush()
    time.sleep(delay)
    real_fsync(fd)

os.fsync = fsync
try:
    from rethink_cli.export import folder_set
except ImportError:
    folder_set = None
if folder_set is not None:
    real_move, real_swap = folder_set.move_folder_in, folder_set.swap_folders

    def move_folder_in(source, target):
        time.sleep(delay)
        real_move(source, target)
        time.sleep(delay)

    def swap_folders(staging, target):
        time.sleep(delay)
        done = real_swap(staging, target)
        time.sleep(delay)
        return done

    folder_set.move_folder_in = move_folder_in
    folder_set.swap_folders = swap_folders
from rethink_cli.cli.app import main
main(sys.argv[2:])
"""

# Named here, not by an ids function: with no signals (Windows), pytest 8.0 calls that with
# a placeholder, which is no signal.
KILL_SIGNALS = (
    [pytest.param(s, id=s.name) for s in (signal.SIGKILL, signal.SIGTERM, signal.SIGHUP)]
    if os.name == "posix"
    else []
)
AGENCIES = 30
PER_FILE = 0.004  # seconds per sync: 31 files, two folders and the renames take about 0.15 s


def _big_record(folder: Path, wording: str) -> Path:
    from tests.harness.bench_helpers.records import record_data

    data = record_data(actions=AGENCIES, agencies=AGENCIES)
    data["actions"][0]["what"] = wording
    return write_record(folder, data, f"{wording.split()[0].lower()}.toml")


def _kill_during_render(
    record: Path, out: Path, sig: int, rng: random.Random, *, force: bool
) -> list[Snapshot]:
    """Start a slowed ``rethink actions render``, kill it at a random moment while it
    writes, and return what the folder showed while it ran and at the end."""
    args = ["actions", "render", str(record), "--out", str(out)] + (["--force"] if force else [])
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(PER_FILE), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    seen: list[Snapshot] = []
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"writing\n"
        deadline = time.monotonic() + rng.uniform(0, (AGENCIES + 5) * PER_FILE * 1.3)
        while time.monotonic() < deadline:
            seen.append(visible(out))
        child.send_signal(sig)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()
    seen.append(visible(out))
    return seen


@pytest.mark.posix  # SIGKILL, SIGHUP
@pytest.mark.parametrize("sig", KILL_SIGNALS)
def test_a_render_killed_at_any_moment_shows_no_set_or_a_whole_one(
    tmp_path: Path, sig: int
) -> None:
    rng = random.Random(f"kill-{sig}")
    record = _big_record(tmp_path, "Fresh wording of the first action")
    clean = tmp_path / "clean"
    clean.mkdir()
    assert render(record, clean) == 0
    whole = visible(clean)
    assert len(whole) == AGENCIES + 1
    outcomes: list[str] = []
    for attempt in range(5):
        out = tmp_path / f"out{attempt}"
        out.mkdir()
        seen = _kill_during_render(record, out, sig, rng, force=False)
        assert all(shown in ({}, whole) for shown in seen), f"attempt {attempt}: part of a set"
        outcomes.append("whole" if seen[-1] == whole else "none")
        # Whatever the kill left is hidden, and the next export into the folder just works.
        assert render(record, out, "--format", "text") == 0
        if seen[-1] == {}:
            assert render(record, out) == 0
            assert {k: v for k, v in visible(out).items() if k.endswith(".md")} == whole
        assert not [n for n in hidden(out) if n.endswith(".partial")]
    assert "none" in outcomes, "no kill landed while the files were being written"


@pytest.mark.posix  # SIGKILL, SIGHUP
@pytest.mark.parametrize("sig", KILL_SIGNALS)
def test_a_forced_render_killed_at_any_moment_shows_the_old_set_or_the_new(
    tmp_path: Path, sig: int
) -> None:
    rng = random.Random(f"force-{sig}")
    old_record = _big_record(tmp_path, "Earlier wording of the first action")
    new_record = _big_record(tmp_path, "Later wording of the first action")
    out = tmp_path / "out"
    out.mkdir()
    assert render(old_record, out) == 0
    old = visible(out)
    clean = tmp_path / "clean"
    clean.mkdir()
    assert render(new_record, clean) == 0
    new = visible(clean)
    assert old.keys() == new.keys() and old != new
    # Without a one-step swap, the folder is missing for a moment between two renames.
    allowed = [old, new] if folder_set._special_rename() is not None else [old, new, {}]
    ended: list[str] = []
    for attempt in range(5):
        seen = _kill_during_render(new_record, out, sig, rng, force=True)
        assert all(shown in allowed for shown in seen), f"attempt {attempt}: a mixed set"
        ended.append("new" if seen[-1] == new else "old")
        if seen[-1] == new:
            # Start over from the old set, so every attempt replaces something.
            assert render(old_record, out, "--force") == 0
    assert "old" in ended, "no kill landed while the files were being written"
    assert render(new_record, out, "--force") == 0
    assert visible(out) == new
    assert not [n for n in hidden(out) if n.endswith(".partial")]


# ---------------------------------------------------------- a session killed while exporting


class Killed(BaseException):
    """Stands for kill -9: nothing in the program sees it coming or cleans up after it."""


MEETING = "2026-11-26_PN-4471"


def _session_state(prompter: Any) -> Any:
    """The scripted session's setup and time plan, answered as at the start."""
    from rethink_cli.core.facts import GivenFacts
    from rethink_cli.core.session import SessionState
    from rethink_cli.dialogs.facts import adjust_plan, ask_setup
    from rethink_cli.formats.texts import all_steps
    from tests import flow_helpers as f

    screen = _terminal(prompter).screen
    setup = ask_setup(GivenFacts(), prompter=prompter, screen=screen, today=f.TODAY)
    state = SessionState.new(setup, [s.weight for s in all_steps()])
    adjust_plan(state, prompter=prompter, screen=screen)
    return state


def _terminal(prompter: Any) -> Any:
    import io

    from rich.console import Console

    from rethink_cli.app.terminal import Terminal
    from rethink_cli.ui.screen import RichScreen

    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    return Terminal(prompter, RichScreen(console), plain=False)


def _run_session(state: Any, prompter: Any, state_folder: Path, out: Path) -> None:
    """The program's own wiring of a session (``_run``), with a real autosave."""
    from rethink_cli.app.autosaving import GuardedAutosave
    from rethink_cli.app.session import _run
    from rethink_cli.app.terminal import SessionOptions
    from rethink_cli.storage.autosave import SessionStore
    from tests.scripted import FakeClock

    autosave = GuardedAutosave(SessionStore(state_folder, "s1"))
    _run(state, autosave, SessionOptions(out_dir=out), _terminal(prompter), FakeClock())


@pytest.mark.parametrize("when", ["writing", "after the rename"])
def test_a_session_killed_while_exporting_finishes_its_export_when_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    from rethink_cli.storage.autosave import SessionStore
    from tests import flow_helpers as f
    from tests.scripted import ScriptedPrompter
    from tests.test_flow import strategy3_script

    reference = tmp_path / "reference"
    reference.mkdir()
    f.run_session(strategy3_script(), reference)
    whole = visible(reference)
    assert len(whole) == 13 and all(name.startswith(f"{MEETING}/") for name in whole)

    state_folder, out = tmp_path / "state", tmp_path / "out"
    state_folder.mkdir()
    out.mkdir()
    real_put, real_move = folder_set.put_file, folder_set.move_folder_in
    written: list[Path] = []

    def put_then_die(path: Path, content: bytes) -> None:
        if len(written) == 3:
            raise Killed
        written.append(path)
        real_put(path, content)

    def move_then_die(source: Path, target: Path) -> None:
        real_move(source, target)
        raise Killed

    if when == "writing":
        monkeypatch.setattr(folder_set, "put_file", put_then_die)
    else:
        monkeypatch.setattr(folder_set, "move_folder_in", move_then_die)
    # A kill leaves its staging folder behind: nothing runs on the way out.
    monkeypatch.setattr(folder_set, "remove_tree", lambda path: False)
    prompter = ScriptedPrompter.of(*strategy3_script().script)
    with pytest.raises(Killed):
        _run_session(_session_state(prompter), prompter, state_folder, out)
    assert visible(out) == ({} if when == "writing" else whole)
    assert len(hidden(out)) == (1 if when == "writing" else 0)
    for name, real in [("put_file", real_put), ("move_folder_in", real_move)]:
        monkeypatch.setattr(folder_set, name, real)
    monkeypatch.setattr(folder_set, "remove_tree", _real_remove_tree)

    # Resumed: the session is back at wrap-up, and exporting again just works.
    resumed = SessionStore(state_folder, "s1").load()
    assert resumed.step == 9
    again = ScriptedPrompter.of(("select", "Everyone agrees: export"))
    _run_session(resumed, again, state_folder, out)
    assert not again.script
    assert visible(out) == whole
    assert hidden(out) == []  # the killed export's staging folder is cleared
    assert list(state_folder.iterdir()) == []  # finished: the autosave is gone


_real_remove_tree = folder_set.remove_tree


def test_a_resumed_session_does_not_take_a_different_meeting_folder_as_its_own(
    tmp_path: Path,
) -> None:
    from tests import flow_helpers as f
    from tests.scripted import ScriptedPrompter
    from tests.test_flow import strategy3_script

    out = tmp_path / "out"
    (out / MEETING).mkdir(parents=True)
    mine = out / MEETING / "2026-11-26_PN-4471_actions.toml"
    mine.write_text("another meeting's record", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = [*strategy3_script().script, ("text", str(elsewhere))]
    outcome = f.run_session(ScriptedPrompter.of(*script), out)
    assert f"This meeting's files are already in {out / MEETING}." in outcome.screen_flat
    assert mine.read_text(encoding="utf-8") == "another meeting's record"
    assert len(visible(elsewhere)) == 13
