"""The review record, ``rethink-review/2``: a review meeting, and what became of each action.

Like the meeting record it keeps no discussion: who was present, each action's
status and, for one still to do, a new date (and for one partly done, what is
left and who has it now); the new actions, agreed as in a session; the next
review, or that the Re-think is closed; and whether the network is still stuck,
with the next route, never why. The only free text is one line per action: what
is left, and, only when the facilitator was not independent (Strategy 2), why
an action was not done.

A review of this format can itself be reviewed (``formats.review_subject``).
The first format, ``rethink-review/1``, is still read (``formats.review_v1``).
The questions are in ``dialogs.review``; the files written in ``export.review``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import tomli_w
from pydantic import ConfigDict, Field, model_validator

from rethink_cli.core.bounds import MEETING_MAX_ACTIONS
from rethink_cli.core.ending import Outcome
from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.formats.base import (
    StrictModel,
    read_toml_file,
    refuse_newer,
    refuse_other_kind,
    source_of,
    validated,
)
from rethink_cli.formats.fields import (
    MAX_ACTIONS,
    MAX_ATTENDEES,
    ActionText,
    Agency,
    CaseReference,
    Name,
    RecordedWhere,
    SaneDate,
    no_one_twice,
    same_person_key,
)
from rethink_cli.formats.record import Attendee
from rethink_cli.formats.review_status import (
    OPEN_STATUSES,
    STATUS_TITLES,
    STATUSES,
    Status,
)
from rethink_cli.formats.review_v1 import OLD_REVIEW_SCHEMA, ReviewRecordV1

__all__ = [
    "OPEN_STATUSES",
    "REVIEW_SCHEMA",
    "STATUSES",
    "STATUS_TITLES",
    "NewAction",
    "NextReview",
    "ReviewInfo",
    "ReviewRecord",
    "ReviewedAction",
    "Status",
    "load_review",
    "parse_any_review",
    "parse_review",
    "render_review_toml",
]

REVIEW_SCHEMA: Literal["rethink-review/2"] = "rethink-review/2"


class ReviewInfo(StrictModel):
    """Which meeting was reviewed, when, how it was facilitated, and who leads."""

    date: SaneDate
    case_reference: CaseReference
    # The meeting reviewed: the session, or, for a review of a review, that review's date.
    meeting_date: SaneDate
    independent_facilitator: bool
    # Who leads after this review: the reviewed meeting's lead, or who leads today.
    lead_professional: Name
    lead_professional_agency: Agency


class ReviewedAction(StrictModel):
    """One action as it stood before the review, and what became of it."""

    number: int = Field(ge=1, le=MAX_ACTIONS)
    what: ActionText
    owner: Name
    agency: Agency
    original_due: SaneDate
    status: Status
    # Partly done: what is left, who has it now (the same owner, or someone present).
    left: ActionText | None = None
    new_owner: Name | None = None
    new_agency: Agency | None = None
    # Partly or not done: when it is due now.
    new_due: SaneDate | None = None
    # Not done, and only when the facilitator was not independent: why, in one line.
    why_not: ActionText | None = None

    @model_validator(mode="after")
    def _fields_fit_the_status(self) -> ReviewedAction:
        given = {
            name
            for name in ("left", "new_owner", "new_agency", "new_due", "why_not")
            if getattr(self, name) is not None
        }
        needed = _NEEDED[self.status]
        missing = sorted(needed - given)
        if missing:
            raise ValueError(f'needs {", ".join(missing)} when the status is "{self.status}"')
        extra = sorted(given - needed - _OPTIONAL[self.status])
        if extra:
            raise ValueError(f'does not take {", ".join(extra)} when the status is "{self.status}"')
        return self

    @property
    def still_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, review_date: dt.date) -> bool:
        """Due before the review and still not done (dropped actions are not overdue)."""
        return self.still_open and self.original_due < review_date

    @property
    def what_now(self) -> str:
        """What is still to do: what is left of it, or the whole action."""
        return self.left or self.what

    @property
    def owner_now(self) -> tuple[str, str]:
        """Who has it after the review: the new owner of what is left, or the same one."""
        if self.new_owner is not None and self.new_agency is not None:
            return self.new_owner, self.new_agency
        return self.owner, self.agency


_NEEDED: dict[Status, frozenset[str]] = {
    "done": frozenset(),
    "dropped": frozenset(),
    "partly": frozenset({"left", "new_owner", "new_agency", "new_due"}),
    "not-done": frozenset({"new_due"}),
}
_OPTIONAL: dict[Status, frozenset[str]] = {
    "done": frozenset(),
    "dropped": frozenset(),
    "partly": frozenset(),
    "not-done": frozenset({"why_not"}),
}


class NewAction(StrictModel):
    """An action agreed at the review, complete as a session's: what, who, by when, where."""

    number: int = Field(ge=1, le=MEETING_MAX_ACTIONS)
    what: ActionText
    owner: Name
    agency: Agency
    due: SaneDate
    recorded_where: RecordedWhere


class NextReview(StrictModel):
    """When the network meets again to review, and who calls it."""

    date: SaneDate
    convened_by: Name


