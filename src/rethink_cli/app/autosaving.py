"""An autosave that never ends a meeting: a full or read-only disk is a warning, not an exit.

Every answer is saved before the next question. When that write fails (the disk
is full, the folder became read-only, a USB stick was pulled), the meeting goes
on from memory: the facilitator's status line says the autosave is paused, the
next answer tries again, and the facilitator may move the autosave to another
folder. Nothing already confirmed is lost, because nothing is taken out of
memory until the export has written it.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.core.errors import RethinkError

if TYPE_CHECKING:
    from rethink_cli.core.room import RoomState
    from rethink_cli.core.session import SessionState, SetupDraft
    from rethink_cli.storage.autosave import SessionStore


def autosave_problem(error: OSError) -> str:
    """Two or three words on why the autosave could not be written, for the status line."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk full"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "folder read-only"
    if error.errno in (errno.ENOENT, errno.ENODEV, errno.EIO):
        return "folder gone"
    return (error.strerror or "an unknown error").rstrip(".").lower()


class GuardedAutosave:
    """Saves like ``SessionStore`` but never raises a disk's error into the meeting.

    ``problem`` says why the last save failed (None while saving works). The
    latest state is held, so moving to another folder writes it at once.
    """

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self.problem: str | None = None
        # Set once the autosave was moved: a resume must look there.
        self.moved_to: Path | None = None
        self._latest: SessionState | SetupDraft | None = None

    def save(self, state: SessionState | SetupDraft) -> None:
        """Save now, or note why not; the next call tries again."""
        self._latest = state
        try:
            if not self.store.lock_path.exists():
                self.store.acquire()
            self.store.save(state)
        except OSError as error:
            self.problem = autosave_problem(error)
        else:
            self.problem = None

    def show_room(self, room: RoomState) -> bool:
        """Tell the room's window (``rethink session room``) what it shows now; returns
        whether one is following.

        Beside the autosave, with its privacy. A failed write is not the meeting's
        problem: the room's window keeps what it had, and the next question writes again.
        """
        from rethink_cli.formats.room import encode

        try:
            return self.store.save_room(encode(room))
        except OSError:
            return False

    def move_to(self, folder: Path) -> str | None:
        """Keep the autosave in ``folder`` from now on; returns why not, or None.

        The session's files go into a private ``sessions`` folder inside it, as with
        RETHINK_STATE_DIR, so ``RETHINK_STATE_DIR=<folder> rethink session resume``
        finds them.
        """
        from rethink_cli.storage.autosave import SessionStore, ensure_private_folder

        try:
            new = SessionStore(ensure_private_folder(folder / "sessions"), self.store.session_id)
            new.acquire()
            if self._latest is not None:
                new.save(self._latest)
        except OSError as error:
            return f"The autosave cannot go into {folder}: {autosave_problem(error)}."
        except RethinkError as error:  # the program's own refusals (a folder not private)
            return error.message
        old = self.store
        # The old copy may hold less than the new one: it goes, if it still can.
        with contextlib.suppress(OSError):
            old.remove()
        self.store = new
        self.problem = None
        self.moved_to = folder
        return None

    def resume_command(self) -> str:
        """How to resume this session, naming the folder if the autosave was moved."""
        command = f"rethink session resume {self.store.session_id}"
        if self.moved_to is None:
            return command
        return f"RETHINK_STATE_DIR={os.fspath(self.moved_to)} {command}"

    def remove(self) -> None:
        """After the export: the autosave goes; a disk that refuses does not undo the export."""
        with contextlib.suppress(OSError):
            self.store.remove()

    def release(self) -> None:
        with contextlib.suppress(OSError):
            self.store.release()
