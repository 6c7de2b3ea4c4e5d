"""The review at the review date: how each agreed action went, and the record of it.

``run_review`` asks, through a Prompter, what became of each action in a
``rethink-actions/1`` record: done, partly done, not done or no longer needed,
with a new date for anything still to do. Nothing else is asked and no free
text is kept: like the meeting, the review leaves only what was agreed.

The result is a ``rethink-review/1`` record (TOML) and one Markdown copy per
agency, in which an action that is overdue stands out. Everything here is
pure: the review date is passed in, and files are returned, not written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rethink_cli.core.dates import DateError, format_long, format_short, parse_date
from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.dialogs.ports import (
    Choice,
    ConfirmQuestion,
    Prompter,
    SelectQuestion,
    TextQuestion,
)
from rethink_cli.export.document import Block, Heading, Lines, NumberedItem, render
from rethink_cli.export.filenames import MAX_COMPONENT, agency_file_stems, export_file_name
from rethink_cli.export.writer import OutputFile
from rethink_cli.formats.record import Action, ActionText, Agency, CaseReference, Name, Record

REVIEW_SCHEMA: Literal["rethink-review/1"] = "rethink-review/1"

Status = Literal["done", "partly", "not-done", "dropped"]
STATUSES: tuple[Status, ...] = ("done", "partly", "not-done", "dropped")
# What the facilitator picks from, in this order. "Done" comes first so that
# picking by its title is never confused with "Not done" or "Partly done".
STATUS_TITLES: dict[Status, str] = {
    "done": "Done",
    "partly": "Partly done",
    "not-done": "Not done",
    "dropped": "No longer needed",
}
# Still to do after the review: these need a new date, and are overdue if late.
OPEN_STATUSES: frozenset[Status] = frozenset({"partly", "not-done"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ReviewInfo(_Strict):
    """Which meeting's actions were reviewed, and when."""

    date: dt.date
    case_reference: CaseReference
    meeting_date: dt.date


class ReviewedAction(_Strict):
    """One action as agreed at the meeting, and what became of it."""

    number: int = Field(ge=1)
    what: ActionText
    owner: Name
    agency: Agency
    original_due: dt.date
    status: Status
    new_due: dt.date | None = None

    @model_validator(mode="after")
    def _new_due_only_when_still_open(self) -> ReviewedAction:
        if self.status in OPEN_STATUSES and self.new_due is None:
            raise ValueError(f"new_due is needed when the status is {self.status!r}")
        if self.status not in OPEN_STATUSES and self.new_due is not None:
            raise ValueError(f"new_due is only for partly or not-done, not {self.status!r}")
        return self

    @property
    def still_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, review_date: dt.date) -> bool:
        """Due before the review and still not done (dropped actions are not overdue)."""
        return self.still_open and self.original_due < review_date