class ReviewRecord(StrictModel):
    """A whole ``rethink-review/2`` record, as written to TOML."""

    schema_: Literal["rethink-review/2"] = Field(alias="schema")
    outcome: Outcome
    next_route: ActionText | None = None
    # No further review: written only as ``closed = true``, instead of [next_review].
    closed: Literal[True] | None = None
    review: ReviewInfo
    present: Annotated[list[Attendee], no_one_twice("present")] = Field(
        min_length=1, max_length=MAX_ATTENDEES
    )
    # Empty only for a review of a review that left nothing open.
    actions: list[ReviewedAction] = Field(default_factory=list, max_length=MAX_ACTIONS)
    new_actions: list[NewAction] = Field(default_factory=list, max_length=MEETING_MAX_ACTIONS)
    next_review: NextReview | None = None

    model_config = ConfigDict(populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> ReviewRecord:
        problem = next(filter(None, (check(self) for check in _CHECKS)), None)
        if problem:
            raise ValueError(problem)
        return self

    def overdue(self) -> list[ReviewedAction]:
        return [a for a in self.actions if a.is_overdue(self.review.date)]

    def still_open(self) -> list[ReviewedAction]:
        return [a for a in self.actions if a.still_open]

    def agencies(self) -> list[str]:
        """Every agency present or owning an action (before or after), first seen first."""
        seen: dict[str, None] = dict.fromkeys(p.agency for p in self.present)
        for action in self.actions:
            seen.setdefault(action.agency, None)
            seen.setdefault(action.owner_now[1], None)
        for new in self.new_actions:
            seen.setdefault(new.agency, None)
        return list(seen)

    def to_data(self) -> dict[str, Any]:
        """The record as plain data, schema first, for TOML; no empty list of new actions."""
        data = self.model_dump(by_alias=True, exclude_none=True)
        if not data.get("new_actions"):
            data.pop("new_actions", None)
        return data


def _dates_problem(review: ReviewRecord) -> str | None:
    day = review.review.date
    if day <= review.review.meeting_date:
        return "review.date: must be after the meeting_date"
    for action in review.actions:
        if action.new_due is not None and action.new_due <= day:
            return f"actions[{action.number}].new_due: must be after the review date"
    for new in review.new_actions:
        if new.due <= day:
            return f"new_actions[{new.number}].due: must be after the review date"
    if review.next_review is not None and review.next_review.date <= day:
        return "next_review.date: must be after the review date"
    return None


def _numbering_problem(review: ReviewRecord) -> str | None:
    for name, items in (("actions", review.actions), ("new_actions", review.new_actions)):
        numbers = [item.number for item in items]
        if numbers != list(range(1, len(numbers) + 1)):
            return f"{name}: must be numbered 1 to {len(numbers)} in order"
    # A review of this review goes through every open action and every new one.
    if len(review.still_open()) + len(review.new_actions) > MAX_ACTIONS:
        return f"holds more than {MAX_ACTIONS} open and new actions"
    return None


def _ending_problem(review: ReviewRecord) -> str | None:
    if review.next_route is not None and review.outcome != "not resolved":
        return 'next_route is allowed only with outcome = "not resolved"'
    if (review.closed is None) == (review.next_review is None):
        return "must have either a [next_review] table or closed = true, not both"
    return None


def _people_problem(review: ReviewRecord) -> str | None:
    present = {same_person_key(p.name, p.agency) for p in review.present}
    for action in review.actions:
        if action.why_not is not None and review.review.independent_facilitator:
            return (
                f"actions[{action.number}].why_not: is not allowed when the facilitator is "
                "independent: no notes are kept"
            )
        # What is left of an action goes to its owner still, or to someone who was there.
        allowed = present | {same_person_key(action.owner, action.agency)}
        if action.new_owner is not None and same_person_key(*action.owner_now) not in allowed:
            return f"actions[{action.number}].new_owner: must be the same owner or someone present"
    return None


_CHECKS = (_dates_problem, _numbering_problem, _ending_problem, _people_problem)


def parse_review(data: Mapping[str, Any], *, source: str = "The review") -> ReviewRecord:
    """Validate raw data (from TOML) into a ReviewRecord, or raise with every problem."""
    return validated(ReviewRecord, data, noun="review", source=source)


def parse_any_review(
    data: Mapping[str, Any], *, source: str = "The review"
) -> ReviewRecord | ReviewRecordV1:
    """A review of either format, by the schema it names; a newer one is said to be newer."""
    refuse_newer(data, schema=REVIEW_SCHEMA, source=source)
    schema = data.get("schema")
    if schema == OLD_REVIEW_SCHEMA:
        return validated(ReviewRecordV1, data, noun="review", source=source)
    try:
        return parse_review(data, source=source)
    except InvalidRecordError:
        if schema == REVIEW_SCHEMA or not _only_the_schema_wrong(data, source):
            raise
    # Shaped as an old review, with a slip in the schema line alone: said as that.
    return validated(ReviewRecordV1, data, noun="review", source=source)


def _only_the_schema_wrong(data: Mapping[str, Any], source: str) -> bool:
    try:
        validated(ReviewRecordV1, data, noun="review", source=source)
    except InvalidRecordError as error:
        return all(p.startswith("schema: ") for p in error.details)
    return True


def load_review(path: Path) -> ReviewRecord | ReviewRecordV1:
    """Read and validate a review file of either format; problems are headed by its name."""
    data = read_toml_file(path, what="review")
    try:
        return parse_any_review(data, source=source_of("review", path))
    except InvalidRecordError as error:
        refuse_other_kind(data, error.details, noun="review", path=path)
        raise


def render_review_toml(review: ReviewRecord) -> str:
    return tomli_w.dumps(review.to_data())
