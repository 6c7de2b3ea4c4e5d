"""A review in progress, ``rethink-review-save/2``: the answers confirmed so far, as JSON.

``rethink review`` saves one of these after every confirmed answer
(``storage.review_store``), so Ctrl-C, a closed lid or a kill costs nothing:
running the command again for the same record continues at the very question
it stopped at. Like the review record it keeps nothing said: who is present,
the statuses and dates, the one-line answers the record keeps, the new actions,
the next review, whether the network is still stuck, and the question reached.

A save of the first format (``rethink-review-save/1``, made before a review
asked who is present) cannot be continued: it is refused in one line.
Read back strictly: a damaged or edited file is refused as a whole, with the
first problem named in one line.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, ValidationError, model_validator

from rethink_cli.core.bounds import MEETING_MAX_ACTIONS
from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.formats.base import StrictModel, describe_errors, refuse_newer
from rethink_cli.formats.fields import (
    MAX_ATTENDEES,
    ActionText,
    Agency,
    CaseReference,
    Name,
    Role,
    SaneDate,
    no_one_twice,
    plain_text,
    same_person_key,
)
from rethink_cli.formats.reading import DamagedSave, limit_for, loads_json_save
from rethink_cli.formats.record import Attendee
from rethink_cli.formats.review import NewAction, NextReview, ReviewedAction
from rethink_cli.formats.review_subject import UnderReview, record_key

__all__ = ["SAVE_FORMAT", "OlderSave", "ReviewProgress", "SavedReview", "record_key"]

SAVE_FORMAT: Literal["rethink-review-save/2"] = "rethink-review-save/2"
OLD_SAVE_FORMAT = "rethink-review-save/1"

# Which record a save belongs to: a digest of the record's content, not its file name,
# so a moved or copied record finds its review, and an edited one does not.
RecordKey = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
Folder = Annotated[str, plain_text(4096)]
Number = Annotated[int, Field(ge=1)]


class OlderSave(InvalidRecordError):
    """A save from before the review asked who is present: it cannot be continued."""


class Lead(StrictModel):
    """Who leads for the network today, when the Lead Professional is not here."""

    name: Name
    agency: Agency


class PersonDraft(StrictModel):
    """Someone else who is here, half added: name, then role, then agency."""

    kind: Literal["person"] = "person"
    name: Name | None = None
    role: Role | None = None
    # Said to be here as a professional, after a role that sounded like family.
    professional: bool = False
    # "Another agency" picked: the agency is typed next.
    other_agency: bool = False


class ActionDraft(StrictModel):
    """An answer about an action half given: the status picked, and what followed so far."""

    kind: Literal["action"] = "action"
    number: Number
    status: Literal["partly", "not-done"]
    left: ActionText | None = None
    owner: Name | None = None
    agency: Agency | None = None
    # A new date typed and not yet read back; then the date confirmed.
    typed_due: SaneDate | None = None
    new_due: SaneDate | None = None

    @model_validator(mode="after")
    def _partly_only(self) -> ActionDraft:
        if self.status != "partly" and (self.left or self.owner or self.agency):
            raise ValueError("what is left and its owner are only for partly done")
        if (self.owner is None) != (self.agency is None):
            raise ValueError("an owner goes with their agency")
        return self


class NewActionDraft(StrictModel):
    """A new action half agreed: what, who (and their agency), by when; where comes last."""

    kind: Literal["new"] = "new"
    what: ActionText | None = None
    owner: Name | None = None
    agency: Agency | None = None
    # "Someone who is not here" picked: their name and agency are typed.
    absent: bool = False
    other_agency: bool = False
    typed_due: SaneDate | None = None
    due: SaneDate | None = None


class NextReviewDraft(StrictModel):
    """The next review half set (its date, then who calls it), or closing half confirmed."""

    kind: Literal["next"] = "next"
    closing: bool = False
    typed: SaneDate | None = None
    date: SaneDate | None = None
    absent: bool = False


Draft = Annotated[
    PersonDraft | ActionDraft | NewActionDraft | NextReviewDraft, Field(discriminator="kind")
]


class ReviewProgress(StrictModel):
    """How far a review has got: the answers confirmed, in order, and the question it is at.

    In the order asked: who of the last meeting is ``present`` (``checked`` of
    them asked so far), anyone else (``others_done``), who leads today when the
    Lead Professional is away; an answer about each action; the new actions;
    the next review or ``closed``; whether the network is still ``stuck``.
    ``changing`` is the action being answered again from the overview, and
    ``draft`` whatever is half given.
    """

    checked: int = Field(default=0, ge=0)
    present: Annotated[tuple[Attendee, ...], no_one_twice("present")] = Field(
        default=(), max_length=MAX_ATTENDEES
    )
    others_done: bool = False
    lead: Lead | None = None
    answers: tuple[ReviewedAction, ...] = ()
    changing: Number | None = None
    new_actions: tuple[NewAction, ...] = Field(default=(), max_length=MEETING_MAX_ACTIONS)
    new_done: bool = False
    next_review: NextReview | None = None
    closed: bool = False
    stuck: bool | None = None
    draft: Draft | None = None

    @model_validator(mode="after")
    def _in_order(self) -> ReviewProgress:
        for name, items in (("answers", self.answers), ("new_actions", self.new_actions)):
            numbers = [item.number for item in items]
            if numbers != list(range(1, len(numbers) + 1)):
                raise ValueError(f"{name} must be numbered 1 to {len(numbers)} in order")
        if self.changing is not None and self.changing > len(self.answers):
            raise ValueError("changing must name an action already answered")
        draft = self.draft
        if isinstance(draft, ActionDraft) and draft.number != self.asking(len(self.answers) + 1):
            raise ValueError("the half-given answer must be about the action being asked")
        if self.closed and self.next_review is not None:
            raise ValueError("a closed review has no next review")
        return self

    def asking(self, total: int) -> int | None:
        """The number of the action being asked about, or None when none is."""
        if self.changing is not None:
            return self.changing
        if len(self.answers) < total:
            return len(self.answers) + 1
        return None

    def open_count(self) -> int:
        """The actions still to do after this review: left open, and new."""
        return sum(a.still_open for a in self.answers) + len(self.new_actions)

    def past_the_actions(self) -> bool:
        """Whether anything asked after every action has its answer has been answered."""
        return (
            self.changing is not None
            or bool(self.new_actions)
            or self.new_done
            or self.next_review is not None
            or self.closed
            or self.stuck is not None
            or isinstance(self.draft, NewActionDraft | NextReviewDraft)
        )

    def dates(self) -> list[dt.date]:
        """Every date given after the review's own: each must come after it."""
        typed = [getattr(self.draft, name, None) for name in _DRAFT_DATES]
        return [
            *(a.new_due for a in self.answers if a.new_due is not None),
            *(n.due for n in self.new_actions),
            *([self.next_review.date] if self.next_review else []),
            *(d for d in typed if isinstance(d, dt.date)),
        ]


