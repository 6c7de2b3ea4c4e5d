"""``rethink session room``: follow a running session from a second window.

The session writes ``<id>.room.json`` beside its autosave before every question
(``core.room``); this side only reads it, and asks the session's lock whether the
session is running. It holds ``<id>.room.watch`` (a shared lock, which dies with it),
so the facilitator's window can say a room's window is following. It writes nothing,
so quitting it (Ctrl-C) leaves nothing behind, and it may start before the session,
or after, or go on through a kill and a resume.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.core.clock import Clock

if TYPE_CHECKING:
    from rethink_cli.core.room import RoomState
    from rethink_cli.ui.room_view import Link


class RoomLink:
    """The session the room's window follows: ``session_id``'s, or the first one running."""

    def __init__(self, folder: Path, session_id: str | None = None) -> None:
        self.folder = folder
        self.session_id = session_id
        self._seen: tuple[int, int, int] | None = None
        self._room: RoomState | None = None
        self._ever = False
        # The open file whose shared lock tells the session a room's window follows it.
        self._watching: int | None = None

    def look(self) -> tuple[Link, RoomState | None]:
        """How the session stands now: reads its room file again only when it changed."""
        from rethink_cli.storage.autosave import SessionStore
        from rethink_cli.storage.session_lock import held_elsewhere, hold_shared

        running_now = [self.session_id] if self.session_id else self.running()
        if len(running_now) != 1:
            return "waiting", None
        session_id = running_now[0]
        self.session_id = session_id
        store = SessionStore(self.folder, session_id)
        running = held_elsewhere(store.lock_path)
        if not self._read(store.room_path):
            self.close()
            return ("ended" if self._ever else "waiting"), None
        self._ever = True
        if self._watching is None:
            self._watching = hold_shared(store.watch_path)
        return ("live" if running else "paused"), self._room

    def close(self) -> None:
        """Stop saying a room's window follows (the session notices at its next question)."""
        if self._watching is not None:
            os.close(self._watching)
            self._watching = None

    def _read(self, path: Path) -> bool:
        """Whether the room file is there; its state is read again when it changed."""
        from rethink_cli.formats.room import READ_LIMIT, decode

        try:
            info = os.stat(path)
        except OSError:
            self._seen = None
            return False
        seen = (info.st_mtime_ns, info.st_size, info.st_ino)
        if seen != self._seen:
            try:
                with open(path, "rb") as file:
                    room = decode(file.read(READ_LIMIT + 1))
            except OSError:
                return False
            self._seen = seen
            self._room = room if room is not None else self._room
        return self._room is not None

    def running(self) -> list[str]:
        """The sessions that are running and have a room file."""
        from rethink_cli.storage.autosave import SessionStore
        from rethink_cli.storage.session_lock import held_elsewhere
        from rethink_cli.storage.session_names import files_by_id

        try:
            found = files_by_id(self.folder, ("room.json",))
        except OSError:
            return []
        return [
            session_id
            for session_id in sorted(found)
            if held_elsewhere(SessionStore(self.folder, session_id).lock_path)
        ]


def follow_room(session_id: str | None, *, large: bool, plain: bool, clock: Clock) -> None:
    """Show the room's window until Ctrl-C."""
    from rethink_cli.app.terminal import is_plain
    from rethink_cli.core.errors import UsageError
    from rethink_cli.storage.autosave import SessionStore, state_folder
    from rethink_cli.ui.room_window import show_room

    folder = state_folder()
    if session_id is not None:
        SessionStore(folder, session_id)  # an ID that is no session's: one line, now
    link = RoomLink(folder, session_id)
    if session_id is None and len(link.running()) > 1:
        raise UsageError(
            "More than one session is running here: name one, as in "
            "'rethink session room ID' (IDs from 'rethink session list')."
        )
    try:
        show_room(link.look, clock.wall, large=large, plain=is_plain(plain))
    finally:
        link.close()
