"""Autosave and resume: every confirmed answer survives a crash, a closed lid or kill -9.

One session is these files in the program's private folder (``<state>/sessions``,
0700; files 0600; see ``storage.private_folder``):

- ``<id>.json``       the latest confirmed state, replaced atomically;
- ``<id>.prev.json``  the previous good copy, in case the latest is damaged;
- ``<id>.lock``       locked by the process that has the session open
  (``storage.session_lock``); it names that process, for messages;
- ``<id>.room.json``  what the room's window shows (``core.room``): written while a
  session runs, for ``rethink session room``;
- ``<id>.room.watch`` held (shared) by each room's window that follows the session;
- ``.<id>.json.<pid>.tmp``, briefly, while a save is written (a kill may leave one).

IDs are matched exactly against the folder's listing (``storage.session_names``).
Nothing said in the go-rounds exists in the state, so none of it can reach these
files. After a confirmed export all of them are deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rethink_cli.core.errors import RethinkError, UsageError
from rethink_cli.core.session import SessionState, SetupDraft
from rethink_cli.storage import session_lock
from rethink_cli.storage.atomic import fsync_folder, write_atomic
from rethink_cli.storage.private_folder import FOLDER_MODE as FOLDER_MODE
from rethink_cli.storage.private_folder import StateFolderError as StateFolderError
from rethink_cli.storage.private_folder import ensure_private_folder as ensure_private_folder
from rethink_cli.storage.session_lock import owner_is_alive as owner_is_alive
from rethink_cli.storage.session_lock import read_lock as read_lock
from rethink_cli.storage.session_names import FilesOf, files_by_id, read_regular, valid_id

FILE_MODE = 0o600
# ``session list`` reads at most this much of an autosave (a real one is a few KB): a
# larger one is listed unread, and ``session resume ID`` can still open it.
LIST_LIMIT = 1 << 20
# A resume reads at most this much (as ``formats.reading`` allows an autosave): enough for
# any session, and never a device's endless bytes.
LOAD_LIMIT = 4 << 20


class DamagedAutosave(RethinkError):
    """The latest autosave cannot be read; the previous copy may still be good."""


class SessionLocked(RethinkError):
    """Another running rethink has this session open."""


def state_folder() -> Path:
    """The private folder for autosaves: ``sessions`` in RETHINK_STATE_DIR or the platform's
    state folder. Raises StateFolderError (one line) if it is not private or not writable."""
    override = os.environ.get("RETHINK_STATE_DIR")
    if override:
        folder = Path(override).expanduser()
    else:
        import platformdirs

        folder = Path(platformdirs.user_state_dir("rethink", appauthor=False))
    return ensure_private_folder(folder / "sessions")


@dataclass(frozen=True)
class SavedSession:
    """An interrupted session found in the state folder.

    ``saved_at`` is an aware datetime in UTC, taken from the autosave's file
    time. Local wall-clock time repeats an hour at the autumn clock change, so
    only UTC orders saves truthfully; whoever displays it converts to local time.
    ``open_elsewhere``: another running rethink holds its lock (another terminal
    has it open), so it is shown but never offered for resume or discarded.
    ``leftover``: nothing of it can be resumed (only a temporary copy or a lock).
    """

    session_id: str
    case_reference: str
    step: int
    saved_at: dt.datetime  # aware, UTC
    damaged: bool = False
    open_elsewhere: bool = False
    leftover: bool = False


def new_session_id() -> str:
    return secrets.token_hex(3)


class SessionStore:
    """Saves one session's state; cheap to call before every prompt."""

    # The files' endings. A saved review (``storage.review_store``) has endings of its
    # own in the same folder, so ``list_sessions`` never takes it for a session.
    suffix = ".json"
    previous_suffix = ".prev.json"
    lock_suffix = ".lock"
    room_suffix = ".room.json"
    watch_suffix = ".room.watch"

    def __init__(self, folder: Path, session_id: str) -> None:
        if not valid_id(session_id):
            # Never a path or a pattern: the callers check first, so this is a last guard.
            raise UsageError(f"{session_id!r} is not a session ID ('rethink session list').")
        self.folder = folder
        self.session_id = session_id
        self._last: bytes | None = None

    @classmethod
    def endings(cls) -> tuple[str, ...]:
        suffixes = (
            cls.suffix,
            cls.previous_suffix,
            cls.lock_suffix,
            cls.room_suffix,
            cls.watch_suffix,
        )
        return tuple(s[1:] for s in suffixes)

    @property
    def path(self) -> Path:
        return self.folder / f"{self.session_id}{self.suffix}"

    @property
    def previous_path(self) -> Path:
        return self.folder / f"{self.session_id}{self.previous_suffix}"

    @property
    def lock_path(self) -> Path:
        return self.folder / f"{self.session_id}{self.lock_suffix}"

    @property
    def room_path(self) -> Path:
        return self.folder / f"{self.session_id}{self.room_suffix}"

    @property
    def watch_path(self) -> Path:
        return self.folder / f"{self.session_id}{self.watch_suffix}"

    def save_room(self, payload: bytes) -> bool:
        """Write what the room's window shows, privately and atomically, as the autosave;
        returns whether a room's window is following."""
        write_atomic(self.room_path, payload, mode=FILE_MODE)
        return session_lock.is_held(self.watch_path)

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
        """Delete the autosave, its previous copy, the room's file, any temporary copies
        and the lock.

        The temporary copies are found by listing the folder and comparing names,
        never by a pattern made from the ID. Another process's lock is left alone.
        """
        files = self._own_files()
        for name in files.temps:
            with contextlib.suppress(OSError):
                (self.folder / name).unlink()
        # The previous copy first: a kill between the two then leaves the latest
        # copy, a session that lists and resumes as usual, never an orphan copy.
        # Windows cannot remove a file a room's window still holds open: it stays, empty.
        with contextlib.suppress(OSError):
            self.watch_path.unlink()
        for path in (self.room_path, self.previous_path, self.path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        if not session_lock.release(self.lock_path) and not self.is_open_elsewhere():
            with contextlib.suppress(FileNotFoundError):
                self.lock_path.unlink()  # a stale lock, left by a kill
        fsync_folder(self.folder)

    def _own_files(self) -> FilesOf:
        try:
            found = files_by_id(self.folder, self.endings())
        except FileNotFoundError:
            return FilesOf()
        return found.get(self.session_id, FilesOf())

    # ------------------------------------------------------------------ lock

    def acquire(self) -> None:
        """Lock the session for this process until ``release``; refuse if another has it."""
        if session_lock.take(self.lock_path):
            return
        owner = read_lock(self.lock_path) or {}
        pid = owner.get("pid")
        which = f" (process {pid})" if isinstance(pid, int) else ""
        raise SessionLocked(
            f"Session {self.session_id} is open in another rethink{which}. Close that one first."
        )

    def release(self) -> None:
        """Let go of the lock (closing its file) and remove it; nothing if not held here."""
        session_lock.release(self.lock_path)

    def is_open_elsewhere(self) -> bool:
        return session_lock.held_elsewhere(self.lock_path)

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
            payload, _ = read_regular(path, LOAD_LIMIT)
        except FileNotFoundError:
            raise DamagedAutosave(f"No saved copy of session {self.session_id}.") from None
        except OSError:
            payload = b""  # not a plain file, too large, unreadable: damaged, as below
        try:
            state = _decode(payload)
        except Exception as error:  # any damage at all (even nesting deep enough to recurse out)
            from rethink_cli.formats.reading import SaveFromNewerRethink

            if isinstance(error, SaveFromNewerRethink):
                raise DamagedAutosave(
                    f"Session {self.session_id} was saved by a newer rethink: "
                    "update rethink to resume it."
                ) from None
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


def _decode(payload: bytes) -> SessionState | SetupDraft:
    from rethink_cli.formats.autosave import saved_from_dict

    data: Any = json.loads(payload.decode("utf-8"))
    if not isinstance(data, dict):
        raise TypeError("an autosave is an object")
    return saved_from_dict(data)


# ------------------------------------------------------------------ listing


def is_open_elsewhere(lock_path: Path) -> bool:
    """Whether another running rethink holds this lock (another terminal has the session)."""
    return session_lock.held_elsewhere(lock_path)


def list_sessions(folder: Path) -> list[SavedSession]:
    """Saved sessions on this computer, most recently saved first (by UTC time).

    Those open in another terminal are included, marked ``open_elsewhere``; so are
    damaged ones and leftover temporary copies. One bad file never hides the others.
    """
    try:
        grouped = files_by_id(folder, SessionStore.endings())
    except FileNotFoundError:
        return []
    except OSError as error:
        raise StateFolderError(
            f"The state folder {folder} cannot be read ({error.strerror}). "
            "Set RETHINK_STATE_DIR to a private folder of your own."
        ) from None
    found = [_summary(folder, sid, files) for sid, files in grouped.items()]
    return sorted((s for s in found if s is not None), key=lambda s: s.saved_at, reverse=True)


def find_session(folder: Path, session_id: str) -> SavedSession | None:
    """The saved session of exactly this ID (None if no file here has it).

    A session with no latest copy (only the previous one, a temporary copy or a
    lock) is found as damaged.
    """
    if not valid_id(session_id):
        return None
    try:
        files = files_by_id(folder, SessionStore.endings()).get(session_id)
    except OSError:
        return None
    if files is None:
        return None
    found = _summary(folder, session_id, files)
    if found is None and "lock" in files.names:
        return _leftover(folder, session_id, files.names["lock"], "(no saved copy)")
    return found


def session_files(folder: Path, session_id: str) -> list[Path]:
    """The session's own files, found by its exact ID (never used as a pattern)."""
    if not valid_id(session_id):
        return []
    try:
        files = files_by_id(folder, SessionStore.endings()).get(session_id, FilesOf())
    except OSError:
        return []
    return [folder / name for name in (*files.names.values(), *files.temps)]


def any_file_of(folder: Path, session_id: str) -> bool:
    """Whether a session of exactly this ID has any file here; ``*`` or ``../x`` never match."""
    return bool(session_files(folder, session_id))


def _summary(folder: Path, session_id: str, files: FilesOf) -> SavedSession | None:
    """What ``session list`` shows of one session; None if only its lock is left."""
    if "json" in files.names:
        return _from_latest(folder / files.names["json"], session_id)
    if "prev.json" in files.names:
        return _damaged(folder, session_id, files.names["prev.json"], "(no saved copy)")
    if files.temps:
        return _leftover(folder, session_id, files.temps[0], "(leftover copy)")
    return None


def _from_latest(path: Path, session_id: str) -> SavedSession | None:
    """One session as its latest autosave says; damaged if that cannot be read or decoded."""
    held = is_open_elsewhere(path.with_name(f"{session_id}.lock"))
    try:
        payload, info = read_regular(path, LIST_LIMIT)
    except FileNotFoundError:
        return None  # gone while the folder was read
    except OSError as error:
        what = "(too large to list)" if error.errno == errno.EFBIG else "(damaged)"
        return _damaged(path.parent, session_id, path.name, what)
    # UTC, not naive local time: between 01:00 and 02:00 on the last Sunday of
    # October a later save in London can read earlier, and the newest session
    # is the one offered for resume.
    saved_at = dt.datetime.fromtimestamp(info.st_mtime, tz=dt.UTC)
    try:
        state = _decode(payload)
    except Exception:  # wrong types, bad JSON, nesting that recurses out: one bad file
        return SavedSession(session_id, "(damaged)", 0, saved_at, damaged=True, open_elsewhere=held)
    if isinstance(state, SetupDraft):
        # Still being set up: step 0, named by its case reference once it has one.
        case = state.given.case_reference or "(no case reference yet)"
        return SavedSession(session_id, case, 0, saved_at, open_elsewhere=held)
    case = state.setup.case_reference
    return SavedSession(session_id, case, state.step, saved_at, open_elsewhere=held)


def _damaged(folder: Path, session_id: str, name: str, what: str) -> SavedSession | None:
    return _found_by_time(folder, session_id, name, what, leftover=False)


def _leftover(folder: Path, session_id: str, name: str, what: str) -> SavedSession | None:
    return _found_by_time(folder, session_id, name, what, leftover=True)


def _found_by_time(
    folder: Path, session_id: str, name: str, what: str, *, leftover: bool
) -> SavedSession | None:
    """A session known only by one file's time (its content cannot be used)."""
    try:
        info = os.stat(folder / name, follow_symlinks=False)
    except OSError:
        return None
    saved_at = dt.datetime.fromtimestamp(info.st_mtime, tz=dt.UTC)
    held = is_open_elsewhere(folder / f"{session_id}.lock")
    return SavedSession(session_id, what, 0, saved_at, True, held, leftover)