# The dates a draft may hold, typed or confirmed.
_DRAFT_DATES = ("typed_due", "new_due", "due", "typed", "date")


class SavedReview(StrictModel):
    """The whole saved review: which record, the review's date, where its files go, the answers."""

    format: Literal["rethink-review-save/2"]
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
        if any(day <= self.review_date for day in self.progress.dates()):
            raise ValueError("every new date must be after the review date")
        return self

    def mismatch(self, subject: UnderReview) -> str | None:
        """Why these answers cannot belong to ``subject`` (an edited save), or None."""
        actions = subject.actions
        progress = self.progress
        if (self.record, self.case_reference, self.meeting_date) != (
            subject.key,
            subject.case_reference,
            subject.last_date,
        ):
            return "it was saved for another record"
        if (
            progress.checked > len(subject.attendees)
            or len(progress.answers) > len(actions)
            or (progress.past_the_actions() and len(progress.answers) < len(actions))
        ):
            return "its answers do not fit this record"
        for answer, action in zip(progress.answers, actions, strict=False):
            if (answer.what, answer.owner, answer.agency, answer.original_due) != (
                action.what,
                action.owner,
                action.agency,
                action.due,
            ):
                return f"its answer about action {answer.number} is not about that action"
            if not _fits_the_room(answer, progress, subject):
                return f"its answer about action {answer.number} does not fit this review"
        return None


def _fits_the_room(answer: ReviewedAction, progress: ReviewProgress, subject: UnderReview) -> bool:
    """What the record would refuse: a reason in Strategy 3, or a new owner not present."""
    if answer.why_not is not None and subject.independent:
        return False
    if answer.new_owner is None or answer.new_agency is None:
        return True
    now = same_person_key(answer.new_owner, answer.new_agency)
    people = [same_person_key(p.name, p.agency) for p in progress.present]
    return now in people or now == same_person_key(answer.owner, answer.agency)


def saved_review_json(saved: SavedReview) -> bytes:
    return saved.model_dump_json(indent=1).encode("utf-8")


def read_saved_review(payload: bytes) -> SavedReview:
    """A saved review read back, or InvalidRecordError naming its first problem in one line.

    Bounded like every file (``formats.reading``); one saved by a newer rethink
    is NewerFileError, which says so rather than "damaged"; one saved by an older
    rethink is OlderSave.
    """
    if len(payload) > limit_for("saved review"):
        raise InvalidRecordError("it is too large to be a saved review")
    try:
        return SavedReview.model_validate_json(payload)
    except ValidationError as error:
        _refuse_other_version(payload)
        problems = describe_errors(error, SavedReview, "saved review")
        raise InvalidRecordError(str(problems[0])) from None


def _refuse_other_version(payload: bytes) -> None:
    try:
        data = loads_json_save(payload, what="saved review")
    except DamagedSave:
        return
    if not isinstance(data, dict):
        return
    if data.get("format") == OLD_SAVE_FORMAT:
        raise OlderSave("it was saved by an older rethink, before a review asked who is here")
    refuse_newer({"schema": data.get("format")}, schema=SAVE_FORMAT, source="This review")
