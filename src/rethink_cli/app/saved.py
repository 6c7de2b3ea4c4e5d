"""Interrupted sessions on this computer: listing them, and choosing which to discard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rethink_cli.core.errors import UsageError

if TYPE_CHECKING:
    import datetime as dt

    from rethink_cli.core.clock import Clock


def saved_session_rows(clock: Clock) -> list[str]:
    """``session list``: a header and one row a session, newest first (empty: none)."""
    from rethink_cli.storage.autosave import list_sessions, state_folder

    saved = list_sessions(state_folder())
    if not saved:
        return []
    rows = [f"{'ID':<8}{'CASE':<22}{'STEP':<8}SAVED"]
    for s in saved:
        step = "?" if s.damaged else f"{s.step} of 9"
        when = saved_when(s.saved_at, clock)
        rows.append(f"{s.session_id:<8}{s.case_reference[:20]:<22}{step:<8}{when}")
    return rows


def sessions_to_discard(session_id: str | None, every: bool) -> list[str]:
    """The IDs a discard means: one named session, or all of them (maybe none)."""
    from rethink_cli.storage.autosave import any_file_of, list_sessions, state_folder

    folder = state_folder()
    if every == (session_id is not None):
        raise UsageError("Name one session ID, or use --all.")
    if session_id is None:
        return [s.session_id for s in list_sessions(folder)]
    if not any_file_of(folder, session_id):
        raise UsageError(f"No saved session {session_id!r}. 'rethink session list' shows them.")
    return [session_id]


def discard_sessions(ids: list[str]) -> None:
    from rethink_cli.storage.autosave import SessionStore, state_folder

    folder = state_folder()
    for each in ids:
        SessionStore(folder, each).remove()


def saved_when(moment: dt.datetime, clock: Clock) -> str:
    """When a session was saved, in the laptop's local time ("today 10:42")."""
    now = clock.now()
    local = moment.astimezone(now.tzinfo)
    if local.date() == now.date():
        return f"today {local:%H:%M}"
    return f"{local:%d/%m/%Y %H:%M}"
