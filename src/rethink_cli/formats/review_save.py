"""A review in progress, ``rethink-review-save/1``: the answers confirmed so far, as JSON.

``rethink review`` saves one of these after every confirmed answer
(``storage.review_store``), so Ctrl-C, a closed lid or a kill costs nothing:
running the command again for the same record continues at the very question
it stopped at. Like the review record it keeps no free text, only statuses and
dates, whether the network is still stuck, and the question it had reached.

Read back strictly: a damaged or edited file is refused as a whole, with the
first problem named in one line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Literal

from pydantic import Field, ValidationError, model_validator

from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.formats.base import StrictModel, describe_errors, refuse_newer
from rethink_cli.formats.fields import CaseReference, plain_text
from rethink_cli.formats.reading import DamagedSave, limit_for, loads_json_save
from rethink_cli.formats.record import Record
from rethink_cli.formats.review import OPEN_STATUSES, ReviewedAction, Status

SAVE_FORMAT: Literal["rethink-review-save/1"] = "rethink-review-save/1"

# Which record a save belongs to: a digest of the record's content, not its file name,
# so a moved or copied record finds its review, and an edited one does not.
RecordKey = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
Folder = Annotated[str, plain_text(4096)]
Number = Annotated[int, Field(ge=1)]


def record_key(record: Record) -> str:
    """The name a record's saved review goes by: the same for the same actions, wherever kept."""
    return hashlib.sha256(record.model_dump_json().encode("utf-8")).hexdigest()[:16]


class ActionDraft(StrictModel):
    """An answer half given: the status picked, and maybe a new date typed but not yet confirmed."""

    number: Number
    status: Status
    typed_due: dt.date | None = None

    @model_validator(mode="after")
    def _date_only_when_still_open(self) -> ActionDraft:
        if self.status not in OPEN_STATUSES:
            raise ValueError(
                f'a half-given answer is only for partly or not-done, not "{self.status}"'
            )
        return self


class ReviewProgress(StrictModel):
    """How far a review has got: the answers confirmed, in order, and the question it is at.

    ``changing`` is the action being answered again from the overview; ``draft``
    the answer about the current action, if it is half given. ``stuck`` is the
    answer to "Is the network still stuck?", asked once every action is answered
    (None: not yet; a review saved before it was asked lacks it).
    """

    answers: tuple[ReviewedAction, ...] = ()
    changing: Number | None = None
    draft: ActionDraft | None = None
    stuck: bool | None = None

    @model_validator(mode="after")
    def _in_order(self) -> ReviewProgress:
        numbers = [a.number for a in self.answers]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"answers must be numbered 1 to {len(numbers)} in order")
        if self.changing is not None and self.changing > len(self.answers):
            raise ValueError("changing must name an action already answered")
        if self.draft is not None and self.draft.number != self.asking(len(self.answers) + 1):
            raise ValueError("the half-given answer must be about the action being asked")
        return self

    def asking(self, total: int) -> int | None:
        """The number of the action being asked about, or None at the overview."""
        if self.changing is not None:
            return self.changing
        if len(self.answers) < total:
            return len(self.answers) + 1
        return None


class SavedReview(StrictModel):
    """The whole saved review: which record, the review's date, where its files go, the answers."""

    format: Literal["rethink-review-save/1"]
    record: RecordKey
    case_reference: CaseReference
    meeting_date: dt.date
    review_date: dt.date
    out_dir: Folder
    progress: ReviewProgress

    @model_validator(mode="after")
    def _dates(self) -> SavedReview:
        if self.review_date <= self.meeting_date:
            raise ValueError("the review date must be after the meeting date")
        progress = self.progress
        typed = [progress.draft.typed_due] if progress.draft else []
        dates = [a.new_due for a in progress.answers] + typed
        if any(day is not None and day <= self.review_date for day in dates):
            raise ValueError("every new date must be after the review date")
        return self

    def mismatch(self, record: Record) -> str | None:
        """Why these answers cannot belong to ``record`` (an edited save), or None."""
        actions = record.actions
        progress = self.progress
        if (self.record, self.case_reference, self.meeting_date) != (
            record_key(record),
            record.meeting.case_reference,
            record.meeting.date,
        ):
            return "it was saved for another record"
        if len(progress.answers) > len(actions) or (
            (progress.changing is not None or progress.stuck is not None)
            and len(progress.answers) < len(actions)
        ):
            return "its answers do not fit this record's actions"
        for answer, action in zip(progress.answers, actions, strict=False):
            if (answer.what, answer.owner, answer.agency, answer.original_due) != (
                action.what,
                action.owner,
                action.agency,
                action.due,
            ):
                return f"its answer about action {answer.number} is not about that action"
        return None


def saved_review_json(saved: SavedReview) -> bytes:
    return saved.model_dump_json(indent=1).encode("utf-8")


def read_saved_review(payload: bytes) -> SavedReview:
    """A saved review read back, or InvalidRecordError naming its first problem in one line.

    Bounded like every file (``formats.reading``); one saved by a newer rethink
    is NewerFileError, which says so rather than "damaged".
    """
    if len(payload) > limit_for("saved review"):
        raise InvalidRecordError("it is too large to be a saved review")
    try:
        return SavedReview.model_validate_json(payload)
    except ValidationError as error:
        _refuse_newer(payload)
        problems = describe_errors(error, SavedReview, "saved review")
        raise InvalidRecordError(str(problems[0])) from None


def _refuse_newer(payload: bytes) -> None:
    try:
        data = loads_json_save(payload, what="saved review")
    except DamagedSave:
        return
    if isinstance(data, dict):
        refuse_newer({"schema": data.get("format")}, schema=SAVE_FORMAT, source="This review")