class ReviewRecord(_Strict):
    """A whole ``rethink-review/1`` record, as written to TOML."""

    schema_: Literal["rethink-review/1"] = Field(alias="schema")
    review: ReviewInfo
    actions: list[ReviewedAction] = Field(min_length=1)

    model_config = ConfigDict(populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> ReviewRecord:
        if self.review.date <= self.review.meeting_date:
            raise ValueError("the review date must be after the meeting date")
        numbers = [a.number for a in self.actions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"actions must be numbered 1 to {len(numbers)} in order")
        for action in self.actions:
            if action.new_due is not None and action.new_due <= self.review.date:
                raise ValueError(f"action {action.number}: new_due must be after the review date")
        return self

    def overdue(self) -> list[ReviewedAction]:
        return [a for a in self.actions if a.is_overdue(self.review.date)]

    def to_data(self) -> dict[str, Any]:
        """The record as plain data, schema first, for TOML."""
        return self.model_dump(by_alias=True, exclude_none=True)


def parse_review(data: Mapping[str, Any]) -> ReviewRecord:
    """Validate raw data (from TOML) into a ReviewRecord, or raise with every problem."""
    try:
        return ReviewRecord.model_validate(data)
    except ValidationError as error:
        details = []
        for problem in error.errors():
            place = ".".join(str(p + 1) if isinstance(p, int) else p for p in problem["loc"])
            message = str(problem["msg"]).removeprefix("Value error, ")
            details.append(f"{place}: {message}" if place else message)
        raise InvalidRecordError("The review record is not valid.", details=details) from None


def render_review_toml(review: ReviewRecord) -> str:
    return tomli_w.dumps(review.to_data())


# ------------------------------------------------------------------ the questions


def run_review(record: Record, prompter: Prompter, today: dt.date) -> ReviewRecord:
    """Ask what became of each action, then let the facilitator check and change answers.

    ``today`` is the review date: new dates must come after it.
    """
    if today <= record.meeting.date:
        raise ValueError("the review date must be after the meeting date")
    total = len(record.actions)
    answers = [_ask_action(action, total, prompter, today) for action in record.actions]
    while True:
        pick = prompter.select(
            SelectQuestion(
                _overview(answers, today),
                (
                    Choice("Save the review", 0),
                    *(
                        Choice(f"Change action {a.number}: {_answer_words(a)}", a.number)
                        for a in answers
                    ),
                ),
                default=0,
            )
        )
        if pick == 0:
            break
        index = pick - 1
        answers[index] = _ask_action(record.actions[index], total, prompter, today)
    return ReviewRecord(
        schema_=REVIEW_SCHEMA,
        review=ReviewInfo(
            date=today,
            case_reference=record.meeting.case_reference,
            meeting_date=record.meeting.date,
        ),
        actions=answers,
    )


def _ask_action(action: Action, total: int, prompter: Prompter, today: dt.date) -> ReviewedAction:
    late = ", overdue unless done" if action.due < today else ""
    status = prompter.select(
        SelectQuestion(
            f"Action {action.number} of {total}: {action.what} ({action.owner}, "
            f"{action.agency}, due {format_long(action.due)}{late}). How did it go?",
            tuple(Choice(STATUS_TITLES[s], s) for s in STATUSES),
        )
    )
    new_due = None
    if status in OPEN_STATUSES:
        new_due = _ask_new_date(action.number, prompter, today)
    return ReviewedAction(
        number=action.number,
        what=action.what,
        owner=action.owner,
        agency=action.agency,
        original_due=action.due,
        status=status,
        new_due=new_due,
    )


def _ask_new_date(number: int, prompter: Prompter, today: dt.date) -> dt.date:
    def validate(text: str) -> str | None:
        try:
            day = parse_date(text, today=today)
        except DateError as error:
            return str(error)
        return new_due_problem(day, today)

    while True:
        typed = prompter.text(
            TextQuestion(
                f"Action {number}, new date (after the review, {format_short(today)})",
                validate=validate,
                instruction="for example 5/2/2027, next Friday or in 4 weeks",
            )
        )
        day = parse_date(typed, today=today)
        if prompter.confirm(ConfirmQuestion(f"{format_long(day)}, is that right?")):
            return day


def new_due_problem(day: dt.date, review_date: dt.date) -> str | None:
    """Why ``day`` cannot be a new date for an action reviewed on ``review_date``."""
    if day <= review_date:
        return (
            f"{format_long(day)} is not after the review ({format_long(review_date)}). "
            "Choose a later date."
        )
    return None


def _answer_words(action: ReviewedAction) -> str:
    words = STATUS_TITLES[action.status].lower()
    if action.new_due is not None:
        words += f", new date {format_short(action.new_due)}"
    return words


def _overview(answers: list[ReviewedAction], today: dt.date) -> str:
    counts = [f"{sum(a.status == s for a in answers)} {STATUS_TITLES[s].lower()}" for s in STATUSES]
    overdue = sum(a.is_overdue(today) for a in answers)
    return f"Review of {len(answers)} actions: {', '.join(counts)}; {overdue} overdue."


# ------------------------------------------------------------------ the files


def review_file_names(record: Record, review_date: dt.date) -> dict[str | None, str]:
    """The files a review writes: the record (key None), then one per agency, in order.

    Known before any question is asked, so the command can refuse to start when
    one of them is already there.
    """
    case = record.meeting.case_reference
    names: dict[str | None, str] = {None: export_file_name(review_date, case, "review", ".toml")}
    for agency, stem in agency_file_stems(record.agencies()).items():
        names[agency] = export_file_name(review_date, case, _agency_part(agency, stem), ".md")
    return names


def review_exports(record: Record, review: ReviewRecord) -> list[OutputFile]:
    """The review record, and one Markdown copy for every agency in the original record."""
    files: list[OutputFile] = []
    for agency, name in review_file_names(record, review.review.date).items():
        if agency is None:
            files.append(OutputFile(name, render_review_toml(review)))
        else:
            files.append(OutputFile(name, render(review_document(review, agency), "md")))
    return files


def _agency_part(agency: str, stem: str) -> str:
    part = f"review_{stem}"
    if len(part) <= MAX_COMPONENT:
        return part
    # A long agency name: cut it, and keep it distinct with a hash of the full name.
    digest = hashlib.sha256(agency.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    keep = MAX_COMPONENT - len("review_") - len(digest) - 1
    return f"review_{stem[:keep].rstrip('-_')}-{digest}"


def review_document(review: ReviewRecord, agency: str) -> list[Block]:
    """One agency's copy of the review: its own actions first, overdue ones marked."""
    info = review.review
    own = [a for a in review.actions if a.agency == agency]
    own_blocks: list[Block] = (
        [_item(a, info.date) for a in own]
        if own
        else [Lines((("", f"No action is owned by {agency}."),))]
    )
    overdue = review.overdue()
    return [
        Heading(f"Re-think review for {agency}: {info.case_reference}", level=1),
        Lines(
            (
                ("Review", format_long(info.date)),
                ("Meeting", format_long(info.meeting_date)),
                ("Case reference", info.case_reference),
                ("Overdue", _overdue_words(overdue, len(review.actions))),
            )
        ),
        Heading(f"Actions owned by {agency}"),
        *own_blocks,
        Heading("All actions"),
        *(_item(a, info.date) for a in review.actions),
        Heading("Recording"),
        Lines(
            (
                (
                    "",
                    "Only what became of each agreed action is recorded here; no notes of the "
                    "review discussion were kept. Record the new dates on this agency's file "
                    "for the child.",
                ),
            )
        ),
    ]


def _overdue_words(overdue: list[ReviewedAction], total: int) -> str:
    if not overdue:
        return f"none of the {total} actions"
    numbers = ", ".join(str(a.number) for a in overdue)
    label = "action" if len(overdue) == 1 else "actions"
    return f"{len(overdue)} of {total} ({label} {numbers})"


def _item(action: ReviewedAction, review_date: dt.date) -> NumberedItem:
    # An overdue action says so first, in capitals, where the eye lands.
    due = format_long(action.original_due)
    details = [
        ("OVERDUE", f"was due {due}") if action.is_overdue(review_date) else ("Was due", due),
        ("Owner", f"{action.owner} ({action.agency})"),
        ("Status", STATUS_TITLES[action.status]),
    ]
    if action.new_due is not None:
        details.append(("New date", format_long(action.new_due)))
    return NumberedItem(action.number, action.what, tuple(details))
