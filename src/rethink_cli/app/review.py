"""``rethink review``: the review meeting, of a meeting's record or of an earlier review.

Saved like a session: every confirmed answer goes to the private state folder
(``storage.review_store``) before the next question. Running the command again
for the same file offers to resume, at the very question it stopped at; once
the review's files are written the save is removed.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.core.errors import (
    ExportError,
    InvalidInputError,
    SessionDiscarded,
    SessionInterrupted,
    SessionTerminated,
    UsageError,
)
from rethink_cli.formats.config import expand_home

if TYPE_CHECKING:
    import datetime as dt

    from rethink_cli.app.terminal import Terminal
    from rethink_cli.core.clock import Clock
    from rethink_cli.core.guide_area import Area
    from rethink_cli.dialogs.ports import Screen
    from rethink_cli.dialogs.review import Keep
    from rethink_cli.formats.review import ReviewRecord
    from rethink_cli.formats.review_save import SavedReview
    from rethink_cli.formats.review_subject import UnderReview
    from rethink_cli.storage.review_store import ReviewStore


def review_record(
    record_file: Path, out: Path | None, date_text: str | None, clock: Clock
) -> list[Path]:
    """Hold the review, then write the review record and its files.

    ``out`` and ``date_text`` as given on the command line (None: not given); a
    resumed review keeps its own date, and its folder unless ``out`` is given.
    """
    from rethink_cli.app.settings import area_settings
    from rethink_cli.app.terminal import require_terminal

    require_terminal("review")
    from rethink_cli.app.review_input import load_subject
    from rethink_cli.storage.review_store import ReviewStore

    given_date = _review_date(date_text, clock)
    subject = load_subject(record_file)
    # The config's [area] names the next route if the network is still stuck: a broken
    # config file is said now, before any question.
    area = area_settings()
    store = ReviewStore.for_subject(subject)
    store.acquire()
    try:
        paths = _review(subject, record_file, store, out, given_date, clock, area)
    except BaseException:
        store.release()
        raise
    # Written: nothing of the review stays behind in the state folder.
    store.remove()
    return paths


def _review(
    subject: UnderReview,
    record_file: Path,
    store: ReviewStore,
    out: Path | None,
    given_date: dt.date,
    clock: Clock,
    area: Area,
) -> list[Path]:
    from rethink_cli.export.review import review_exports
    from rethink_cli.export.writer import AlreadyExported, write_file_set

    terminal = None
    saved = None
    if store.exists():
        terminal = _terminal()
        saved = _offer_saved(subject, store, terminal, clock)
    review_date = saved.review_date if saved else given_date
    folder = out or (Path(saved.out_dir) if saved else Path("."))
    _check_before_asking(subject, review_date, folder, resuming=saved is not None)
    terminal = terminal or _terminal()
    if saved:
        where = folder / review_folder_name(subject, review_date)
        terminal.screen.note(f"Resuming the review. The files will be written to {where}.")
    keep = _keeper(store, subject, review_date, folder)
    result = _ask(subject, record_file, store, terminal, review_date, saved, keep, area)
    name = review_folder_name(subject, review_date)
    try:
        # The same files already there: a kill came after they went in, before the save
        # was removed. They count as written, so a resumed review always finishes.
        return write_file_set(folder, name, review_exports(result), same_is_done=True)
    except AlreadyExported as error:
        raise ExportError(
            f"A different review of this record is already in {error.target}. "
            "The answers are saved: run the same command again with another --out."
        ) from None
    except ExportError as error:
        raise ExportError(
            f"{error.message} The answers are saved: run the same command again to write them."
        ) from None


def review_folder_name(subject: UnderReview, review_date: dt.date) -> str:
    """The review's own folder: ``<review date>_<case>_review``."""
    from rethink_cli.export.writer import export_folder_name

    return export_folder_name(review_date, subject.case_reference, "review")


def _ask(
    subject: UnderReview,
    record_file: Path,
    store: ReviewStore,
    terminal: Terminal,
    review_date: dt.date,
    saved: SavedReview | None,
    keep: Keep,
    area: Area,
) -> ReviewRecord:
    """The questions, with Ctrl-C's save and quit, discard, and a closed terminal handled."""
    from rethink_cli.app.terminal import signals_raise
    from rethink_cli.dialogs.review import run_review

    hint = f"Run the same command to resume it: rethink review {shlex.quote(str(record_file))}"
    progress = saved.progress if saved else None
    try:
        with signals_raise():
            return run_review(
                subject, terminal.prompter, review_date, progress=progress, keep=keep, area=area
            )
    except SessionDiscarded:
        store.remove()
        raise
    except SessionInterrupted as stop:
        if not store.exists():
            raise SessionInterrupted(
                "Stopped before the first answer: there was nothing to save."
            ) from None
        raise SessionInterrupted(f"{stop.message} {hint}") from None
    except SessionTerminated as signalled:
        # A closed terminal or a shutdown: every answer is already saved; say so if anyone can see.
        said = f"The review is saved. {hint}" if store.exists() else "There was nothing to save."
        with contextlib.suppress(OSError):
            print(f"\nStopped by the system. {said}", file=sys.stderr)
        raise SystemExit(128 + signalled.signum) from None


