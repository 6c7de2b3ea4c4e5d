"""``actions handed-over``: once the files have been handed over, delete this computer's copies.

In Strategy 3 the facilitator is independent and the recording belongs to the
network and its Lead Professional: the laptop only carries the meeting's files
to them, and should keep none once they have them. This finds the record in a
meeting's folder, works out exactly which files rethink writes for that record
(the export code's own names, so the set cannot drift from what was written),
asks whether the receiver has them, and deletes those files and nothing else.
A file of the user's in the folder is kept, and the folder with it; nothing is
ever deleted through a link.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.core.errors import InvalidInputError, InvalidRecordError, RethinkError, UsageError

if TYPE_CHECKING:
    from rethink_cli.dialogs.ports import Prompter
    from rethink_cli.formats.record import Record

RECORD_ENDING = "_actions.toml"
NOTHING_DELETED = "Nothing was deleted."
# Enough to recognise what was kept without flooding a shared screen.
_NAMES_SHOWN = 5


@dataclass(frozen=True)
class HandOver:
    """A meeting's folder and what handing it over means: whose files, to whom, which."""

    folder: Path
    # The folder as it was checked: deleting acts only on this very folder.
    identity: tuple[int, int]
    case_reference: str
    meeting_day: str
    receiver: str
    # Whether the receiver is the record's Lead Professional (no --to given).
    lead: bool
    # The folder's own files that rethink writes for this record, by name, sorted.
    files: tuple[str, ...]

    def lines(self) -> list[str]:
        """What is about to be deleted: the case, the receiver and the files."""
        return [
            f"Case {self.case_reference}, meeting of {self.meeting_day}: "
            f"{_count(len(self.files))} in",
            # A line of its own: a long path is not broken across the case's line.
            str(self.folder),
            *(f"  {name}" for name in self.files),
            f"They go to {self.receiver}{', the Lead Professional' if self.lead else ''}.",
        ]

    def question(self) -> str:
        return f"Has {self.receiver} received these {_count(len(self.files))}?"


def plan_hand_over(folder: Path, to: str | None = None) -> HandOver:
    """The hand-over of ``folder``: exit 2 for a folder that is not one, exit 3 without a
    record (or with an invalid one). Nothing is deleted or asked here."""
    from rethink_cli.core.dates import format_long

    named = _receiver_named(to) if to is not None else None
    identity = _checked_folder(folder)
    record_file = _record_file(folder)
    record = _load(record_file)
    names = rethink_file_names(record)
    if record_file.name not in names:
        raise InvalidRecordError(
            f"{record_file} is not named as rethink names this meeting's record "
            f"({_record_name(record)}), so it may belong elsewhere. {NOTHING_DELETED}"
        )
    meeting = record.meeting
    lead = f"{meeting.lead_professional} ({meeting.lead_professional_agency})"
    return HandOver(
        folder=folder,
        identity=identity,
        case_reference=meeting.case_reference,
        meeting_day=format_long(meeting.date),
        receiver=named or lead,
        lead=named is None,
        files=tuple(sorted(n for n in _plain_files(folder) if n in names)),
    )


def rethink_file_names(record: Record) -> frozenset[str]:
    """Every name rethink gives a file of ``record``, built by the export code itself.

    The record, all actions and a file per agency (Markdown and plain text), the
    calendar, and each agency's own calendar: a session writes some of these into
    its folder and a render can add the others there, so any of them is rethink's.
    So is the Lead Professional's agency's file under the name it had before its
    name said so: a folder written then is handed over whole too. Each is named
    at every width an export may cut names to (a path too long for Windows): the
    width depended on where the folder was then, and it may have been moved since.
    """
    from rethink_cli.export.long_paths import WIDTHS

    return frozenset(name for width in WIDTHS for name in _names_at(record, width))


def _names_at(record: Record, width: int) -> list[str]:
    from rethink_cli.export.bundle import FORMATS, export_names
    from rethink_cli.export.filenames import agency_file_stems, export_file_name

    names = [name for fmt in FORMATS for name in export_names(record, fmt, width=width)]
    for agency in record.agencies():
        names += export_names(record, "ics", agency=agency, width=width)
    meeting = record.meeting
    stems = agency_file_stems(record.agencies(), width=width)
    earlier = stems.get(meeting.lead_professional_agency)
    if earlier is not None:
        names += [
            export_file_name(meeting.date, meeting.case_reference, earlier, suffix, width=width)
            for suffix in (".md", ".txt", ".ics")
        ]
    return names


