"""Autosave and resume: every confirmed answer survives a crash, a closed lid or kill -9.

One session is three files in a private per-user folder (0700; files 0600):

- ``<id>.json``       the latest confirmed state, replaced atomically;
- ``<id>.prev.json``  the previous good copy, in case the latest is damaged;
- ``<id>.lock``       the process that has the session open.

Nothing said in the go-rounds exists in the state, so none of it can reach
these files. After a confirmed export all three are deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rethink_cli.core.errors import RethinkError
from rethink_cli.core.session import SessionState, SetupDraft
from rethink_cli.storage.atomic import fsync_folder, write_atomic

FOLDER_MODE = 0o700
FILE_MODE = 0o600


class DamagedAutosave(RethinkError):
    """The latest autosave cannot be read; the previous copy may still be good."""


class SessionLocked(RethinkError):
    """Another running rethink has this session open."""


def state_folder() -> Path:
    """The private folder for autosaves: RETHINK_STATE_DIR, or the platform's state folder."""
    override = os.environ.get("RETHINK_STATE_DIR")
    if override:
        folder = Path(override).expanduser()
    else:
        import platformdirs

        folder = Path(platformdirs.user_state_dir("rethink", appauthor=False))
    return ensure_private_folder(folder / "sessions")


def ensure_private_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if os.name == "posix":
        # mkdir's mode is cut by the umask, and an existing folder keeps its mode:
        # set it plainly, whatever umask the facilitator's shell has.
        for part in (folder, folder.parent):
            with contextlib.suppress(OSError):
                if part.stat().st_uid == os.getuid():
                    part.chmod(FOLDER_MODE)
    return folder


@dataclass(frozen=True)
class SavedSession:
    """An interrupted session found in the state folder.

    ``saved_at`` is an aware datetime in UTC, taken from the autosave's file
    time. Local wall-clock time repeats an hour at the autumn clock change, so
    only UTC orders saves truthfully; whoever displays it converts to local time.
    ``open_elsewhere``: its lock names a process still running on this computer
    (another terminal has it open), so it is shown but never offered for resume.
    """

    session_id: str
    case_reference: str
    step: int
    saved_at: dt.datetime  # aware, UTC
    damaged: bool = False
    open_elsewhere: bool = False


def new_session_id() -> str:
    return secrets.token_hex(3)


