"""A review's autosave: the session store's folder, writing and lock, under a review's names.

One record's interrupted review is three files in the sessions' private folder
(0700; files 0600), named by the key of what is reviewed (a meeting's record or
an earlier review; ``formats.review_subject``):

- ``<key>.review``       the answers so far, replaced atomically;
- ``<key>.review.prev``  the previous good copy;
- ``<key>.review.lock``  locked by the process that has the review open.

None of them ends in ``.json``, so ``session list`` and ``session resume`` never
take a review for a session. After the review's files are written all three go.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.core.plaintext import make_visible
from rethink_cli.formats.reading import limit_for
from rethink_cli.formats.review_save import (
    OlderSave,
    SavedReview,
    read_saved_review,
    saved_review_json,
)
from rethink_cli.formats.review_subject import UnderReview
from rethink_cli.storage.autosave import (
    DamagedAutosave,
    SessionLocked,
    SessionStore,
    state_folder,
)
from rethink_cli.storage.session_names import read_regular


class _ReviewFiles(SessionStore):
    suffix = ".review"
    previous_suffix = ".review.prev"
    lock_suffix = ".review.lock"


class OlderReviewSave(DamagedAutosave):
    """A save made by an older rethink: it cannot be continued, and neither can its copy."""


class ReviewStore:
    """Saves one record's review in progress; cheap to call after every answer."""

    def __init__(self, folder: Path, key: str) -> None:
        self.key = key
        self._files = _ReviewFiles(folder, key)

    @classmethod
    def for_subject(cls, subject: UnderReview) -> ReviewStore:
        """The store of ``subject``'s review, in the sessions' private folder."""
        return cls(state_folder(), subject.key)

    @property
    def path(self) -> Path:
        return self._files.path

    @property
    def previous_path(self) -> Path:
        return self._files.previous_path

    @property
    def lock_path(self) -> Path:
        return self._files.lock_path

    def exists(self) -> bool:
        """Whether any saved copy of this review is here, good or damaged."""
        return self.path.exists() or self.previous_path.exists()

    def save(self, saved: SavedReview) -> bool:
        return self._files.save_bytes(saved_review_json(saved))

    def saved_at(self) -> dt.datetime:
        """When the review was last saved (aware, UTC), from the file's time."""
        path = self.path if self.path.exists() else self.previous_path
        return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)

    def load(self, subject: UnderReview, *, previous: bool = False) -> SavedReview:
        """The saved review of ``subject``, or DamagedAutosave saying in one line why not."""
        path = self.previous_path if previous else self.path
        copy = "previous copy of the saved review" if previous else "saved review"
        try:
            # Bounded, plain files only: a FIFO in its place must not hang the review.
            payload, _ = read_regular(path, limit_for("saved review"))
        except OSError:
            raise DamagedAutosave(f"The {copy} of this record cannot be read.") from None
        try:
            saved = read_saved_review(payload)
        except OlderSave:
            raise OlderReviewSave(
                f"The {copy} of this record was made by an older rethink, before a review "
                "asked who is here, so it cannot be continued."
            ) from None
        except InvalidRecordError as error:
            raise DamagedAutosave(
                f"The {copy} of this record is damaged or was edited, so it is not used "
                f"({make_visible(error.message)})."
            ) from None
        problem = saved.mismatch(subject)
        if problem is not None:
            raise DamagedAutosave(f"The {copy} of this record is not used: {problem}.")
        self._files.remember(payload)
        return saved

    def acquire(self) -> None:
        """Mark the review as open here; refuse if another running rethink has it."""
        try:
            self._files.acquire()
        except SessionLocked:
            raise SessionLocked(
                "A review of this record is open in another rethink. Close that one first."
            ) from None

    def release(self) -> None:
        self._files.release()

    def start_again(self) -> None:
        """Delete what was saved, keeping the review open here: the next answer starts afresh."""
        self._files.remove()
        self._files = _ReviewFiles(self._files.folder, self.key)
        self._files.acquire()

    def remove(self) -> None:
        """Delete the saved review, its previous copy, any temp files and the lock."""
        self._files.remove()