def asking_prompter() -> Prompter:
    """The terminal's prompter, or one line (exit 2) when nobody can answer there."""
    from rethink_cli.app.terminal import require_terminal

    try:
        require_terminal("actions handed-over")
    except UsageError:
        raise UsageError(
            "rethink actions handed-over asks before it deletes anything, and this is not "
            "a terminal to answer in: once the files have been received, add --yes."
        ) from None
    from rethink_cli.ui.prompter import TerminalPrompter

    return TerminalPrompter()


def hand_over(plan: HandOver, prompter: Prompter | None) -> str:
    """Ask whether the receiver has the files (unless ``prompter`` is None: already
    confirmed with --yes), then delete them; one line says what was done.

    RethinkError (exit 1) when some of the files could not be deleted.
    """
    if prompter is not None and not _received(plan, prompter):
        return f"{NOTHING_DELETED} Hand the files over first, then run this again."
    return delete_handed_over(plan)


def _received(plan: HandOver, prompter: Prompter) -> bool:
    from rethink_cli.app.terminal import before_any_session
    from rethink_cli.dialogs.ports import ConfirmQuestion

    # No by default: a stray Enter must never delete the only copies.
    question = ConfirmQuestion(plan.question(), default=False)
    return before_any_session(lambda: prompter.confirm(question))


# ---------------------------------------------------------------- checks


def _receiver_named(to: str) -> str:
    from rethink_cli.core import plaintext

    try:
        return plaintext.check_text(plaintext.tidy(to), max_length=plaintext.NAME_MAX)
    except ValueError as problem:
        raise InvalidInputError(f"--to {problem}.") from None