class SessionStore:
    """Saves one session's state; cheap to call before every prompt."""

    # The files' endings. A saved review (``storage.review_store``) has endings of its
    # own in the same folder, so ``list_sessions`` (``*.json``) never takes it for a session.
    suffix = ".json"
    previous_suffix = ".prev.json"
    lock_suffix = ".lock"

    def __init__(self, folder: Path, session_id: str) -> None:
        self.folder = folder
        self.session_id = session_id
        self._last: bytes | None = None

    @property
    def path(self) -> Path:
        return self.folder / f"{self.session_id}{self.suffix}"

    @property
    def previous_path(self) -> Path:
        return self.folder / f"{self.session_id}{self.previous_suffix}"

    @property
    def lock_path(self) -> Path:
        return self.folder / f"{self.session_id}{self.lock_suffix}"

    def save(self, state: SessionState | SetupDraft) -> bool:
        """Write the state (or the setup so far) if it changed; returns whether it wrote."""
        return self.save_bytes(_encode(state))

    def save_bytes(self, payload: bytes) -> bool:
        """Write an encoded state if it changed, keeping the last one written as the previous."""
        if payload == self._last:
            return False
        if self._last is not None:
            # What we wrote last is known good: keep it as the previous copy first,
            # so at every instant one complete, confirmed state is on disk.
            write_atomic(self.previous_path, self._last, mode=FILE_MODE)
        write_atomic(self.path, payload, mode=FILE_MODE)
        self._last = payload
        return True

    def remember(self, payload: bytes) -> None:
        """``payload`` was read back and found good: the next save keeps it as the previous."""
        self._last = payload

    def remove(self) -> None:
        """Delete the autosave, its previous copy, any temp files and the lock."""
        for path in self.folder.glob(f".{self.session_id}.*"):
            with contextlib.suppress(OSError):
                path.unlink()
        for path in (self.path, self.previous_path, self.lock_path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        fsync_folder(self.folder)

    # ------------------------------------------------------------------ lock

    def acquire(self) -> None:
        """Mark the session as open here; refuse if another live process has it."""
        owner = read_lock(self.lock_path)
        if owner is not None and owner_is_alive(owner):
            raise SessionLocked(
                f"Session {self.session_id} is open in another rethink "
                f"(process {owner.get('pid')}). Close that one first."
            )
        body = json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode()
        write_atomic(self.lock_path, body, mode=FILE_MODE)

    def release(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.lock_path.unlink()

    # ------------------------------------------------------------------ load

    def load(self, *, previous: bool = False) -> SessionState:
        """A running session's state (a session still in setup is refused as damaged)."""
        saved = self.load_saved(previous=previous)
        if isinstance(saved, SetupDraft):
            raise DamagedAutosave(f"Session {self.session_id} is still being set up.")
        return saved

    def load_saved(self, *, previous: bool = False) -> SessionState | SetupDraft:
        """What was saved: a running session's state, or the setup so far."""
        path = self.previous_path if previous else self.path
        try:
            state = _saved_from_dict(json.loads(path.read_text("utf-8")))
        except FileNotFoundError:
            raise DamagedAutosave(f"No saved copy of session {self.session_id}.") from None
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise DamagedAutosave(
                f"The autosave of session {self.session_id} is damaged and cannot be read."
            ) from None
        self._last = _encode(state)
        return state


def _encode(state: SessionState | SetupDraft) -> bytes:
    # Imported here: building the autosave model costs tens of milliseconds, and the
    # first question of ``session start`` must not wait for it.
    from rethink_cli.formats.autosave import state_to_dict
    from rethink_cli.formats.session_extras import draft_to_dict

    data = draft_to_dict(state) if isinstance(state, SetupDraft) else state_to_dict(state)
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def read_lock(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def owner_is_alive(owner: dict[str, Any]) -> bool:
    """Whether the process named in a lock is still running on this computer."""
    pid = owner.get("pid")
    if not isinstance(pid, int) or owner.get("host") != socket.gethostname():
        return False
    if pid == os.getpid():
        return False
    if os.name == "nt":  # pragma: no cover - no signal 0 on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
            return True
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def list_sessions(folder: Path) -> list[SavedSession]:
    """Saved sessions on this computer, most recently saved first (by UTC time).

    Those open in another terminal are included, marked ``open_elsewhere``.
    """
    found: list[SavedSession] = []
    for path in folder.glob("*.json"):
        if path.name.endswith(".prev.json") or path.name.startswith("."):
            continue
        listed = _listed(path)
        if listed is not None:
            found.append(listed)
    return sorted(found, key=lambda s: s.saved_at, reverse=True)


def _listed(path: Path) -> SavedSession | None:
    """One saved session, or None if its file went away while the folder was read."""
    session_id = path.stem
    held = is_open_elsewhere(path.with_suffix(".lock"))
    try:
        # UTC, not naive local time: between 01:00 and 02:00 on the last Sunday of
        # October a later save in London can read earlier, and the newest session
        # is the one offered for resume.
        saved_at = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    except OSError:
        return None
    try:
        state = _saved_from_dict(json.loads(path.read_text("utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, OSError):
        return SavedSession(session_id, "(damaged)", 0, saved_at, damaged=True, open_elsewhere=held)
    if isinstance(state, SetupDraft):
        # Still being set up: step 0, named by its case reference once it has one.
        case = state.given.case_reference or "(no case reference yet)"
        return SavedSession(session_id, case, 0, saved_at, open_elsewhere=held)
    case = state.setup.case_reference
    return SavedSession(session_id, case, state.step, saved_at, open_elsewhere=held)


def is_open_elsewhere(lock_path: Path) -> bool:
    """Whether the lock names another process still running here (another terminal)."""
    owner = read_lock(lock_path)
    return owner is not None and owner_is_alive(owner)


def find_session(folder: Path, session_id: str) -> SavedSession | None:
    """The saved session of exactly this ID (None if it has no file here).

    A session with no latest copy (only the previous one, or a lock) is found as damaged.
    """
    if not any_file_of(folder, session_id):
        return None
    listed = _listed(folder / f"{session_id}.json")
    if listed is not None:
        return listed
    held = is_open_elsewhere(folder / f"{session_id}.lock")
    for path in session_files(folder, session_id):
        with contextlib.suppress(OSError):
            saved_at = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
            return SavedSession(session_id, "(no saved copy)", 0, saved_at, True, held)
    return None


def session_files(folder: Path, session_id: str) -> list[Path]:
    """The session's own files, found by its exact ID (never used as a pattern)."""
    names = (f"{session_id}.json", f"{session_id}.prev.json", f"{session_id}.lock")
    return [folder / name for name in names if (folder / name).is_file()]


def any_file_of(folder: Path, session_id: str) -> bool:
    """Whether a session of exactly this ID has any file here; ``*`` or ``../x`` never match."""
    if not session_id or session_id != Path(session_id).name or session_id.startswith("."):
        return False
    return bool(session_files(folder, session_id))


def _saved_from_dict(data: dict[str, Any]) -> SessionState | SetupDraft:
    from rethink_cli.formats.autosave import saved_from_dict

    return saved_from_dict(data)
