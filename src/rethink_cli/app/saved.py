"""Saved sessions on this computer: listing them, offering one to resume, discarding them.

A session whose lock another running rethink holds is open in another terminal:
it is listed as such, and never offered for resume or discarded. IDs and case
references come from files, so they are shown with control characters removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rethink_cli.core.errors import RethinkError, UsageError

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from rethink_cli.app.terminal import Terminal
    from rethink_cli.core.clock import Clock
    from rethink_cli.dialogs.ports import Screen
    from rethink_cli.storage.autosave import SavedSession

OPEN_ELSEWHERE = "open in another terminal"
# Escape sequences (CSI, OSC, and two-character ones) go whole, not just their ESC.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|\x9b[0-?]*[ -/]*[@-~]"
)
_UNSHOWN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def shown(text: str) -> str:
    """``text`` from a file or a file's name, safe for a projected terminal: no escape
    sequence or control character reaches it (a name could clear the screen)."""
    text = _ESCAPES.sub("", text)
    return "".join(c for c in text if unicodedata.category(c) not in _UNSHOWN) or "?"


def saved_session_rows(clock: Clock) -> list[str]:
    """``session list``: a header and one row a session, newest first (empty: none)."""
    from rethink_cli.storage.autosave import list_sessions, state_folder

    saved = list_sessions(state_folder())
    if not saved:
        return []
    rows = [f"{'ID':<8}{'CASE':<22}{'STEP':<8}SAVED"]
    for s in saved:
        step = "?" if s.damaged else ("setup" if s.step == 0 else f"{s.step} of 9")
        when = saved_when(s.saved_at, clock)
        note = f"  ({OPEN_ELSEWHERE})" if s.open_elsewhere else ""
        ident = shown(s.session_id)
        if s.leftover:
            note += f"  (a save was cut short; 'rethink session discard {ident}' removes it)"
        rows.append(f"{ident:<8}{shown(s.case_reference)[:20]:<22}{step:<8}{when}{note}")
    return rows


def stopped_at(s: SavedSession) -> str:
    """Where the session stopped, in words: "step 6 of 9", "setting up" or "step unknown"."""
    if s.damaged:
        return "step unknown"
    return "setting up" if s.step == 0 else f"step {s.step} of 9"


def labelled(s: SavedSession, clock: Clock) -> str:
    """The case, the step and when it was saved: "PN-4471 (step 6 of 9, saved today 10:42)"."""
    return f"{shown(s.case_reference)} ({stopped_at(s)}, saved {saved_when(s.saved_at, clock)})"


def named(s: SavedSession) -> str:
    """ "session abc123 (PN-4471)" or "session abc123 (damaged)", for a discard's lines."""
    case = shown(s.case_reference)
    return f"session {shown(s.session_id)} {case if case.startswith('(') else f'({case})'}"


def open_elsewhere_error(s: SavedSession) -> RethinkError:
    from rethink_cli.storage.autosave import SessionLocked

    return SessionLocked(
        f"Session {shown(s.session_id)} ({shown(s.case_reference)}, {stopped_at(s)}) is "
        f"{OPEN_ELSEWHERE}: carry on there, or close it there first."
    )


def say_open_elsewhere(saved: list[SavedSession], screen: Screen) -> None:
    for s in saved:
        if s.open_elsewhere:
            screen.note(
                f"{shown(s.case_reference)} ({stopped_at(s)}) is {OPEN_ELSEWHERE}, so it is not "
                "offered here."
            )


# ---------------------------------------------------------------- resume


def offer_saved(terminal: Terminal, clock: Clock) -> str | None:
    """``session start``: the saved session to resume, or None to start a new one.

    After an interruption resuming is the default (Enter), newest first; starting
    anew is a deliberate choice at the end of the list, and keeps the saved ones.
    """
    from rethink_cli.dialogs.ports import Choice, SelectQuestion
    from rethink_cli.storage.autosave import list_sessions, state_folder

    saved = list_sessions(state_folder())
    say_open_elsewhere(saved, terminal.screen)
    ready = [s for s in saved if not s.damaged and not s.open_elsewhere]
    if not ready:
        return None
    one = len(ready) == 1
    choices = [Choice(f"Resume {labelled(s, clock)}", s.session_id) for s in ready]
    kept = "the saved one is kept" if one else "the saved ones are kept"
    choices.append(Choice(f"Start a new session ({kept})", ""))
    message = (
        "An unfinished session is saved on this computer."
        if one
        else f"{len(ready)} unfinished sessions are saved on this computer."
    )
    picked = terminal.prompter.select(
        SelectQuestion(message, tuple(choices), default=ready[0].session_id)
    )
    return picked or None


def check_resumable(session_id: str | None) -> None:
    """``session resume``: one clear line, before any prompt, if there is nothing to resume."""
    from rethink_cli.storage.autosave import find_session, list_sessions, state_folder

    folder = state_folder()
    if session_id is not None:
        _check_named(session_id, find_session(folder, session_id))
        return
    saved = [s for s in list_sessions(folder) if not s.leftover]
    if not saved:
        raise RethinkError("There is no interrupted session on this computer.")
    if all(s.open_elsewhere for s in saved):
        if len(saved) == 1:
            raise open_elsewhere_error(saved[0])
        raise RethinkError(
            f"Every saved session is {OPEN_ELSEWHERE}; 'rethink session list' shows them."
        )