def _checked_folder(folder: Path) -> tuple[int, int]:
    """The folder's identity, once it is known to be a folder and not a link (else exit 2)."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        raise UsageError(f"There is no folder {folder}. {NOTHING_DELETED}") from None
    except (OSError, ValueError) as error:
        raise UsageError(f"Cannot look at {folder}: {_reason(error)}. {NOTHING_DELETED}") from None
    if stat.S_ISLNK(info.st_mode):
        raise UsageError(
            f"{folder} is a link, and rethink never deletes through a link: name the "
            f"meeting's folder itself. {NOTHING_DELETED}"
        )
    if not stat.S_ISDIR(info.st_mode):
        raise UsageError(
            f"{folder} is not a folder: name the folder the meeting's files are in. "
            f"{NOTHING_DELETED}"
        )
    return (info.st_dev, info.st_ino)


def _record_file(folder: Path) -> Path:
    """The one record in ``folder``: the file named for the folder, else the only one."""
    records = sorted(n for n in _plain_files(folder) if n.endswith(RECORD_ENDING))
    named_for_folder = folder.name + RECORD_ENDING
    if named_for_folder in records:
        return folder / named_for_folder
    if not records:
        raise InvalidRecordError(
            f"There is no rethink record (a file ending {RECORD_ENDING}) in {folder}, so "
            f"there is no telling which files are rethink's. {NOTHING_DELETED}"
        )
    if len(records) > 1:
        raise InvalidRecordError(
            f"{folder} holds {len(records)} records ({', '.join(records)}): hand over one "
            f"meeting's folder at a time. {NOTHING_DELETED}"
        )
    return folder / records[0]


def _load(record_file: Path) -> Record:
    """The record, or one line (exit 3): the problems themselves are for actions check."""
    from rethink_cli.formats.toml import load_record

    try:
        return load_record(record_file)
    except InvalidRecordError as error:
        check = f" 'rethink actions check {record_file}' lists them." if error.details else ""
        raise InvalidRecordError(f"{error.message}{check} {NOTHING_DELETED}") from None


def _record_name(record: Record) -> str:
    from rethink_cli.export.filenames import export_file_name

    meeting = record.meeting
    return export_file_name(meeting.date, meeting.case_reference, "actions", ".toml")


def _plain_files(folder: Path) -> list[str]:
    """The names of the ordinary files in ``folder``: never a link, whatever it points to."""
    try:
        with os.scandir(folder) as entries:
            return [e.name for e in entries if e.is_file(follow_symlinks=False)]
    except OSError as error:
        raise RethinkError(f"Cannot read {folder}: {_reason(error)}. {NOTHING_DELETED}") from None


# ---------------------------------------------------------------- deleting


def delete_handed_over(plan: HandOver) -> str:
    """Delete the plan's files, then the folder if that left it empty; say what was done.

    Where the system allows, the folder is opened once (refusing a link) and every
    file is deleted relative to it, so a folder swapped for a link meanwhile is
    never followed. A file that is no longer an ordinary file is kept.
    RethinkError (exit 1) when one of the files could not be deleted.
    """
    fd = _open_folder(plan)
    try:
        failed = {name: why for name in plan.files if (why := _delete(name, fd, plan)) is not None}
        left = _remaining(fd, plan.folder)
    finally:
        if fd is not None:
            os.close(fd)
    files = _deleted_words(len(plan.files), len(plan.files) - len(failed))
    if failed or left:
        outcome = f"Deleted {files} from {plan.folder}; {_kept_words(left, failed)}."
        if failed:
            raise RethinkError(outcome)
        return outcome
    refused = _remove_folder(plan)
    if refused is not None:
        return (
            f"Deleted {files} from {plan.folder}; the folder is empty but could not be "
            f"removed ({refused})."
        )
    return f"Deleted {files}, then the empty folder {plan.folder}."


def _open_folder(plan: HandOver) -> int | None:
    """The folder, opened without following a link; None where files cannot be deleted
    relative to an open folder (Windows), where a fresh look has to do instead."""
    flags = getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    if not flags or os.unlink not in os.supports_dir_fd or os.stat not in os.supports_dir_fd:
        _checked_same(plan)
        return None
    try:
        fd = os.open(plan.folder, os.O_RDONLY | flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _changed(plan, error) from None
    info = os.fstat(fd)
    if (info.st_dev, info.st_ino) != plan.identity:
        os.close(fd)
        raise _changed(plan)
    return fd


def _checked_same(plan: HandOver) -> None:
    try:
        same = _checked_folder(plan.folder) == plan.identity
    except UsageError as error:
        raise _changed(plan, error) from None
    if not same:
        raise _changed(plan)


def _changed(plan: HandOver, cause: object = None) -> RethinkError:
    why = f" ({_reason(cause)})" if isinstance(cause, OSError) else ""
    return RethinkError(
        f"{plan.folder} changed after it was looked at{why}, so it was left alone. "
        f"{NOTHING_DELETED}"
    )


def _delete(name: str, fd: int | None, plan: HandOver) -> str | None:
    """Delete one file; None when done (or already gone), else why it was kept."""
    where = name if fd is not None else str(plan.folder / name)
    try:
        info = os.stat(where, dir_fd=fd, follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):
            return "no longer an ordinary file"
        os.unlink(where, dir_fd=fd)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"could not be deleted: {_reason(error)}"
    return None


def _remaining(fd: int | None, folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(fd if fd is not None else folder))
    except OSError:
        # Unreadable now: say nothing is known to be left, and let rmdir decide.
        return []


def _remove_folder(plan: HandOver) -> str | None:
    """Remove the folder while it is still the same, empty folder: None, or why not."""
    try:
        _checked_same(plan)
        # rmdir removes only an empty folder: anything that landed meanwhile keeps it.
        os.rmdir(plan.folder)
    except RethinkError:
        return "it changed after it was looked at"
    except OSError as error:
        return _reason(error)
    return None


# ---------------------------------------------------------------- words


def _deleted_words(total: int, deleted: int) -> str:
    return _count(total) if deleted == total else f"{deleted} of the {_count(total)}"


def _kept_words(left: list[str], failed: dict[str, str]) -> str:
    """What keeps the folder: each thing left in it (the first few), and why it was left."""
    from rethink_cli.core.plaintext import make_visible

    # An unreadable folder lists nothing: the files that failed are still known.
    names = left or sorted(failed)
    shown = [
        f"{make_visible(name)} ({failed.get(name, 'not a file rethink wrote for this meeting')})"
        for name in names[:_NAMES_SHOWN]
    ]
    more = f" and {len(names) - _NAMES_SHOWN} more" if len(names) > _NAMES_SHOWN else ""
    return f"kept the folder, which still holds {', '.join(shown)}{more}"


def _count(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def _reason(error: object) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    if isinstance(error, RethinkError):
        return error.message
    return "it was refused"
