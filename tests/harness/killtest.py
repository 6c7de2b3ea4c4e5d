"""Kill -9 harness: an agreed action, once confirmed, survives the process dying anywhere.

Each attempt starts a child process that runs the scripted Strategy 3 session
(``tests.test_flow.strategy3_script``) through ``SessionFlow`` with a real
``SessionStore`` in a private temp state folder. The child's checkpoint journals
(fsync'ed) ``about <n> <digest>`` before ``SessionStore.save`` and
``saved <n> <digest>`` after it returns, where the digest is a hash of
``state_to_dict(state)``. Every answer sleeps 0-3 ms, so a session takes a few
hundred milliseconds and the kills land all over it.

The parent sends SIGKILL after a random delay, then loads the autosave exactly as
``rethink session resume`` would (the previous copy only if the latest is damaged)
and requires its digest to be the last journaled ``saved`` one, or the one that
was being written at the moment of the kill. Anything else is a loss. It also
checks that no temp file is listed as a session and that the folders are 0700
and the files 0600 (the child runs under umask 000 to make that a real test).

    .venv/bin/python -m tests.harness.killtest                  200 kills, 2 at once
    .venv/bin/python -m tests.harness.killtest --kills 20 --seed 7

Exit status 1 if anything was lost (or any other check failed).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tests.harness import ROOT

if TYPE_CHECKING:
    from rethink_cli.core.session import SessionState
    from rethink_cli.dialogs.ports import (
        ConfirmQuestion,
        KeyQuestion,
        Prompter,
        SelectQuestion,
        TextQuestion,
    )

SESSION_ID = "k1ll7e"
# Each answer waits this long at most: the room thinking, and room for a kill to land.
MAX_ANSWER_DELAY = 0.003

T = TypeVar("T")


def state_digest(state: SessionState) -> str:
    """A short, stable hash of everything the autosave keeps of a state."""
    from rethink_cli.formats.autosave import state_to_dict

    text = json.dumps(state_to_dict(state), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _describe(state: SessionState) -> str:
    return (
        f"step={state.step} attendees={len(state.roster)} actions={len(state.actions)} "
        f"complete={sum(a.complete for a in state.actions)}"
    )


# ---------------------------------------------------------------------- child


class _Thinking:
    """A prompter that takes 0-3 ms over each answer, then answers from the script."""

    def __init__(self, inner: Prompter, rng: random.Random) -> None:
        self.inner = inner
        self.rng = rng

    def _pause(self) -> None:
        time.sleep(self.rng.uniform(0.0, MAX_ANSWER_DELAY))

    def text(self, question: TextQuestion) -> str:
        self._pause()
        return self.inner.text(question)

    def select(self, question: SelectQuestion[T]) -> T:
        self._pause()
        return self.inner.select(question)

    def confirm(self, question: ConfirmQuestion) -> bool:
        self._pause()
        return self.inner.confirm(question)

    def key(self, question: KeyQuestion) -> str:
        self._pause()
        return self.inner.key(question)


def child_main(journal: Path, out_dir: Path, seed: int) -> int:
    """Run one scripted session with autosave and a journal; the parent kills it."""
    # A careless umask must not make the autosave readable by others.
    os.umask(0)
    import io

    from rich.console import Console

    from rethink_cli.app.files import write_session_files
    from rethink_cli.core.facts import GivenFacts
    from rethink_cli.core.session import SessionState
    from rethink_cli.dialogs.facts import adjust_plan, ask_setup
    from rethink_cli.dialogs.session import SessionFlow, SessionParts
    from rethink_cli.formats.agreement import load_agreement
    from rethink_cli.formats.texts import all_steps
    from rethink_cli.storage.autosave import SessionStore, state_folder
    from rethink_cli.ui.screen import RichScreen
    from tests.flow_helpers import TODAY
    from tests.scripted import FakeClock
    from tests.test_flow import strategy3_script

    fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def note(line: str) -> None:
        os.write(fd, f"{line} t={time.monotonic() - ready:.4f}\n".encode())
        os.fsync(fd)

    rng = random.Random(seed)
    script = strategy3_script()
    prompter = _Thinking(script, rng)
    screen = RichScreen(Console(file=io.StringIO(), width=100, color_system=None))
    clock = FakeClock()
    ready = time.monotonic()
    sys.stdout.write("ready\n")
    sys.stdout.flush()

    # As runner._new does it: setup, then the store, then the flow with checkpoint=save.
    setup = ask_setup(GivenFacts(), prompter=prompter, screen=screen, today=TODAY)
    state = SessionState.new(setup, [s.weight for s in all_steps()])
    adjust_plan(state, prompter=prompter, screen=screen)
    store = SessionStore(state_folder(), SESSION_ID)
    store.acquire()

    saves = 0
    last: str | None = None

    def checkpoint(state: SessionState) -> None:
        nonlocal saves, last
        digest = state_digest(state)
        if digest == last:
            if store.save(state):
                note(f"unexpected-write {saves} {digest}")
            return
        saves += 1
        note(f"about {saves} {digest} {_describe(state)}")
        wrote = store.save(state)
        note(f"saved {saves} {digest} {_describe(state)} wrote={int(wrote)}")
        last = digest

    flow = SessionFlow(
        state,
        SessionParts(
            prompter=prompter,
            screen=screen,
            agreement=load_agreement(),
            exporter=write_session_files,
            out_dir=out_dir,
            clock=clock,
            rng=random.Random(4),
            checkpoint=checkpoint,
        ),
    )
    flow.run()
    if script.script:
        note("script-not-used-up")
        return 3
    note(f"done {saves}")
    # Like the runner after a confirmed export: nothing stays behind.
    store.remove()
    note("removed")
    return 0


# --------------------------------------------------------------------- parent


@dataclass
class Entry:
    kind: str
    number: int
    digest: str
    # Seconds since the child said it was ready.
    at: float


@dataclass
class Attempt:
    """What one kill found."""

    outcome: str  # survived | too-early | after-end | lost | crashed
    mid_write: bool = False
    temp_left: bool = False
    needed_previous: bool = False
    previous_bad: bool = False
    mistaken_temp: bool = False
    bad_modes: list[str] = field(default_factory=list)
    problem: str = ""
    saves_before_kill: int = 0


@dataclass
class KillReport:
    attempted: int
    survived: int = 0
    too_early: int = 0
    after_end: int = 0
    lost: int = 0
    crashed: int = 0
    mid_write: int = 0
    temp_left: int = 0
    needed_previous: int = 0
    previous_bad: int = 0
    mistaken_temp: int = 0
    bad_modes: int = 0
    saves_per_session: int = 0
    session_seconds: float = 0.0
    elapsed: float = 0.0
    jobs: int = 1
    problems: list[str] = field(default_factory=list)
    kill_points: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.lost
            or self.crashed
            or self.previous_bad
            or self.mistaken_temp
            or self.bad_modes
            or self.survived + self.too_early + self.after_end != self.attempted
        )

    def add(self, attempt: Attempt, label: str) -> None:
        if attempt.outcome == "survived":
            self.survived += 1
            self.kill_points.append(attempt.saves_before_kill)
        elif attempt.outcome == "too-early":
            self.too_early += 1
        elif attempt.outcome == "after-end":
            self.after_end += 1
        elif attempt.outcome == "lost":
            self.lost += 1
        else:
            self.crashed += 1
        self.mid_write += attempt.mid_write
        self.temp_left += attempt.temp_left
        self.needed_previous += attempt.needed_previous
        self.previous_bad += attempt.previous_bad
        self.mistaken_temp += attempt.mistaken_temp
        self.bad_modes += bool(attempt.bad_modes)
        if attempt.problem:
            self.problems.append(f"{label}: {attempt.problem}")
        for mode in attempt.bad_modes:
            self.problems.append(f"{label}: {mode}")

    def lines(self) -> list[str]:
        reached = sorted(self.kill_points)
        spread = (
            f"after save {reached[0]}..{reached[-1]} of {self.saves_per_session}, "
            f"median {reached[len(reached) // 2]}"
            if reached
            else "none"
        )
        out = [
            f"survived/attempted: {self.survived}/{self.attempted}"
            f"  (too early, before the first save: {self.too_early}; "
            f"after the session ended: {self.after_end})",
            f"lost: {self.lost}   crashed: {self.crashed}",
            f"kills that hit mid-write (between 'about to save' and 'saved'): {self.mid_write}"
            f"  (temp file left behind: {self.temp_left})",
            f"needed the previous copy: {self.needed_previous}"
            f"   previous copy unreadable or unknown: {self.previous_bad}",
            f"temp file taken for a session: {self.mistaken_temp}"
            f"   attempts with wrong folder/file modes: {self.bad_modes}",
            f"kill points: {spread}",
            f"elapsed: {self.elapsed:.1f} s ({self.jobs} at once; one session "
            f"{self.session_seconds * 1000:.0f} ms, {self.saves_per_session} saves)",
        ]
        out += [f"PROBLEM {p}" for p in self.problems[:20]]
        if len(self.problems) > 20:
            out.append(f"... and {len(self.problems) - 20} more problems")
        out.append("OK: nothing lost" if self.ok else "FAILED")
        return out


def _read_journal(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    with contextlib.suppress(FileNotFoundError):
        for line in path.read_text("utf-8").splitlines():
            parts = line.split()
            if not parts:
                continue
            number = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            digest = parts[2] if len(parts) > 2 else ""
            at = float(parts[-1][2:]) if parts[-1].startswith("t=") else 0.0
            entries.append(Entry(parts[0], number, digest, at))
    return entries


def _start_child(work: Path, seed: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["RETHINK_STATE_DIR"] = str(work / "state")
    env.pop("RETHINK_DEBUG", None)
    with (work / "stderr").open("wb") as err:
        return subprocess.Popen(
            [
                sys.executable,
                # As a module from the checkout (cwd), so ``tests`` imports in the child.
                "-m",
                "tests.harness.killtest",
                "--child",
                "--journal",
                str(work / "journal"),
                "--out",
                str(work / "out"),
                "--seed",
                str(seed),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            env=env,
            cwd=ROOT,
        )


def _prepare(base: Path, label: str) -> Path:
    work = base / label
    (work / "out").mkdir(parents=True)
    return work


def _wait_ready(proc: subprocess.Popen[bytes]) -> bool:
    assert proc.stdout is not None
    return proc.stdout.readline() == b"ready\n"


def _stderr_tail(work: Path) -> str:
    text = (work / "stderr").read_text("utf-8", "replace").strip()
    return " | ".join(text.splitlines()[-3:])


def calibrate(base: Path, label: str, seed: int) -> tuple[float, int]:
    """Run one session to its end: how long it takes from 'ready' to its export, and how
    many saves it makes."""
    work = _prepare(base, label)
    proc = _start_child(work, seed)
    if not _wait_ready(proc):
        proc.kill()
        proc.wait()
        raise RuntimeError(f"the child did not start: {_stderr_tail(work)}")
    code = proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
    entries = _read_journal(work / "journal")
    if code != 0 or not entries or entries[-1].kind != "removed":
        raise RuntimeError(f"the scripted session failed (exit {code}): {_stderr_tail(work)}")
    saves = max(e.number for e in entries if e.kind == "saved")
    # The child's own clock: the interpreter's exit afterwards is no time to kill in.
    took = next(e.at for e in entries if e.kind == "done")
    if any((work / "state" / "sessions").iterdir()):
        raise RuntimeError("files were left behind after a confirmed export")
    return took, saves


def kill_once(base: Path, label: str, seed: int, delay: float) -> Attempt:
    work = _prepare(base, label)
    proc = _start_child(work, seed)
    if not _wait_ready(proc):
        proc.kill()
        proc.wait()
        return Attempt("crashed", problem=f"child did not start: {_stderr_tail(work)}")
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGKILL)
    code = proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
    return check_after_kill(work, code)


def check_after_kill(work: Path, code: int) -> Attempt:
    """Load the autosave the way resume does, and hold it against the journal."""
    from rethink_cli.storage.autosave import DamagedAutosave, SessionStore, list_sessions

    entries = _read_journal(work / "journal")
    kinds = [e.kind for e in entries]
    if "unexpected-write" in kinds:
        return Attempt("crashed", problem="save() wrote although the state had not changed")
    if any(
        e.kind == "saved" and (i == 0 or entries[i - 1].kind != "about")
        for i, e in enumerate(entries)
    ):
        return Attempt("crashed", problem="journal out of order")
    if code == 0 or "done" in kinds:
        left = sorted(p.name for p in (work / "state" / "sessions").glob("*"))
        if "removed" in kinds and left:
            return Attempt("crashed", problem=f"files kept after a confirmed export: {left}")
        return Attempt("after-end")
    if code != -signal.SIGKILL:
        return Attempt("crashed", problem=f"child exited {code}: {_stderr_tail(work)}")

    saved = [e for e in entries if e.kind == "saved"]
    about = [e for e in entries if e.kind == "about"]
    last = saved[-1] if saved else None
    pending = about[-1] if about and (last is None or about[-1].number > last.number) else None
    attempt = Attempt("survived", mid_write=pending is not None)
    attempt.saves_before_kill = last.number if last else 0
    state_root = work / "state"
    folder = state_root / "sessions"
    if folder.exists():
        _check_modes(state_root, folder, attempt)
        attempt.temp_left = any(p.name.endswith(".tmp") for p in folder.iterdir())
        listed = list_sessions(folder)
        if [(s.session_id, s.damaged) for s in listed] not in ([], [(SESSION_ID, False)]):
            attempt.mistaken_temp = True
            attempt.problem = f"sessions listed: {[(s.session_id, s.damaged) for s in listed]}"
    store = SessionStore(folder, SESSION_ID)
    if last is None:
        # Killed before the first confirmed save: nothing was promised yet, but
        # whatever is on disk must still be whole and the one being written.
        attempt.outcome = "too-early"
        if store.path.exists():
            try:
                digest = state_digest(store.load())
            except DamagedAutosave:
                digest = "damaged"
            if pending is None or digest != pending.digest:
                attempt.outcome = "lost"
                attempt.problem = f"before the first save, the autosave holds {digest}"
        return attempt

    allowed = {last.digest} | ({pending.digest} if pending else set())
    try:
        loaded = state_digest(store.load())
    except DamagedAutosave as error:
        attempt.needed_previous = True
        try:
            loaded = state_digest(store.load(previous=True))
        except DamagedAutosave as again:
            attempt.outcome = "lost"
            attempt.problem = f"latest: {error.message} previous: {again.message}"
            return attempt
    if loaded not in allowed:
        attempt.outcome = "lost"
        known = {e.digest: e.number for e in saved}
        attempt.problem = (
            f"autosave holds {loaded} (save #{known.get(loaded, '?')}) but save #{last.number} "
            f"{last.digest} was confirmed"
            + (f" and #{pending.number} {pending.digest} was being written" if pending else "")
        )
    if store.previous_path.exists():
        try:
            previous = state_digest(store.load(previous=True))
        except DamagedAutosave:
            previous = "damaged"
        if previous not in {e.digest for e in about}:
            attempt.previous_bad = True
            attempt.problem = attempt.problem or f"previous copy holds {previous}"
    return attempt


def _check_modes(state_root: Path, folder: Path, attempt: Attempt) -> None:
    for path, wanted in ((state_root, 0o700), (folder, 0o700)):
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode != wanted:
            attempt.bad_modes.append(f"{path.name} is {mode:o}, not {wanted:o}")
    for path in folder.iterdir():
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(path.lstat().st_mode)
            # A temp file caught between open() and chmod() may have less, never more.
            if mode & 0o077 or (not path.name.endswith(".tmp") and mode != 0o600):
                attempt.bad_modes.append(f"{path.name} is {mode:o}, not 600")


@contextlib.contextmanager
def _scratch(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="rethink-killtest-") as name:
        yield Path(name)


def run_kills(
    kills: int = 200,
    seed: int = 1,
    *,
    jobs: int = 2,
    keep: Path | None = None,
    progress: bool = False,
) -> KillReport:
    """Kill ``kills`` scripted sessions at random moments and check what each left behind."""
    if os.name != "posix":
        raise RuntimeError("the kill harness needs SIGKILL (POSIX)")
    rng = random.Random(seed)
    report = KillReport(attempted=kills, jobs=jobs)
    started = time.monotonic()
    with _scratch(keep) as base:
        # Timed as the kills will run: ``jobs`` sessions at once, three times over.
        # fsync times vary, so the quicker quartile sets the window: a slow session's
        # last saves are still reached, and few kills are wasted after the end.
        seeds = [rng.randrange(2**31) for _ in range(3 * max(1, jobs))]
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            runs = list(
                pool.map(lambda n: calibrate(base, f"calibrate-{n}", seeds[n]), range(len(seeds)))
            )
        times = sorted(took for took, _ in runs)
        report.session_seconds = times[len(times) // 4]
        report.saves_per_session = runs[0][1]
        if any(saves != report.saves_per_session for _, saves in runs):
            raise RuntimeError(f"sessions saved a different number of times: {runs}")
        # The window opens at 'ready' (before setup), so a few kills come too early;
        # a few land just after the end, which shows the window covers it all.
        plan = [
            (f"kill-{n:04d}", rng.randrange(2**31), rng.uniform(0, report.session_seconds * 1.02))
            for n in range(kills)
        ]
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [(label, pool.submit(kill_once, base, label, s, d)) for label, s, d in plan]
            for done, (label, future) in enumerate(futures, start=1):
                try:
                    attempt = future.result()
                except Exception as error:  # a harness fault must show, not hide a kill
                    attempt = Attempt("crashed", problem=f"harness: {error!r}")
                report.add(attempt, label)
                if progress and done % 20 == 0:
                    print(f"  {done}/{kills} ...", file=sys.stderr, flush=True)
    report.elapsed = time.monotonic() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kills", type=int, default=200, help="how many sessions to kill")
    parser.add_argument("--seed", type=int, default=1, help="seed for kill times")
    parser.add_argument("--jobs", type=int, default=2, help="sessions run at once")
    parser.add_argument("--keep", type=Path, help="keep every attempt's files in this folder")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--journal", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.journal, args.out, args.seed)
    report = run_kills(args.kills, args.seed, jobs=args.jobs, keep=args.keep, progress=True)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