def _check_named(session_id: str, found: SavedSession | None) -> None:
    """``session resume ID``: unknown, open elsewhere, or nothing but a leftover file."""
    if found is None:
        raise no_such_session(session_id)
    if found.open_elsewhere:
        raise open_elsewhere_error(found)
    if found.leftover:
        shown_id = shown(session_id)
        raise RethinkError(
            f"Session {shown_id} has nothing saved to resume, only a leftover file; "
            f"'rethink session discard {shown_id}' removes it."
        )


def pick_to_resume(terminal: Terminal, clock: Clock) -> str:
    """``session resume`` without an ID: the only session ready, or the one chosen."""
    from rethink_cli.dialogs.ports import Choice, SelectQuestion
    from rethink_cli.storage.autosave import list_sessions, state_folder

    saved = [s for s in list_sessions(state_folder()) if not s.leftover]
    say_open_elsewhere(saved, terminal.screen)
    ready = [s for s in saved if not s.open_elsewhere]
    if not ready:
        check_resumable(None)  # gone or taken since it was checked: the same clear line
        raise RethinkError("There is no interrupted session on this computer.")
    if len(ready) == 1:
        return ready[0].session_id
    return terminal.prompter.select(
        SelectQuestion(
            "Resume which session?",
            tuple(
                Choice(f"{shown(s.session_id)}  {labelled(s, clock)}", s.session_id) for s in ready
            ),
            default=ready[0].session_id,
        )
    )


# ---------------------------------------------------------------- discard


@dataclass(frozen=True)
class Discard:
    """What a discard means: the sessions to delete, and those kept as open elsewhere."""

    sessions: list[SavedSession]
    kept: list[SavedSession]


def sessions_to_discard(session_id: str | None, every: bool) -> Discard:
    """The sessions a discard means: the one named (exactly, never as a pattern), the only
    one saved, or all of them (maybe none). A session open in another terminal is kept."""
    if every and session_id is not None:
        raise UsageError("Name one session ID, or use --all, not both.")
    saved = _meant(session_id, every)
    kept = [s for s in saved if s.open_elsewhere]
    if kept and len(kept) == len(saved):
        if len(kept) == 1:
            raise open_elsewhere_error(kept[0])
        raise RethinkError(f"Every saved session is {OPEN_ELSEWHERE}; nothing was discarded.")
    return Discard([s for s in saved if not s.open_elsewhere], kept)


def _meant(session_id: str | None, every: bool) -> list[SavedSession]:
    from rethink_cli.storage.autosave import find_session, list_sessions, state_folder

    folder = state_folder()
    if session_id is not None:
        found = find_session(folder, session_id)
        if found is None:
            raise no_such_session(session_id)
        return [found]
    saved = list_sessions(folder)
    if len(saved) > 1 and not every:
        raise UsageError(
            f"{len(saved)} sessions are saved: name the one to discard "
            "('rethink session list' shows their IDs), or use --all."
        )
    return saved


def discard_question(chosen: Discard, clock: Clock) -> str:
    """The confirmation: which session (case, step, when saved), or how many and which."""
    sessions = chosen.sessions
    if len(sessions) == 1:
        s = sessions[0]
        what = f"session {shown(s.session_id)}, {labelled(s, clock)}"
    else:
        cases = ", ".join(shown(s.case_reference) for s in sessions[:3])
        more = f" and {len(sessions) - 3} more" if len(sessions) > 3 else ""
        what = f"all {len(sessions)} saved sessions ({cases}{more})"
    return f"Delete {what}? This cannot be undone."


def discard_sessions(chosen: Discard) -> list[str]:
    """Delete the chosen sessions; one line a session saying what was done."""
    from rethink_cli.storage.autosave import state_folder

    folder = state_folder()
    lines = [_discard_one(folder, s) for s in chosen.sessions]
    return lines + [f"Kept {named(s)}: {OPEN_ELSEWHERE}." for s in chosen.kept]


def _discard_one(folder: Path, s: SavedSession) -> str:
    """Take the session's lock, then delete it: one opened meanwhile elsewhere is kept."""
    from rethink_cli.storage.autosave import SessionLocked, SessionStore

    store = SessionStore(folder, s.session_id)
    try:
        store.acquire()
    except SessionLocked:
        return f"Kept {named(s)}: {OPEN_ELSEWHERE}."
    except OSError as error:
        return f"Could not discard {named(s)}: {(error.strerror or 'refused').lower()}."
    try:
        store.remove()  # its lock last, so nobody opens it half deleted
    except OSError as error:
        return f"Could not discard all of {named(s)}: {(error.strerror or 'refused').lower()}."
    finally:
        store.release()
    return f"Discarded {named(s)}."


def no_such_session(session_id: str) -> UsageError:
    # repr() shows any control character escaped, and the quotes show where the ID ends.
    return UsageError(f"No saved session {session_id!r}. 'rethink session list' shows them.")


def saved_when(moment: dt.datetime, clock: Clock) -> str:
    """When a session was saved, in the laptop's local time ("today 10:42")."""
    now = clock.now()
    local = moment.astimezone(now.tzinfo)
    if local.date() == now.date():
        return f"today {local:%H:%M}"
    return f"{local:%d/%m/%Y %H:%M}"