def _keeper(store: ReviewStore, subject: UnderReview, review_date: dt.date, folder: Path) -> Keep:
    from rethink_cli.formats.review_save import SAVE_FORMAT, ReviewProgress, SavedReview

    out_dir = str(expand_home(folder).absolute())

    def keep(progress: ReviewProgress) -> None:
        # Built unchecked, like the session's autosave: saving must never stop the review.
        # It is checked when read back, where a bad file can only be refused.
        store.save(
            SavedReview.model_construct(
                format=SAVE_FORMAT,
                record=store.key,
                case_reference=subject.case_reference,
                meeting_date=subject.last_date,
                review_date=review_date,
                out_dir=out_dir,
                progress=progress,
            )
        )

    return keep


def _offer_saved(
    subject: UnderReview, store: ReviewStore, terminal: Terminal, clock: Clock
) -> SavedReview | None:
    """An interrupted review of this record: resume it (the default), or start again."""
    from rethink_cli.app.saved import saved_when
    from rethink_cli.core.dates import format_long
    from rethink_cli.dialogs.ports import Choice, ConfirmQuestion, SelectQuestion

    when = saved_when(store.saved_at(), clock)
    saved = _usable_save(subject, store, terminal.screen)
    if saved is None:
        if not terminal.prompter.confirm(
            ConfirmQuestion("Start the review again? The saved answers are deleted.")
        ):
            raise SessionInterrupted("Stopped. The saved review is kept as it was.")
        store.start_again()
        return None
    answered = len(saved.progress.answers)
    resume = terminal.prompter.select(
        SelectQuestion(
            f"A review of {subject.case_reference} was interrupted on this computer.",
            (
                Choice(
                    f"Resume the review of {format_long(saved.review_date)} ({answered} of "
                    f"{len(subject.actions)} actions answered, saved {when})",
                    True,
                ),
                Choice("Start the review again (the saved answers are deleted)", False),
            ),
            default=True,
        )
    )
    if not resume:
        store.start_again()
        return None
    return saved


def _usable_save(subject: UnderReview, store: ReviewStore, screen: Screen) -> SavedReview | None:
    """The latest saved copy, else the previous one if good; each refusal said in one line."""
    from rethink_cli.storage.autosave import DamagedAutosave
    from rethink_cli.storage.review_store import OlderReviewSave

    for previous in (False, True):
        if previous and not store.previous_path.exists():
            break
        try:
            saved = store.load(subject, previous=previous)
        except OlderReviewSave as error:
            # Its previous copy is as old: said once, and the review starts again.
            screen.warn(error.message)
            break
        except DamagedAutosave as error:
            screen.warn(error.message)
            continue
        if previous:
            screen.note("Using the previous copy: the very last answer may be missing.")
        return saved
    return None


def _terminal() -> Terminal:
    from rethink_cli.app.terminal import SessionOptions, open_terminal

    return open_terminal(SessionOptions())


def _review_date(date_text: str | None, clock: Clock) -> dt.date:
    from rethink_cli.core.dates import DateError, parse_date

    today = clock.today()
    if date_text is None:
        return today
    try:
        return parse_date(date_text, today=today)
    except DateError as error:
        raise InvalidInputError(f"--date: {error}") from None


def _check_before_asking(
    subject: UnderReview, review_date: dt.date, out: Path, *, resuming: bool = False
) -> None:
    """Everything that could refuse the review, checked so no answer is typed in vain.

    A resumed review may find its own folder already written (killed after the
    files went in): it goes on, and the write finds them the same.
    """
    from rethink_cli.core.dates import format_long

    if review_date <= subject.last_date:
        raise InvalidInputError(
            f"--date: the review ({format_long(review_date)}) must come after the "
            f"{subject.last_kind} ({format_long(subject.last_date)})."
        )
    if not out.is_dir():
        raise UsageError(f"--out: the folder {out} does not exist.")
    target = out / review_folder_name(subject, review_date)
    if not resuming and os.path.lexists(target):
        raise ExportError(
            f"A review of this record on {format_long(review_date)} is already exported to "
            f"{target}. Choose another folder with --out."
        )
